"""The Table Schemas of every resource, declared once; CSV, Parquet and the README all follow them.

Codes, labels and which numbers may be summed come from `template/form.py` and
`template/identities.py`; nothing here repeats a label list of the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from package_builder.copies import COPY_KINDS
from package_builder.describe import LEVELS
from parsers.ocr_gate import MIN_CONFIDENCE, OCR, TEXT
from parsers.record import FAIL, NOT_ASSESSABLE, PASS
from places.model import IDENTITY_SOURCES, PLACE_SOURCES
from template.form import (
    ACTIVE_BLOCKS,
    AMOUNT,
    APPLICATION_COLUMNS,
    CHANGE,
    COUNT,
    EDITION_NOTICES,
    EDITIONS,
    REVIEW_COLUMNS,
    SECTION_TITLES,
    TABLES,
    Column,
    all_column_codes,
    all_row_codes,
)
from template.identities import IDENTITY_KINDS

MISSING_VALUES: list[str] = [""]
PRESENCES: dict[str, str] = {
    "number": "报告填写了数字",
    "blank": "报告印出了该格但未填数字（空白、“—”、“/”等）",
    "absent": "报告中没有该格（整行或整表缺失）",
}
# How a cell's value was read (parsers.ocr_gate: TEXT, OCR); blank for a cell the report lacks.
METHODS: dict[str, str] = {
    TEXT: "从文字读出（网页、Word、有文字层的 PDF、文本）",
    OCR: "从图像识别读出（扫描件、图片）：只发布经勾稽关系核实、或（无勾稽关系可核的格）识别置信度"
    f"不低于 {MIN_CONFIDENCE} 的数字，其余留空并给出警告",
}
KIND_LABELS: dict[str, str] = {COUNT: "件数", CHANGE: "增减数", AMOUNT: "金额"}


@dataclass(frozen=True)
class ResourceSpec:
    name: str
    title: str
    description: str
    schema: dict[str, Any]


def _field(name: str, type_: str, title: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "title": title, "description": description} | extra


def _enum(values: object, required: bool = False) -> dict[str, Any]:
    constraints: dict[str, Any] = {"enum": list(dict.fromkeys(values))}  # type: ignore[call-overload]
    if required:
        constraints["required"] = True
    return {"constraints": constraints}


def _required() -> dict[str, Any]:
    return {"constraints": {"required": True}}


def _unique_codes(*groups: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(code for group in groups for code in group))


TABLE_CODES = tuple(TABLES)
ALL_ROW_CODES = _unique_codes(*(all_row_codes(table) for table in TABLE_CODES))
ALL_COLUMN_CODES = _unique_codes(*(all_column_codes(table) for table in TABLE_CODES))


def report_id_field(description: str = "报告编号，见 reports 表") -> dict[str, Any]:
    return _field(
        "report_id",
        "string",
        "报告编号",
        description,
        constraints={"required": True, "pattern": "[a-z0-9-]+"},
    )


def _foreign_key_to_reports() -> list[dict[str, Any]]:
    return [
        {
            "fields": ["report_id"],
            "reference": {"resource": "reports", "fields": ["report_id"]},
        }
    ]


def _schema(
    fields: list[dict[str, Any]],
    primary_key: list[str] | None,
    foreign_keys: bool = True,
) -> dict[str, Any]:
    for field in fields:
        if field["type"] in ("integer", "number"):
            # Years, positions and line numbers are numbers but not quantities: never summed.
            field.setdefault("summable", False)
    schema: dict[str, Any] = {"fields": fields, "missingValues": MISSING_VALUES}
    if primary_key:
        schema["primaryKey"] = primary_key
    if foreign_keys:
        schema["foreignKeys"] = _foreign_key_to_reports()
    return schema


def _year_template_fields() -> list[dict[str, Any]]:
    return [
        _field("year", "integer", "报告年度", "报告所述年度（公历年）；无法识别时为空"),
        _field(
            "template",
            "string",
            "表式版本",
            "报告采用的年度报告格式："
            + "；".join(f"{e} = {notice}" for e, notice in EDITION_NOTICES.items()),
            **_enum(EDITIONS),
        ),
    ]


def _number_field(column: Column, title: str) -> dict[str, Any]:
    """One number of the form in a wide table: integer for counts, number for money."""
    type_ = "number" if column.kind == AMOUNT else "integer"
    description = (
        f"{title}（{KIND_LABELS[column.kind]}，单位：{column.unit}）。"
        + (
            "可跨报告加总。"
            if column.summable
            else "不可与件数相加，也不宜跨报告加总（增减数或金额）。"
        )
        + "空白表示报告未填写，不等于 0。"
    )
    return _field(column.code, type_, title, description, summable=column.summable)


def _reports_schema() -> dict[str, Any]:
    count = "integer"
    fields = [
        report_id_field("报告编号：年度加机关名称拼音，重名时附地区或文件指纹；稳定、可作网址"),
        _field("agency", "string", "机关名称", "发布报告的行政机关，按报告所印"),
        _field(
            "agency_slug",
            "string",
            "机关网址代码",
            "机关页的网址代码（机关常用名称的拼音，重名时附地区），同一 agency_id 相同",
        ),
        _agency_id_field("机关编号，见 agencies 表；同一机关不同年度、不同写法的名称编号相同"),
        _field(
            "agency_source",
            "string",
            "机关名称来源",
            "机关名称取自报告何处：title 标题、signature 落款、body 正文、manifest 清单",
        ),
        _field(
            "agency_level",
            "string",
            "机关层级",
            "省级、市级、县级、乡镇街道、部门；由机关名称推断（见 level_inferred）",
            **_enum(LEVELS, required=True),
        ),
        _field(
            "level_inferred",
            "boolean",
            "层级为推断",
            "true 表示层级由机关名称推断而来，并非来源明示",
        ),
        *_place_fields(),
        _field("region", "string", "清单地区", "manifest.csv 给出的地区，原样保留"),
        *_year_template_fields(),
        _field("title", "string", "标题（原文）", "报告所印标题；报告未印标题时为空"),
        _field(
            "display_title",
            "string",
            "显示标题",
            "所印标题，未印时为“机关+年度+政府信息公开工作年度报告”",
            **_required(),
        ),
        _field("published", "date", "发布日期", "报告所载的成文或发布日期；未载明时为空"),
        _field("source_file", "string", "来源文件", "报告文件名"),
        _field("source_format", "string", "文件格式", "txt、md、html、docx、pdf 等"),
        _field(
            "source_url",
            "string",
            "来源网址",
            "报告的原始网址：清单（manifest.csv）给出的，或爬虫记在文本开头的“原文链接”",
        ),
        _field(
            "source_sha256",
            "string",
            "文件 SHA-256",
            "来源文件内容的 SHA-256 指纹，可用于核对原件",
            constraints={"pattern": "[0-9a-f]{64}"},
        ),
        _field("cells", count, "表格格数", "该报告所用表式共有多少格", summable=True),
        _field(
            "cells_blank",
            count,
            "空白格数",
            "未填写数字的格数（印出空白或整行缺失）",
            summable=True,
        ),
        _field("checks_failed", count, "未通过校验数", "表内勾稽关系不成立的条数", summable=True),
        _field(
            "checks_not_assessable",
            count,
            "无法校验数",
            "因相关格为空白而无法判断的勾稽关系条数",
            summable=True,
        ),
        _field(
            "warnings", count, "解析提示数", "解析时记录的提示条数，见 warnings 表", summable=True
        ),
        _field(
            "counted",
            "boolean",
            "计入统计",
            "每个机关每个年度只有一份报告计入统计：读出单元格最多者，其次通过校验最多者，"
            "再次按格式（html、docx、pdf、md、txt），最后按文件名。"
            "false 表示这是另一份报告（copy_of）的副本，任何合计都不应计入",
            **_required(),
        ),
        _field(
            "copy_of",
            "string",
            "副本所属报告",
            "副本所属的、计入统计的报告编号（report_id）；计入统计的报告为空",
        ),
        _field(
            "copy_kind",
            "string",
            "副本类别",
            _codes_text(COPY_KINDS) + "；计入统计的报告为空",
            **_enum(COPY_KINDS),
        ),
        _field(
            "choice_reason",
            "string",
            "选定理由",
            "有副本时，说明为什么计入统计的是这一份；没有副本时为空",
        ),
    ]
    schema = _schema(fields, ["report_id"], foreign_keys=False)
    schema["foreignKeys"] = [
        {"fields": ["agency_id"], "reference": {"resource": "agencies", "fields": ["agency_id"]}}
    ]
    return schema


def _agency_id_field(description: str, required: bool = False) -> dict[str, Any]:
    constraints: dict[str, Any] = {"pattern": "[0-9a-z]+(-[0-9a-z]+)*"}
    if required:
        constraints["required"] = True
    return _field("agency_id", "string", "机关编号", description, constraints=constraints)


def _place_fields() -> list[dict[str, Any]]:
    found = "由 manifest.csv 的地区、机关名称、报告正文（所引上级政府、落款）、文件夹、原文链接依次确定，见 place_source"
    return [
        _field("province", "string", "省份", f"省级行政区；{found}；无法确定时为空"),
        _field("city", "string", "地市", f"地级行政区（直辖市为其本身）；{found}"),
        _field("county", "string", "区县", f"县级行政区；{found}"),
        _field("town", "string", "乡镇街道", "机关是乡镇、街道或名称中写明乡镇、街道时填写"),
        _field(
            "division_code",
            "string",
            "行政区划代码",
            "所知最精确的一级行政区的 6 位代码（县级，或只知道地市、省份时为其代码），"
            "取自 jionlp 行政区划词典；地点不详时为空",
            constraints={"pattern": "[0-9]{6}"},
        ),
        _field(
            "place_source",
            "string",
            "地点来源",
            "地点据何确定：" + _codes_text(PLACE_SOURCES) + "；地点不详时为空",
            **_enum(PLACE_SOURCES),
        ),
    ]


def _agencies_schema() -> dict[str, Any]:
    fields = [
        _agency_id_field(
            "机关编号：行政区划代码加规范化机关名称的拼音（去掉代码已含的地名，人民政府与政府、"
            "街道办事处与街道、全角与半角、空格不计），如 320813-zhengfu；地点不详时以 x 开头",
            required=True,
        ),
        _field(
            "name",
            "string",
            "机关名称",
            "该机关最常用的名称（次数相同时取最短的）",
            **_required(),
        ),
        _field(
            "name_variants",
            "string",
            "所用名称",
            "该机关在各份报告中所印的全部名称，以“；”分隔",
        ),
        _field("agency_slug", "string", "机关网址代码", "网站机关页的网址代码"),
        _field("level", "string", "机关层级", "由机关名称推断", **_enum(LEVELS, required=True)),
        *_place_fields(),
        _field("place_note", "string", "地点说明", "地点不详或不够精确时的原因"),
        _field(
            "identity_source",
            "string",
            "机关认定来源",
            "同一机关如何认定：" + _codes_text(IDENTITY_SOURCES),
            **_enum(IDENTITY_SOURCES),
        ),
        _field("reports", "integer", "报告份数", "该机关的报告文件数（含副本）", summable=True),
        _field("years", "string", "年度", "有报告的年度，以“；”分隔"),
    ]
    return _schema(fields, ["agency_id"], foreign_keys=False)


def _item_field() -> dict[str, Any]:
    items = [block.item for block in ACTIVE_BLOCKS]
    return _field(
        "item",
        "string",
        "第二十条事项",
        f"主动公开表对应的《条例》第二十条项次（{'、'.join(items)}），其他表为空",
        **_enum(items),
    )


def _row_group_field() -> dict[str, Any]:
    return _field("row_group", "string", "所属分组", "该行所属的上级栏目，如“（三）不予公开”")


def _row_label_field() -> dict[str, Any]:
    return _field("row_label", "string", "行名称", "表式中该行的文字（含序号）")


def _table_field() -> dict[str, Any]:
    return _field("table", "string", "表", "表代码：" + _codes_text(TABLES), **_enum(TABLES, True))


def _row_field() -> dict[str, Any]:
    return _field("row", "string", "行代码", "行的英文代码", **_enum(ALL_ROW_CODES, True))


def _column_field() -> dict[str, Any]:
    return _field("column", "string", "列代码", "列的英文代码", **_enum(ALL_COLUMN_CODES, True))


UNKNOWN_EDITION = "unknown"  # cells of a report whose edition was not identified
CELL_EDITIONS = (*EDITIONS, UNKNOWN_EDITION)


def _edition_field(name: str, title: str, description: str) -> dict[str, Any]:
    return _field(
        name,
        "string",
        title,
        description
        + "："
        + "；".join(f"{e} = {notice}" for e, notice in EDITION_NOTICES.items())
        + f"；{UNKNOWN_EDITION} = 未能识别表式",
        **_enum(CELL_EDITIONS, True),
    )


def _codes_schema() -> dict[str, Any]:
    fields = [
        _edition_field("edition", "表式版本", "单元格所属的表式版本"),
        _table_field(),
        _field("table_label", "string", "表名", "表的中文名称"),
        _item_field(),
        _row_field(),
        _row_label_field(),
        _row_group_field(),
        _column_field(),
        _field("column_label", "string", "列名称", "表式中该列的文字"),
        _field(
            "kind",
            "string",
            "数值类别",
            "count 件数、change 增减数、amount 金额",
            **_enum(KIND_LABELS, True),
        ),
        _field("unit", "string", "单位", "件、项、万元"),
        _field(
            "summable",
            "boolean",
            "可加总",
            "true：该格为件数，可跨报告加总；false：增减数或金额，不可与件数相加",
        ),
        _field(
            "in_form",
            "boolean",
            "表式所列",
            "true：该版本表式印有这一格；false：该格属于另一版本表式，"
            "只在报告多印了它时出现（名称取自印有它的版本）",
            **_required(),
        ),
    ]
    return _schema(fields, ["edition", "table", "row", "column"], foreign_keys=False)


def _foreign_key_to_codes() -> dict[str, Any]:
    return {
        "fields": ["template", "table", "row", "column"],
        "reference": {"resource": "codes", "fields": ["edition", "table", "row", "column"]},
    }


def _cells_schema() -> dict[str, Any]:
    fields = [
        report_id_field(),
        _year_template_fields()[0],
        _edition_field(
            "template", "表式版本", "报告采用的年度报告格式，与 table、row、column 一起见 codes 表"
        ),
        _table_field(),
        _row_field(),
        _column_field(),
        _field(
            "value",
            "number",
            "数值",
            "报告填写的数字。件数与金额共用此列，故为 number 类型；只应加总 codes 表中 summable "
            "为 true 且单位相同的格。空白表示报告未填写或没有该格，不等于 0。",
            summable=False,
        ),
        _field(
            "presence",
            "string",
            "填写情况",
            "；".join(f"{code}：{text}" for code, text in PRESENCES.items()),
            **_enum(PRESENCES, True),
        ),
        _field("raw", "string", "原文", "该格在报告中的原始文字；空白格或缺失格为空"),
        _field("line", "integer", "来源行号", "数值读自来源文本的第几行（从 1 起）"),
        _field(
            "method",
            "string",
            "读取方式",
            "；".join(f"{code}：{text}" for code, text in METHODS.items()),
            **_enum(METHODS),
        ),
    ]
    schema = _schema(fields, ["report_id", "table", "row", "column"])
    schema["foreignKeys"].append(_foreign_key_to_codes())
    return schema


def _wide_schema(resource: str) -> dict[str, Any]:
    table, columns = WIDE_TABLES[resource]
    fields = [
        report_id_field(),
        *_year_template_fields(),
    ]
    if table == "active":
        fields.append(_item_field())
    fields += [
        _field("row", "string", "行代码", "行的英文代码", **_enum(all_row_codes(table), True)),
        _row_label_field(),
    ]
    if table == "applications":
        fields.append(_row_group_field())
    fields += [_number_field(column, column.label) for column in columns]
    return _schema(fields, ["report_id", "row"])


def _active_columns() -> tuple[Column, ...]:
    """Every column of table 二 in any edition, each code once (2021's label when both differ)."""
    by_code: dict[str, Column] = {}
    for edition in EDITIONS:
        for block in ACTIVE_BLOCKS:
            for column in block.columns.get(edition, ()):
                by_code[column.code] = column
    return tuple(by_code[code] for code in all_column_codes("active"))


# Wide resources: the form's table each one spreads out, and its value columns in order.
WIDE_TABLES: dict[str, tuple[str, tuple[Column, ...]]] = {
    "active_disclosure": ("active", _active_columns()),
    "applications": ("applications", APPLICATION_COLUMNS),
    "reviews": ("reviews", REVIEW_COLUMNS),
}


def _checks_schema() -> dict[str, Any]:
    fields = [
        report_id_field(),
        _field(
            "check_id",
            "string",
            "校验编号",
            "勾稽关系编号，如 applications.balance.total",
            **_required(),
        ),
        _field(
            "kind",
            "string",
            "校验类别",
            _codes_text(IDENTITY_KINDS),
            **_enum(IDENTITY_KINDS, True),
        ),
        _field("table", "string", "表", "所涉表代码", **_enum(TABLES, True)),
        _field("row", "string", "行代码", "所涉行；跨行的校验为空", **_enum(ALL_ROW_CODES)),
        _field("column", "string", "列代码", "所涉列；跨列的校验为空", **_enum(ALL_COLUMN_CODES)),
        _field("description", "string", "说明", "该勾稽关系的中文说明"),
        _field("expected", "number", "应为", "按表式计算应得的合计", summable=False),
        _field("reported", "number", "报告值", "报告所填的合计", summable=False),
        _field("difference", "number", "差额", "报告值减应为值", summable=False),
        _field(
            "status",
            "string",
            "结果",
            f"{PASS} 通过、{FAIL} 不成立、{NOT_ASSESSABLE} 因空白无法判断",
            **_enum((PASS, FAIL, NOT_ASSESSABLE), True),
        ),
        _field(
            "blank_operands",
            "string",
            "空白的相关格",
            "参与计算但为空白的格（行/列），以“; ”分隔",
        ),
        _field(
            "message",
            "string",
            "校验说明",
            "用表式自己的栏目名称说明这条校验及其结果，如“三（七）总计 · 自然人：……——不成立：应为 10，报告值 12，差额 2”",
        ),
    ]
    return _schema(fields, ["report_id", "check_id"])


def _sections_schema() -> dict[str, Any]:
    fields = [
        report_id_field(),
        _field("position", "integer", "顺序", "该段在报告中的顺序（从 1 起）", **_required()),
        _field(
            "key",
            "string",
            "栏目代码",
            _codes_text(SECTION_TITLES),
            **_enum(SECTION_TITLES, True),
        ),
        _field("heading", "string", "标题（原文）", "报告所印的栏目标题；前言为空"),
        _field("text", "string", "正文", "整理后的栏目正文，供阅读与检索"),
    ]
    return _schema(fields, ["report_id", "position"])


def _warnings_schema() -> dict[str, Any]:
    fields = [
        report_id_field(),
        _field("position", "integer", "顺序", "提示在该报告中的顺序（从 1 起）", **_required()),
        _field("code", "string", "提示类别", "机器可读的提示类别，如 fuzzy_label、row_shape"),
        _field("code_label", "string", "提示类别（中文）", "提示类别的中文名称"),
        _field("message", "string", "提示内容", "解析时记录的提示，用表式自己的栏目名称说明"),
        _field("line", "integer", "来源行号", "提示所指来源文本的行号"),
    ]
    return _schema(fields, ["report_id", "position"])


def _failures_schema() -> dict[str, Any]:
    fields = [
        _field("file", "string", "文件", "未能解析或被跳过的文件", **_required()),
        _field(
            "outcome",
            "string",
            "处理结果",
            "failed：不是可读的年度报告或解析出错；skipped：不是支持的报告文件格式",
            **_enum(("failed", "skipped"), True),
        ),
        _field("reason", "string", "原因（英文）", "未能收录的原因，与命令行输出一致（英文）"),
        _field("message", "string", "原因", "未能收录的原因（中文）"),
    ]
    return _schema(fields, None, foreign_keys=False)


def _codes_text(codes: dict[str, str]) -> str:
    return "；".join(f"{code} = {label}" for code, label in codes.items())


RESOURCES: tuple[ResourceSpec, ...] = (
    ResourceSpec(
        "reports", "报告", "每份年度报告一行：机关、年度、表式、来源与质量概况", _reports_schema()
    ),
    ResourceSpec(
        "agencies",
        "机关",
        "每个机关一行：编号、名称及其各年写法、层级、所在地（省、市、县、乡镇街道、行政区划代码）"
        "与地点来源；reports 表以 agency_id 关联到这里（外键）",
        _agencies_schema(),
    ),
    ResourceSpec(
        "codes",
        "单元格代码表",
        "两版表式每一格的代码（版本、表、行、列）及其中文表名、行名、列名、类别、单位、可否加总；"
        "cells 表以 template、table、row、column 关联到这里（外键）",
        _codes_schema(),
    ),
    ResourceSpec(
        "cells",
        "表格数据（长表）",
        "每份报告表二、表三、表四的每一格一行：代码、数值、原文与来源行号。"
        "中文表名、行名、列名、单位与可否加总不再逐行重复，见 codes 表（按 template、table、row、"
        "column 关联）；宽表与网站每份报告的下载仍带中文名称",
        _cells_schema(),
    ),
    ResourceSpec(
        "active_disclosure",
        "主动公开情况（宽表）",
        f"表二“{TABLES['active']}”：每份报告每行一行，每列一栏",
        _wide_schema("active_disclosure"),
    ),
    ResourceSpec(
        "applications",
        "依申请公开情况（宽表）",
        f"表三“{TABLES['applications']}”：每份报告每行一行，每类申请人一栏",
        _wide_schema("applications"),
    ),
    ResourceSpec(
        "reviews",
        "行政复议与诉讼（宽表）",
        f"表四“{TABLES['reviews']}”：每份报告每行一行，每种结果一栏",
        _wide_schema("reviews"),
    ),
    ResourceSpec("checks", "勾稽校验", "每份报告每条表内勾稽关系的校验结果", _checks_schema()),
    ResourceSpec(
        "sections",
        "文字部分",
        "报告的文字栏目（前言、总体情况、问题与改进、其他事项）",
        _sections_schema(),
    ),
    ResourceSpec("warnings", "解析提示", "解析每份报告时记录的提示", _warnings_schema()),
    ResourceSpec(
        "failures",
        "未收录文件",
        "未能解析或被跳过的文件及原因，不静默丢弃任何文件",
        _failures_schema(),
    ),
)
