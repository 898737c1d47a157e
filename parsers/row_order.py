"""Table 三 rows whose labels an extraction broke, read by the form's row order — only when the
count of rows and every identity of the table agree.

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

from parsers.checks import evaluate
from parsers.record import PASS, Cell
from parsers.values import as_number
from template.form import APPLICATION_ROWS, Column
from template.identities import identities

Rows = dict[str, list[Decimal]]  # row code → its numbers in column order


def form_rows(edition: str) -> tuple[str, ...]:
    return tuple(row.code for row in APPLICATION_ROWS if edition in row.editions)


def identities_hold(edition: str, rows: Rows, columns: tuple[Column, ...]) -> bool:
    """Every identity of table 三 that the columns allow is assessable and holds."""
    cells = {
        ("applications", code, column.code): Cell(
            "applications", code, column.code, as_number(value), str(value)
        )
        for code, values in rows.items()
        for column, value in zip(columns, values, strict=True)
    }
    printed = {column.code for column in columns}
    relevant = [
        identity
        for identity in identities(edition)
        if identity.table == "applications"
        and all(key[2] in printed for key in identity.reported + identity.expected)
    ]
    return bool(relevant) and all(evaluate(identity, cells).status == PASS for identity in relevant)
