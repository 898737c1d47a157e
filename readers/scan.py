"""A page image → the same blocks a text PDF gives (lines of text, table grids), by OCR.

The page is rebuilt from geometry: the skew is measured on the recognised lines of text and taken
out; the table's ruling lines are found in the image and turned into cells the way pdfplumber does
for a text PDF (pdfplumber's own edge → cell functions); each recognised character goes into the
cell under it, so a line the engine read across two cells is split at the rule between them. Text
outside tables is grouped into lines and paragraphs by the text PDF reader's own functions. The
parser then reads the grids like any other: each number under the header cell above it.

Each block keeps what OCR saw and how sure the engine was of each character (`Seen`), for the
parser's decision which OCR'd numbers may enter the data (parsers/ocr_gate.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from pdfplumber.table import (
    Table,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from parsers.ocr_gate import Seen
from readers.layout import Block, Grid
from readers.ocr_engine import Glyph, TextBox, recognise
from readers.pdf import Box, arrange

_MIN_SKEW = 0.05  # degrees: below this the page is taken as straight
_MAX_SKEW = 5.0  # a page turned further is not a scan's small skew; measuring it again is not ours
_LONG_LINE = 4.0  # a box this many times wider than high gives the direction of its line of text
_RULE_SHORTEST = 2.0  # × text height: shorter dark runs are strokes of characters, not rules
_SNAP = 0.2  # × text height: rules this close are one rule
_MIN_CELLS = 4
# What the engine gives for a lone 0 in a table cell: a round mark read as a full stop or a letter.
# Read as 0 with no confidence at all, so it enters the data only where an identity of the form
# confirms it (parsers/ocr_gate.py), never by the engine's word.
_ZERO_LOOKALIKES = frozenset("。oODＯ〇○")


@dataclass
class ReadBlock:
    block: Block
    seen: list[list[Seen]]  # per line of the block (per row of a grid): what OCR read there


def _centre(quad: list[list[float]]) -> tuple[float, float]:
    return sum(p[0] for p in quad) / 4, sum(p[1] for p in quad) / 4


def _bounds(quad: list[list[float]]) -> Box:
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    return min(xs), min(ys), max(xs), max(ys)


def skew(boxes: list[TextBox]) -> float:
    """The page's skew in degrees (positive: lines run down to the right), from its long lines."""
    angles, weights = [], []
    for box in boxes:
        (x0, y0), (x1, y1) = box.quad[0], box.quad[1]
        width = math.hypot(x1 - x0, y1 - y0)
        height = math.hypot(box.quad[3][0] - x0, box.quad[3][1] - y0)
        if width > _LONG_LINE * max(height, 1.0):
            angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
            weights.append(width)
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    median = float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
    return median if _MIN_SKEW <= abs(median) <= _MAX_SKEW else 0.0


def _rotate(
    image: np.ndarray, boxes: list[TextBox], angle: float
) -> tuple[np.ndarray, list[TextBox]]:
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)

    def turn(quad: list[list[float]]) -> list[list[float]]:
        points = np.hstack([np.asarray(quad, dtype=float), np.ones((len(quad), 1))]) @ matrix.T
        return points.tolist()

    straight = cv2.warpAffine(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255)
    )
    turned = [
        TextBox(turn(box.quad), tuple(Glyph(g.text, turn(g.quad), g.score) for g in box.glyphs))
        for box in boxes
    ]
    return straight, turned


def _rules(image: np.ndarray, text_height: float) -> list[dict]:
    """Ruling lines of tables as pdfplumber edges (pixels)."""
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    ink = cv2.adaptiveThreshold(
        255 - gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -10
    )
    edges: list[dict] = []
    shortest = max(int(_RULE_SHORTEST * text_height), 10)
    for orientation, kernel in (("h", (shortest, 1)), ("v", (1, max(int(text_height), 8)))):
        mask = cv2.morphologyEx(
            ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
        )
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, w, h, _ in stats[1:count]:
            if orientation == "h":
                middle = y + h / 2
                edges.append(_edge("h", float(x), float(x + w), middle, middle))
            else:
                middle = x + w / 2
                edges.append(_edge("v", middle, middle, float(y), float(y + h)))
    return edges


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict:
    return {
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "object_type": "line",
    }


