"""The one download of a report page: its cells with codes, Chinese labels, unit and value.

The package's `cells` table carries codes only (labels are in `codes`); a reader who downloads one
report wants a sheet that opens in a spreadsheet and reads on its own, so this file joins the two
for that report. It is made from the parsed report, not by reading the package back."""

from __future__ import annotations

import csv
import io

from package_builder.rows import described, placed_cells, presence
from parsers.record import Report

FILE_NAME = "cells.csv"
HEADER = (  # the table's name is left out: the row label names it, 200 times 30 bytes saved
    "table",
    "row",
    "row_label",
    "column",
    "column_label",
    "unit",
    "value",
    "presence",
)


def number_text(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def report_csv(report: Report) -> str:
    """The report's cells in form order, one row each; a blank value is an empty field."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for placed in placed_cells(report):
        labels = described(placed)
        cell = placed.cell
        writer.writerow(
            (
                labels["table"],
                labels["row"],
                labels["row_label"] or "",
                labels["column"],
                labels["column_label"] or "",
                labels["unit"] or "",
                number_text(cell.value if cell else None),
                presence(cell),
            )
        )
    return buffer.getvalue()
