"""Printed cell text → the value the data package carries."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from parsers.normalize import LINES_KEPT
from parsers.record import Number
from parsers.tokens import EMPTY, Token
from template.form import AMOUNT, COUNT, Column

_TEN_THOUSAND = Decimal(10000)


# Beyond 2^53 a number cannot be carried exactly through JSON, JavaScript or a float column;
# no count or amount in a report comes near it, so such a value is a misreading or junk.
LARGEST_EXACT = 2**53


def as_number(number: Decimal) -> Number | None:
    """An int when whole, else a float (JSON has no decimal type); None when the number cannot be
    carried exactly (too large, or not finite)."""
    if not number.is_finite() or abs(number) >= LARGEST_EXACT:
        return None
    if number == number.to_integral_value():
        return int(number)
    return float(number.normalize())


def cell_value(
    token: Token, column: Column, header_unit: str | None = None
) -> tuple[Number | None, str | None]:
    """(value, problem). Money is always in 万元 whatever unit is printed; blanks stay None."""
    if token.kind == EMPTY or token.number is None:
        return None, None
    return _value(token.number, token.unit or header_unit, column.kind)


@lru_cache(maxsize=LINES_KEPT)
def _value(number: Decimal, unit: str | None, kind: str) -> tuple[Number | None, str | None]:
    if kind == AMOUNT and unit == "元":
        number = number / _TEN_THOUSAND
    value = as_number(number)
    if value is None:
        return None, "大到不可能是真实数字（留空）"
    if kind == AMOUNT:
        return value, None
    problem = None
    if unit in ("元", "万元", "万"):
        problem = f"在计数栏中带有金额单位（{unit}）"
    elif number != number.to_integral_value():
        problem = "在计数栏中是小数"
    elif kind == COUNT and number < 0:
        problem = "是负的件数"
    return value, problem


def fit_values(values: list[Token], expected: int, spans_first: bool = False) -> list[Token] | None:
    """The row's cells when they can be placed without guessing: filler blanks beyond the expected
    count are dropped from the end, then from the start — or start first when the row is
    tab-separated, since extractions print a label's spanned columns as empty cells after the label
    (sample 002) while pipe layouts pad rows at the end (sample 001). Any other count is
    unplaceable (None)."""
    cells = list(values)

    def drop_trailing() -> None:
        while len(cells) > expected and cells[-1].kind == EMPTY:
            cells.pop()

    def drop_leading() -> None:
        while len(cells) > expected and cells[0].kind == EMPTY:
            cells.pop(0)

    for drop in (drop_leading, drop_trailing) if spans_first else (drop_trailing, drop_leading):
        drop()
    return cells if len(cells) == expected else None
