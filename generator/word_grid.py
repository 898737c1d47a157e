"""A form table as Word lays it out: extra grid columns that only merged cells cover.

A Word table whose rows were drawn or merged by hand has more grid columns than the form: a row label
spans two or three of them, and between the label and the numbers, or between two number columns,
sits a column no number belongs to. Word covers it by widening a neighbouring cell (colspan) or
leaves an empty cell there. Read back as a grid, a row then looks like
`三、本年度办理结果 | （一）予以公开 |  | 258 | 12 |  |  | 1 | 1 |  |`, and table 二's header like
`信息内容 | 本年新制作数量 | 本年新公开数量 |  | 对外公开总数量` over `规章 | 13 | 13 |  | 524`.

Each extra column is inserted right of an existing one. A cell spanning rows or columns there is
widened over it (a merged cell stays one rectangle); a single cell is widened or followed by an
empty cell, at random, as Word does either.
"""

from __future__ import annotations

import random

from generator.grid import MERGED_ABOVE, MERGED_LEFT, Grid, GridCell

Position = tuple[int, int]


def _origin(grid: Grid, row: int, column: int) -> Position:
    """The (row, column) of the printed cell that covers a position."""
    while True:
        cell = grid.rows[row][column]
        if isinstance(cell, str):
            return row, column
        if cell is MERGED_LEFT:
            column -= 1
        else:
            row -= 1


def _is_single(grid: Grid, origin: Position) -> bool:
    row, column = origin
    wide = column + 1 < grid.width and grid.rows[row][column + 1] is MERGED_LEFT
    tall = row + 1 < len(grid.rows) and grid.rows[row + 1][column] is MERGED_ABOVE
    return not wide and not tall


def insert_column(grid: Grid, after: int, rng: random.Random) -> Grid:
    """The grid with one more column right of column `after`."""
    widened: dict[Position, bool] = {}
    rows: list[list[GridCell]] = []
    for r, row in enumerate(grid.rows):
        origin = _origin(grid, r, after)
        if origin not in widened:
            single = origin == (r, after) and _is_single(grid, origin)
            widened[origin] = not single or rng.random() < 0.5
        if not widened[origin]:
            new: GridCell = ""
        elif origin[0] == r:
            new = MERGED_LEFT
        else:
            new = MERGED_ABOVE
        rows.append([*row[: after + 1], new, *row[after + 1 :]])
    return Grid(grid.width + 1, rows)


def with_merged_columns(grid: Grid, rng: random.Random, most: int = 3) -> Grid:
    """One to `most` extra columns, each right of a random column (often the label's)."""
    for _ in range(rng.randint(1, most)):
        after = 0 if rng.random() < 0.3 else rng.randrange(grid.width)
        grid = insert_column(grid, after, rng)
    return grid
