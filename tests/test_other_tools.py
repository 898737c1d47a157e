"""Text extracted from a PDF by tools other than ours (tests/fixtures/extracted, one report in
several shapes): columns apart by runs of spaces with labels wrapped over two lines (`（三）不` /
`予公开`), markdown pipes and `<br>` from a converter with OCR-renamed columns (数据1 … 数据6),
OCR-garbled row labels, and the label column printed before the number columns (as text and as
markdown); an OCR'd markdown of a PDF's pages, where （六）2–3 and 总计 sit under a second, garbled
header row (the page break) and table 四 is three tables, one per kind of case. Every shape reads
the same cells; where rows can only be read by the form's order and the identities do not agree,
nothing is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse_report
from parsers.record import Report
from pipeline.parse_folder import parse_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extracted"
A, P, R = "active", "applications", "reviews"
NOT_ZERO = {
    (A, "normative_documents", "issued"): 8,
    (A, "normative_documents", "in_force"): 18,
    (A, "licensing", "decisions"): 12,
    (P, "new", "natural_person"): 26,
    (P, "new", "business"): 1,
    (P, "new", "total"): 27,
    (P, "granted", "natural_person"): 20,
    (P, "granted", "business"): 1,
    (P, "granted", "total"): 21,
    (P, "partly_granted", "natural_person"): 2,
    (P, "partly_granted", "total"): 2,
    (P, "withheld_process", "natural_person"): 1,
    (P, "withheld_process", "total"): 1,
    (P, "unavailable_no_info", "natural_person"): 3,
    (P, "unavailable_no_info", "total"): 3,
    (P, "total", "natural_person"): 26,
    (P, "total", "business"): 1,
    (P, "total", "total"): 27,
    (R, "review", "pending"): 1,
    (R, "review", "total"): 1,
}


def values(report: Report) -> dict[tuple[str, str, str], int | float | None]:
    return {(c.table, c.row, c.column): c.value for c in report.cells}


@pytest.mark.parametrize(
    "name",
    [
        "layout_spaces.txt",
        "markdown_converter.md",
        "ocr_labels.txt",
        "label_column_first.txt",
        "markdown_label_column_first.md",
        "ocr_markdown_pages.md",
    ],
)
def test_every_cell_is_read(name: str) -> None:
    report = parse_file(FIXTURES / name)
    assert (report.agency, report.year, report.template) == ("某某县发展和改革局", 2023, "2021")
    got = values(report)
    assert len(got) == 200
    assert {key: value for key, value in got.items() if value != NOT_ZERO.get(key, 0)} == {}


def test_rows_read_by_order_are_said_to_be() -> None:
    for name in ("ocr_labels.txt", "label_column_first.txt", "markdown_label_column_first.md"):
        warnings = parse_file(FIXTURES / name).warnings
        assert [w.code for w in warnings if w.code == "row_order"] == ["row_order"], name
        assert not [w for w in warnings if w.code == "unknown_label"], name


def test_rows_by_order_whose_identities_fail_are_not_read() -> None:
    """One number changed (予以公开 总计 21 → 22): the order cannot be confirmed, table 三 stays
    blank — never read by position on a guess."""
    report = parse_file(FIXTURES / "label_column_first_broken.txt")
    got = values(report)
    assert all(value is None for key, value in got.items() if key[0] == P)
    assert got[(A, "licensing", "decisions")] == 12
    messages = [w.message for w in report.warnings if w.code == "row_order"]
    assert messages and "未读取" in messages[0]


def test_table_four_in_parts_is_read_only_when_the_parts_name_each_kind_once_in_order() -> None:
    """The 行政复议 part and the 复议后起诉 part swapped: the numbers are not read by position."""
    page = (FIXTURES / "ocr_markdown_pages.md").read_text(encoding="utf-8")
    first, last = "| 行政复议 |  |", "| 行政诉讼（复议后起诉） |  |"
    swapped = page.replace(first, "@").replace(last, first).replace("@", last)
    assert swapped != page and swapped.index(last) < swapped.index(first)
    got = values(parse_report(swapped))
    assert [v for k, v in got.items() if k[0] == R and k[1] == "review"] != [0, 0, 0, 1, 1]
    assert got[(R, "review", "pending")] is None


def test_a_repeated_column_header_is_no_row() -> None:
    """`其他` and `总计` in a header printed again mid-table are the columns, not rows （六）3 / （七）."""
    report = parse_file(FIXTURES / "ocr_markdown_pages.md")
    assert not [w for w in report.warnings if w.code in ("duplicate_row", "unknown_label")]
    assert values(report)[(P, "total", "total")] == 27
