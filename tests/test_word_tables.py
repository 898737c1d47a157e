"""Word tables pasted into HTML (UTF-8 and GB2312) or saved as DOCX (tests/fixtures/word, one
report in three files): table 三's row labels span up to three grid columns, an empty merged column
sits between the labels and the numbers, zeros are left blank; table 二 of the 2019 form has a
merged extra column under 本年新公开数量. Counting cells after the label put 自然人's 258 under
商业企业; each value must sit in the column whose header cell is above it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.parse_folder import parse_file
from template.form import APPLICATION_COLUMNS

WORD = Path(__file__).resolve().parent / "fixtures" / "word"
FILES = ["word_table.html", "word_table_gb2312.html", "word_table.docx"]


def row(report, code: str) -> list[int | float | None]:
    return [report.value("applications", code, column.code) for column in APPLICATION_COLUMNS]


@pytest.mark.parametrize("name", FILES)
def test_values_sit_under_their_header_cell(name: str) -> None:
    report = parse_file(WORD / name)
    assert (report.agency, report.year, report.template) == ("某某区商务局", 2019, "2019")
    assert row(report, "new") == [272, 12, None, None, 1, 1, 286]
    assert row(report, "granted") == [258, 12, None, None, 1, 1, None]
    assert row(report, "partly_granted") == [4, None, None, None, None, None, 4]
    assert row(report, "unavailable_no_info") == [10, None, None, None, None, None, 10]
    assert row(report, "total") == [272, 12, None, None, 1, 1, 286]
    assert row(report, "withheld_secret") == [None] * 7  # printed blank: not 0
    rules = [
        report.value("active", "rules", c) for c in ("new_made", "new_published", "total_published")
    ]
    assert rules == [13, 13, 524]
    assert [report.value("reviews", "review", c) for c in ("upheld", "total")] == [1, 1]


def test_a_number_under_no_header_cell_blanks_its_row(tmp_path: Path) -> None:
    """Shift one row by a cell (a label's rowspan one short, as in a hand-edited page): its numbers
    no longer sit under the header cells, and the row is left blank — never read one column over."""
    page = (WORD / "word_table.html").read_text(encoding="utf-8")
    shifted = page.replace(
        "<td colspan=2>（七）总计</td><td></td>", "<td colspan=2>（七）总计</td><td></td><td></td>"
    )
    assert shifted != page
    (tmp_path / "shifted.html").write_text(shifted, encoding="utf-8")
    report = parse_file(tmp_path / "shifted.html")
    assert row(report, "total") == [None] * 7
    assert any(w.code == "row_shape" and "总计" in w.message for w in report.warnings)
