"""The synthetic report generator: deterministic, varied, consistent, and printed like the seeds."""

from __future__ import annotations

import random
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from generator import LAYOUTS, GeneratedReport, generate_corpus, generate_report
from generator.places import counties
from template.form import ACTIVE_BLOCKS, cell_specs
from template.identities import identities

SAMPLES = Path(__file__).resolve().parent.parent / "reports" / "sample"
SEED_OF_LAYOUT = {
    "pipe_cells_wrapped": "000_2dd00469ff465376.txt",
    "pipe_rows": "001_23d160e7ec491542.txt",
    "tab_rows": "002_cfd2e18d46146604.txt",
    "pipe_cells": "003_f237f57025bb66e2.txt",
    "tab_cells": "004_4f48120707bf878b.txt",
}
CORPUS_SIZE = 150


@pytest.fixture(scope="module")
def corpus() -> list[GeneratedReport]:
    return list(generate_corpus(CORPUS_SIZE, seed=11))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    first = [(r.text, r.cells) for r in generate_corpus(20, seed=5)]
    again = [(r.text, r.cells) for r in generate_corpus(20, seed=5)]
    other = [(r.text, r.cells) for r in generate_corpus(20, seed=6)]
    assert first == again
    assert first != other


def test_every_layout_and_edition_occur_with_matching_years(corpus: list[GeneratedReport]) -> None:
    assert {r.layout for r in corpus} == set(LAYOUTS)
    assert {r.edition for r in corpus} == {"2019", "2021"}
    assert {(r.layout, r.edition) for r in corpus} == {
        (a, e) for a in LAYOUTS for e in ("2019", "2021")
    }
    for report in corpus:
        assert (
            (2019 <= report.year <= 2020)
            if report.edition == "2019"
            else (2021 <= report.year <= 2025)
        )


def test_agencies_are_many_and_townships_share_names_across_counties() -> None:
    reports = list(generate_corpus(2000, seed=3))
    assert len({r.agency for r in reports}) > 1500
    assert len({r.region[0] for r in reports}) >= 30
    assert sum("城关镇" in county.townships for county in counties()) >= 2


def test_cells_are_exactly_the_printed_cells_of_the_edition(corpus: list[GeneratedReport]) -> None:
    for report in corpus:
        expected = {spec.key for spec in cell_specs(report.edition)}
        if not report.has_total_column:
            expected = {k for k in expected if k[0] != "applications" or k[2] != "total"}
        assert set(report.cells) == expected
    assert any(not r.has_total_column for r in corpus)


def _sum(report: GeneratedReport, keys: tuple[tuple[str, str, str], ...]) -> float:
    return sum(report.cells[key][0] or 0 for key in keys)


def _assessable(report: GeneratedReport, keys: tuple[tuple[str, str, str], ...]) -> bool:
    return all(key in report.cells and report.cells[key][0] is not None for key in keys)


def _evaluate(report: GeneratedReport) -> tuple[int, set[str]]:
    """(identities assessable, ids of those that fail), straight from template/identities.py."""
    assessed, failing = 0, set()
    for identity in identities(report.edition):
        if _assessable(report, identity.reported + identity.expected):
            assessed += 1
            if _sum(report, identity.reported) != _sum(report, identity.expected):
                failing.add(identity.id)
    return assessed, failing


def test_identities_hold_unless_broken(corpus: list[GeneratedReport]) -> None:
    total_assessed = 0
    for report in corpus:
        assessed, failing = _evaluate(report)
        total_assessed += assessed
        assert failing == set(), report.layout
    assert total_assessed > CORPUS_SIZE * 20


def test_broken_identities_are_broken_and_reported() -> None:
    reports = list(generate_corpus(60, seed=2, broken_identity_rate=0.2))
    broken = 0
    for report in reports:
        _, failing = _evaluate(report)
        assert set(report.failing_identities) == failing
        broken += len(failing)
    assert broken > 60


def _parse_raw(raw: str) -> Decimal:
    text = raw.replace(",", "")
    if text.endswith("万元"):
        return Decimal(text[:-2])
    if text.endswith("元"):
        return Decimal(text[:-1]) / 10000
    return Decimal(text)


def test_printed_text_says_the_value_and_blanks_are_empty_never_zero() -> None:
    reports = list(generate_corpus(60, seed=4, blank_rate=0.3))
    blanks = 0
    for report in reports:
        for value, raw in report.cells.values():
            if value is None:
                blanks += 1
                assert raw == ""
            else:
                assert raw != ""
                assert float(_parse_raw(raw)) == pytest.approx(value, abs=1e-9)
    assert blanks > 60 * 40


def test_money_is_printed_in_several_units_and_counts_skew_small() -> None:
    reports = list(generate_corpus(400, seed=8))
    money = [raw for r in reports for (t, _, c), (v, raw) in r.cells.items()
             if c == "amount" and v]  # fmt: skip
    assert any(raw.endswith("万元") for raw in money)
    assert any(raw.endswith("元") and not raw.endswith("万元") for raw in money)
    assert any(re.fullmatch(r"\d+(\.\d+)?", raw) for raw in money)
    counts = [v for r in reports for (t, _, c), (v, _) in r.cells.items()
              if t == "applications" and v is not None]  # fmt: skip
    assert sum(v == 0 for v in counts) > len(counts) / 2
    assert max(counts) >= 1000
    changes = [v for r in reports for (_, _, c), (v, _) in r.cells.items() if c == "change"]
    assert any(v is not None and v < 0 for v in changes)


