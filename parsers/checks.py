"""Evaluate the form's identities on a report's cells. A blank operand makes an identity not
assessable — never a pass."""

from __future__ import annotations

from decimal import Decimal

from parsers.check_messages import TOO_LARGE
from parsers.record import FAIL, NOT_ASSESSABLE, PASS, Cell, Check, Number
from parsers.values import LARGEST_EXACT, as_number
from template.identities import CellKey, Identity, identities

_TOLERANCE = 1e-6


def _sum(keys: tuple[CellKey, ...], cells: dict[CellKey, Cell]) -> tuple[Number | None, list[str]]:
    values: list[Number] = []
    blanks: list[str] = []
    for key in keys:
        cell = cells.get(key)
        if cell is None or cell.value is None:
            blanks.append(f"{key[1]}/{key[2]}")
        else:
            values.append(cell.value)
    if blanks:
        return None, blanks
    if all(type(v) is int for v in values):
        total = sum(values)  # type: ignore[arg-type]
        value: Number | None = total if abs(total) < LARGEST_EXACT else None
    else:  # in Decimal an int and a float are added exactly, whatever their size
        value = as_number(
            sum(
                (Decimal(repr(v)) if isinstance(v, float) else Decimal(v) for v in values),
                Decimal(0),
            )
        )
    return value, [] if value is not None else [TOO_LARGE]


def evaluate(identity: Identity, cells: dict[CellKey, Cell]) -> Check:
    reported, blank_reported = _sum(identity.reported, cells)
    expected, blank_expected = _sum(identity.expected, cells)
    blanks = blank_reported + blank_expected
    if reported is None or expected is None:
        # still show what can be summed, so a reader sees how far the report got
        return Check(
            identity.id,
            identity.kind,
            identity.table,
            identity.row,
            identity.column,
            identity.description,
            expected,
            reported,
            None,
            NOT_ASSESSABLE,
            blanks,
        )
    difference = reported - expected
    status = PASS if abs(difference) <= _TOLERANCE else FAIL
    return Check(
        identity.id,
        identity.kind,
        identity.table,
        identity.row,
        identity.column,
        identity.description,
        expected,
        reported,
        difference,
        status,
        [],
    )


def run_checks(edition: str, cells: list[Cell]) -> list[Check]:
    by_key = {(c.table, c.row, c.column): c for c in cells}
    return [evaluate(identity, by_key) for identity in identities(edition)]
