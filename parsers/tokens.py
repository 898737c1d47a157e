"""Table text → a stream of cells, whatever the extraction layout.

Layouts met in real reports (see reports/sample): one cell per line ending in `|` (with wrapped cells
and `|||` filler lines), markdown-like rows `a | b | c |`, tab-separated rows (PDF extraction), and one
tab-indented cell per line with blank lines between rows (Word extraction). All become the same list of
tokens: labels, values and empty cells, each with the line it came from.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from parsers.normalize import LINES_KEPT, nfkc
from parsers.unfold import LABEL as UNFOLDED_LABEL
from parsers.unfold import ROW as UNFOLDED_ROW

LABEL, VALUE, EMPTY = "label", "value", "empty"

# Printed for "nothing here": kept as raw text, read as a blank (never as 0).
BLANK_MARKERS = frozenset({"-", "—", "–", "——", "/", "\\", "无", "空", "×", "—/—"})
_NUMBER = re.compile(
    r"^(?P<number>[-+]?[0-9]+(?:\.[0-9]+)?)\s*"
    r"(?P<unit>万元|元|万|件|条|个|项|次|人次|家|起|宗|份|篇)?\s*"
    r"(?P<note>[(（].*[)）])?$"
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
_JUNK = re.compile(r"^[\W_]+$")
# A label with the row's numbers glued on, as when a crawler drops every cell separator.
_GLUED = re.compile(r"^(?P<label>.*[\u4e00-\u9fff)）])(?P<digits>[0-9]{2,})$")
# Page furniture of PDF and Word extractions that lands in the middle of tables.
PAGE_FOOTER = re.compile(
    r"^\s*(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$"
)
_MARKDOWN_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*\|")  # matched on the left-stripped line
MERGE_RUN = 3  # labels printed one character per line: at least this many lines


class Token(NamedTuple):
    # A named tuple, not a dataclass: a report has hundreds of cells and building tokens was a
    # tenth of the parse time.
    kind: str  # LABEL | VALUE | EMPTY
    text: str  # as printed (stripped)
    line: int  # 1-based source line
    number: Decimal | None = None
    unit: str | None = None
    glued: bool = False  # digits that were glued to the label before them
    tabbed: bool = False  # from a tab-separated row, where empty label-span cells come first
    # A reader's table grid (`cell | cell |` rows, spans expanded): the cell's grid column and the
    # grid's width, so values can be placed under the header cell that covers them.
    column: int = -1
    width: int = 0


@lru_cache(maxsize=LINES_KEPT)
def _read_cell(stripped: str) -> tuple[str, str, Decimal | None, str | None] | None:
    if not stripped:
        return EMPTY, "", None, None
    if stripped.isascii() and stripped.isdigit():
        return VALUE, stripped, Decimal(stripped), None
    if _has_non_decimal_digit(stripped):
        return LABEL, stripped, None, None  # ² ① and the like are marks, not numbers
    normal = nfkc(stripped).replace(" ", "").replace("\u3000", "")
    if normal in BLANK_MARKERS:
        return EMPTY, stripped, None, None
    match = _NUMBER.match(_THOUSANDS.sub("", normal))
    if match:
        return VALUE, stripped, Decimal(match["number"]), match["unit"]
    if _JUNK.match(normal):
        return None
    return LABEL, stripped, None, None


@lru_cache(maxsize=LINES_KEPT)
def _cells_of(
    stripped: str,
) -> tuple[tuple[str, str, Decimal | None, str | None, bool], ...]:
    """The cells one printed cell holds: none (junk), itself, or a label and the digits glued to it."""
    read = _read_cell(stripped)
    if read is None:
        return ()
    kind, text, number, unit = read
    if kind == LABEL and not _has_non_decimal_digit(text):
        glued = _GLUED.match(nfkc(text))
        if glued:
            digits = glued["digits"]
            return (
                (LABEL, glued["label"], None, None, False),
                (VALUE, digits, Decimal(digits), None, True),
            )
    return ((kind, text, number, unit, False),)


# Text tools (pdftotext -layout and the like) print a table row as cells apart by runs of spaces,
# numbers often one space apart, blank cells not at all.
_SPACED = re.compile(r"[ \u3000]{2,}|\u3000")
_NUMBER_TEXT = r"[-+]?[0-9][0-9,]*(?:\.[0-9]+)?(?:万元|元)?"
_NUMBERS = re.compile(rf"{_NUMBER_TEXT}(?: +{_NUMBER_TEXT})*")
_LABEL_THEN_NUMBERS = re.compile(
    rf"(?P<label>.*[\u4e00-\u9fff)）”\]]) +(?P<numbers>{_NUMBERS.pattern})"
)


@lru_cache(maxsize=LINES_KEPT)
def spaced_cells(stripped: str) -> tuple[str, ...]:
    """A plain line → its cells (apart by runs of spaces), and one cell per number of a run of
    numbers one space apart (`规章 0 0 0` → 规章, 0, 0, 0)."""
    pieces = _SPACED.split(stripped)
    last = pieces[-1]
    labelled = _LABEL_THEN_NUMBERS.fullmatch(last)
    if labelled:
        pieces[-1:] = [labelled["label"], labelled["numbers"]]
    cells: list[str] = []
    for piece in pieces:
        cells.extend(piece.split() if _NUMBERS.fullmatch(piece) else [piece])
    return tuple(cells)


def _has_non_decimal_digit(text: str) -> bool:
    return any(char.isdigit() and not char.isdecimal() for char in text)


def _is_number(text: str) -> bool:
    read = _read_cell(text)
    return read is not None and read[0] == VALUE


def _is_filler(stripped: str) -> bool:
    return stripped.count("|") >= 2 and not stripped.replace("|", "").strip()


def tokenize(lines: list[tuple[int, str]]) -> list[Token]:
    """Cells of a table region given as (line number, line) pairs."""
    uses_pipes = any("|" in text for _, text in lines)
    # Only a markdown table (with its |---| rule) has border pipes; elsewhere a leading pipe closes
    # an empty first cell.
    markdown = any(_MARKDOWN_RULE.match(text.lstrip()) for _, text in lines)
    tokens: list[Token] = []
    pending: list[str] = []
    pending_line = 0

    def emit(text: str, line: int, tabbed: bool = False, column: int = -1, width: int = 0) -> None:
        for kind, printed, value, unit, glued in _cells_of(text.strip()):
            tokens.append(
                Token(kind, printed, line, value, unit, glued, tabbed and not glued, column, width)
            )

    def flush() -> None:
        nonlocal pending
        if pending:
            emit("".join(pending), pending_line)
            pending = []

    def add_pending(piece: str, line: int) -> None:
        # Numbers on different lines are different cells: joining them would print a number
        # nowhere in the report (`1` and `2` → 12) when a cell's closing `|` is lost.
        nonlocal pending_line
        if pending and _is_number(piece) and _is_number(pending[-1]):
            flush()
        pending.append(piece)
        pending_line = line

    for number, line in lines:
        text = line.rstrip("\r\n")
        stripped = text.strip()
        if PAGE_FOOTER.match(stripped):
            continue
        if "\t" in text and "|" not in text:
            flush()
            if text.startswith("\t") and text.count("\t") == 1:
                emit(text[1:], number)  # one tab-indented cell per line
            else:
                for cell in text.split("\t"):
                    emit(cell, number, tabbed=True)
            continue
        if not stripped:
            flush()
            continue
        if "|" in stripped:
            if _is_filler(stripped):
                flush()
                continue
            parts = stripped.split("|")
            if stripped.endswith("|"):
                parts = parts[:-1]
            if markdown and stripped.startswith("|") and len(parts) > 1:
                parts = parts[1:]
            if len(parts) == 1:
                # a cell terminator: the text before it (on this and earlier lines) is one cell
                if parts[0].strip():
                    add_pending(parts[0].strip(), number)
                if pending:
                    flush()
                else:
                    emit("", number)
            else:
                flush()
                for index, cell in enumerate(parts):
                    emit(cell, number, column=index, width=len(parts))
            continue
        if uses_pipes:
            add_pending(stripped, number)  # a cell wrapped over lines, closed by a later `|`
        else:
            for cell in spaced_cells(stripped):
                emit(cell, number)
    flush()
    return merge_split_labels(tokens)


def merge_split_labels(tokens: list[Token]) -> list[Token]:
    """`三、` `本` `年` `度` … on consecutive lines, one or two characters each → one label."""
    merged: list[Token] = []
    run: list[Token] = []

    def close_run() -> None:
        if len(run) >= MERGE_RUN:
            merged.append(Token(LABEL, "".join(t.text for t in run), run[0].line))
        else:
            merged.extend(run)
        run.clear()

    for token in tokens:
        short = token.kind == LABEL and len(token.text) <= 2
        if short and (not run or token.line == run[-1].line + 1):
            run.append(token)
            continue
        if run:
            close_run()
        if short:
            run.append(token)
        else:
            merged.append(token)
    close_run()
    return merged


def tokenize_unfolded(lines: list[tuple[int, str, str]]) -> list[Token]:
    """Table lines cut out of a one-line report by parsers.unfold, as (source line, text, kind):
    a header or group label is a label; a row is its label and its digit groups exactly as printed,
    each marked glued (how many numbers a group holds is decided with the row's columns)."""
    tokens: list[Token] = []
    for number, text, kind in lines:
        if kind == UNFOLDED_LABEL:
            tokens.append(Token(LABEL, text, number))
        elif kind == UNFOLDED_ROW:
            label, digits = text.split("\t", 1)
            tokens.append(Token(LABEL, label, number))
            for group in nfkc(digits).split():
                tokens.append(Token(VALUE, group, number, glued=True))
    return tokens
