"""Token streams of sections 二, 三 and 四 → cells of the form.

Rows are found by their labels (never by position alone); a row's values are the value cells
between its label and the next label, placed on the columns only when their count leaves no doubt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import TypeVar

from parsers.digit_runs import Validator, split_glued, totals_in_groups
from parsers.labels import EXACT, FUZZY, ORDER, LabelMatch, match_row
from parsers.normalize import label_key, squash
from parsers.record import Cell, Warning
from parsers.row_order import form_rows, identities_hold, resolve_across_rows
from parsers.tokens import EMPTY, LABEL, VALUE, Token
from parsers.values import cell_value, fit_values
from template.form import (
    ACTIVE_BLOCKS,
    ACTIVE_CONTENT_HEADER,
    APPLICANT_COLUMNS,
    APPLICANT_GROUP_LABEL,
    APPLICANTS_HEADER,
    APPLICATION_COLUMNS,
    APPLICATION_GROUP_LABELS,
    APPLICATION_ROWS,
    COUNT,
    EDITIONS,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    ActiveBlock,
    Column,
    Row,
    cell_title,
    row_title,
)

CellKey = tuple[str, str, str]
_BLOCK_MARK = re.compile(r"第二十条第\(?([一二三四五六七八九十]+)\)?项")
_HEADER_UNIT = re.compile(r"单位[:：]?\s*(万元|元)|[(（](万元|元)[)）]")


@dataclass
class TableRead:
    cells: dict[CellKey, Cell] = field(default_factory=dict)
    warnings: list[Warning] = field(default_factory=list)
    votes: list[tuple[str, str]] = field(default_factory=list)  # (edition, evidence)
    found_rows: list[str] = field(default_factory=list)
    # rows whose glued digits had a single reading, by source line: one warning a line, not a row
    single_readings: dict[int, list[str]] = field(default_factory=dict)
    # the readings of the last glued row that split more than one way, each satisfying the row
    candidates: list[list[Decimal]] = field(default_factory=list)

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        self.warnings.append(Warning(code, message, line))

    def finish(self) -> TableRead:
        for line, rows in self.single_readings.items():
            shown = "、".join(rows[:3]) + (f" 等 {len(rows)} 行" if len(rows) > 3 else "")
            self.warn(
                "digit_run",
                f"{shown}：数字连在一起印出（网页文本去掉了分隔符），只有一种拆分，按此读出",
                line,
            )
        self.single_readings = {}
        return self


@dataclass
class RowScan:
    match: LabelMatch
    label: Token
    values: list[Token] = field(default_factory=list)
    one_line: bool | None = None  # the row is printed on its label's line (tab or pipe rows)

    def add(self, token: Token) -> None:
        """Take a value cell. In a row-per-line layout, cells on later lines (the empty label columns
        before the next row's label) are not this row's."""
        if self.one_line is None:
            self.one_line = token.line == self.label.line
        if self.one_line and token.line != self.label.line:
            return
        self.values.append(token)


def _note_label_match(read: TableRead, scan: RowScan, table_name: str) -> None:
    if scan.match.how not in (EXACT, ORDER):
        how = "按相似程度" if scan.match.how == FUZZY else "按关键词"
        read.warn(
            "fuzzy_label",
            f"表{table_name}：行标签“{scan.label.text}”与模板不完全一致，{how}认作"
            f"“{scan.match.row.printed_label}”",
            scan.label.line,
        )


def _place(
    read: TableRead,
    table: str,
    row: Row,
    columns: tuple[Column, ...],
    tokens: list[Token],
    header_unit: str | None = None,
) -> None:
    for column, token in zip(columns, tokens, strict=True):
        value, problem = cell_value(token, column, header_unit)
        read.cells[(table, row.code, column.code)] = Cell(
            table, row.code, column.code, value, token.text, token.line
        )
        if problem:
            read.warn(
                "odd_value",
                f"{cell_title(table, row.code, column.code)}：“{token.text}”{problem}",
                token.line,
            )


def _continues_label(current: RowScan | None, token: Token) -> bool:
    """An unknown label right after a row's label on the same line, before any number: the rest of
    that label, split off by the extraction (`（二）部分公开  （区分处理的…）  2  0 …`)."""
    return current is not None and not current.values and token.line == current.label.line


def _unplaceable(
    read: TableRead, where: str, label: Token, values: list[Token], expected: int
) -> None:
    printed = " ".join(t.text or "∅" for t in values) or "无"
    read.warn(
        "row_shape",
        f"{where}（印作“{label.text}”）：印有 {sum(t.kind == VALUE for t in values)} 个数字"
        f"（{printed}），而该行有 {expected} 栏，无法确定哪个数字属于哪一栏，留空",
        label.line,
    )


def _fit(
    read: TableRead,
    where: str,
    label: Token,
    values: list[Token],
    expected: int,
    valid: Validator | None = None,
    quiet: bool = False,
    spans_first: bool = False,
    kinds: tuple[str, ...] = (),
) -> list[Token] | None:
    """The row's cells in column order, splitting digits a crawler glued together only when a
    single reading exists or satisfies the row's identities; None (with a warning unless quiet)
    when they cannot be placed. `where` names the row in the form's words, for the warning."""
    printed = [t for t in values if t.kind != EMPTY]
    kinds = kinds or (COUNT,) * expected
    if printed and all(t.glued for t in printed):
        return _split_glued_row(read, where, printed, kinds, valid)
    fitted = fit_values(values, expected, spans_first)
    if fitted is not None:
        other = fit_values(values, expected, not spans_first)
        if valid is not None and other is not None and _shifted(fitted, other, valid):
            read.warn(
                "misplaced_row",
                f"{where}（印作“{label.text}”）：按位置读出的数字不满足勾稽关系，而同样的数字"
                "移一栏就满足——数字被放错了栏，整行留空",
                label.line,
            )
            return None
        return fitted
    if (
        expected > 1
        and len(printed) == 1
        and printed[0].text.isascii()
        and printed[0].text.isdigit()
        and len(printed[0].text) >= expected
    ):  # a whole row printed without separators, on a line of its own
        return _split_glued_row(read, where, printed, kinds, valid)
    if not quiet:
        _unplaceable(read, where, label, values, expected)
    return None


def _contradicts_count(
    read: TableRead, where: str, scan: RowScan, placed: list[Token], valid: Validator | None
) -> bool:
    """A row placed by its header that breaks the row's identity while the count of its printed
    cells, placed the other way, satisfies it: the header and the row do not line up — blank."""
    if valid is None:
        return False
    for spans_first in (False, True):
        counted = fit_values(scan.values, len(placed), spans_first)
        if counted is not None and _shifted(placed, counted, valid):
            read.warn(
                "misplaced_row",
                f"{where}（印作“{scan.label.text}”）：按表头位置读出的数字不满足勾稽关系，而按格子"
                "顺序读出就满足——表头和数字没有对齐，整行留空",
                scan.label.line,
            )
            return True
    return False


def _shifted(fitted: list[Token], other: list[Token], valid: Validator) -> bool:
    """The placement breaks the row's identities while the other placement of the same printed
    cells (one column over) satisfies them."""
    if [t.text for t in fitted] == [t.text for t in other]:
        return False
    chosen, moved = _numbers(fitted), _numbers(other)
    return chosen is not None and not valid(chosen) and moved is not None and valid(moved)


def _numbers(tokens: list[Token]) -> list[Decimal] | None:
    if any(t.number is None for t in tokens):
        return None
    return [t.number for t in tokens if t.number is not None]


def _split_glued_row(
    read: TableRead,
    where: str,
    printed: list[Token],
    kinds: tuple[str, ...],
    valid: Validator | None,
) -> list[Token] | None:
    split = split_glued([t.text for t in printed], list(kinds), valid)
    read.candidates = split.candidates
    glued = " ".join(t.text for t in printed)
    line = printed[0].line
    if split.numbers is None:
        if split.readings == 0:
            why = f"无法读成该行的 {len(kinds)} 栏"
        elif valid is None:
            why = f"可拆成 {split.readings} 种读法，而这一行没有可用来判断的勾稽关系"
        else:
            why = f"可拆成 {split.readings} 种读法，其中 {split.satisfying} 种满足表格的勾稽关系"
        read.warn(
            "digit_run",
            f"{where}：数字连在一起印出（{glued}），{why}；无法确定，留空",
            line,
        )
        return None
    if split.readings == 1 and len(printed) < len(kinds):
        read.single_readings.setdefault(line, []).append(where)
    elif split.readings > 1:
        read.warn(
            "digit_run",
            f"{where}：数字连在一起印出（{glued}），读作 "
            f"{' '.join(format(n, 'f') for n in split.numbers)}：唯一满足表格勾稽关系的拆分",
            line,
        )
    return [
        Token(VALUE, format(number, "f"), line, number, unit, True)
        for number, unit in zip(split.numbers, split.units, strict=True)
    ]


_Place = TypeVar("_Place", Column, tuple[Row, Column])


@dataclass(frozen=True)
class HeaderGrid:
    """Where a header printed as a reader's grid puts each form column."""

    columns: dict[int, Column]  # grid column → form column
    width: int  # cells in each of the grid's rows


def header_positions(header: list[Token], columns: tuple[Column, ...]) -> HeaderGrid | None:
    """Each form column's header cell, found once in a grid header by its printed label (or,
    failing that, a keyword of it)."""
    cells = _grid_header_cells(header)
    if cells is None:
        return None
    positions: dict[int, Column] = {}
    for column in columns:
        wanted = squash(column.label)
        found = [t for t in cells if squash(t.text) == wanted]
        if not found and column.keywords:
            found = [t for t in cells if any(k in squash(t.text) for k in column.keywords)]
        if len(found) != 1 or found[0].column in positions:
            return None
        positions[found[0].column] = column
    return HeaderGrid(positions, cells[0].width)


def place_by_header(
    read: TableRead,
    where: str,
    scan: RowScan,
    grid: HeaderGrid,
    columns: tuple[Column, ...],
) -> list[Token] | None:
    """A grid row's values, each in the column whose header cell is above it. A number under no
    header cell (a merged column, a shifted row) makes the row unplaceable: blank, with a warning."""
    by_place = _under_header_cells(scan.values, grid.columns, grid.width)
    if by_place is None:
        return None
    placed, stray = by_place
    if stray is not None:
        _warn_no_header_cell(read, f"{where}（印作“{scan.label.text}”）", stray, "整行")
        return []
    line = scan.label.line
    return [placed.get(column) or Token(EMPTY, "", line) for column in columns]


def _grid_header_cells(header: list[Token]) -> list[Token] | None:
    """The label cells of a header printed as one reader's grid (all rows of one width)."""
    cells = [t for t in header if t.kind == LABEL and t.column >= 0]
    return cells if cells and len({t.width for t in cells}) == 1 else None


def _under_header_cells(
    values: list[Token], places: dict[int, _Place], width: int
) -> tuple[dict[_Place, Token], Token | None] | None:
    """Each value of one grid row by the header place above it, and the first number under no
    header cell (None when every number has one); None when the values are not such a row."""
    if not values or any(t.column < 0 or t.width != width for t in values):
        return None
    placed: dict[_Place, Token] = {}
    for token in values:
        place = places.get(token.column)
        if place is not None:
            placed[place] = token
        elif token.kind == VALUE:
            matched = _match_by_overlap(values, places, width)
            return (placed, token) if matched is None else (matched, None)
    return placed, None


def _match_by_overlap(
    values: list[Token], places: dict[int, _Place], width: int
) -> dict[_Place, Token] | None:
    """Each number of a grid row matched to a header cell when the row's merges differ from the
    header's (`0` spanning two grid columns under `上一年项目数量`, beside `本年增/减` spanning the next
    two): a cell reaches from its grid column to the next printed cell of its row (a header cell:
    to the next header cell), numbers and header cells are matched one to one, in order, where they
    overlap — and the matching is taken only when it is the only one."""
    starts = sorted(places)
    header = [(places[s], s, (starts[i + 1] if i + 1 < len(starts) else width) - 1)
              for i, s in enumerate(starts)]  # fmt: skip
    printed = sorted((t for t in values if t.text), key=lambda t: t.column)
    cells = [
        (token, token.column, (printed[i + 1].column if i + 1 < len(printed) else width) - 1)
        for i, token in enumerate(printed)
        if token.kind == VALUE
    ]

    def overlap(cell: int, place: int) -> bool:
        return cells[cell][1] <= header[place][2] and header[place][1] <= cells[cell][2]

    # ways[i][j]: matchings of cells i… onto header cells j… (counted up to 2: one or several)
    ways = [[0] * (len(header) + 1) for _ in range(len(cells) + 1)]
    for j in range(len(header) + 1):
        ways[len(cells)][j] = 1
    for i in range(len(cells) - 1, -1, -1):
        for j in range(len(header) - 1, -1, -1):
            took = ways[i + 1][j + 1] if overlap(i, j) else 0
            ways[i][j] = min(2, ways[i][j + 1] + took)
    if ways[0][0] != 1:
        return None
    matched: dict[_Place, Token] = {}
    j = 0
    for i, (token, _, _) in enumerate(cells):
        while not (overlap(i, j) and ways[i + 1][j + 1] == 1):
            j += 1
        matched[header[j][0]] = token
        j += 1
    return matched


def _warn_no_header_cell(read: TableRead, where: str, token: Token, scope: str) -> None:
    read.warn(
        "row_shape",
        f"{where}：数字 {token.text} 所在的格子上方没有表头栏目，无法确定它属于哪一栏，{scope}留空",
        token.line,
    )


# ---------------------------------------------------------------------------------------------
# Section 二


_ACTIVE_ROWS: tuple[Row, ...] = tuple(row for block in ACTIVE_BLOCKS for row in block.rows)


def _block_of(row: Row) -> ActiveBlock:
    return next(block for block in ACTIVE_BLOCKS if row in block.rows)


def _header_edition(block: ActiveBlock, header: list[Token]) -> str | None:
    """The edition whose columns this printed header fits best, or None when it does not tell."""
    labels = [squash(t.text) for t in header]
    scores: dict[str, tuple[bool, int]] = {}
    for edition in EDITIONS:
        columns = block.columns.get(edition, ())
        if not columns:
            continue
        score = sum(
            1
            for label, column in zip(labels, columns, strict=False)
            if any(k in label for k in column.keywords)
        )
        scores[edition] = (len(labels) == len(columns), score)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best_edition, best = ranked[0]
    if not best[0] and best[1] == 0:
        return None
    if len(ranked) > 1 and ranked[1][1] == best:
        return None
    return best_edition


def read_active(tokens: list[Token], edition_of_report: str | None = None) -> TableRead:
    read = TableRead()
    headers: dict[str, list[Token]] = {}
    scans: list[RowScan] = []
    pending_header: list[Token] = []
    in_header = False
    current: RowScan | None = None
    for token in tokens:
        if token.kind != LABEL:
            if current is not None:
                current.add(token)
            continue
        key = squash(token.text)
        if _BLOCK_MARK.search(key):
            in_header, pending_header, current = False, [], None
            continue
        if ACTIVE_CONTENT_HEADER in key:
            in_header, pending_header, current = True, [], None
            continue
        match = match_row(token.text, _ACTIVE_ROWS)
        if match is not None:
            block = _block_of(match.row)
            if pending_header:
                headers[block.item] = pending_header
                pending_header = []
            in_header = False
            if any(s.match.row == match.row for s in scans):
                read.warn(
                    "duplicate_row",
                    f"表二：“{token.text}”一行印了两次，采用第一次",
                    token.line,
                )
                current = None
                continue
            current = RowScan(match, token)
            scans.append(current)
            continue
        if in_header:
            pending_header.append(token)
            continue
        if _continues_label(current, token):
            continue
        current = None
        read.warn(
            "unknown_label",
            f"表二：标签“{token.text}”不在模板中，其后的数字未读取",
            token.line,
        )

    header_editions = {
        item: _header_edition(_block_by_item(item), h) for item, h in headers.items()
    }
    for item, edition in header_editions.items():
        if edition:
            read.votes.append((edition, f"表二 第二十条第（{item}）项的栏目"))
    for scan in scans:
        if scan.values and len(scan.match.row.editions) == 1:
            read.votes.append((scan.match.row.editions[0], f"表二有“{scan.match.row.label}”一行"))
    read.found_rows = [scan.match.row.code for scan in scans]

    # Columns can only be placed once the edition is known: callers run this twice, the second time
    # with the report's edition. The first run only votes.
    if edition_of_report is None:
        return read
    checked_blocks: set[str] = set()
    for scan in scans:
        _note_label_match(read, scan, "二")
        where = row_title("active", scan.match.row.code)
        block = _block_of(scan.match.row)
        edition = header_editions.get(block.item) or edition_of_report
        columns = block.columns.get(edition) or block.columns.get(edition_of_report, ())
        header = headers.get(block.item, [])
        if block.item not in checked_blocks:
            checked_blocks.add(block.item)
            _check_header(read, block, columns, header)
        header_unit = _header_unit(header)
        grid = header_positions(header, columns)
        fitted = None
        if grid is not None:
            fitted = place_by_header(read, where, scan, grid, columns)
            if fitted == []:
                continue
        if fitted is None:
            fitted = _fit(
                read,
                where,
                scan.label,
                scan.values,
                len(columns),
                kinds=tuple(column.kind for column in columns),
            )
        if fitted is None:
            continue
        _place(read, "active", scan.match.row, columns, fitted, header_unit)
    return read.finish()


def _block_by_item(item: str) -> ActiveBlock:
    return next(block for block in ACTIVE_BLOCKS if block.item == item)


def _check_header(
    read: TableRead, block: ActiveBlock, columns: tuple[Column, ...], header: list[Token]
) -> None:
    for token, column in zip(header, columns, strict=False):
        if not any(k in squash(token.text) for k in column.keywords):
            read.warn(
                "fuzzy_label",
                f"表二 第二十条第（{block.item}）项：表头“{token.text}”与模板不符，按位置认作“{column.label}”",
                token.line,
            )


def _header_unit(header: list[Token]) -> str | None:
    for token in header:
        match = _HEADER_UNIT.search(squash(token.text))
        if match:
            return match[1] or match[2]
    return None


# ---------------------------------------------------------------------------------------------
# Section 三


_OTHER_GROUP_ROWS = ("other_no_correction", "other_no_fee", "other_misc")


_GROUP_WORDINGS = (*APPLICATION_GROUP_LABELS, "其他处理")


def _is_group_label(key: str) -> bool:
    """A group heading of table 三 — or a piece of one its extraction wrapped over two lines
    (`（三）不` / `予公开`); group headings carry no numbers."""
    return any(
        group in key or (key and key != group and (group.startswith(key) or group.endswith(key)))
        for group in _GROUP_WORDINGS
    )


def read_applications(tokens: list[Token]) -> TableRead:
    read = TableRead()
    header: list[Token] = []
    scans: list[RowScan] = []
    current: RowScan | None = None
    in_other_group = False
    other_misc = next(row for row in APPLICATION_ROWS if row.code == "other_misc")
    # in printed order: recognised rows, and lines of numbers whose label could not be read
    slots: list[RowScan | list[Token]] = []
    header_lines: set[int] = set()
    for index, token in enumerate(tokens):
        if scans and (
            token.line in header_lines
            or (token.kind == LABEL and _repeats_header(tokens, index, header_lines))
        ):
            continue  # the column header printed again (a page break, a converter's new table)
        if token.kind != LABEL:
            if current is not None:
                current.add(token)
            elif scans and token.kind == VALUE:
                last = slots[-1]
                if isinstance(last, list) and last[-1].line == token.line:
                    last.append(token)
                else:
                    slots.append([token])
            continue
        key = label_key(token.text)
        started = bool(scans)
        match = match_row(token.text, APPLICATION_ROWS, fuzzy=False)
        if match is None and started and not _is_group_label(key):
            match = match_row(token.text, APPLICATION_ROWS)
        if match is None and in_other_group and key == "其他":
            match = LabelMatch(other_misc, EXACT)
        if match is not None and not started and match.row.code in ("total", "other_misc"):
            match = None  # the 总计 / 其他 column headers
        if match is None:
            if not started:
                header.append(token)
            elif _is_group_label(key):
                current = None
                in_other_group = "其他处理" in key
            elif _continues_label(current, token):
                continue
            else:
                current = None
                read.warn(
                    "unknown_label",
                    f"表三：标签“{token.text}”不在模板中，其后的数字未读取",
                    token.line,
                )
            continue
        code = match.row.code
        if code == "other" or code in _OTHER_GROUP_ROWS:
            in_other_group = True
        elif code in ("total", "carried_forward") or match.row.group != "（六）其他处理":
            in_other_group = False
        if any(s.match.row.code == code for s in scans):
            read.warn("duplicate_row", f"表三：“{token.text}”一行印了两次，采用第一次", token.line)
            current = None
            continue
        current = RowScan(match, token)
        scans.append(current)
        slots.append(current)

    # "(六)其他处理" heads three rows in the 2021 edition and carries no numbers of its own there.
    if any(s.match.row.code in _OTHER_GROUP_ROWS for s in scans):
        scans = [s for s in scans if not (s.match.row.code == "other" and not _has_numbers(s))]
        slots = [s for s in slots if not isinstance(s, RowScan) or s in scans]
        read.votes.append(("2021", "表三（六）其他处理分为三行"))
    elif any(s.match.row.code == "other" and _has_numbers(s) for s in scans):
        read.votes.append(("2019", "表三（六）其他处理为一行"))

    has_total = any("总计" in squash(t.text) for t in header)
    columns = APPLICATION_COLUMNS if has_total else APPLICANT_COLUMNS
    scans = _rows_by_form_order(read, scans, slots, columns)
    right_aligned = _right_aligned(scans, len(columns))
    row_identity = totals_in_groups(len(APPLICATION_COLUMNS)) if has_total else None
    grid = header_positions(header, columns)
    ambiguous: dict[str, tuple[str, list[list[Decimal]]]] = {}
    for scan in scans:
        _note_label_match(read, scan, "三")
        read.candidates = []
        where = row_title("applications", scan.match.row.code)
        placed_columns = columns
        fitted = None
        if grid is not None:
            fitted = place_by_header(read, where, scan, grid, columns)
            if fitted == [] or (
                fitted and _contradicts_count(read, where, scan, fitted, row_identity)
            ):
                continue
        placed_by_header = fitted is not None
        if fitted is None and not has_total:
            spans_first = scan.label.tabbed or right_aligned
            fitted = fit_values(scan.values, len(APPLICATION_COLUMNS), spans_first)
            placed_columns = APPLICATION_COLUMNS
            if fitted is not None and fit_values(scan.values, len(columns), spans_first) is None:
                read.warn(
                    "row_shape",
                    f"{where}：印有 7 个数字，而表头没有“总计”栏；第 7 个数字读作总计",
                    scan.label.line,
                )
            else:
                fitted, placed_columns = None, columns
        if fitted is None:
            # table 三's labels span up to three columns: a tab-separated extraction prints the
            # spanned columns as empty cells right after the label (sample 002)
            fitted = _fit(
                read,
                where,
                scan.label,
                scan.values,
                len(columns),
                row_identity,
                spans_first=scan.label.tabbed or right_aligned,
            )
        if fitted is None:
            if read.candidates and placed_columns == APPLICATION_COLUMNS:
                ambiguous[scan.match.row.code] = (where, read.candidates)
            continue
        if not placed_by_header and _unconfirmed(read, where, scan, placed_columns, fitted):
            continue
        _place(read, "applications", scan.match.row, placed_columns, fitted)
    if ambiguous:
        _resolve_across_rows(read, ambiguous, scans)
    read.found_rows = [scan.match.row.code for scan in scans]
    return read.finish()


_MIN_HEADER_CELLS = 3
_PLACEHOLDER = re.compile(r"^(?:数据|列|栏|[Cc]ol(?:umn)?)\d{1,2}$")


def _repeats_header(tokens: list[Token], index: int, header_lines: set[int]) -> bool:
    """The token starts a line that prints only table 三's column headers (`自然人 | 商业企业 | … |
    其他 | 总计`), or the names an OCR converter gives columns it could not read (`数据1 | …`);
    such a line is added to header_lines."""
    token = tokens[index]
    if token.kind != LABEL:
        return False
    before = index - 1
    while before >= 0 and tokens[before].line == token.line:
        if tokens[before].kind != EMPTY:
            return False  # not the line's first printed cell
        before -= 1
    words = _column_header_words()
    if squash(token.text) not in words and not _PLACEHOLDER.match(squash(token.text)):
        return False
    cells = []
    for other in tokens[index:]:
        if other.line != token.line:
            break
        cells.append(other)
    labels = [t for t in cells if t.kind == LABEL]
    if len(labels) < _MIN_HEADER_CELLS or any(t.kind == VALUE for t in cells):
        return False
    if not all(squash(t.text) in words or _PLACEHOLDER.match(squash(t.text)) for t in labels):
        return False
    header_lines.add(token.line)
    return True


@lru_cache(maxsize=1)
def _column_header_words() -> frozenset[str]:
    words = {squash(c.label) for c in APPLICATION_COLUMNS}
    return frozenset(words | {squash(APPLICANTS_HEADER), squash(APPLICANT_GROUP_LABEL)})


def _unconfirmed(
    read: TableRead, where: str, scan: RowScan, columns: tuple[Column, ...], fitted: list[Token]
) -> bool:
    """A row placed by counting its cells (no header cell above them), with blank cells among its
    numbers: a lost or extra blank moves a number to another column, so the row is published only
    when its 总计 confirms the count — printed, and equal to the sum of the printed numbers. With
    the 总计 blank (or no such column), or a sum that differs, the row is left blank."""
    if all(t.kind != EMPTY for t in fitted):
        return False
    applicants = fitted[: len(APPLICANT_COLUMNS)]
    printed = [t.number for t in applicants if t.kind == VALUE]
    if len(printed) == len(applicants) or not printed:
        return False
    total = fitted[-1] if columns == APPLICATION_COLUMNS else None
    if total is not None and total.kind == VALUE and None not in printed:
        if sum(n for n in printed if n is not None) == total.number:
            return False
        why = f"而本行总计 {total.text} 不等于印出的数字之和"
    else:
        why = "而本行没有总计可以核对"
    read.warn(
        "unconfirmed_row",
        f"{where}（印作“{scan.label.text}”）：数字按格子顺序数到栏目上，中间有空格，{why}——"
        "少数或多数一个空格，数字就会落到别的栏，整行留空",
        scan.label.line,
    )
    return True


def _resolve_across_rows(
    read: TableRead, ambiguous: dict[str, tuple[str, list[list[Decimal]]]], scans: list[RowScan]
) -> None:
    edition = "2021" if any(s.match.row.code in _OTHER_GROUP_ROWS for s in scans) else "2019"
    chosen = resolve_across_rows(
        edition,
        {key: cell for key, cell in read.cells.items() if key[0] == "applications"},
        {code: readings for code, (_, readings) in ambiguous.items()},
        APPLICATION_COLUMNS,
    )
    if chosen is None:
        return
    by_code = {s.match.row.code: s for s in scans}
    for code, numbers in chosen.items():
        where, readings = ambiguous[code]
        scan = by_code[code]
        line = next(t.line for t in scan.values if t.kind != EMPTY)
        tokens = [Token(VALUE, format(n, "f"), line, n, None, True) for n in numbers]
        _place(read, "applications", scan.match.row, APPLICATION_COLUMNS, tokens)
        read.warnings = [
            w for w in read.warnings if not (w.code == "digit_run" and w.message.startswith(where))
        ]
        read.warn(
            "digit_run",
            f"{where}：数字连在一起印出，{len(readings)} 种拆分都满足本行的勾稽关系；读作 "
            f"{' '.join(t.text for t in tokens)}：唯一同时满足各列合计与“第一项加第二项之和，"
            "等于第三项加第四项之和”的拆分",
            line,
        )


def _rows_by_form_order(
    read: TableRead,
    scans: list[RowScan],
    slots: list[RowScan | list[Token]],
    columns: tuple[Column, ...],
) -> list[RowScan]:
    """Rows whose labels the extraction broke, read by the form's row order when the count of rows
    and every identity of the table agree (parsers/row_order.py); the rows as found otherwise."""
    width = len(columns)
    orphans = [slot for slot in slots if isinstance(slot, list)]
    numbered = [s for s in scans if _has_numbers(s)]
    if orphans:  # numbers under labels that could not be read
        codes = [slot.match.row.code if isinstance(slot, RowScan) else None for slot in slots]
        edition = next(
            (
                e
                for e in EDITIONS
                if len(form_rows(e)) == len(codes)
                and all(c is None or c == f for c, f in zip(codes, form_rows(e), strict=True))
            ),
            None,
        )
        if edition is None:
            return scans
        rows = [
            _by_row_order(slot, row, width)
            for slot, row in zip(slots, form_rows(edition), strict=True)
        ]
        what = f"{len(orphans)} 行标签无法辨认的数字"
    elif len(numbered) == 1 and numbered[0] is scans[-1] and len(scans) > 1:
        # the label column printed first, then every row's numbers
        by_line: dict[int, list[Token]] = {}
        for token in scans[-1].values:
            by_line.setdefault(token.line, []).append(token)
        lines = list(by_line.values())
        if len(lines) != len(scans):
            return scans
        rows = [
            RowScan(scan.match, scan.label, [t for t in line if t.kind == VALUE])
            for scan, line in zip(scans, lines, strict=True)
        ]
        what = "与行标签分开印出的各行数字"
        edition = next(
            (e for e in EDITIONS if set(form_rows(e)) >= {s.match.row.code for s in scans}),
            EDITIONS[-1],
        )
    else:
        return scans
    values = {
        row.match.row.code: [t.number for t in row.values]
        for row in rows
        if len(row.values) == width
        and all(t.kind == VALUE and t.number is not None for t in row.values)
    }
    if len(values) == len(rows) and identities_hold(edition, values, columns):  # type: ignore[arg-type]
        read_lines = {slot[0].line for slot in orphans}
        read.warnings = [
            w for w in read.warnings if not (w.code == "unknown_label" and w.line in read_lines)
        ]
        read.warn(
            "row_order",
            f"表三：{what}按表式的行序读出（行数与表式一致，表三的勾稽关系全部成立）",
            rows[0].label.line,
        )
        return rows
    read.warn(
        "row_order",
        f"表三：{what}无法按表式的行序确认（行数或勾稽关系对不上），未读取",
        rows[0].label.line,
    )
    return scans


def _by_row_order(slot: RowScan | list[Token], code: str, width: int) -> RowScan:
    if isinstance(slot, RowScan):
        values = [t for t in slot.values if t.kind == VALUE]
        return RowScan(slot.match, slot.label, values if len(values) == width else slot.values)
    row = next(r for r in APPLICATION_ROWS if r.code == code)
    label = Token(LABEL, f"（第 {slot[0].line} 行，按表式行序）", slot[0].line)
    return RowScan(LabelMatch(row, ORDER), label, slot)


def _right_aligned(scans: list[RowScan], width: int) -> bool:
    """A positional grid (as the HTML, Word and PDF readers print a table): the columns a label
    spans are empty cells after it and the values fill the row's last positions, so a row's blank
    cells at its start are spans and a blank at its end is the last column. Told by the rows that
    print all their numbers: none ends in empty cells and some start with them."""
    full = [
        s.values for s in scans if s.one_line and sum(t.kind == VALUE for t in s.values) == width
    ]
    return (
        bool(full)
        and all(values[-1].kind == VALUE for values in full)
        and any(values[0].kind == EMPTY for values in full)
    )


def _has_numbers(scan: RowScan) -> bool:
    return any(t.kind == VALUE for t in scan.values)


# ---------------------------------------------------------------------------------------------
# Section 四


def read_reviews(tokens: list[Token]) -> TableRead:
    read = TableRead()
    last_label = max((i for i, t in enumerate(tokens) if t.kind == LABEL), default=-1)
    by_row = (
        _reviews_by_row_labels(tokens)
        or _reviews_in_parts(tokens)
        or _reviews_by_header(read, tokens[: last_label + 1], tokens[last_label + 1 :])
    )
    if by_row is not None:
        for row, values in by_row:
            _place(read, "reviews", row, REVIEW_COLUMNS, values)
        read.found_rows = [row.code for row in REVIEW_ROWS]
        return read
    header_line = tokens[last_label].line if last_label >= 0 else None
    # empties on the header's own line are its filler pipes or tabs, not blank values
    values = [
        t
        for t in tokens[last_label + 1 :]
        if t.kind == VALUE or (t.kind == EMPTY and t.line != header_line)
    ]
    expected = len(REVIEW_ROWS) * len(REVIEW_COLUMNS)
    label = (
        tokens[last_label]
        if last_label >= 0
        else Token(LABEL, "四", values[0].line if values else 0)
    )
    quiet = not any(t.kind == VALUE for t in values)
    fitted = _fit(
        read, "表四", label, values, expected, totals_in_groups(len(REVIEW_COLUMNS)), quiet
    )
    if fitted is None:
        return read.finish()
    width = len(REVIEW_COLUMNS)
    for index, row in enumerate(REVIEW_ROWS):
        _place(read, "reviews", row, REVIEW_COLUMNS, fitted[index * width : (index + 1) * width])
    read.found_rows = [row.code for row in REVIEW_ROWS]
    return read.finish()


def _reviews_by_header(
    read: TableRead, header: list[Token], values: list[Token]
) -> list[tuple[Row, list[Token]]] | None:
    """Table 四 printed as a reader's grid: its five column headers printed once per kind of case
    (行政复议, 未经复议直接起诉, 复议后起诉, in the form's order), each value placed under the header
    cell above it — an empty merged column under 结果维持 does not shift the row. None when the
    header does not tell."""
    cells = _grid_header_cells(header)
    if cells is None:
        return None
    places: dict[int, tuple[Row, Column]] = {}
    for column in REVIEW_COLUMNS:
        found = sorted(t.column for t in cells if squash(t.text) == column.label)
        if len(found) != len(REVIEW_ROWS):
            return None
        places.update(zip(found, ((row, column) for row in REVIEW_ROWS), strict=True))
    if len(places) != len(REVIEW_ROWS) * len(REVIEW_COLUMNS):
        return None  # header cells sharing a position: not a grid whose columns line up
    header_lines = {t.line for t in cells}
    values = [t for t in values if t.line not in header_lines]  # the header rows' own blanks
    if any(t.line != values[0].line for t in values):
        return None  # one grid row of numbers, or nothing to place by position
    by_place = _under_header_cells(values, places, cells[0].width)
    if by_place is None:
        return None
    placed, stray = by_place
    if stray is not None:
        _warn_no_header_cell(read, "表四", stray, "整表")
        return []
    line = values[0].line
    return [
        (row, [placed.get((row, c)) or Token(EMPTY, "", line) for c in REVIEW_COLUMNS])
        for row in REVIEW_ROWS
    ]


def _review_kinds(text: str) -> list[str]:
    """The kinds of case (table 四's rows) a header cell names, in printed order."""
    key = squash(text)
    found = []
    for code, words in _REVIEW_KIND_WORDS:
        at = min((key.find(w) for w in words if w in key), default=-1)
        if at >= 0:
            found.append((at, code))
    return [code for _, code in sorted(found)]


_REVIEW_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("review", ("行政复议",)),
    ("litigation_direct", ("未经复议", "直接起诉")),
    ("litigation_after_review", ("复议后起诉",)),
)


