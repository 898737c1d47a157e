"""Blocks of a document (paragraphs and table grids) → the text the parser reads.

Every reader produces the same layout: one paragraph per line; a table as one row per line with its
cells joined as `cell | cell | cell |`, and a blank line before and after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.normalize import drop_invisible

Grid = list[list[str]]
Block = str | Grid

_CJK = r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
# A line break in markup between two CJK characters is where an editor wrapped the source, not a space.
_WRAP_BETWEEN_CJK = re.compile(rf"(?<={_CJK})[ \t]*[\r\n]\s*(?={_CJK})")
_SPACES = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Internal whitespace (newlines, tabs, non-breaking spaces) → single spaces; trimmed."""
    text = drop_invisible(text).replace("\xa0", " ")
    return _SPACES.sub(" ", _WRAP_BETWEEN_CJK.sub("", text)).strip()


def clean_cell(text: str) -> str:
    # A `|` inside a cell would split it in two for the parser; "/" reads as the same blank mark.
    return collapse(text).replace("|", "/")


@dataclass
class SpanCell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class SpanTable:
    """A table as printed: rows of cells that may span rows and columns."""

    rows: list[list[SpanCell]] = field(default_factory=list)


def place(table: SpanTable) -> dict[tuple[int, int], SpanCell]:
    """Each cell at the (row, column) of its origin, skipping positions spans from above cover."""
    covered: set[tuple[int, int]] = set()
    placed: dict[tuple[int, int], SpanCell] = {}
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            placed[(r, c)] = cell
            covered.update(
                (r + dr, c + dc)
                for dr in range(max(cell.rowspan, 1))
                for dc in range(max(cell.colspan, 1))
            )
            c += max(cell.colspan, 1)
    return placed


def expand(table: SpanTable) -> Grid:
    """Spans → a rectangular grid. A cell's text sits at its origin; the other positions it covers
    are blank (a merged cell is printed once, so copying its number would invent values)."""
    placed = place(table)
    if not placed:
        return []
    height = max(len(table.rows), *(r + max(cell.rowspan, 1) for (r, _), cell in placed.items()))
    width = max(c + max(cell.colspan, 1) for (_, c), cell in placed.items())
    grid = [[""] * width for _ in range(height)]
    for (r, c), cell in placed.items():
        grid[r][c] = cell.text
    return grid


def render(blocks: list[Block]) -> str:
    return render_mapped(blocks)[0]


# Where a rendered line came from: (index of its block, index of the row within a grid block).
Origin = tuple[int, int]


def render_mapped(blocks: list[Block]) -> tuple[str, dict[int, Origin]]:
    """The text, and for each 1-based line that holds content the block (and grid row) it came
    from: a reader that knows more about a block (how sure OCR was) can attach it to its lines."""
    lines: list[str] = []
    origins: dict[int, Origin] = {}
    for index, block in enumerate(blocks):
        if isinstance(block, str):
            line = block.strip()
            if line:
                lines.append(line)
                origins[len(lines)] = (index, 0)
            continue
        rows = [(r, [clean_cell(cell) for cell in row]) for r, row in enumerate(block)]
        rows = [(r, row) for r, row in rows if any(row)]
        if not rows:
            continue
        if lines and lines[-1]:
            lines.append("")
        for r, row in rows:
            lines.append(" | ".join(row) + " |")
            origins[len(lines)] = (index, r)
        lines.append("")
    # no line is blank before the first content line, so stripping keeps the numbering
    return "\n".join(lines).strip("\n") + "\n", origins
