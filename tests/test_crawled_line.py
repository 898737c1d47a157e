"""The crawled one-line layout (issue 12): the generator's glued rows, its independent reading of what
they let a reader know, and parser regressions the round trip found in such text."""

from __future__ import annotations

import random
import re
import unicodedata
from decimal import Decimal

import pytest
from mutations import time_bound

from generator import generate_corpus, generate_report
from generator.crawl import CRAWLED_LINE, runs
from generator.glued import Knowable, knowable, readings
from parsers import parse_report
from parsers.record import Number, Report
from template.form import AMOUNT, CHANGE, COUNT, cell_specs

# Tables 三 and 四 of a real crawled report (the real set's 026), on one line as a crawler left them.
_APPLICATIONS = (
    "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
    "一、本年新收政府信息公开申请数量4000004二、上年结转政府信息公开申请数量0000000"
    "三、本年度办理结果（一）予以公开4000004（二）部分公开（区分处理的，只计这一情形，不计其他情形）0000000"
    "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开00000003.危及“三安全一稳定”0000000"
    "4.保护第三方合法权益00000005.属于三类内部事务信息00000006.属于四类过程性信息0000000"
    "7.属于行政执法案卷00000008.属于行政查询事项0000000（四）无法提供1.本机关不掌握相关政府信息0000000"
    "2.没有现成信息需要另行制作00000003.补正后申请内容仍不明确0000000（五）不予处理1.信访举报投诉类申请0000000"
    "2.重复申请00000003.要求提供公开出版物00000004.无正当理由大量反复申请0000000"
    "5.要求行政机关确认或重新出具已获取信息0000000（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其"
    "政府信息公开申请00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请0000000"
    "3.其他0000000（七）总计4000004四、结转下年度继续办理0000000"
)
_REVIEWS_HEADER = (
    "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
    "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
)


def _reviews(report: Report) -> list[Number | None]:
    return [report.value(*spec.key) for spec in cell_specs("2021") if spec.table == "reviews"]


@pytest.mark.parametrize("between", ["", " "])
def test_a_heading_numbered_5_after_table_four_is_not_read_as_a_cell(between: str) -> None:
    """`…000000000010001 5、 存在的主要问题…`: the `5` numbers the next heading. Read as a 16th digit it
    made table 四 blank, or (with the space) a single wrong reading: 10 / 1 / 5 in 复议后起诉."""
    text = (
        "一、总体情况本年度我局依法公开政府信息。" + _APPLICATIONS + _REVIEWS_HEADER
        + f"000000000010001{between}5、 存在的主要问题及改进情况一是公开内容不够全面。"
        "六、其他需要报告的事项无。"
    )  # fmt: skip
    report = parse_report(text)
    assert _reviews(report) == [0] * 10 + [1, 0, 0, 0, 1]
    assert report.value("applications", "new", "total") == 4


def test_a_long_glued_table_four_is_read_by_its_identities_in_seconds() -> None:
    """Table 四 glued into 29 digits (seed 12997 of the crawled layout): 10 2 2 6 20 | 118 25 38 34
    215 | 51 8 18 33 110 is the only reading whose three totals are the sums before them (found
    in 0.1 s by generator/glued.py, which checks each total as soon as its group is complete)."""
    text = "一、总体情况本年度依法公开政府信息。" + _APPLICATIONS + _REVIEWS_HEADER
    text += "10226201182538342155181833110五、存在的主要问题及改进情况无。"
    with time_bound(10):
        parsed = parse_report(text)
    assert _reviews(parsed) == [10, 2, 2, 6, 20, 118, 25, 38, 34, 215, 51, 8, 18, 33, 110]


# ---------------------------------------------------------------------------------------------
# The generator's own reading of glued rows


def test_readings_of_glued_rows_follow_the_printed_forms() -> None:
    assert list(readings(["1-10"], [COUNT, CHANGE, COUNT])) == [(1, -1, 0)]
    assert len(list(readings(["5615"], [COUNT] * 3))) == 3  # 5/6/15, 5/61/5, 56/1/5
    assert list(readings(["197", "3601627.4元"], [COUNT, AMOUNT])) == [(197, Decimal("3601627.4"))]
    assert list(readings(["0100"], [COUNT] * 3)) == [(0, 10, 0)]  # no leading zeros
    assert list(readings(["1", "2"], [COUNT] * 3)) == []  # a space is always a boundary


def _numbers(*values: int) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


