"""A report that numbers its own prose chapters like the form (`二、主动公开工作情况`,
`三、依申请公开工作情况`) and prints the tables later under other numbers (`五、主动公开政府信息情况`,
`六、收到和处理…`, `七、…行政复议、行政诉讼情况`; tests/fixtures/layouts/chapters_numbered_like_the_form.txt).
Each table's section is the heading whose text holds the table, not the first with the right words."""

from __future__ import annotations

from pathlib import Path

from parsers import parse_report
from parsers.sections import find_headings
from template.form import APPLICATION_COLUMNS, REVIEW_COLUMNS

REPORT = (
    Path(__file__).resolve().parent / "fixtures" / "layouts" / "chapters_numbered_like_the_form.txt"
)


def test_each_table_is_read_under_the_heading_that_holds_it() -> None:
    text = REPORT.read_text(encoding="utf-8")
    headings = find_headings(text.split("\n"))
    assert {key: h.text[:2] for key, h in headings.items() if key in ("active", "applications",
            "reviews")} == {"active": "五、", "applications": "六、", "reviews": "七、"}  # fmt: skip
    report = parse_report(text)
    assert (report.agency, report.year, report.template) == ("某某市医疗保障局", 2022, "2021")
    assert [report.value("active", "normative_documents", c) for c in
            ("issued", "repealed", "in_force")] == [4, 1, 23]  # fmt: skip
    assert [report.value("active", row, "decisions") for row in ("licensing", "penalty",
            "coercion")] == [1286, 37, 5]  # fmt: skip
    assert report.value("active", "fees", "amount") == 12.6
    row = [report.value("applications", "total", c.code) for c in APPLICATION_COLUMNS]
    assert row == [8, 2, 0, 0, 1, 0, 11]
    assert [report.value("applications", "carried_over", c.code) for c in APPLICATION_COLUMNS] == [
        0
    ] * 7
    litigation = [report.value("reviews", "litigation_direct", c.code) for c in REVIEW_COLUMNS]
    assert litigation == [0, 0, 0, 1, 1]
    assert all(cell.value is not None for cell in report.cells)
    assert not [check.id for check in report.checks if check.status == "fail"]


def test_without_the_tables_own_heading_the_table_after_a_prose_chapter_is_read() -> None:
    """Without the tables' own headings the tables stay where their anchors put them: the prose
    chapter is the best (only) candidate, and the table under it is still read."""
    text = REPORT.read_text(encoding="utf-8").replace("五、主动公开政府信息情况\n", "")
    report = parse_report(text)
    assert report.value("active", "licensing", "decisions") == 1286


def test_a_crawled_one_line_page_with_chapters_numbered_like_the_form() -> None:
    """The same shape on a crawled page that runs the whole report into one line
    (tests/fixtures/crawled/chapters_numbered_like_the_form.txt): `二、主动公开工作情况` is prose,
    table 二 is printed later under `五、主动公开政府信息情况`, and is found by its 第二十条 blocks."""
    page = REPORT.parent.parent / "crawled" / "chapters_numbered_like_the_form.txt"
    report = parse_report(page.read_text(encoding="utf-8"))
    assert (report.agency, report.year, report.template) == ("某某县自然资源局", 2022, "2021")
    assert report.value("active", "licensing", "decisions") == 236
    assert report.value("active", "fees", "amount") == 38.5
    assert report.value("applications", "new", "total") == 6
    assert all(cell.value is not None for cell in report.cells)