def _tables(image: np.ndarray, text_height: float) -> list[Table]:
    tolerance = max(_SNAP * text_height, 3.0)
    edges = merge_edges(_rules(image, text_height), tolerance, tolerance, tolerance, tolerance)
    edges = [e for e in edges if max(e["width"], e["height"]) >= text_height]
    cells = intersections_to_cells(edges_to_intersections(edges, tolerance, tolerance))
    return [Table(None, group) for group in cells_to_tables(cells) if len(group) >= _MIN_CELLS]


def _inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] < box[2] and box[1] <= point[1] < box[3]


def _cell_text(pieces: list[tuple[float, float, Glyph]], height: float) -> tuple[str, Seen]:
    """Characters of one cell in reading order: lines top to bottom, each left to right."""
    pieces = sorted(pieces, key=lambda p: p[1])
    lines: list[list[tuple[float, float, Glyph]]] = []
    for piece in pieces:
        if lines and piece[1] - lines[-1][0][1] < height / 2:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    glyphs = [g for line in lines for _, _, g in sorted(line, key=lambda p: p[0])]
    text = "".join(g.text for g in glyphs)
    if text in _ZERO_LOOKALIKES:
        return "0", ("0", (0.0,))
    return text, (text, tuple(g.score for g in glyphs))


def _grid(table: Table, glyphs: list[tuple[float, float, Glyph]], height: float) -> ReadBlock:
    grid: Grid = []
    seen: list[list[Seen]] = []
    for row in table.rows:
        texts: list[str] = []
        row_seen: list[Seen] = []
        for cell in row.cells:
            if cell is None:
                texts.append("")
                continue
            inside = [g for g in glyphs if _inside((g[0], g[1]), cell)]
            text, cell_seen = _cell_text(inside, height) if inside else ("", ("", ()))
            texts.append(text)
            if text:
                row_seen.append(cell_seen)
        grid.append(texts)
        seen.append(row_seen)
    return ReadBlock(grid, seen)


def _word(box: TextBox) -> dict:
    x0, top, x1, bottom = _bounds(box.quad)
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "text": box.text, "box": box}


def read_page_image(image: np.ndarray) -> list[ReadBlock]:
    """One page (an RGB image) → its blocks top to bottom, with what OCR saw in each."""
    boxes = recognise(image)
    if not boxes:
        return []
    angle = skew(boxes)
    if angle:
        image, boxes = _rotate(image, boxes, angle)
    text_height = float(np.median([_bounds(b.quad)[3] - _bounds(b.quad)[1] for b in boxes]))
    tables = _tables(image, text_height)
    in_table: list[list[tuple[float, float, Glyph]]] = [[] for _ in tables]
    words: list[dict] = []
    for box in boxes:
        home = next((i for i, t in enumerate(tables) if _inside(_centre(box.quad), t.bbox)), None)
        if home is None:
            words.append(_word(box))
        else:
            in_table[home].extend((*_centre(g.quad), g) for g in box.glyphs)
    grids: list[tuple[Box, Grid]] = []
    read_grids: dict[int, ReadBlock] = {}
    for table, glyphs in zip(tables, in_table, strict=True):
        read = _grid(table, glyphs, text_height)
        grids.append((table.bbox, read.block))  # type: ignore[arg-type]
        read_grids[id(read.block)] = read
    height, width = image.shape[:2]
    blocks: list[ReadBlock] = []
    for block, block_words in arrange(words, grids, float(width), float(height)):
        if isinstance(block, str):
            seen = [(w["text"], tuple(g.score for g in w["box"].glyphs)) for w in block_words]
            blocks.append(ReadBlock(block, [seen]))
        else:
            blocks.append(read_grids[id(block)])
    return blocks