def test_knowable_rows_are_read_exactly_or_by_their_identity() -> None:
    seven = [COUNT] * 7
    assert knowable(["0000000"], seven, 7, _numbers(0, 0, 0, 0, 0, 0, 0)) is Knowable.KNOWN
    # `1 0 00 0 0 1` (the real set's 023): the only reading
    assert knowable(["1", "0", "00", "0", "0", "1"], seven, 7, _numbers(1, 0, 0, 0, 0, 0, 1)) is (
        Knowable.KNOWN
    )
    # 10/0/0/0/0/0/10 or 100/0/0/0/0/1/0: only the first has its 总计 = the sum of the six
    assert knowable(["100000010"], seven, 7, _numbers(10, 0, 0, 0, 0, 0, 10)) is Knowable.KNOWN
    # 1/10/…/11 and 11/0/…/11 both satisfy it: nobody can tell
    assert knowable(["110000011"], seven, 7, _numbers(11, 0, 0, 0, 0, 0, 11)) is Knowable.UNKNOWN
    # a row of 二 has no identity: two readings are two
    assert knowable(["5615"], [COUNT] * 3, 0, _numbers(5, 6, 15)) is Knowable.UNKNOWN
    assert knowable(["303"], [COUNT] * 3, 0, _numbers(3, 0, 3)) is Knowable.KNOWN
    # a single reading is read even when the report's identity fails
    assert knowable(["1100003"], seven, 7, _numbers(1, 1, 0, 0, 0, 0, 3)) is Knowable.KNOWN
    # a broken identity, glued: the one satisfying reading is not what was printed
    assert knowable(["100000010"], seven, 7, _numbers(100, 0, 0, 0, 0, 1, 0)) is (
        Knowable.MISLEADING
    )


# ---------------------------------------------------------------------------------------------
# The layout as generated


@pytest.fixture(scope="module")
def crawled() -> list:
    return list(generate_corpus(80, seed=21, layout=CRAWLED_LINE, broken_identity_rate=0.05))


def _body(text: str) -> str:
    lines = text.rstrip("\n").split("\n")
    return lines[-1]


def test_the_body_is_one_line_under_an_optional_crawler_header(crawled: list) -> None:
    headed = 0
    for report in crawled:
        lines = report.text.rstrip("\n").split("\n")
        if len(lines) > 1:
            headed += 1
            assert lines[0].startswith("标题: ") and lines[-2].startswith("=====")
        body = lines[-1]
        squashed = re.sub(r"\s", "", unicodedata.normalize("NFKC", body))
        assert "第二十条第(一)项信息内容" in squashed
        assert "(七)总计" in squashed and "附件下载" not in squashed[:-4]
    assert 0 < headed < len(crawled)
    assert any(_body(r.text).startswith("当前位置：") for r in crawled)


def test_every_cell_is_printed_and_unknowable_cells_are_expected_blank(crawled: list) -> None:
    unknowable = known = 0
    for report in crawled:
        for value, text in report.cells.values():
            assert text != ""  # a blank cannot be seen in glued text: none is printed
            if value is None:
                unknowable += 1
            else:
                known += 1
        assert "0 0 0" in _body(report.text) or "0000" in _body(report.text)
    assert unknowable > 0 and known > 10 * unknowable


def test_unknowable_cells_are_whole_runs_whose_digits_read_several_ways(crawled: list) -> None:
    for report in crawled:
        for run in runs(report.edition, report.has_total_column):
            states = {report.cells[key][0] is None for key in run.keys}
            assert len(states) == 1, run.keys  # a run is known or unknown as a whole


def test_glued_rows_take_the_shapes_of_real_crawls() -> None:
    bodies = [_body(r.text) for r in generate_corpus(60, seed=5, layout=CRAWLED_LINE)]
    joined = "\n".join(bodies)
    assert re.search(r"申请数量0{7}", joined)  # all glued
    assert re.search(r"(?:0 ){5}00", joined)  # spaced, the total glued
    assert re.search(r"行政许可\d+-\d", joined) or re.search(r"\d-\d", joined)  # a negative change
    assert re.search(r"\d元", joined) or "万元" in joined


def test_one_line_reports_parse_back_their_knowable_truth() -> None:
    """A handful here; tests/test_roundtrip.py draws many more."""
    for seed in range(12):
        generated = generate_report(random.Random(seed), layout=CRAWLED_LINE)
        parsed = parse_report(generated.text)
        assert (parsed.agency, parsed.year, parsed.template) == (
            generated.agency,
            generated.year,
            generated.edition,
        )
        for spec in cell_specs(generated.edition):
            assert parsed.value(*spec.key) == generated.value(*spec.key), (seed, spec.key)
