"""Crawled page text with the whole report on one line → one line per heading and table row.

A crawler that takes a page's text without separators (BeautifulSoup's `get_text()` default) runs
headings, row labels and numbers together: `规章000规范性文件3336第二十条第（五）项信息内容…`,
`…申请数量1000001二、上年结转…`. Such a line is cut by the form's own wordings (template/), never by
position: section headings by their numeral and words, the tables by their anchors, and inside a
table each row's label from the digits that follow it. A row comes out as `label<TAB>digits`, the
digits exactly as printed (glued runs stay glued; parsers/tables.py splits them only when the form's
identities allow a single split). Text that is not part of the report (site navigation, Word's
conditional comments) is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from parsers.labels import EXACT, match_row
from parsers.normalize import label_key
from template.form import (
    ACTIVE_BLOCKS,
    ACTIVE_CONTENT_HEADER,
    APPLICANT_GROUP_LABEL,
    APPLICANTS_HEADER,
    APPLICATION_COLUMNS,
    APPLICATION_ROWS,
    REVIEW_COLUMNS,
    SECTION_HEADING_ENDINGS,
    SECTIONS,
    Row,
)

# How a line holding tables run together is told: its length, and how many of table 三's row
# wordings, of table 二's 第二十条 blocks, or of table 四's 结果维持 headers it holds.
SHORTEST_TABLE_LINE = 80
MIN_ROW_WORDINGS = 6
MIN_BLOCKS = 3
RUN_IN_HEADING = 40  # a shorter line is read as a heading whole (parsers/sections.py)
_SPACED_CELLS = re.compile(r"[ \u3000]{3,}")
MAX_HEADING_WORDS = 30

CONDITIONAL_COMMENT = re.compile(r"<!--\[if[^\]]*\]>?(?:-->)?|<!(?:--)?\[endif\]-->")
# Breadcrumbs and share buttons a crawler keeps before the body.
_NAVIGATION_START = re.compile(r"(?:当前位置|您当前的位置|您的位置|当前的位置)\s*[:：]")
TITLE_REACH = 120  # the page's title may come before its menu
_NAVIGATION_END = re.compile(
    r"(?:相关链接\s*[:：]|文件下载|打印本页|关闭窗口|【打印】|分享到\s*[:：]?)(?:\s*-->)?"
)
NAVIGATION_REACH = 400

# After a section's wording, the punctuation of a list that names the sections, not of a heading.
_ENUMERATION = frozenset("；;，,、")
_NUMBERING = re.compile(
    r"（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d[.．、]"
)
_BLOCK_MARK = re.compile(r"第二十条第\s*[（(]\s*[一二三四五六七八九十]+\s*[)）]\s*项")
# The digits of a row as a crawler leaves them: runs with or without spaces, a sign, a decimal
# point, a money unit. A single digit with a point right before text is the next row's numbering.
_RUN = re.compile(r"[-+]?\d[\d.\-+ \t\u3000]*(?:万元|元)?")
_TRAILING_NUMBERING = re.compile(r"\d[.．、]$")
_LAST_DIGIT = re.compile(r"\s*\d$")

ACTIVE, APPLICATIONS, REVIEWS = "active", "applications", "reviews"
# Where each table starts when its heading cannot be told apart from the text around it.
_ZONE_ANCHORS: dict[str, tuple[str, ...]] = {
    ACTIVE: ("第二十条第",),
    APPLICATIONS: ("（本列数据的勾稽关系", "(本列数据的勾稽关系", APPLICANTS_HEADER),
    REVIEWS: ("结果维持",),
}


PROSE, HEADING, LABEL, ROW, LEFT_OUT = "prose", "heading", "label", "row", "left_out"


@dataclass
class Unfolded:
    lines: list[str]
    origin: list[int]  # 1-based line of the source text each line comes from
    # per line: PROSE, HEADING, LABEL (a table's header cell or group label), ROW
    # (`label<TAB>digits`) or LEFT_OUT (not report text); "" for a line left as it was
    kinds: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _row_keywords() -> tuple[str, ...]:
    return tuple(row.keywords[0] for row in APPLICATION_ROWS if row.keywords)


def holds_tables(line: str) -> bool:
    """A line that holds a table of the form run together (a whole report, or one section of it):
    table 三's row wordings, table 二's 第二十条 blocks, or table 四's header words repeated — and
    not a row of a table the extraction kept apart (cells apart by pipes, tabs or runs of spaces)."""
    if len(line) < SHORTEST_TABLE_LINE:
        return False
    start, end = _navigation(line)
    body = line[:start] + line[end:]  # a site menu spaces its links apart: not table cells
    if "|" in body or "\t" in body or _SPACED_CELLS.search(body):
        return False
    return (
        sum(keyword in line for keyword in _row_keywords()) >= MIN_ROW_WORDINGS
        or line.count(_ZONE_ANCHORS[ACTIVE][0]) >= MIN_BLOCKS
        or line.count(_ZONE_ANCHORS[REVIEWS][0]) >= MIN_BLOCKS - 1
        and bool(_RUN.search(line))
    )


def unfold(lines: list[str]) -> Unfolded:
    """Every line as it is, except a line holding a whole report, cut into its parts."""
    result = Unfolded([], [], [])
    for number, line in enumerate(lines, 1):
        if holds_tables(line):
            pieces = _unfold_line(CONDITIONAL_COMMENT.sub("", line))
        else:
            pieces = _run_in_heading(line) or [("", line)]
        for kind, piece in pieces:
            result.lines.append(piece)
            result.origin.append(number)
            result.kinds.append(kind)
    return result


# ---------------------------------------------------------------------------------------------
# Headings and table zones


@lru_cache(maxsize=1)
def _heading_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    endings = "|".join(SECTION_HEADING_ENDINGS)
    numerals = "一二三四五六七八九十"
    return tuple(
        (
            section.key,
            re.compile(
                # `五、` or `5、` (a digit only before 、: `5.` numbers table 三's rows)
                rf"(?:{numerals[index]}\s*[、.．]|{index + 1}\s*、)\s*"
                rf"[^\d。，；,;：:！？]{{0,{MAX_HEADING_WORDS}}}?(?:{endings})"
            ),
        )
        for index, section in enumerate(SECTIONS)
    )


def _find_headings(line: str) -> list[tuple[int, int, str]]:
    """(start, end, section key) of each section heading, searched in the form's order."""
    found: list[tuple[int, int, str]] = []
    position = 0
    sections = {section.key: section for section in SECTIONS}
    for key, pattern in _heading_patterns():
        for match in pattern.finditer(line, position):
            words = match[0]
            if line[match.end() : match.end() + 1] in _ENUMERATION:
                continue  # the preamble naming the sections: `一、总体情况；二、主动公开…；`
            if any(all(word in words for word in group) for group in sections[key].keywords):
                found.append((match.start(), match.end(), key))
                position = match.end()
                break
    return _with_their_tables(line, found)


