"""A check explained in Chinese with the form's own labels, for the site and the data package."""

from __future__ import annotations

from parsers.record import FAIL, PASS, Check, Number
from template.form import TABLE_NUMERALS, cell_title, column_title, row_title

TOO_LARGE = "too-large"  # a blank_operands entry: the sum is too large to carry exactly


def check_place(check: Check) -> str:
    """What the check is about: a cell, a row or a column of a table, named as the form names it."""
    if check.row and check.column:
        return cell_title(check.table, check.row, check.column)
    if check.row:
        return row_title(check.table, check.row)
    if check.column:
        return f"{TABLE_NUMERALS.get(check.table, '')} {column_title(check.table, check.column)}列"
    return TABLE_NUMERALS.get(check.table, check.table)


def operand_title(table: str, operand: str) -> str:
    """A blank operand "row/column" of a check named with the form's labels."""
    row, _, column = operand.partition("/")
    return cell_title(table, row, column)


def _number(value: Number | None) -> str:
    if value is None:
        return "空白"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.6g}"


def check_message(check: Check) -> str:
    """`三（七）总计 · 自然人：总计等于各项办理结果之和——不成立：应为 10，报告值 12，差额 2`."""
    head = f"{check_place(check)}：{check.description}"
    if check.status == PASS:
        return f"{head}——成立"
    if check.status == FAIL:
        return (
            f"{head}——不成立：应为 {_number(check.expected)}，报告值 {_number(check.reported)}，"
            f"差额 {_number(check.difference)}"
        )
    blanks = "、".join(
        operand_title(check.table, o) for o in check.blank_operands if o != TOO_LARGE
    )
    if not blanks:
        return f"{head}——无法校验：合计过大，无法精确相加"
    return f"{head}——无法校验：{blanks} 为空白"
