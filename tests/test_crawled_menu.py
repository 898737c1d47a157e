"""A crawled page on one line that starts with the site's menu (links spaced apart: `当前位置： 首页
政务公开 … 微信   微博   QQ空间   全真版   文字版   文件下载   相关链接： -->`) and whose preamble names
the six sections, numbered, in one sentence (`本报告由一、总体情况；二、主动公开政府信息情况；…组成`)
(tests/fixtures/crawled/menu_and_numbered_preamble.txt, modelled on the one-line pages of
tests/fixtures/real). The menu is no table row kept apart, and the sentence names no heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse_report
from parsers.record import Report
from pipeline.parse_folder import parse_file
from template.form import APPLICATION_COLUMNS, REVIEW_COLUMNS

PAGE = Path(__file__).resolve().parent / "fixtures" / "crawled" / "menu_and_numbered_preamble.txt"


def applications(report: Report, row: str) -> list:
    return [report.value("applications", row, c.code) for c in APPLICATION_COLUMNS]


def check_cells(report: Report) -> None:
    assert (report.agency, report.year, report.template) == ("某某县自然资源局", 2022, "2021")
    assert [report.value("active", "normative_documents", c) for c in
            ("issued", "repealed", "in_force")] == [1, 0, 2]  # fmt: skip
    assert report.value("active", "licensing", "decisions") == 236
    assert report.value("active", "penalty", "decisions") == 15
    assert report.value("active", "fees", "amount") == 38.5
    assert applications(report, "new") == [5, 1, 0, 0, 0, 0, 6]
    assert applications(report, "granted") == [3, 1, 0, 0, 0, 0, 4]
    assert applications(report, "unavailable_no_info") == [1, 0, 0, 0, 0, 0, 1]
    assert applications(report, "carried_forward") == [1, 0, 0, 0, 0, 0, 1]
    assert [report.value("reviews", "review", c.code) for c in REVIEW_COLUMNS] == [1, 0, 0, 0, 1]
    assert all(cell.value is not None for cell in report.cells)
    assert all(check.status != "fail" for check in report.checks)


def test_the_page_is_read_whole() -> None:
    report = parse_file(PAGE)
    check_cells(report)
    preamble = next(s for s in report.sections if s.key == "preamble")
    # the menu is left out
    assert preamble.text.startswith("根据《中华人民共和国政府信息公开条例》")
    overview = next(s for s in report.sections if s.key == "overview")
    assert overview.text.startswith("2022年，某某县自然资源局")


@pytest.mark.parametrize(
    "change",
    [
        ("微信   微博   QQ空间", "微信\u3000\u3000微博\u3000\u3000QQ空间"),  # ideographic spaces
        ("微信   微博   QQ空间", "微信\t微博\tQQ空间"),
        ("本报告由一、总体情况；二、", "本报告由一、总体情况，二、"),
    ],
    ids=["ideographic-spaces", "tabs", "commas"],
)
def test_other_menus_and_enumerations(change: tuple[str, str]) -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert change[0] in text
    check_cells(parse_report(text.replace(*change)))


def test_under_a_crawler_header() -> None:
    header = (
        "标题: 某某县自然资源局2022年政府信息公开工作年度报告\n发布时间: 2023-01-16 09:30\n"
        "原文链接: https://www.example.gov.cn/zwgk/ndbg/202301/t20230116_1.html\n"
        "==================== 正文 ====================\n"
    )
    report = parse_report(header + PAGE.read_text(encoding="utf-8"))
    check_cells(report)
    assert report.title == "某某县自然资源局2022年政府信息公开工作年度报告"


def test_the_page_title_before_the_menu() -> None:
    title = "某某县自然资源局2022年政府信息公开工作年度报告"
    report = parse_report(f"{title} {PAGE.read_text(encoding='utf-8')}")
    check_cells(report)
    assert report.title == title
    preamble = next(s for s in report.sections if s.key == "preamble")
    assert "微博" not in preamble.text and "当前位置" not in preamble.text
