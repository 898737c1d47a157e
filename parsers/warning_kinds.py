"""What each warning code means, in Chinese: shown beside the code on the site and in the package.

The codes stay machine-readable (`row_shape`); a reader sees the words. A code not listed here is
shown with the generic name UNKNOWN_KIND, never dropped.
"""

from __future__ import annotations

WARNING_KINDS: dict[str, str] = {
    "fuzzy_label": "行名与表式近似而非一致",
    "unknown_label": "无法对应到表式的行名",
    "row_shape": "数字个数与栏目不符",
    "digit_run": "数字连写（分隔符丢失）",
    "misplaced_row": "数字错栏，整行留空",
    "unconfirmed_row": "按格数放置而总计空白，整行留空",
    "row_order": "行标签损坏，按表式行序读取",
    "duplicate_row": "同一行出现两次",
    "odd_value": "数值异常",
    "missing_rows": "表式中的行未找到",
    "no_agency": "未找到机关名称",
    "no_year": "未找到报告年度",
    "no_edition": "未能判断表式版本",
    "edition_conflict": "两版表式混用",
    "not_in_edition": "不属于该版表式的格",
    "spam": "混入与报告无关的文字",
    "prose_mismatch": "正文与表格不符",
    "duplicate_file": "相同文件的副本",
    "conflict": "同一机关同一年度有不同文件",
    "place_unknown": "机关所在地不详",
    "maybe_same_agency": "地点不详的同名机关，按不同机关计入",
    "ocr_unconfirmed": "图像识别的数字未经核实，留空",
}
UNKNOWN_KIND = "解析提示"


def warning_kind(code: str) -> str:
    return WARNING_KINDS.get(code, UNKNOWN_KIND)
