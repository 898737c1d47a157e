"""Hostile and broken input: markup and paths kept as text, bad files named with a reason, nothing
dropped, nothing written outside the output folder. (Page escaping is the site's own test.)"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from mutations import SAMPLE, seed_text, time_bound

from package_builder import describe_reports, write_package
from parsers.record import Report
from pipeline.parse_folder import parse_folder

ROOT = Path(__file__).resolve().parent.parent
TITLED = "000_2dd00469ff465376.txt"  # first line: 慈峪镇2020年政府信息公开工作年度报告
AGENCY = "慈峪镇"
HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "{% raw %}",
    "<!-- -->",
    "../../etc/passwd",
    "<b>局</b>",
)
SAFE_ID = re.compile(r"[a-z0-9-]+")


def hostile_reports(folder: Path, hostile: str) -> None:
    """The seed with the hostile text as its agency (title, prose, signature) and in its prose."""
    text = seed_text(TITLED)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "agency.txt").write_text(text.replace(AGENCY, hostile), encoding="utf-8")
    prose = text.replace("(一)主动公开\n", f"(一)主动公开\n本机关说明：{hostile}。\n", 1)
    assert prose != text
    (folder / "prose.txt").write_text(prose, encoding="utf-8")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def all_files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_kept_verbatim_and_writes_nothing_outside(
    hostile: str, tmp_path: Path
) -> None:
    hostile_reports(tmp_path / "in", hostile)
    collection = parse_folder(tmp_path / "in")
    assert len(collection.reports) == 2 and not collection.failures
    out = tmp_path / "out" / "datapackage"
    before = all_files(tmp_path)
    written = write_package(collection, out)

    assert all(path.resolve().is_relative_to(out.resolve()) for path in written)
    assert {p for p in all_files(tmp_path) - before if not p.is_relative_to(out)} == set()
    assert not (tmp_path / "etc").exists() and not (tmp_path / "out" / "etc").exists()

    for meta in describe_reports(collection.reports):
        assert SAFE_ID.fullmatch(meta.report_id), meta.report_id
        assert SAFE_ID.fullmatch(meta.agency_slug), meta.agency_slug
    data = out / "data"
    reports = read_csv(data / "reports.csv")
    by_file = {r.source.file: r for r in collection.reports if r.source}
    for row in reports:
        assert SAFE_ID.fullmatch(row["report_id"]), row["report_id"]
    titles = sorted(r.title or "" for r in collection.reports)
    assert sorted(row["title"] for row in reports) == titles
    assert sorted(
        t or "" for t in pq.read_table(data / "reports.parquet")["title"].to_pylist()
    ) == (titles)
    agency_report = by_file["agency.txt"]
    if agency_report.title is not None:  # when the parser takes the line as the title: verbatim
        assert agency_report.title == f"{hostile}2020年政府信息公开工作年度报告"

    texts = [
        value
        for name in ("reports", "sections", "warnings")
        for row in read_csv(data / f"{name}.csv")
        for value in row.values()
    ]
    assert any(hostile in value for value in texts), "the text is not kept verbatim"
    assert not any("&lt;" in v or "&gt;" in v or "&amp;" in v or "&#" in v for v in texts)
    assert "49" not in "".join(v for v in texts if "7*7" not in v and "{{" in v)


def test_hostile_text_survives_the_parse_verbatim() -> None:
    text = seed_text(TITLED)
    from parsers import parse_report

    for hostile in HOSTILE:
        report = parse_report(text.replace("(一)主动公开\n", f"(一)主动公开\n{hostile}\n", 1))
        overview = next(s for s in report.sections if s.key == "overview")
        assert hostile in overview.raw
        assert hostile in overview.text or any(hostile in w.message for w in report.warnings)


# ---------------------------------------------------------------------------------------------
# Broken input through pipeline.parse_folder


def _cut_in_table_three() -> str:
    text = seed_text("003_f237f57025bb66e2.txt")
    lines = text.split("\n")
    cut = lines.index("(五)不予处理 |")  # table 三 stops midway
    return "\n".join(lines[:cut]) + "\n"


def _without_section_four() -> str:
    lines = seed_text("003_f237f57025bb66e2.txt").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开行政复议"))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("五、"))
    return "\n".join(lines[:start] + lines[end:])


def broken_folder(folder: Path) -> dict[str, str]:
    """Write the broken inputs; returns file → what must become of it."""
    folder.mkdir(parents=True, exist_ok=True)
    seed_002 = (SAMPLE / "002_cfd2e18d46146604.txt").read_bytes()
    seed_004 = (SAMPLE / "004_4f48120707bf878b.txt").read_bytes()
    files: dict[str, tuple[bytes, str]] = {
        "empty.txt": (b"", "failure:empty"),
        "blank.md": (b" \n\r\n\t\n", "failure:empty"),
        "binary.txt": (bytes(range(256)) * 8, "failure:binary"),
        "undecodable.txt": (seed_002[:2000] + b"\xff\xfe\xff" + seed_002[2000:], "failure:UTF-8"),
        "prose only.txt": ("今天天气很好。\n没有表格。\n".encode(), "failure:no annual-report"),
        "picture.png": (b"\x89PNG\r\n\x1a\n" + bytes(64), "failure:not a readable image"),
        "picture.gif": (b"GIF89a" + bytes(64), "skipped:.gif"),
        "truncated.txt": (_cut_in_table_three().encode(), "report:truncated"),
        "no four.txt": (_without_section_four().encode(), "report:no four"),
        "dup/a.txt": (seed_004, "report:duplicate"),
        "dup/b.txt": (seed_004, "report:duplicate"),
        "gb18030.txt": (seed_text("003_f237f57025bb66e2.txt").encode("gb18030"), "report:ok"),
        "conflict/one.txt": (seed_002, "report:conflict"),
        "conflict/two.txt": (seed_002.replace("。".encode(), "；".encode(), 1), "report:conflict"),
    }
    for name, (data, _) in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return {name: outcome for name, (_, outcome) in files.items()}


def codes(report: Report) -> list[str]:
    return [w.code for w in report.warnings]


def test_broken_files_are_each_named_with_a_reason_and_none_is_dropped(tmp_path: Path) -> None:
    expected = broken_folder(tmp_path)
    with time_bound(120, "parse_folder"):
        collection = parse_folder(tmp_path)
    reports = {r.source.file: r for r in collection.reports if r.source}
    failures = {f.file: f.reason for f in collection.failures}
    skipped = {f.file: f.reason for f in collection.skipped}
    seen = [*reports, *failures, *skipped]
    assert sorted(seen) == sorted(expected), "a file is missing from reports, failures and skipped"

    for name, outcome in expected.items():
        kind, detail = outcome.split(":")
        if kind == "failure":
            assert name in failures, f"{name}: {outcome}"
            assert detail in failures[name], failures[name]
            assert "internal" not in failures[name] and "\n" not in failures[name]
        elif kind == "skipped":
            assert detail in skipped[name]
        else:
            assert name in reports, f"{name} was not kept: {failures.get(name)}"

    truncated = reports["truncated.txt"]
    assert "missing_rows" in codes(truncated)
    assert truncated.value("applications", "new", "total") is not None  # before the cut: read
    after_cut = [c for c in truncated.cells if c.table == "reviews" or c.row == "carried_forward"]
    assert after_cut and all(c.value is None and c.raw is None for c in after_cut)

    no_four = reports["no four.txt"]
    assert "missing_rows" in codes(no_four)
    assert all(c.value is None for c in no_four.cells if c.table == "reviews")
    assert any(c.value is not None for c in no_four.cells if c.table == "applications")

    for pair in (("dup/a.txt", "dup/b.txt"), ("conflict/one.txt", "conflict/two.txt")):
        code = "duplicate_file" if pair[0].startswith("dup") else "conflict"
        for this, other in (pair, pair[::-1]):
            messages = [w.message for w in reports[this].warnings if w.code == code]
            assert messages and other in messages[0], (this, codes(reports[this]))
    assert "conflict" not in codes(reports["dup/a.txt"])  # the same bytes are no conflict


@pytest.mark.slow
def test_a_conflict_names_only_the_files_that_differ(tmp_path: Path) -> None:
    seed = seed_text("002_cfd2e18d46146604.txt")
    (tmp_path / "a.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "b.txt").write_text(seed, encoding="utf-8")  # a copy of a.txt
    (tmp_path / "c.txt").write_text(seed.replace("。", "；", 1), encoding="utf-8")
    reports = {r.source.file: r for r in parse_folder(tmp_path).reports if r.source}

    def message(name: str, code: str) -> str:
        return " ".join(w.message for w in reports[name].warnings if w.code == code)

    assert "c.txt" in message("a.txt", "conflict") and "b.txt" not in message("a.txt", "conflict")
    assert "b.txt" in message("a.txt", "duplicate_file")
    assert "a.txt" in message("c.txt", "conflict") and "b.txt" in message("c.txt", "conflict")


def test_a_50_mb_file_has_a_clear_outcome(tmp_path: Path) -> None:
    """A crawler that concatenated one page thousands of times: read or refused, never a crash."""
    seed = (SAMPLE / TITLED).read_bytes()
    (tmp_path / "huge.txt").write_bytes(seed * (50_000_000 // len(seed) + 1))
    with time_bound(120, "parse_folder of a 50 MB file"):  # a bound against hangs, not a speed test
        collection = parse_folder(tmp_path)
    assert len(collection.reports) + len(collection.failures) == 1
    for failure in collection.failures:
        assert "internal" not in failure.reason


def run_build(folder: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, str(ROOT / "build.py"), "package", "--reports", str(folder)]
    args += ["--out", str(out), "--jobs", "1", *extra]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_build_lists_failures_and_exits_non_zero_only_when_strict(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_bytes((SAMPLE / TITLED).read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)

    done = run_build(folder, tmp_path / "out")
    assert done.returncode == 0, done.stderr[-3000:]
    assert re.search(r"empty\.txt: .*empty", done.stderr), done.stderr
    assert re.search(r"binary\.txt: .*binary", done.stderr), done.stderr
    assert (tmp_path / "out" / "datapackage" / "datapackage.json").is_file()
    failures = read_csv(tmp_path / "out" / "datapackage" / "data" / "failures.csv")
    assert sorted(row["file"] for row in failures) == ["binary.txt", "empty.txt"]

    strict = run_build(folder, tmp_path / "strict", "--strict")
    assert strict.returncode != 0
    assert "empty.txt" in strict.stderr and "binary.txt" in strict.stderr


# ---------------------------------------------------------------------------------------------


def test_a_huge_count_does_not_stop_the_package(tmp_path: Path) -> None:
    row = "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||"
    text = seed_text("001_23d160e7ec491542.txt")
    assert row in text
    (tmp_path / "in").mkdir()
    huge = "99999999999999999999"
    broken = text.replace(row, row.replace("| 0 |", f"| {huge} |", 1))
    (tmp_path / "in" / "huge.txt").write_text(broken, encoding="utf-8")
    collection = parse_folder(tmp_path / "in")
    # beyond 2^53 no figure is carried exactly: the parser leaves it blank and says so
    assert collection.reports[0].value("applications", "new", "natural_person") is None
    write_package(collection, tmp_path / "out")  # OverflowError in package_builder/files.py
    cell = next(
        row
        for row in read_csv(tmp_path / "out" / "data" / "cells.csv")
        if (row["table"], row["row"], row["column"]) == ("applications", "new", "natural_person")
    )
    warned = any(
        huge in row["message"] for row in read_csv(tmp_path / "out" / "data" / "warnings.csv")
    )
    assert cell["value"] == huge or (cell["value"] == "" and warned)
