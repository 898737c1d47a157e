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

MAX_DIGITS = 64
MAX_SPLITS = 200_000
MAX_CANDIDATES = 12

Validator = Callable[[list[int]], bool] | Callable[[list[Decimal]], bool]


class GroupTotals:
    """Each group of `width` numbers ends with the sum of the others (table 三 rows, table 四).
    `partial` checks the groups a reading has completed so far, so a long glued run is pruned as
    it is read instead of listed whole."""

    def __init__(self, width: int) -> None:
        self.width = width

    def __call__(self, numbers: list[Decimal]) -> bool:
        width = self.width
        return all(
            numbers[i + width - 1] == sum(numbers[i : i + width - 1])
            for i in range(0, len(numbers), width)
        )

    def partial(self, numbers: list[Decimal]) -> bool:
        """The last group, when the numbers so far just completed one, adds up."""
        if not numbers or len(numbers) % self.width:
            return True
        group = numbers[-self.width :]
        return group[-1] == sum(group[:-1])


def totals_in_groups(width: int) -> GroupTotals:
    return GroupTotals(width)


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
    total = _count_readings(texts, kinds)
    if total == 0:
        return GluedSplit(None, [], 0, 0)
    if total > 1 and valid is None:
        return GluedSplit(None, [], total, 0)  # nothing to tell the readings apart
    prune = getattr(valid, "partial", None) if total > 1 else None
    readings: list[list[str]] = []
    group_ends: list[list[int]] = []
    for reading, ends in _readings(texts, kinds, prune):
        readings.append(reading)
        group_ends.append(ends)
        if len(readings) > MAX_SPLITS:
            return GluedSplit(None, [], total, 2)
    if not readings:
        return GluedSplit(None, [], total, 0)
    numbers = [[Decimal(part) for part in reading] for reading in readings]
    if total == 1:
        chosen = 0
        satisfying = 1 if valid is None or valid(numbers[0]) else 0
    else:
        passing = [i for i, reading in enumerate(numbers) if valid is not None and valid(reading)]
        satisfying = len(passing)
        if satisfying != 1:
            candidates = [numbers[i] for i in passing] if satisfying <= MAX_CANDIDATES else []
            return GluedSplit(None, [], total, satisfying, candidates)
        chosen = passing[0]
    part_units: list[str | None] = [None] * len(kinds)
    for group, end in enumerate(group_ends[chosen]):
        part_units[end - 1] = units[group]
    return GluedSplit(numbers[chosen], part_units, total, satisfying)


def _count_readings(texts: list[str], kinds: list[str]) -> int:
    """How many readings of the groups as the columns exist (counted, not listed)."""
    memo: dict[tuple[int, int, int], int] = {}

    def count(group: int, position: int, column: int) -> int:
        key = (group, position, column)
        if key in memo:
            return memo[key]
        text = texts[group]
        if position == len(text):
            found = (
                int(column == len(kinds))
                if group + 1 == len(texts)
                else count(group + 1, 0, column)
            )
        elif column == len(kinds):
            found = 0
        else:
            pattern = _PART[kinds[column]]
            found = sum(
                count(group, end, column + 1)
                for end in range(position + 1, len(text) + 1)
                if pattern.fullmatch(text, position, end)
            )
        memo[key] = found
        return found

    return count(0, 0, 0) if texts and all(texts) else 0


def _readings(
    texts: list[str], kinds: list[str], prune: Callable[[list[Decimal]], bool] | None
) -> Iterator[tuple[list[str], list[int]]]:
    """Every reading of the groups as the columns, with the column each group ends at; with
    `prune`, readings whose numbers so far already break it are not followed."""

    def walk(
        group: int, position: int, parts: list[str], numbers: list[Decimal], ends: list[int]
    ) -> Iterator[tuple[list[str], list[int]]]:
        text, column = texts[group], len(parts)
        if position == len(text):
            if group + 1 == len(texts):
                if column == len(kinds):
                    yield parts, [*ends, column]
                return
            yield from walk(group + 1, 0, parts, numbers, [*ends, column])
            return
        if column == len(kinds):
            return
        pattern = _PART[kinds[column]]
        for end in range(position + 1, len(text) + 1):
            if not pattern.fullmatch(text, position, end):
                continue
            head = text[position:end]
            more = [*numbers, Decimal(head)]
            if prune is not None and not prune(more):
                continue
            yield from walk(group, end, [*parts, head], more, ends)

    if texts and all(texts):
        yield from walk(0, 0, [], [], [])
