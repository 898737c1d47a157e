"""The three tables of the form as grids of printed cells, before any text layout.

A grid knows which positions are covered by a merged cell (MERGED_LEFT: the continuation of a cell
spanning columns, MERGED_ABOVE: the continuation of a cell spanning rows, at the region's left edge).
Each text layout then prints those positions its own way: Word-to-markdown drops them, Word-to-text
prints the ones below as empty cells, PDF extraction prints them all as empty cells.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import Enum

from generator.labels import Labeler
from template.form import (
    ACTIVE_BLOCKS,
    ACTIVE_CONTENT_HEADER,
    APPLICANT_COLUMNS,
    APPLICANT_GROUP_LABEL,
    APPLICATION_GROUP_LABELS,
    APPLICATION_ROWS,
    APPLICATION_TOTAL_COLUMN,
    APPLICATIONS_BALANCE_NOTE,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    Row,
    application_row,
)

CellKey = tuple[str, str, str]


class Merge(Enum):
    LEFT = "merged_left"
    ABOVE = "merged_above"


MERGED_LEFT, MERGED_ABOVE = Merge.LEFT, Merge.ABOVE
GridCell = str | Merge

# Printed on the form; they carry no data.
CONTENT_HEADER = ACTIVE_CONTENT_HEADER
BALANCE_NOTE = APPLICATIONS_BALANCE_NOTE
APPLICANTS_HEADER = "申请人情况"
assert APPLICANTS_HEADER in APPLICATION_GROUP_LABELS


@dataclass
class Grid:
    width: int  # columns of the printed table, including label columns
    rows: list[list[GridCell]] = field(default_factory=list)

    def add(self, cells: list[GridCell]) -> None:
        self.rows.append(cells + [MERGED_LEFT] * (self.width - len(cells)))


@dataclass(frozen=True)
class TableHabits:
    """Quirks of the extraction that produced a layout."""

    two_label_columns: bool = False  # PDF: the three label columns of 三 collapse into two
    group_in_first_row: bool = False  # PDF: `三、本年度办理结果 （三）不予公开\t（一）予以公开`
    group_rows_spill_left: bool = False  # PDF: `（六）其他处理\t\t0…` printed in the group column
    clipped_headers: bool = False  # PDF: header cells clipped to their first printed line


def clip(rng: random.Random, text: str) -> str:
    """The first line of a header cell wrapped in a narrow column (`本年新`, `上一年`)."""
    if len(text) <= 5:
        return text
    return text[: rng.randint(3, 4)]


def active_grid(
    edition: str, printed: dict[CellKey, str], labeler: Labeler, habits: TableHabits
) -> Grid:
    """Table 二: one block of rows per 第二十条 item, four columns wide."""
    grid = Grid(width=4)
    for block in ACTIVE_BLOCKS:
        columns = block.columns.get(edition, ())
        rows = [row for row in block.rows if edition in row.editions]
        if not columns or not rows:
            continue
        grid.add([labeler.brackets(block.label)])
        headers = [labeler.header(column.label) for column in columns]
        if habits.clipped_headers and labeler.rng.random() < 0.7:
            headers = [clip(labeler.rng, header) for header in headers]
        grid.add([CONTENT_HEADER, *headers])
        for row in rows:
            values = [printed[("active", row.code, column.code)] for column in columns]
            grid.add([labeler.row(row), *values])
    return grid


def label_path(row: Row) -> tuple[str, ...]:
    """The nested labels a row of 三 sits under: (三、本年度办理结果, （三）不予公开, 1.属于国家秘密)."""
    results = application_row("total").group
    if not row.group:
        return (row.printed_label,)
    if row.group == results:
        return (results, row.printed_label)
    return (results, row.group, row.printed_label)


def _application_header(
    labeler: Labeler, label_width: int, with_total: bool
) -> list[list[GridCell]]:
    value_width = len(APPLICANT_COLUMNS) + with_total
    organisations = [labeler.header(c.label) for c in APPLICANT_COLUMNS[1:]]
    label_rest: list[GridCell] = [MERGED_LEFT] * (label_width - 1)
    first: list[GridCell] = [
        labeler.brackets(BALANCE_NOTE),
        *label_rest,
        APPLICANTS_HEADER,
        *[MERGED_LEFT] * (value_width - 1),
    ]
    second: list[GridCell] = [
        MERGED_ABOVE,
        *label_rest,
        labeler.header(APPLICANT_COLUMNS[0].label),
        APPLICANT_GROUP_LABEL,
        *[MERGED_LEFT] * (len(organisations) - 1),
    ]
    third: list[GridCell] = [MERGED_ABOVE, *label_rest, MERGED_ABOVE, *organisations]
    if with_total:
        second.append(APPLICATION_TOTAL_COLUMN.label)
        third.append(MERGED_ABOVE)
    return [first, second, third]


def _label_cells(path: tuple[str, ...], starts: tuple[bool, ...]) -> list[GridCell]:
    """Three label columns; a label spanning rows shows in its first row only."""
    cells: list[GridCell] = [
        label if first else MERGED_ABOVE for label, first in zip(path[:-1], starts, strict=True)
    ]
    cells.append(path[-1])
    return cells + [MERGED_LEFT] * (3 - len(cells))


def _two_label_cells(
    path: tuple[str, ...], starts: tuple[bool, ...], after_group: bool, habits: TableHabits
) -> list[GridCell]:
    """Two label columns as a PDF extraction yields them (see reports/sample/002_…)."""
    if len(path) == 1:
        return [path[0], MERGED_LEFT]
    if len(path) == 2:
        if habits.group_rows_spill_left and after_group:
            return [path[1], MERGED_LEFT]
        return [path[0] if starts[0] else MERGED_ABOVE, path[1]]
    return [path[1] if starts[1] else MERGED_ABOVE, path[2]]


def application_grid(
    edition: str,
    printed: dict[CellKey, str],
    labeler: Labeler,
    habits: TableHabits,
    with_total: bool,
) -> Grid:
    """Table 三: three header rows, then one row per template row."""
    label_width = 2 if habits.two_label_columns else 3
    columns = APPLICANT_COLUMNS + ((APPLICATION_TOTAL_COLUMN,) if with_total else ())
    grid = Grid(width=label_width + len(columns))
    for cells in _application_header(labeler, label_width, with_total):
        grid.add(cells)
    seen: set[str] = set()
    moved_group: str | None = None
    for row in APPLICATION_ROWS:
        if edition not in row.editions:
            continue
        path = label_path(row)
        starts = tuple(label not in seen for label in path[:-1])
        seen.update(path[:-1])
        printed_path = tuple(
            labeler.row(row) if i == len(path) - 1 else labeler.brackets(label)
            for i, label in enumerate(path)
        )
        if habits.two_label_columns:
            labels = _two_label_cells(printed_path, starts, len(seen) > 1, habits)
            if habits.group_in_first_row and len(path) == 2 and starts[0]:
                moved_group = _first_subgroup(edition)
                labels[0] = f"{labels[0]} {labeler.brackets(moved_group)}"
            elif (
                moved_group is not None and len(path) == 3 and path[1] == moved_group and starts[1]
            ):
                labels[0] = MERGED_ABOVE
        else:
            labels = _label_cells(printed_path, starts)
        grid.add(labels + [printed[("applications", row.code, c.code)] for c in columns])
    return grid


def _first_subgroup(edition: str) -> str:
    results = application_row("total").group
    return next(
        row.group
        for row in APPLICATION_ROWS
        if edition in row.editions and row.group and row.group != results
    )


def review_grid(printed: dict[CellKey, str], labeler: Labeler, habits: TableHabits) -> Grid:
    """Table 四: 行政复议 and 行政诉讼 side by side, all fifteen numbers on one row."""
    per_row = len(REVIEW_COLUMNS)
    grid = Grid(width=per_row * len(REVIEW_ROWS))
    review, *litigation = REVIEW_ROWS
    clipped = habits.clipped_headers and labeler.rng.random() < 0.7
    grid.add([review.label, *[MERGED_LEFT] * (per_row - 1), litigation[0].group])
    second: list[GridCell] = [
        " ".join(c.label[:2]) if clipped else labeler.header(c.label) for c in REVIEW_COLUMNS
    ]
    for row in litigation:
        second += [row.label, *[MERGED_LEFT] * (per_row - 1)]
    grid.add(second)
    third: list[GridCell] = [MERGED_ABOVE] * per_row
    for _ in litigation:
        third += [c.label[0] if clipped else labeler.header(c.label) for c in REVIEW_COLUMNS]
    grid.add(third)
    grid.add(
        [printed[("reviews", row.code, c.code)] for row in REVIEW_ROWS for c in REVIEW_COLUMNS]
    )
    return grid
