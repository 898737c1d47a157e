"""Text extracted from a PDF by tools other than ours (tests/fixtures/extracted, one report in five
shapes): columns apart by runs of spaces with labels wrapped over two lines (`（三）不` / `予公开`),
markdown pipes and `<br>` from a converter with OCR-renamed columns (数据1 … 数据6), OCR-garbled row
labels, and the label column printed before the number columns. Every shape reads the same cells;
where rows can only be read by the form's order and the identities do not agree, nothing is read."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    ["layout_spaces.txt", "markdown_converter.md", "ocr_labels.txt", "label_column_first.txt"],
)
def test_every_cell_is_read(name: str) -> None:
    report = parse_file(FIXTURES / name)
    assert (report.agency, report.year, report.template) == ("某某县发展和改革局", 2023, "2021")
    got = values(report)
    assert len(got) == 200
    assert {key: value for key, value in got.items() if value != NOT_ZERO.get(key, 0)} == {}


def test_rows_read_by_order_are_said_to_be() -> None:
    for name in ("ocr_labels.txt", "label_column_first.txt"):
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
