"""Extractions seen in the wild, made from the seeds: each is read, or flagged where it cannot be."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse_report

SAMPLE = Path(__file__).resolve().parent.parent / "reports" / "sample"
PIPE_ROWS = (SAMPLE / "001_23d160e7ec491542.txt").read_text(encoding="utf-8")
PIPE_CELLS = (SAMPLE / "003_f237f57025bb66e2.txt").read_text(encoding="utf-8")
WORD_CELLS = (SAMPLE / "004_4f48120707bf878b.txt").read_text(encoding="utf-8")


def values(text: str) -> dict[tuple[str, str, str], object]:
    return {(c.table, c.row, c.column): c.value for c in parse_report(text).cells}


def codes(text: str) -> list[str]:
    return [w.code for w in parse_report(text).warnings]


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def test_page_footers_inside_a_table_are_skipped():
    broken = replace_once(PIPE_CELLS, "(二)部分公开", "— 3 —\n第 3 页 共 5 页\n(二)部分公开")
    broken = replace_once(broken, "1828 |", "1828 |\n- 4 -")
    assert values(broken) == values(PIPE_CELLS)
    assert "row_shape" not in codes(broken)


def test_label_split_one_character_per_line():
    split = "\t（一）\n" + "".join(f"\t{ch}\n" for ch in "予以公开")
    broken = replace_once(WORD_CELLS, "\t（一）予以公开\n", split)
    got = values(broken)
    assert got == values(WORD_CELLS)
    assert got[("applications", "granted", "natural_person")] == 0


def test_cell_with_a_note_reads_the_number_and_keeps_the_note_in_raw():
    broken = replace_once(
        PIPE_CELLS, "规章 |\n0 |\n0 |\n0 |", "规章 |\n0 |\n0 |\n22（其中修订 16 件） |"
    )
    report = parse_report(broken)
    cell = report.cell("active", "rules", "total_published")
    assert cell is not None and cell.value == 22 and cell.raw == "22（其中修订 16 件）"


def test_glued_applicant_headers_do_not_matter():
    broken = replace_once(
        PIPE_ROWS,
        "商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||",
        "商业企科研机社会公法律服 | |||||",
    )
    assert values(broken) == values(PIPE_ROWS)


def test_digit_run_split_when_the_row_identity_leaves_one_way():
    broken = replace_once(
        PIPE_ROWS,
        "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||",
        "一、本年新收政府信息公开申请数量230000023",
    )
    got = values(broken)
    row = [
        got[("applications", "new", c)]
        for c in (
            "natural_person",
            "business",
            "research",
            "nonprofit",
            "legal_service",
            "other_org",
            "total",
        )
    ]
    assert row == [23, 0, 0, 0, 0, 0, 23]
    assert "digit_run" in codes(broken)


def test_digit_run_of_zeros_in_a_row_without_identity():
    broken = replace_once(PIPE_ROWS, "行政规范性文件 | 0 | 0 | 0 |", "行政规范性文件000")
    assert values(broken) == values(PIPE_ROWS)


def test_ambiguous_digit_run_is_left_blank_and_flagged():
    broken = replace_once(PIPE_ROWS, "行政规范性文件 | 0 | 0 | 0 |", "行政规范性文件898989")
    report = parse_report(broken)
    got = {(c.row, c.column): c.value for c in report.cells if c.table == "active"}
    assert [got[("normative_documents", c)] for c in ("issued", "repealed", "in_force")] == [
        None
    ] * 3
    flagged = [w.message for w in report.warnings if w.code == "digit_run"]
    assert flagged and "898989" in flagged[0] and "留空" in flagged[0]


def test_review_table_as_one_digit_run():
    broken = replace_once(
        PIPE_ROWS,
        "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "000000000000000",
    )
    assert values(broken) == values(PIPE_ROWS)
    broken = replace_once(
        PIPE_ROWS,
        "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "1200012" + "0" * 10,  # 复议: 12 upheld, total 12; 诉讼 all 0
    )
    got = values(broken)
    review = [
        got[("reviews", "review", c)] for c in ("upheld", "corrected", "other", "pending", "total")
    ]
    assert review == [12, 0, 0, 0, 12]


def test_truncated_table_keeps_what_was_printed_and_says_what_is_missing():
    cut = PIPE_ROWS[: PIPE_ROWS.index("(四)无法提供")]
    report = parse_report(cut)
    got = {(c.table, c.row, c.column): c for c in report.cells}
    assert got[("applications", "granted", "total")].value == 0
    missing = got[("applications", "unavailable_no_info", "total")]
    assert missing.value is None and missing.raw is None
    assert all(c.value is None for c in report.cells if c.table == "reviews")
    assert "missing_rows" in [w.code for w in report.warnings]


@pytest.mark.parametrize(
    "printed",
    [
        "# 沭阳县人民政府2023年度政府信息公开工作年度报告",
        "正文 沭阳县人民政府2023年度政府信息公开工作年度报告",
        "**沭阳县人民政府2023年度政府信息公开工作年度报告**",
        "沭阳县人民政府2023年度政府信息公开工作年度报告 发布日期：2024-01-31",
    ],
)
def test_a_title_loses_what_a_converter_or_a_page_put_around_it(printed: str) -> None:
    report = parse_report(printed + "\n" + PIPE_ROWS)
    assert report.title == "沭阳县人民政府2023年度政府信息公开工作年度报告"
    assert report.agency == "沭阳县人民政府"
