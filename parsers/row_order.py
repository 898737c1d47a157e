"""Table 三 read with its identities across rows: rows whose labels an extraction broke, read by
the form's row order only when the count of rows and every identity of the table agree; and rows of
glued digits that split more than one way, decided by the identities across rows.

Two shapes are met in text from PDF tools and OCR:
- a number row whose label could not be read (OCR garbage, a label cut in pieces): the numbers
  sit between recognised rows, one line of numbers for each unreadable label;
- the label column printed first and the number columns after it: every label without numbers,
  then as many lines of numbers as there are labels.
A reading by order is taken only when it gives the table exactly the form's rows, in the form's
order, and every identity of the table is assessable and holds; otherwise nothing is placed.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import product
from math import prod

from parsers.checks import evaluate
from parsers.record import PASS, Cell
from parsers.values import as_number
from template.form import APPLICATION_ROWS, Column
from template.identities import ROW_TOTAL, identities

Rows = dict[str, list[Decimal]]  # row code → its numbers in column order
CellKey = tuple[str, str, str]


def form_rows(edition: str) -> tuple[str, ...]:
    return tuple(row.code for row in APPLICATION_ROWS if edition in row.editions)


def as_cells(rows: Rows, columns: tuple[Column, ...]) -> dict[CellKey, Cell]:
    """Rows of numbers as table 三's cells, for the checks to evaluate."""
    return {
        ("applications", code, column.code): Cell(
            "applications", code, column.code, as_number(value), str(value)
        )
        for code, values in rows.items()
        for column, value in zip(columns, values, strict=True)
    }


def identities_hold(edition: str, rows: Rows, columns: tuple[Column, ...]) -> bool:
    """Every identity of table 三 that the columns allow is assessable and holds."""
    cells = as_cells(rows, columns)
    printed = {column.code for column in columns}
    relevant = [
        identity
        for identity in identities(edition)
        if identity.table == "applications"
        and all(key[2] in printed for key in identity.reported + identity.expected)
    ]
    return bool(relevant) and all(evaluate(identity, cells).status == PASS for identity in relevant)


MAX_COMBINATIONS = 20_000


def resolve_across_rows(
    edition: str,
    known: dict[CellKey, Cell],
    ambiguous: dict[str, list[list[Decimal]]],
    columns: tuple[Column, ...],
) -> dict[str, list[Decimal]] | None:
    """Rows of glued digits that split more than one way, each way satisfying the row's own
    identity: the one combination of their readings under which every identity of table 三 across
    rows (columns' totals, the balance) that touches them is assessable and holds — or None when
    no combination, or more than one, does."""
    codes = list(ambiguous)
    touched = {("applications", code, column.code) for code in codes for column in columns}
    relevant = [
        identity
        for identity in identities(edition)
        if identity.table == "applications"
        and identity.kind != ROW_TOTAL
        and touched & set(identity.reported + identity.expected)
    ]
    if not relevant:
        return None
    if prod(len(readings) for readings in ambiguous.values()) > MAX_COMBINATIONS:
        return None
    found: dict[str, list[Decimal]] | None = None
    for choice in product(*(ambiguous[code] for code in codes)):
        cells = known | as_cells(dict(zip(codes, choice, strict=True)), columns)
        if all(evaluate(identity, cells).status == PASS for identity in relevant):
            if found is not None:
                return None
            found = dict(zip(codes, choice, strict=True))
    return found
