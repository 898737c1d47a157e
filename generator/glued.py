"""What a careful reader can know from a row whose cell separators a crawler dropped.

A crawled page's text runs a row's numbers together (`规章000`, `1 0 00 0 0 1`, `行政许可1-10`). A space
that survives is a cell boundary; inside a run of digits any boundary is possible. A row's cells are
knowable when exactly one reading of its printed runs exists, or exactly one satisfies the row's
identities (each group of `every` numbers ends with the sum of the others: table 三's 总计 column,
table 四's 总计 of each kind), or — for rows of table 三 read several ways each satisfying their own
total — exactly one combination of their readings satisfies the identities across rows (the
columns' totals, the balance). Otherwise they are not: nobody can tell them from the text.

This is written apart from the parser (parsers/digit_runs.py) on purpose: the generator's truth must
come from its own reading of the rule, so a parser bug shows up as a difference.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from enum import Enum
from itertools import islice, product
from math import prod

from generator.model import CellKey
from template.form import AMOUNT, CHANGE, COUNT
from template.identities import ROW_TOTAL, Identity, identities

# One printed number, by the kind of column it fills: no leading zeros, a sign only for a change,
# a decimal point only for an amount.
_NUMBER: dict[str, re.Pattern[str]] = {
    COUNT: re.compile(r"0|[1-9][0-9]*"),
    CHANGE: re.compile(r"-?(?:0|[1-9][0-9]*)"),
    AMOUNT: re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"),
}
_UNIT_AT_END = re.compile(r"(?:万元|元)$")

Check = Callable[[list[Decimal]], bool]


class Knowable(Enum):
    KNOWN = "known"  # the rule reads the row's printed numbers
    UNKNOWN = "unknown"  # the rule reads nothing: several readings remain
    MISLEADING = "misleading"  # the rule reads numbers other than the printed ones


def readings(
    groups: list[str], kinds: list[str], check: Check | None = None
) -> Iterator[tuple[Decimal, ...]]:
    """Every way to read the space-separated runs as one number per column, in order (a run holds
    one or more whole numbers; a money unit ends its run). With `check`, only readings whose every
    completed prefix passes it."""
    texts = [_UNIT_AT_END.sub("", group) for group in groups]

    def walk(run: int, start: int, numbers: list[Decimal]) -> Iterator[tuple[Decimal, ...]]:
        column = len(numbers)
        if run == len(texts):
            if column == len(kinds):
                yield tuple(numbers)
            return
        text = texts[run]
        columns_left = len(kinds) - column
        runs_left = len(texts) - run
        characters_left = len(text) - start + sum(len(t) for t in texts[run + 1 :])
        if columns_left < runs_left or characters_left < columns_left:
            return
        for end in range(start + 1, len(text) + 1):
            part = text[start:end]
            if not _NUMBER[kinds[column]].fullmatch(part):
                continue
            extended = [*numbers, Decimal(part)]
            if check is not None and not check(extended):
                continue
            if end == len(text):
                yield from walk(run + 1, 0, extended)
            elif column + 1 < len(kinds):
                yield from walk(run, end, extended)

    yield from walk(0, 0, [])


def totals_hold(every: int) -> Check:
    """Each completed group of `every` numbers ends with the sum of the ones before it."""

    def check(numbers: list[Decimal]) -> bool:
        if len(numbers) % every:
            return True
        group = numbers[-every:]
        return group[-1] == sum(group[:-1])

    return check


def knowable(
    groups: list[str], kinds: list[str], every: int, printed: tuple[Decimal, ...]
) -> Knowable:
    """Whether the rule reads back `printed` (the row's numbers as printed, money in its printed
    unit) from its runs; `every` = 0 for a row without identities."""
    found = list(islice(readings(groups, kinds), 2))
    if len(found) == 1:
        return Knowable.KNOWN if found[0] == printed else Knowable.MISLEADING
    if not found or not every:
        return Knowable.UNKNOWN
    satisfying = list(islice(readings(groups, kinds, totals_hold(every)), 2))
    if len(satisfying) != 1:
        return Knowable.UNKNOWN
    return Knowable.KNOWN if satisfying[0] == printed else Knowable.MISLEADING


def printed_number(text: str) -> Decimal:
    """A cell's printed number in its printed unit (`547.9659万元` → 547.9659, `-1` → -1)."""
    return Decimal(_UNIT_AT_END.sub("", text.strip()))


MAX_READINGS = 12  # rows with more readings satisfying their own total are not decided across rows
MAX_COMBINATIONS = 20_000


def decided_across_rows(
    edition: str,
    known: dict[CellKey, Decimal],
    ambiguous: dict[tuple[CellKey, ...], list[tuple[Decimal, ...]]],
) -> dict[tuple[CellKey, ...], tuple[Decimal, ...]] | None:
    """Table 三 rows each read several ways that satisfy their own total: the one combination of
    readings under which every identity across rows that touches them (columns' totals, the
    balance) has all its cells known and holds; None when no combination, or several, do."""
    touched = {key for keys in ambiguous for key in keys}
    relevant = [
        identity
        for identity in identities(edition)
        if identity.table == "applications"
        and identity.kind != ROW_TOTAL
        and touched & {*identity.reported, *identity.expected}
    ]
    if not relevant or prod(len(r) for r in ambiguous.values()) > MAX_COMBINATIONS:
        return None
    found = None
    for choice in product(*ambiguous.values()):
        values = dict(known)
        for keys, numbers in zip(ambiguous, choice, strict=True):
            values.update(zip(keys, numbers, strict=True))
        if all(_holds(identity, values) for identity in relevant):
            if found is not None:
                return None
            found = dict(zip(ambiguous, choice, strict=True))
    return found


def _holds(identity: Identity, values: dict[CellKey, Decimal]) -> bool:
    keys = (*identity.reported, *identity.expected)
    if any(key not in values for key in keys):
        return False
    reported = sum(values[key] for key in identity.reported)
    return reported == sum(values[key] for key in identity.expected)
