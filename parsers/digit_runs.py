"""Rows whose cell separators a crawler removed: `规范性文件898989`, `…申请数量230000023`.

The digits are read as the row's cells only when a single reading exists, or exactly one
satisfies the row's identities (e.g. 总计 = the sum of the six applicant columns); when several do,
they are returned for the identities across rows to decide (parsers/row_order.py); otherwise
nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from template.form import AMOUNT, CHANGE, COUNT

MAX_DIGITS = 40
MAX_SPLITS = 200_000
MAX_CANDIDATES = 12

Validator = Callable[[list[int]], bool] | Callable[[list[Decimal]], bool]


def totals_in_groups(width: int) -> Validator:
    """Each group of `width` numbers ends with the sum of the others (table 三 rows, table 四)."""

    def valid(numbers: list[int]) -> bool:
        return all(
            numbers[i + width - 1] == sum(numbers[i : i + width - 1])
            for i in range(0, len(numbers), width)
        )

    return valid


# A part of a glued run, by the kind of column it fills.
_PART = {
    COUNT: re.compile(r"0|[1-9][0-9]*"),
    CHANGE: re.compile(r"[-+]?(?:0|[1-9][0-9]*)"),
    AMOUNT: re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"),
}
_UNIT = re.compile(r"(万元|元)$")


@dataclass(frozen=True)
class GluedSplit:
    numbers: list[Decimal] | None  # the one reading, or None
    units: list[str | None]  # a printed money unit, on the number it ends
    readings: int  # how many ways the groups can be read as the row's columns
    satisfying: int  # how many of those satisfy the row's identities
    # when more than one reading satisfies them (and not too many): those readings, for identities
    # across rows to decide between
    candidates: list[list[Decimal]] = field(default_factory=list)


def split_glued(groups: list[str], kinds: list[str], valid: Validator | None = None) -> GluedSplit:
    """Read a row's digit groups as printed by a crawler (`1 0 00 0 0 1`, `1-10`, `547.9659万元`) as
    one number per column. Each group holds one or more whole numbers (no leading zeros, a sign
    only in a change column, a decimal point only in an amount column). A reading is taken when it
    is the only one, or the only one that satisfies the row's identities; otherwise none is."""
    if len(groups) != len(kinds) and sum(map(len, groups)) > MAX_DIGITS:
        return GluedSplit(None, [], 2, 0)  # too long to be a row of counts: never guessed
    units: list[str | None] = []
    texts: list[str] = []
    for group in groups:
        unit = _UNIT.search(group)
        texts.append(group[: unit.start()] if unit else group)
        units.append(unit[1] if unit else None)
    readings: list[list[str]] = []
    group_ends: list[list[int]] = []
    for reading, ends in _readings(texts, kinds, 0):
        readings.append(reading)
        group_ends.append(ends)
        if len(readings) > MAX_SPLITS:
            return GluedSplit(None, [], len(readings), 2)
    if not readings:
        return GluedSplit(None, [], 0, 0)
    numbers = [[Decimal(part) for part in reading] for reading in readings]
    if len(readings) == 1:
        chosen = 0
        satisfying = 1 if valid is None or valid(numbers[0]) else 0
    else:
        passing = [i for i, reading in enumerate(numbers) if valid is not None and valid(reading)]
        satisfying = len(passing)
        if satisfying != 1:
            candidates = [numbers[i] for i in passing] if satisfying <= MAX_CANDIDATES else []
            return GluedSplit(None, [], len(readings), satisfying, candidates)
        chosen = passing[0]
    part_units: list[str | None] = [None] * len(kinds)
    for group, end in enumerate(group_ends[chosen]):
        part_units[end - 1] = units[group]
    return GluedSplit(numbers[chosen], part_units, len(readings), satisfying)


def _readings(
    texts: list[str], kinds: list[str], column: int
) -> Iterator[tuple[list[str], list[int]]]:
    """Every reading of the groups as the columns from `column` on, with the column each group
    ends at."""
    if not texts:
        if column == len(kinds):
            yield [], []
        return
    groups_left = len(texts) - 1
    for count in range(1, len(kinds) - column - groups_left + 1):
        for parts in _cuts(texts[0], kinds[column : column + count]):
            for rest, ends in _readings(texts[1:], kinds, column + count):
                yield parts + rest, [column + count, *ends]


def _cuts(text: str, kinds: list[str]) -> Iterator[list[str]]:
    if len(kinds) == 1:
        if _PART[kinds[0]].fullmatch(text):
            yield [text]
        return
    pattern = _PART[kinds[0]]
    for width in range(1, len(text)):
        head = text[:width]
        if pattern.fullmatch(head):
            for rest in _cuts(text[width:], kinds[1:]):
                yield [head, *rest]
