"""The national annual-report form, declared once as data.

Everything that knows about rows, columns, codes, Chinese labels or which cells exist in which
edition of the form reads it from here: the parser, the checks, the data package schema, the site
and the synthetic report generator. Two editions exist: "2019" (国办公开办函〔2019〕60号, used for
the 2019 and 2020 reports) and "2021" (国办公开办函〔2021〕30号, from the 2021 reports on).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

EDITIONS: tuple[str, ...] = ("2019", "2021")
EDITION_NOTICES: dict[str, str] = {
    "2019": "国办公开办函〔2019〕60号",
    "2021": "国办公开办函〔2021〕30号",
}

TABLES: dict[str, str] = {
    "active": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "reviews": "政府信息公开行政复议、行政诉讼情况",
}

# Kinds of numeric column. Only "count" columns may be summed across reports.
COUNT, CHANGE, AMOUNT = "count", "change", "amount"


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    kind: str = COUNT
    keywords: tuple[str, ...] = ()  # substrings of a printed header that identify this column
    unit: str = "件"

    @property
    def summable(self) -> bool:
        return self.kind == COUNT


@dataclass(frozen=True)
class Row:
    code: str
    label: str  # the template's wording, without its numbering
    number: str = ""  # the numbering printed before the label: "(一)", "1." ...
    group: str = ""  # the label of the group this row belongs to, e.g. "(三)不予公开"
    keywords: tuple[str, ...] = ()  # substrings of a printed label that identify this row
    variants: tuple[str, ...] = ()  # other wordings seen in real reports, matched without warning
    editions: tuple[str, ...] = EDITIONS

    @property
    def printed_label(self) -> str:
        return f"{self.number}{self.label}"


@dataclass(frozen=True)
class ActiveBlock:
    """One 第二十条 item of section 二: its rows and, per edition, its columns."""

    item: str  # "一", "五", ...
    rows: tuple[Row, ...]
    columns: dict[str, tuple[Column, ...]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"第二十条第（{self.item}）项"


# ---------------------------------------------------------------------------------------------
# Table 二: 主动公开政府信息情况

ACTIVE_CONTENT_HEADER = "信息内容"  # heads the row-label column of every 第二十条 block

_NEW_MADE = Column("new_made", "本年新制作数量", keywords=("新制作", "制作数量"))
_NEW_PUBLISHED = Column("new_published", "本年新公开数量", keywords=("新公开", "公开数量"))
_TOTAL_PUBLISHED = Column("total_published", "对外公开总数量", keywords=("对外公开", "公开总数"))
_ISSUED = Column("issued", "本年制发件数", keywords=("制发",))
_REPEALED = Column("repealed", "本年废止件数", keywords=("废止",))
_IN_FORCE = Column("in_force", "现行有效件数", keywords=("现行有效", "有效件数"))
_PRIOR_ITEMS = Column("prior_items", "上一年项目数量", unit="项", keywords=("上一年", "上年项目"))
_CHANGE = Column(
    "change", "本年增/减", kind=CHANGE, unit="项", keywords=("增/减", "增减", "增／减")
)
_DECISIONS = Column("decisions", "处理决定数量", keywords=("处理决定", "决定数量"))
_DECISIONS_2021 = Column("decisions", "本年处理决定数量", keywords=("处理决定", "决定数量"))
_PROJECTS = Column("projects", "采购项目数量", unit="项", keywords=("采购项目", "项目数量"))
_PROCUREMENT_AMOUNT = Column(
    "amount", "采购总金额", kind=AMOUNT, unit="万元", keywords=("采购总金额", "总金额", "金额")
)
_FEES_AMOUNT = Column(
    "amount", "本年收费金额（单位：万元）", kind=AMOUNT, unit="万元", keywords=("收费金额", "金额")
)

ACTIVE_BLOCKS: tuple[ActiveBlock, ...] = (
    ActiveBlock(
        "一",
        rows=(
            Row("rules", "规章", keywords=("规章",)),
            Row(
                "normative_documents",
                "规范性文件",
                keywords=("规范性文件",),
                variants=("行政规范性文件",),
            ),
        ),
        columns={
            "2019": (_NEW_MADE, _NEW_PUBLISHED, _TOTAL_PUBLISHED),
            "2021": (_ISSUED, _REPEALED, _IN_FORCE),
        },
    ),
    ActiveBlock(
        "五",
        rows=(
            Row("licensing", "行政许可", keywords=("行政许可",)),
            Row(
                "other_services",
                "其他对外管理服务事项",
                keywords=("对外管理服务", "管理服务事项"),
                editions=("2019",),
            ),
        ),
        columns={"2019": (_PRIOR_ITEMS, _CHANGE, _DECISIONS), "2021": (_DECISIONS_2021,)},
    ),
    ActiveBlock(
        "六",
        rows=(
            Row("penalty", "行政处罚", keywords=("行政处罚",)),
            Row("coercion", "行政强制", keywords=("行政强制",)),
        ),
        columns={"2019": (_PRIOR_ITEMS, _CHANGE, _DECISIONS), "2021": (_DECISIONS_2021,)},
    ),
    ActiveBlock(
        "八",
        rows=(Row("fees", "行政事业性收费", keywords=("事业性收费", "行政事业")),),
        columns={"2019": (_PRIOR_ITEMS, _CHANGE), "2021": (_FEES_AMOUNT,)},
    ),
    ActiveBlock(
        "九",
        rows=(Row("procurement", "政府集中采购", keywords=("集中采购",), editions=("2019",)),),
        columns={"2019": (_PROJECTS, _PROCUREMENT_AMOUNT)},
    ),
)

# ---------------------------------------------------------------------------------------------
# Table 三: 收到和处理政府信息公开申请情况

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("business", "商业企业"),
    Column("research", "科研机构"),
    Column("nonprofit", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
)
APPLICATION_TOTAL_COLUMN = Column("total", "总计")
APPLICATION_COLUMNS: tuple[Column, ...] = APPLICANT_COLUMNS + (APPLICATION_TOTAL_COLUMN,)
APPLICANT_GROUP_LABEL = "法人或其他组织"  # header over the five organisation columns
APPLICANTS_HEADER = "申请人情况"  # header over all applicant columns
APPLICATIONS_BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

_RESULTS = "三、本年度办理结果"
_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"

APPLICATION_ROWS: tuple[Row, ...] = (
    Row("new", "本年新收政府信息公开申请数量", "一、", keywords=("本年新收", "新收")),
    Row("carried_over", "上年结转政府信息公开申请数量", "二、", keywords=("上年结转",)),
    Row("granted", "予以公开", "（一）", _RESULTS, keywords=("予以公开",)),
    Row(
        "partly_granted",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（二）",
        _RESULTS,
        keywords=("部分公开",),
        variants=("部分公开",),
    ),
    Row("withheld_secret", "属于国家秘密", "1.", _WITHHELD, keywords=("国家秘密",)),
    Row(
        "withheld_law",
        "其他法律行政法规禁止公开",
        "2.",
        _WITHHELD,
        keywords=("禁止公开",),
        variants=("其他法律法规规章禁止公开", "其他法律法规禁止公开"),
    ),
    Row("withheld_security", "危及“三安全一稳定”", "3.", _WITHHELD, keywords=("三安全", "一稳定")),
    Row("withheld_third_party", "保护第三方合法权益", "4.", _WITHHELD, keywords=("第三方",)),
    Row("withheld_internal", "属于三类内部事务信息", "5.", _WITHHELD, keywords=("内部事务",)),
    Row("withheld_process", "属于四类过程性信息", "6.", _WITHHELD, keywords=("过程",)),
    Row("withheld_enforcement", "属于行政执法案卷", "7.", _WITHHELD, keywords=("执法案卷",)),
    Row("withheld_inquiry", "属于行政查询事项", "8.", _WITHHELD, keywords=("查询事项",)),
    Row(
        "unavailable_no_info", "本机关不掌握相关政府信息", "1.", _UNAVAILABLE, keywords=("不掌握",)
    ),
    Row(
        "unavailable_needs_creation",
        "没有现成信息需要另行制作",
        "2.",
        _UNAVAILABLE,
        keywords=("另行制作", "现成信息"),
    ),
    Row("unavailable_unclear", "补正后申请内容仍不明确", "3.", _UNAVAILABLE, keywords=("不明确",)),
    Row("rejected_complaint", "信访举报投诉类申请", "1.", _REJECTED, keywords=("信访", "举报投诉")),
    Row("rejected_repeat", "重复申请", "2.", _REJECTED, keywords=("重复申请",)),
    Row("rejected_publication", "要求提供公开出版物", "3.", _REJECTED, keywords=("出版物",)),
    Row(
        "rejected_excessive",
        "无正当理由大量反复申请",
        "4.",
        _REJECTED,
        keywords=("大量反复", "反复申请"),
    ),
    Row(
        "rejected_confirmation",
        "要求行政机关确认或重新出具已获取信息",
        "5.",
        _REJECTED,
        keywords=("重新出具", "确认或"),
    ),
    Row("other", "其他处理", "（六）", _RESULTS, keywords=("其他处理",), editions=("2019",)),
    Row(
        "other_no_correction",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "1.",
        _OTHER,
        keywords=("不补正", "逾期不补"),
        editions=("2021",),
    ),
    Row(
        "other_no_fee",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "2.",
        _OTHER,
        keywords=("缴纳费用", "收费通知"),
        editions=("2021",),
    ),
    Row("other_misc", "其他", "3.", _OTHER, editions=("2021",)),
    Row("total", "总计", "（七）", _RESULTS, keywords=("总计",)),
    Row("carried_forward", "结转下年度继续办理", "四、", keywords=("结转下年",)),
)

# Rows whose sum is the 总计 row (the outcomes of the year), per edition.
APPLICATION_OUTCOME_ROWS: dict[str, tuple[str, ...]] = {
    edition: tuple(
        row.code
        for row in APPLICATION_ROWS
        if row.group in (_RESULTS, _WITHHELD, _UNAVAILABLE, _REJECTED, _OTHER)
        and row.code != "total"
        and edition in row.editions
    )
    for edition in EDITIONS
}

# Labels that head a group of rows and carry no numbers of their own.
APPLICATION_GROUP_LABELS: tuple[str, ...] = (
    "本年度办理结果",
    "不予公开",
    "无法提供",
    "不予处理",
    "申请人情况",
)

# ---------------------------------------------------------------------------------------------
# Table 四: 政府信息公开行政复议、行政诉讼情况

REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
REVIEW_ROWS: tuple[Row, ...] = (
    Row("review", "行政复议"),
    Row("litigation_direct", "未经复议直接起诉", group="行政诉讼"),
    Row("litigation_after_review", "复议后起诉", group="行政诉讼"),
)

# ---------------------------------------------------------------------------------------------
# The prose sections, in order. Headings vary ("五、存在的主要问题及改进情况",
# "五、政府信息公开工作存在的主要问题及改进情况", "5、 存在的主要问题…"), so each is found by keywords.


@dataclass(frozen=True)
class Section:
    key: str
    numeral: str
    heading: str
    keywords: tuple[tuple[str, ...], ...]  # any one tuple whose words all occur in the heading


# Words a printed section heading ends with: where the heading stops when a crawler ran it into the
# text that follows (`一、总体情况2019年，我局…`).
SECTION_HEADING_ENDINGS: tuple[str, ...] = ("情况", "事项", "措施")


SECTIONS: tuple[Section, ...] = (
    Section("overview", "一", "总体情况", (("总体情况",),)),
    Section("active", "二", "主动公开政府信息情况", (("主动公开",),)),
    Section(
        "applications",
        "三",
        "收到和处理政府信息公开申请情况",
        (("收到", "申请"), ("处理", "申请"), ("依申请",)),
    ),
    Section(
        "reviews",
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        (("行政复议",), ("行政诉讼",)),
    ),
    Section("problems", "五", "存在的主要问题及改进情况", (("问题",), ("改进",))),
    Section("other", "六", "其他需要报告的事项", (("其他", "报告"), ("其他", "事项"))),
)
PROSE_SECTIONS: tuple[str, ...] = ("preamble", "overview", "problems", "other")
SECTION_TITLES: dict[str, str] = {"preamble": "前言"} | {
    s.key: f"{s.numeral}、{s.heading}" for s in SECTIONS
}


# ---------------------------------------------------------------------------------------------
# Which cells exist: the data contract, derived from the declarations above.


@dataclass(frozen=True)
class CellSpec:
    table: str
    row: Row
    column: Column
    block: str = ""  # 第二十条 item for the active table

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.table, self.row.code, self.column.code)


@lru_cache(maxsize=8)
def cell_specs(edition: str) -> tuple[CellSpec, ...]:
    """Every cell of the form in this edition, in the order the form prints them."""
    specs: list[CellSpec] = []
    for block in ACTIVE_BLOCKS:
        for row in block.rows:
            if edition in row.editions:
                for column in block.columns.get(edition, ()):
                    specs.append(CellSpec("active", row, column, block.item))
    for row in APPLICATION_ROWS:
        if edition in row.editions:
            for column in APPLICATION_COLUMNS:
                specs.append(CellSpec("applications", row, column))
    for row in REVIEW_ROWS:
        for column in REVIEW_COLUMNS:
            specs.append(CellSpec("reviews", row, column))
    return tuple(specs)


@lru_cache(maxsize=4096)  # pure, and called for every cell of every page
def all_row_codes(table: str) -> tuple[str, ...]:
    """Every row code the table can have in any edition (for enum constraints)."""
    if table == "active":
        return tuple(row.code for block in ACTIVE_BLOCKS for row in block.rows)
    if table == "applications":
        return tuple(row.code for row in APPLICATION_ROWS)
    return tuple(row.code for row in REVIEW_ROWS)


@lru_cache(maxsize=4096)
def all_column_codes(table: str) -> tuple[str, ...]:
    if table == "active":
        seen: dict[str, None] = {}
        for block in ACTIVE_BLOCKS:
            for columns in block.columns.values():
                for column in columns:
                    seen.setdefault(column.code)
        return tuple(seen)
    if table == "applications":
        return tuple(c.code for c in APPLICATION_COLUMNS)
    return tuple(c.code for c in REVIEW_COLUMNS)


def find_spec(edition: str, table: str, row: str, column: str) -> CellSpec | None:
    for spec in cell_specs(edition):
        if spec.key == (table, row, column):
            return spec
    return None


_APPLICATION_ROWS_BY_CODE: dict[str, Row] = {row.code: row for row in APPLICATION_ROWS}


def application_row(code: str) -> Row:
    return _APPLICATION_ROWS_BY_CODE[code]


TABLE_NUMERALS: dict[str, str] = {"active": "二", "applications": "三", "reviews": "四"}


@lru_cache(maxsize=4096)
def row_title(table: str, row_code: str) -> str:
    """A row named with the form's own words, e.g. `三（三）不予公开 1.属于国家秘密`,
    `二 第二十条第（一）项 · 规章`, `四 行政诉讼 · 复议后起诉`; the code itself when unknown."""
    numeral = TABLE_NUMERALS.get(table, "")
    if table == "active":
        for block in ACTIVE_BLOCKS:
            for row in block.rows:
                if row.code == row_code:
                    return f"{numeral} {block.label} · {row.label}"
    elif table == "applications" and row_code in _APPLICATION_ROWS_BY_CODE:
        row = _APPLICATION_ROWS_BY_CODE[row_code]
        group = row.group.removeprefix("三、") if row.group else ""
        if group and group != "本年度办理结果":
            return f"{numeral}{group} {row.printed_label}"
        separator = "" if row.printed_label.startswith("（") else " "
        return f"{numeral}{separator}{row.printed_label}"
    elif table == "reviews":
        for row in REVIEW_ROWS:
            if row.code == row_code:
                return f"{numeral} {row.group + ' · ' if row.group else ''}{row.label}"
    return row_code


@lru_cache(maxsize=4096)
def column_title(table: str, column_code: str) -> str:
    """A column's printed header (the first edition that has it); the code itself when unknown."""
    if table == "active":
        for block in ACTIVE_BLOCKS:
            for columns in block.columns.values():
                for column in columns:
                    if column.code == column_code:
                        return column.label
    columns = APPLICATION_COLUMNS if table == "applications" else REVIEW_COLUMNS
    for column in columns:
        if column.code == column_code:
            return column.label
    return column_code


@lru_cache(maxsize=4096)
def cell_title(table: str, row_code: str, column_code: str) -> str:
    """`三（一）予以公开 · 商业企业`: one cell named with the form's own labels."""
    return f"{row_title(table, row_code)} · {column_title(table, column_code)}"


# The cells a collection's totals, shares and rankings add up (table 三's 总计 column, the whole of
# table 四): each report kept by a build (pipeline/store.py) holds their values, so that summing
# them over thousands of reports reads no report back from disk.
SUMMED_CELLS: tuple[tuple[str, str, str], ...] = tuple(
    ("applications", row, APPLICATION_TOTAL_COLUMN.code) for row in all_row_codes("applications")
) + tuple(
    ("reviews", row, column)
    for row in all_row_codes("reviews")
    for column in all_column_codes("reviews")
)