def _reviews_in_parts(tokens: list[Token]) -> list[tuple[Row, list[Token]]] | None:
    """Table 四 printed in parts (a converter's table per kind of case, or one for 行政复议 and one for
    行政诉讼): each part's header names its kinds, and the lines of numbers under it hold five cells
    per kind. Read only when the parts name the three kinds once each, in the form's order, and
    every part's numbers fit its kinds."""
    numbers_seen = False
    for token in tokens:
        if token.kind == VALUE:
            numbers_seen = True
        elif numbers_seen and token.kind == LABEL:
            break
    else:
        return None  # every header cell before the numbers: one table
    # (kinds named, cells of the numbers under them)
    parts: list[tuple[list[str], list[Token]]] = []
    lines: dict[int, list[Token]] = {}
    for token in tokens:
        lines.setdefault(token.line, []).append(token)
    for line_tokens in lines.values():
        if any(t.kind == LABEL for t in line_tokens):
            kinds = [k for t in line_tokens if t.kind == LABEL for k in _review_kinds(t.text)]
            if kinds:
                if not parts or parts[-1][1]:
                    parts.append(([], []))
                parts[-1][0].extend(k for k in kinds if k not in parts[-1][0])
            continue
        if parts and any(t.kind == VALUE for t in line_tokens):
            parts[-1][1].extend(line_tokens)
    parts = [part for part in parts if part[1]]
    if len(parts) < 2 or [k for kinds, _ in parts for k in kinds] != [r.code for r in REVIEW_ROWS]:
        return None
    width = len(REVIEW_COLUMNS)
    placed: list[tuple[Row, list[Token]]] = []
    rows = iter(REVIEW_ROWS)
    for kinds, cells in parts:
        fitted = fit_values(cells, width * len(kinds))
        if fitted is None:
            return None
        for index in range(len(kinds)):
            placed.append((next(rows), fitted[index * width : (index + 1) * width]))
    return placed


def _reviews_by_row_labels(tokens: list[Token]) -> list[tuple[Row, list[Token]]] | None:
    """A transposed table 四 with one labelled row per 复议/诉讼 kind, if that is how it is printed."""
    wordings = {label_key(row.label): row for row in REVIEW_ROWS}
    rows: dict[str, list[Token]] = {}
    current: list[Token] | None = None
    for token in tokens:
        if token.kind == LABEL:
            row = wordings.get(label_key(token.text))
            current = rows.setdefault(row.code, []) if row else None
        elif current is not None:
            current.append(token)
    placed = []
    for row in REVIEW_ROWS:
        fitted = fit_values(rows.get(row.code, []), len(REVIEW_COLUMNS))
        if fitted is None or not any(t.kind == VALUE for t in fitted):
            return None
        placed.append((row, fitted))
    return placed
