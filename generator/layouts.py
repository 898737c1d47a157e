"""Print a grid as text, the way each extraction route met in reports/sample prints tables.

- pipe_cells_wrapped (sample 000): one cell per line, its `|` terminator alone on the next line,
  long labels wrapped over two lines, filler lines of pipes between rows.
- pipe_cells (sample 003): one cell per line as `text |`, filler lines of pipes between rows.
- pipe_rows (sample 001): markdown-like rows `a | b | c |` padded with trailing pipes.
- tab_rows (sample 002, PDF): tab-separated rows, every merged position printed as an empty cell.
- tab_cells (sample 004, Word): one tab-indented cell per line, rows separated by blank lines.
"""

from __future__ import annotations

import random
import re

from generator.grid import MERGED_ABOVE, MERGED_LEFT, Grid, GridCell

PIPE_CELLS_WRAPPED, PIPE_CELLS, PIPE_ROWS, TAB_ROWS, TAB_CELLS = (
    "pipe_cells_wrapped",
    "pipe_cells",
    "pipe_rows",
    "tab_rows",
    "tab_cells",
)
LAYOUTS: tuple[str, ...] = (PIPE_CELLS_WRAPPED, PIPE_CELLS, PIPE_ROWS, TAB_ROWS, TAB_CELLS)
PIPE_LAYOUTS: frozenset[str] = frozenset({PIPE_CELLS_WRAPPED, PIPE_CELLS, PIPE_ROWS})

# Only column headers wrap: plain words, no numbering, brackets or digits.
_WRAPPABLE = re.compile(r"[\u4e00-\u9fff/]{6,}")


def printed_cells(row: list[GridCell], layout: str) -> list[str]:
    """The cells a layout prints for a grid row (merged positions dropped or printed empty)."""
    if layout in PIPE_LAYOUTS:
        return [cell for cell in row if isinstance(cell, str)]
    if layout == TAB_CELLS:
        return ["" if cell is MERGED_ABOVE else cell for cell in row if cell is not MERGED_LEFT]
    return [cell if isinstance(cell, str) else "" for cell in row]


def _wrapped_cell(rng: random.Random, text: str) -> list[str]:
    if not text:
        return ["|"]
    if _WRAPPABLE.fullmatch(text) and rng.random() < 0.3:
        cut = rng.randint(3, len(text) - 2)
        return [text[:cut], f"{text[cut:]} |"]
    return [text, "|"]


def render_grid(grid: Grid, layout: str, rng: random.Random) -> list[str]:
    """The lines of one table."""
    lines: list[str] = []
    last = len(grid.rows) - 1
    for index, row in enumerate(grid.rows):
        cells = printed_cells(row, layout)
        filler = "|" * (grid.width - len(cells))
        if layout == PIPE_ROWS:
            lines.append(" | ".join(cells) + " |" + (f" {filler}" if filler else ""))
        elif layout in (PIPE_CELLS_WRAPPED, PIPE_CELLS):
            for cell in cells:
                if layout == PIPE_CELLS:
                    lines.append(f"{cell} |" if cell else "|")
                else:
                    lines.extend(_wrapped_cell(rng, cell))
            if filler and index != last:
                lines.append(filler)
        elif layout == TAB_ROWS:
            lines.append("\t".join(cells))
            if index != last and rng.random() < 0.03:
                lines.append("")  # a page break inside the table
        else:
            lines.extend(f"\t{cell}" for cell in cells)
            lines.append("")
    return lines
