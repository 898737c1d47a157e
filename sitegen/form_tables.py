"""One report's three tables laid out as the official form prints them, ready for a template.

Blank or absent cells stay blank; a failed identity is marked on the cell that closes it (the
last of its `reported` cells) together with the value that cell would need to hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers.record import FAIL, Cell, Number, Report
from sitegen.site_data import cell_index
from template.form import (
    ACTIVE_BLOCKS,
    APPLICANT_COLUMNS,
    APPLICANT_GROUP_LABEL,
    APPLICATION_ROWS,
    APPLICATION_TOTAL_COLUMN,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    application_row,
)
from template.identities import identities

CellKey = tuple[str, str, str]
RESULTS_GROUP = application_row("total").group  # "三、本年度办理结果"


@dataclass
class Failure:
    description: str
    expected: Number | None  # what this cell would need to hold for the identity to pass
    check_id: str


@dataclass
class CellView:
    value: str  # "" for a blank
    raw: str | None
    line: int | None
    failures: list[Failure] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return self.value == ""


@dataclass
class Label:
    text: str
    rowspan: int = 1
    colspan: int = 1
    css: str = ""


@dataclass
class RowView:
    labels: list[Label]
    cells: list[CellView]


def number_text(value: Number | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_failures(
    report: Report, index: dict[CellKey, Cell] | None = None
) -> dict[CellKey, list[Failure]]:
    if not report.template:
        return {}
    index = cell_index(report) if index is None else index
    by_id = {identity.id: identity for identity in identities(report.template)}
    failures: dict[CellKey, list[Failure]] = {}
    for check in report.checks:
        identity = by_id.get(check.id)
        if check.status != FAIL or identity is None or not identity.reported:
            continue
        target, others = identity.reported[-1], identity.reported[:-1]
        expected: Number | None = check.expected
        for key in others:
            other_cell = index.get(key)
            other = other_cell.value if other_cell else None
            expected = None if expected is None or other is None else expected - other
        failures.setdefault(target, []).append(Failure(check.description, expected, check.id))
    return failures


def _cell(
    index: dict[CellKey, Cell], key: CellKey, failures: dict[CellKey, list[Failure]]
) -> CellView:
    cell = index.get(key)
    if cell is None:
        return CellView("", None, None, failures.get(key, []))
    return CellView(number_text(cell.value), cell.raw, cell.line, failures.get(key, []))


def active_table(report: Report, edition: str) -> tuple[int, list[dict]]:
    """Blocks of section 二 by 第二十条 item: each with its column labels and rows."""
    index = cell_index(report)
    failures = cell_failures(report, index)
    blocks = []
    for block in ACTIVE_BLOCKS:
        columns = block.columns.get(edition, ())
        rows = [row for row in block.rows if edition in row.editions]
        if not columns or not rows:
            continue
        blocks.append(
            {
                "label": block.label,
                "columns": [column.label for column in columns],
                "rows": [
                    RowView(
                        [Label(row.label)],
                        [_cell(index, ("active", row.code, c.code), failures) for c in columns],
                    )
                    for row in rows
                ],
            }
        )
    width = max((len(block["columns"]) for block in blocks), default=1)
    return width, blocks


def application_table(report: Report, edition: str) -> list[RowView]:
    """Table 三: row labels with the form's group cells (rowspans), 7 applicant columns."""
    index = cell_index(report)
    failures = cell_failures(report, index)
    rows = [row for row in APPLICATION_ROWS if edition in row.editions]
    in_results = [row for row in rows if row.group]
    views = []
    for row in rows:
        labels: list[Label] = []
        if not row.group:
            labels.append(Label(row.printed_label, colspan=3))
        else:
            if row is in_results[0]:
                labels.append(Label(RESULTS_GROUP, rowspan=len(in_results), css="group"))
            if row.group == RESULTS_GROUP:
                labels.append(Label(row.printed_label, colspan=2, css="sub"))
            else:
                siblings = [r for r in in_results if r.group == row.group]
                if row is siblings[0]:
                    labels.append(Label(row.group, rowspan=len(siblings), css="sub"))
                labels.append(Label(row.printed_label, css="sub2"))
        cells = [
            _cell(index, ("applications", row.code, column.code), failures)
            for column in APPLICANT_COLUMNS + (APPLICATION_TOTAL_COLUMN,)
        ]
        views.append(RowView(labels, cells))
    return views


def application_header() -> dict:
    return {
        "first": APPLICANT_COLUMNS[0].label,
        "group": APPLICANT_GROUP_LABEL,
        "organisations": [column.label for column in APPLICANT_COLUMNS[1:]],
        "total": APPLICATION_TOTAL_COLUMN.label,
    }


def review_table(report: Report) -> dict:
    """Table 四 in its two panels: 行政复议 | 行政诉讼 (未经复议直接起诉, 复议后起诉)."""
    index = cell_index(report)
    failures = cell_failures(report, index)
    panels: list[dict] = []
    for row in REVIEW_ROWS:
        panel_label = row.group or row.label
        if not panels or panels[-1]["label"] != panel_label:
            panels.append({"label": panel_label, "parts": []})
        panels[-1]["parts"].append(
            {
                "label": row.label if row.group else "",
                "cells": [
                    _cell(index, ("reviews", row.code, c.code), failures) for c in REVIEW_COLUMNS
                ],
            }
        )
    return {"panels": panels, "columns": [column.label for column in REVIEW_COLUMNS]}
