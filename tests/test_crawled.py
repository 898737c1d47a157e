"""Crawled page text with the whole report on one line (tests/fixtures/real/02[3-6]*.txt and
variations of them): sections and rows found by the form's wordings, glued digits split only where
the form's identities leave one reading, the crawler's header read as metadata."""

from __future__ import annotations

import re
from pathlib import Path

from parsers import parse_report
from parsers.record import Report
from pipeline.parse_folder import parse_file
from template.form import APPLICATION_COLUMNS

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
COLUMNS = tuple(column.code for column in APPLICATION_COLUMNS)


def crawled(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def row(report: Report, code: str) -> list[int | float | None]:
    return [report.value("applications", code, column) for column in COLUMNS]


def test_the_crawler_header_is_metadata_and_navigation_is_not_report_text() -> None:
    report = parse_report(crawled("023_pingtan_jiaojian_2019.txt"))
    assert report.title == "平潭综合实验区交通与建设局2019年度政府信息公开工作年度报告"
    assert report.agency == "平潭综合实验区交通与建设局"
    assert report.source_url and report.source_url.startswith("https://www.pingtan.gov.cn/")
    prose = " ".join(section.text for section in report.sections)
    assert "当前位置" not in prose and "QQ空间" not in prose and "原文链接" not in prose
    assert {s.key for s in report.sections} >= {"preamble", "overview", "problems", "other"}


def test_word_conditional_comments_are_not_report_text() -> None:
    report = parse_report(crawled("025_pingtan_caijin_2021.txt"))
    assert all("<!--" not in section.raw for section in report.sections)


def test_a_negative_change_and_money_in_yuan() -> None:
    report = parse_report(crawled("024_pingtan_guanweihui_office_2020.txt"))
    assert [
        report.value("active", "licensing", c) for c in ("prior_items", "change", "decisions")
    ] == [1, -1, 0]
    # 197 projects and 3601627.4 元 glued: eight splits, no identity to tell them apart
    assert report.value("active", "procurement", "projects") is None
    glued = [
        w.message
        for w in report.warnings
        if w.code == "digit_run" and "1973601627.4元" in w.message
    ]
    assert glued and "留空" in glued[0]


def _with_rows(new: str, granted: str, partly: str, total: str) -> Report:
    text = crawled("026_pingtan_shenpi_2022.txt")
    for old, replacement in (
        ("一、本年新收政府信息公开申请数量4000004", f"一、本年新收政府信息公开申请数量{new}"),
        ("（一）予以公开4000004", f"（一）予以公开{granted}"),
        ("不计其他情形）0000000", f"不计其他情形）{partly}"),
        ("（七）总计4000004", f"（七）总计{total}"),
    ):
        assert old in text
        text = text.replace(old, replacement)
    return parse_report(text)


def test_glued_rows_that_split_two_ways_are_decided_by_the_columns_identities() -> None:
    """113000014 is 11 3 … 14 or 1 13 … 14; the outcome rows (8 and 3+3 natural persons) leave only
    11 natural persons in 总计, and the balance then leaves one reading of 新收."""
    report = _with_rows("113000014", "8000008", "3300006", "113000014")
    assert row(report, "new") == [11, 3, 0, 0, 0, 0, 14]
    assert row(report, "total") == [11, 3, 0, 0, 0, 0, 14]


def test_glued_rows_the_identities_cannot_decide_stay_blank() -> None:
    """Every row splits the same two ways and every combination balances: nothing is guessed."""
    report = _with_rows("113000014", "113000014", "0000000", "113000014")
    for code in ("new", "granted", "total"):
        assert row(report, code) == [None] * 7, code
    assert row(report, "partly_granted") == [0] * 7
    assert any("113000014" in w.message and "留空" in w.message for w in report.warnings)


def test_a_crawl_that_kept_a_line_break_before_each_section_reads_the_same_cells() -> None:
    """Some pages break the text at each section: each table is then a line of its own, and the
    next section's heading runs into its text."""
    for name in ("023_pingtan_jiaojian_2019.txt", "025_pingtan_caijin_2021.txt"):
        text = crawled(name)
        broken = re.sub(
            r"(?=[二三四五六]、(?:主动公开|收到和处理|政府信息公开行政复议|存在的主要问题|其他需要))",
            "\n",
            text,
        )
        assert broken.count("\n") > text.count("\n") + 3
        whole, by_section = parse_report(text), parse_report(broken)
        assert [c.value for c in by_section.cells] == [c.value for c in whole.cells], name
        assert sum(c.value is not None for c in by_section.cells) > 150


def test_the_page_address_a_crawler_recorded_reaches_the_package() -> None:
    report = parse_file(REAL / "026_pingtan_shenpi_2022.txt")
    assert report.source is not None
    assert report.source.source_url == report.source_url
    assert report.source_url.endswith("t20230109_80621.htm")
