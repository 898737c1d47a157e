"""The parsed reports' cells kept on disk for a build (pipeline/store.py)."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from parsers.record import NOT_ASSESSABLE
from pipeline.parse_folder import parse_folder
from pipeline.store import ReportStore, StoredReport
from template.form import SUMMED_CELLS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "sample"


@pytest.fixture(scope="module")
def parsed() -> list:
    return parse_folder(SAMPLE).reports


def test_a_stored_report_reads_back_equal_to_the_parsed_one(parsed, tmp_path: Path) -> None:
    with ReportStore(tmp_path) as store:
        stored = [store.keep(report) for report in parsed]
        for original, kept in zip(parsed, stored, strict=True):
            assert isinstance(kept, StoredReport)
            assert "cells" not in kept.__dict__  # not in memory with the report
            assert kept.to_dict() == original.to_dict()
            assert [c.value for c in kept.cells] == [c.value for c in original.cells]
            # one string per code across the collection, not one per cell read back
            codes = [x for c in kept.cells for x in (c.table, c.row, c.column)]
            codes += [x for c in kept.checks for x in (c.id, c.kind)]
            assert all(sys.intern(code) is code for code in codes)


def test_parse_folder_with_a_store_gives_the_same_collection(parsed, tmp_path: Path) -> None:
    with ReportStore(tmp_path) as store:
        kept = parse_folder(SAMPLE, store=store).reports
        assert all(isinstance(report, StoredReport) for report in kept)
        assert [r.to_dict() for r in kept] == [r.to_dict() for r in parsed]


def test_parser_processes_write_their_reports_lists_themselves(parsed, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for copy in ("a", "b"):  # enough files for parser processes (a folder of 5 is parsed here)
        for path in sorted(SAMPLE.iterdir()):
            if path.is_file() and path.name != "manifest.csv":
                (folder / f"{copy}-{path.name}").write_bytes(path.read_bytes())
    alone = parse_folder(folder).reports
    records = tmp_path / "records"
    with ReportStore(records) as store:
        kept = parse_folder(folder, jobs=2, store=store).reports
        assert len(kept) == len(alone) >= 8
        files = {report._where[0] for report in kept}
        assert store.path not in files and len(files) >= 1  # the parser processes' own files
        assert all(Path(file).parent == records for file in files)
        assert [r.to_dict() for r in kept] == [r.to_dict() for r in alone]
    assert list(records.iterdir()) == []  # closing the store removes its processes' files too


def test_a_stored_report_travels_without_its_cells(parsed, tmp_path: Path) -> None:
    """What a part of a split site receives: a reference to the store, read back over there."""
    report = max(parsed, key=lambda r: len(r.cells))
    with ReportStore(tmp_path) as store:
        kept = store.keep(report)
        sent = pickle.dumps(kept)
        assert len(sent) * 4 < len(pickle.dumps(report))
        code = (
            "import pickle, sys; r = pickle.load(sys.stdin.buffer); "
            "print(sum(c.value or 0 for c in r.cells), len(r.checks), len(r.sections))"
        )
        answer = subprocess.run(
            [sys.executable, "-c", code],
            input=sent,
            capture_output=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        ).stdout.split()
        expected = [sum(c.value or 0 for c in report.cells), len(report.checks)]
        assert [float(answer[0]), int(answer[1])] == [float(expected[0]), expected[1]]
        assert int(answer[2]) == len(report.sections)


def test_a_changed_cell_list_stays_with_the_report(parsed, tmp_path: Path) -> None:
    with ReportStore(tmp_path) as store:
        kept = store.keep(parsed[0])
        kept.cells = kept.cells[:3]
        assert len(kept.cells) == 3
        assert len(pickle.loads(pickle.dumps(kept)).cells) == 3
        assert len(store.keep(kept).cells) == 3  # kept again: the changed list is what is written


def test_check_counts_are_kept_with_the_report_and_follow_a_changed_list(
    parsed, tmp_path: Path
) -> None:
    report = max(parsed, key=lambda r: r.check_counts()[2])  # the most not assessable
    passed, failed, not_assessable = report.check_counts()
    assert passed + failed + not_assessable == len(report.checks) and not_assessable > 0
    with ReportStore(tmp_path) as store:
        kept = store.keep(report)
        assert kept.check_counts() == report.check_counts()
        assert pickle.loads(pickle.dumps(kept)).check_counts() == report.check_counts()
        kept.checks = [c for c in kept.checks if c.status != NOT_ASSESSABLE]
        assert kept.check_counts() == (passed, failed, 0)


def test_summed_values_are_kept_with_the_report_and_follow_a_changed_list(
    parsed, tmp_path: Path
) -> None:
    report = parsed[0]
    expected = tuple(cell.value if (cell := report.cell(*key)) else None for key in SUMMED_CELLS)
    assert any(v is not None for v in expected) and expected == report.summed_values()
    with ReportStore(tmp_path) as store:
        kept = store.keep(report)
        assert kept.summed_values() == expected
        assert pickle.loads(pickle.dumps(kept)).summed_values() == expected
        kept.cells = [c for c in kept.cells if c.table != "reviews"]
        assert kept.summed_values() == tuple(
            None if key[0] == "reviews" else value
            for key, value in zip(SUMMED_CELLS, expected, strict=True)
        )


def test_the_file_goes_with_the_store_and_a_killed_builds_file_is_cleared(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    ).stdout.strip()
    abandoned = tmp_path / f"records-{dead}-x.bin"
    abandoned.write_bytes(b"left by a killed build")
    with ReportStore(tmp_path) as store:
        assert not abandoned.exists()
        assert Path(store.path).exists()
    assert list(tmp_path.iterdir()) == []


def test_a_build_leaves_no_store_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "build.py", "package", "--reports", str(SAMPLE), "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert (out / "datapackage" / "datapackage.json").is_file()
    assert list((out / ".cache" / "records").iterdir()) == []


def test_fraction_columns_are_kept_with_the_report_and_widen_the_package_schema(
    parsed, tmp_path: Path
) -> None:
    from dataclasses import replace

    from package_builder import write_package
    from pipeline.parse_folder import Collection

    report = parsed[0]
    assert report.fraction_columns() == ()
    at = next(i for i, c in enumerate(report.cells) if c.table == "applications")
    column = report.cells[at].column
    report = replace(report, cells=list(report.cells))
    report.cells[at] = replace(report.cells[at], value=2.5)  # printed as 2.5: kept as printed
    with ReportStore(tmp_path / "store") as store:
        kept = store.keep(report)
        travelled = pickle.loads(pickle.dumps(kept))
        assert (
            kept.fraction_columns() == travelled.fraction_columns() == (("applications", column),)
        )
        write_package(Collection(reports=[travelled]), tmp_path / "package")
    schema = json.loads((tmp_path / "package" / "schemas" / "applications.json").read_text("utf-8"))
    types = {field["name"]: field["type"] for field in schema["fields"]}
    assert types[column] == "number"
    assert {types[c.column] for c in report.cells if c.table == "applications"} >= {"integer"}
