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


# ---------------------------------------------------------------------------------------------
# Merges that differ between a header and its rows (misaligned_merges.html; the DOCX is made from
# the same page): the 2019 form's table 二 blocks （五）（六） print each row's first number across
# two grid columns, while the header merges the two columns of 本年增/减 instead.

MERGES = WORD / "misaligned_merges.html"
BLOCK_CELLS = {
    "licensing": [12, 3, 45],
    "other_services": [7, -1, 20],
    "penalty": [5, 0, 130],
    "coercion": [2, 1, 9],
}


def page_as_docx(page: str, path: Path) -> Path:
    """The page's paragraphs and tables, merged cells as merged cells, in a Word document."""
    import docx
    import lxml.html

    from generator.documents import add_table
    from readers.layout import SpanCell, SpanTable

    word = docx.Document()
    for element in lxml.html.fromstring(page).find("body"):
        if element.tag == "p":
            word.add_paragraph(element.text_content())
        elif element.tag == "table":
            rows = [
                [
                    SpanCell(
                        td.text_content().replace("\xa0", ""),
                        int(td.get("rowspan", 1)),
                        int(td.get("colspan", 1)),
                    )
                    for td in tr.findall("td")
                ]
                for tr in element.iter("tr")
            ]
            add_table(word, SpanTable(rows))
    word.save(path)
    return path


def merged_copies(page: str, folder: Path) -> list[Path]:
    html = folder / "merges.html"
    html.write_text(page, encoding="utf-8")
    return [html, page_as_docx(page, folder / "merges.docx")]


def active_row(report, code: str) -> list[int | float | None]:
    return [report.value("active", code, c) for c in ("prior_items", "change", "decisions")]


def test_a_number_spanning_two_grid_columns_is_matched_to_its_header_cell(tmp_path: Path) -> None:
    for path in merged_copies(MERGES.read_text(encoding="utf-8"), tmp_path):
        report = parse_file(path)
        assert (report.agency, report.year, report.template) == ("某某县交通运输局", 2019, "2019")
        assert {code: active_row(report, code) for code in BLOCK_CELLS} == BLOCK_CELLS, path.name
        assert [report.value("active", "fees", c) for c in ("prior_items", "change")] == [4, 0]
        assert report.value("active", "procurement", "amount") == 85.6
        assert not [w for w in report.warnings if w.code == "row_shape"], path.name
        assert row(report, "granted") == [258, 12, None, None, 1, 1, None]  # table 三 unchanged


def test_a_row_matching_its_header_more_than_one_way_stays_blank(tmp_path: Path) -> None:
    """`12` across two columns, `3`, and a blank 处理决定数量: `3` sits under no header cell, and 12
    and 3 can be matched to the header three ways — the row is not guessed."""
    page = MERGES.read_text(encoding="utf-8")
    row_html = "<tr><td>行政许可</td><td colspan=2>12</td><td>3</td><td>45</td></tr>"
    assert row_html in page
    page = page.replace(
        row_html, "<tr><td>行政许可</td><td colspan=2>12</td><td>3</td><td></td></tr>"
    )
    for path in merged_copies(page, tmp_path):
        report = parse_file(path)
        assert active_row(report, "licensing") == [None, None, None], path.name
        assert any(w.code == "row_shape" and "行政许可" in w.message for w in report.warnings)
        assert active_row(report, "penalty") == [5, 0, 130]


@pytest.mark.parametrize("garbled", ["自燃人", "自\u200b然\u200d人"], ids=["misread", "zero-width"])
def test_without_a_readable_header_a_row_the_count_cannot_confirm_is_not_published(
    garbled: str, tmp_path: Path
) -> None:
    """自然人 misread (`自燃人`): the header no longer places the numbers and the rows fall back to
    counting their cells, which put 258 under 商业企业 and the last 1 under 总计 (printed blank).
    Such a row, whose 总计 does not confirm the count, is left blank with a warning; rows whose
    printed 总计 is the sum of their numbers are kept. Zero-width characters are nothing: the
    header is read as printed."""
    page = (WORD / "word_table.html").read_text(encoding="utf-8").replace("自然人", garbled)
    (tmp_path / "garbled.html").write_text(page, encoding="utf-8")
    report = parse_file(tmp_path / "garbled.html")
    assert row(report, "new") == [272, 12, None, None, 1, 1, 286]
    assert row(report, "partly_granted") == [4, None, None, None, None, None, 4]
    if garbled == "自燃人":
        assert row(report, "granted") == [None] * 7
        assert any(w.code == "unconfirmed_row" and "予以公开" in w.message for w in report.warnings)
    else:
        assert row(report, "granted") == [258, 12, None, None, 1, 1, None]