def _with_their_tables(line: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The headings without a table section's heading under which its table is not printed: a
    prose chapter numbered like the form (`二、主动公开工作情况`); the table is then found by its
    anchor wherever it is printed."""
    kept = []
    for index, (start, end, key) in enumerate(found):
        if key in _ZONE_ANCHORS:
            stop = found[index + 1][0] if index + 1 < len(found) else len(line)
            if _zone_start(line, key, end, stop) is None and _zone_start(
                line, key, stop, len(line)
            ):
                continue
        kept.append((start, end, key))
    return kept


def _run_in_heading(line: str) -> list[tuple[str, str]] | None:
    """A section heading run into the text after it (`五、存在的主要问题及改进情况2019年度，…`), as
    a crawler leaves the lines around a table it ran together: the heading, then the text."""
    start = len(line) - len(line.lstrip())
    if len(line) <= RUN_IN_HEADING or line[start : start + 1] not in "一二三四五六":
        return None
    headings = _find_headings(line[start : start + MAX_HEADING_WORDS + 4])
    if not headings or headings[0][0] != 0:
        return None
    end = start + headings[0][1]
    return [(HEADING, line[start:end]), (PROSE, line[end:].strip())]


def _zone_start(line: str, table: str, start: int, end: int) -> int | None:
    positions = [line.find(anchor, start, end) for anchor in _ZONE_ANCHORS[table]]
    positions = [p for p in positions if p >= 0]
    return min(positions) if positions else None


def _unfold_line(line: str) -> list[tuple[str, str]]:
    """(kind, text) pieces of the line, in order."""
    headings = _find_headings(line)
    headed = {key for _, _, key in headings}
    regions: list[tuple[int, int, str]] = []  # spans between headings, tagged with their section
    previous_end, previous_key = 0, "preamble"
    for start, end, key in headings:
        regions.append((previous_end, start, previous_key))
        regions.append((start, end, HEADING))
        previous_end, previous_key = end, key
    regions.append((previous_end, len(line), previous_key))

    pieces: list[tuple[str, str]] = []
    tables_found: set[str] = set()
    for start, end, key in regions:
        if key == HEADING:
            pieces.append((HEADING, line[start:end]))
        elif key == "preamble" and not any(
            _zone_start(line, table, start, end) is not None for table in (ACTIVE, APPLICATIONS)
        ):
            pieces.extend(_preamble(line[start:end]))
        else:
            pieces.extend(_section_body(line, start, end, key, headed, tables_found))
    return [(kind, text.strip()) for kind, text in pieces if text.strip()]


def _navigation(text: str) -> tuple[int, int]:
    """Where the site's menu a crawled page starts with (`当前位置： 首页…相关链接：`, perhaps after
    the page's title) begins and ends; (0, 0) without one."""
    start = _NAVIGATION_START.search(text, 0, TITLE_REACH)
    if not start:
        return 0, 0
    reach = start.start() + NAVIGATION_REACH
    ends = [m.end() for m in _NAVIGATION_END.finditer(text, start.end(), reach)]
    return (start.start(), ends[-1]) if ends else (0, 0)


def _preamble(text: str) -> list[tuple[str, str]]:
    start, end = _navigation(text)
    if not end:
        return [(PROSE, text)]
    return [(PROSE, text[:start]), (LEFT_OUT, text[start:end]), (PROSE, text[end:])]


def _section_body(
    line: str, start: int, end: int, key: str, headed: set[str], tables_found: set[str]
) -> list[tuple[str, str]]:
    """A section's text: prose, and its table — or a table whose own heading is missing."""
    pieces: list[tuple[str, str]] = []
    position = start
    for table in (ACTIVE, APPLICATIONS, REVIEWS):
        if table in tables_found or (table in headed and key != table):
            continue
        zone = _zone_start(line, table, position, end)
        if zone is None and key == table == REVIEWS:
            zone = position  # 四's header words follow its heading
        if zone is None:
            continue
        tables_found.add(table)
        pieces.append((PROSE, line[position:zone]))
        rows, stop = table_rows(line[zone:end], table)
        pieces.extend(rows)
        position = zone + stop
    pieces.append((PROSE, line[position:end]))
    return pieces


# ---------------------------------------------------------------------------------------------
# Rows of one table


@lru_cache(maxsize=4)
def _header_words(table: str) -> tuple[re.Pattern[str], ...]:
    """The printed header cells of a table, longest first, each matched whatever spaces fall inside."""
    if table == ACTIVE:
        words = {ACTIVE_CONTENT_HEADER}
        for block in ACTIVE_BLOCKS:
            for columns in block.columns.values():
                words.update(column.label for column in columns)
    elif table == APPLICATIONS:
        words = {APPLICANTS_HEADER, APPLICANT_GROUP_LABEL, *(c.label for c in APPLICATION_COLUMNS)}
    else:
        return ()
    return tuple(
        re.compile(r"\s*".join(map(re.escape, word)))
        for word in sorted(words, key=len, reverse=True)
    )


def _split_header(text: str, table: str) -> list[str]:
    """`信息内容本年新制作数量本年新 公开数量…规章` → the header's cells and what follows them."""
    patterns = _header_words(table)
    cells: list[str] = []
    rest = text
    while rest:
        best: re.Match[str] | None = None
        for pattern in patterns:
            match = pattern.search(rest)
            if match and (best is None or match.start() < best.start()):
                best = match
        if best is None:
            cells.append(rest)
            break
        if best.start() > 0:
            cells.append(rest[: best.start()])
        cells.append(best[0])
        rest = rest[best.end() :]
    return [cell.strip() for cell in cells if cell.strip()]


def _label_pieces(text: str, table: str) -> list[str]:
    """A run of label text → its labels: block marks, header cells, group labels and the row label,
    cut before each numbering (`（三）不予公开1.属于国家秘密` → two labels)."""
    pieces: list[str] = []
    for part in _split_keeping(text, _BLOCK_MARK):
        if _BLOCK_MARK.fullmatch(part.strip()):
            pieces.append(part)
            continue
        for labelled in _split_keeping(part, _NUMBERING, before=True):
            if _names_a_row(labelled, table, exactly=True):
                pieces.append(labelled)  # `不计其他情形` is not the header cell 其他
            else:
                pieces.extend(_split_header(labelled, table))
    return [piece.strip() for piece in pieces if piece.strip()]


def _split_keeping(text: str, pattern: re.Pattern[str], before: bool = False) -> list[str]:
    """Cut text at each match: the match alone (or, with before=True, starting the next piece)."""
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        if before:
            if match.start() > position:
                pieces.append(text[position : match.start()])
                position = match.start()
        else:
            pieces.extend([text[position : match.start()], match[0]])
            position = match.end()
    pieces.append(text[position:])
    return [piece for piece in pieces if piece]


_ACTIVE_ROWS: tuple[Row, ...] = tuple(row for block in ACTIVE_BLOCKS for row in block.rows)


def _names_a_row(label: str, table: str, exactly: bool = False) -> bool:
    """The label a row's digits follow names one of the table's rows: exactly, or ending with one of
    the row's keywords (prose that merely mentions a row, `行政许可事项办理情况 2021年`, does not)."""
    if table == REVIEWS:
        return any(column.label in label for column in REVIEW_COLUMNS)
    match = match_row(label, _ACTIVE_ROWS if table == ACTIVE else APPLICATION_ROWS, fuzzy=False)
    if match is None:
        return False
    if match.how == EXACT or exactly:
        return match.how == EXACT
    key = label_key(label)
    return any(key.endswith(k) for k in match.row.keywords)


def table_rows(zone: str, table: str) -> tuple[list[tuple[str, str]], int]:
    """The zone's labels and rows, and where the table ends in the zone (prose may follow it)."""
    pieces: list[tuple[str, str]] = []
    position = 0
    runs = list(_RUN.finditer(zone))
    label_start = 0
    for match in runs:
        start, end = match.span()
        if start < position:
            continue
        run = match[0]
        following = zone[end : end + 1]
        if following and not following.isspace() and _TRAILING_NUMBERING.search(run):
            run = run[:-2]  # the next row's numbering (`…00000002.其他法律…`)
            end -= 2
        elif following == "、" and (numbering := _LAST_DIGIT.search(run)):
            run = run[: numbering.start()]  # the next heading's numbering (`…00 5、 存在的…`)
            end -= len(numbering[0])
        if not run.strip() or not re.search(r"\d", run):
            continue  # the run was only a numbering: part of the label text
        labels = _label_pieces(zone[label_start:start], table)
        if not labels or not _names_a_row(labels[-1], table):
            return pieces, label_start
        pieces.extend((LABEL, label) for label in labels[:-1])
        pieces.append((ROW, f"{labels[-1]}\t{run.strip()}"))
        position = label_start = end
    return pieces, label_start