def _review_row_cells(report: GeneratedReport) -> list[str]:
    """The fifteen cells of table 四's only data row, read back from the text."""
    lines = report.text.split("\n")
    start = next(i for i, line in enumerate(lines) if "行政复议、行政诉讼情况" in line)
    end = next(i for i in range(start, len(lines)) if re.match(r"^(五|5)、", lines[i]))
    table = [line for line in lines[start + 1 : end] if line.strip(" ")]
    if report.layout == "tab_rows":
        return table[-1].split("\t")
    if report.layout == "pipe_rows":
        return [cell.strip() for cell in table[-1].split("|")[:-1]]
    if report.layout == "tab_cells":
        return [line[1:] for line in table[-15:]]
    return [line.removesuffix("|").strip() for line in table[-15:]]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_blank_review_cells_print_empty_in_their_place(layout: str) -> None:
    rng = random.Random(1)
    for _ in range(20):
        report = generate_report(rng, layout=layout, blank_rate=0.4)
        if report.layout == "pipe_cells_wrapped":
            continue  # a cell and its terminator are two lines there; covered by pipe_cells
        keys = [key for key in report.cells if key[0] == "reviews"]
        assert _review_row_cells(report) == [report.cells[key][1] for key in keys]


def test_labels_printed_are_the_templates(corpus: list[GeneratedReport]) -> None:
    for report in corpus:
        text = squash(report.text)
        for spec in cell_specs(report.edition):
            row = spec.row
            wordings = (row.label, *row.variants)
            assert any(squash(f"{row.number}{w}") in text for w in wordings), row.code
        for block in ACTIVE_BLOCKS:
            if block.columns.get(report.edition):
                assert squash(block.label) in text


def _table_lines(text: str) -> list[str]:
    """The non-blank lines between section 二's heading and section 五's, headings left out."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("二、主动公开"))
    end = next(i for i in range(start, len(lines)) if re.match(r"^(五|5)、", lines[i]))
    return [
        line
        for line in lines[start + 1 : end]
        if line.strip(" ") and not re.match(r"^[三四]、(收到和处理|政府信息公开行政复议)", line)
    ]


def _looks_like(layout: str, lines: list[str]) -> bool:
    if layout == "pipe_cells_wrapped":
        cell_lines = [line for line in lines if "|" not in line]
        return (
            all("|" not in line.rstrip("|") or set(line) == {"|"} for line in lines)
            and lines.count("|") > len(lines) / 4
            and len(cell_lines) > len(lines) / 4
        )
    if layout == "pipe_cells":
        return all(line.endswith("|") and line.count("|") in (1, len(line)) for line in lines)
    if layout == "pipe_rows":
        return all(line.endswith("|") and " | " in line for line in lines)
    if layout == "tab_rows":
        return all("\t" in line for line in lines) and (
            sum(line.count("\t") >= 2 for line in lines) > len(lines) / 2
        )
    return all(line.startswith("\t") and line.count("\t") == 1 for line in lines)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_tables_are_printed_like_the_seed_of_their_layout(layout: str) -> None:
    seed_text = (SAMPLES / SEED_OF_LAYOUT[layout]).read_text(encoding="utf-8")
    assert _looks_like(layout, _table_lines(seed_text))
    others = [other for other in LAYOUTS if other != layout]
    for report in generate_corpus(30, seed=9, layout=layout):
        lines = _table_lines(report.text)
        assert _looks_like(layout, lines)
        assert not any(_looks_like(other, lines) for other in others)


def test_tab_rows_tables_keep_their_width_and_may_drop_the_total_column() -> None:
    for report in generate_corpus(30, seed=12, layout="tab_rows", has_total_column=False):
        lines = _table_lines(report.text)
        applications = [line for line in lines if "申请数量" in line or "结转下年度" in line]
        widths = {len(line.split("\t")) for line in applications}
        assert widths == {2 + 6}, widths


def test_reports_have_prose_sections_of_realistic_length(corpus: list[GeneratedReport]) -> None:
    for report in corpus:
        text = report.text
        overview = text[text.index("一、总体情况") : text.index("二、主动公开")]
        assert len(overview) > 150
        assert re.search(r"^(五|5)、\s*\S*存在的主要问题及改进情况", text, re.MULTILINE)
        assert re.search(r"^六、(其他需要报告的事项|需要报告的其他事项)", text, re.MULTILINE)
    assert any(r.title is None for r in corpus) and any(r.title for r in corpus)
    assert any(r.published for r in corpus)
    assert any(r.title is None and r.published is None for r in corpus)
    for report in corpus:
        if not (report.title or report.published):
            assert f"年度{report.agency}政府信息公开工作年度报告" in report.text
        if report.published:
            year, month, day = (int(p) for p in report.published.split("-"))
            assert f"{year}年{month}月{day}日" in report.text
