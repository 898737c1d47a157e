"""Find the six sections of a report by their headings and cut the text into regions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from parsers.normalize import chinese_numeral_value, nfkc
from template.form import (
    ACTIVE_BLOCKS,
    ACTIVE_CONTENT_HEADER,
    APPLICANTS_HEADER,
    APPLICATION_COLUMNS,
    APPLICATION_ROWS,
    REVIEW_COLUMNS,
    SECTIONS,
    Section,
)

_HEADING = re.compile(r"^(?P<numeral>[一二三四五六七八九十]+|\d{1,2})\s*[、.．]\s*(?P<rest>.+)$")
MAX_HEADING_LENGTH = 40
_HEADING_MARK = re.compile("[、.．]")  # cheap pre-test: a numeral is followed by one of these
_HEADING_STARTS = frozenset("一二三四五六七八九十0123456789０１２３４５６７８９")
# Where a table starts when its heading is missing or mangled.
TABLE_ANCHORS: dict[str, tuple[str, ...]] = {
    "active": ("第二十条",),
    "applications": ("申请人情况", "本年新收", "勾稽关系"),
    "reviews": ("尚未审结",),
}


@dataclass(frozen=True)
class Heading:
    key: str
    line: int  # 0-based index into the lines
    text: str


@dataclass(frozen=True)
class _Candidate:
    line: int
    numeral: str
    rest: str


def _candidates(lines: list[str]) -> list[_Candidate]:
    """Short lines that start like a numbered heading (一、 … or 5、 …), read once."""
    found: list[_Candidate] = []
    for number, line in enumerate(lines):
        start = line.lstrip(" \t|*\u3000")
        if not start or start[0] not in _HEADING_STARTS or not _HEADING_MARK.search(start):
            continue
        if len(line) > 2 * MAX_HEADING_LENGTH or "\t" in line.strip("\t") or line.count("|") > 1:
            continue
        text = nfkc(line).strip().strip("|").strip().replace("*", "")
        if not text or len(text) > MAX_HEADING_LENGTH:
            continue
        match = _HEADING.match(text)
        if match:
            found.append(_Candidate(number, match["numeral"], match["rest"].replace(" ", "")))
    return found


def _matches(candidate: _Candidate, section: Section, index: int) -> bool:
    numeral = candidate.numeral
    # "5、存在的主要问题" is section 五, but "1、主动公开" inside section 一 is not section 二.
    if numeral.isdigit() and int(numeral) != index + 1:
        return False
    if not numeral.isdigit() and chinese_numeral_value(numeral) is None:
        return False
    return any(all(word in candidate.rest for word in words) for words in section.keywords)


@lru_cache(maxsize=1)
def _table_words() -> dict[str, tuple[str, ...]]:
    """What each table's region holds: its header words and its rows' keywords."""
    active = {ACTIVE_CONTENT_HEADER, "第二十条"}
    for block in ACTIVE_BLOCKS:
        active.update(keyword for row in block.rows for keyword in row.keywords[:1])
        for columns in block.columns.values():
            active.update(column.label for column in columns)
    applications = {APPLICANTS_HEADER, *(c.label for c in APPLICATION_COLUMNS)}
    applications.update(row.keywords[0] for row in APPLICATION_ROWS if row.keywords)
    reviews = {*(c.label for c in REVIEW_COLUMNS), *TABLE_ANCHORS["reviews"]}
    return {"active": tuple(active), "applications": tuple(applications), "reviews": tuple(reviews)}


def _holds_table(lines: list[str], start: int, end: int, key: str) -> int:
    """How many of a table's words the lines between a heading and the next heading-like line hold."""
    region = "".join(lines[start:end]).replace(" ", "")
    return sum(word in region for word in _table_words()[key])


def _may_be_prose(
    lines: list[str], candidates: list[_Candidate], order: int, section: Section
) -> bool:
    """A table section's heading under which none of the table's anchors is printed."""
    if section.key not in TABLE_ANCHORS:
        return False
    end = candidates[order + 1].line if order + 1 < len(candidates) else len(lines)
    region = "".join(lines[candidates[order].line + 1 : end])
    return not any(anchor in region for anchor in TABLE_ANCHORS[section.key])


def find_headings(lines: list[str]) -> dict[str, Heading]:
    """The heading of each section found, searched in order so a later section starts after an
    earlier. A table's section is the candidate whose text holds most of the table's words: a report
    may number its own prose chapters like the form (`三、主动公开工作情况`) and print the tables
    later under other numbers."""
    candidates = _candidates(lines)
    found: dict[str, Heading] = {}
    position = 0
    for index, section in enumerate(SECTIONS):
        matching: list[tuple[int, _Candidate]] = []
        for order, candidate in enumerate(candidates):
            if candidate.line >= position and _matches(candidate, section, index):
                matching.append((order, candidate))
                if len(matching) == 1 and not _may_be_prose(lines, candidates, order, section):
                    break  # a prose section, or a table section whose table follows: the first
        if not matching:
            continue
        order, chosen = matching[0]
        if len(matching) > 1:
            ends = [
                candidates[o + 1].line if o + 1 < len(candidates) else len(lines)
                for o, _ in matching
            ]
            scores = [
                _holds_table(lines, c.line + 1, end, section.key)
                for (_, c), end in zip(matching, ends, strict=True)
            ]
            order, chosen = matching[scores.index(max(scores))]  # the first of equals
        found[section.key] = Heading(section.key, chosen.line, lines[chosen.line].strip())
        position = chosen.line + 1
    return found


def _anchor_line(lines: list[str], key: str, start: int) -> int | None:
    for number in range(start, len(lines)):
        if any(anchor in lines[number] for anchor in TABLE_ANCHORS[key]):
            return number
    return None


def section_bounds(lines: list[str], headings: dict[str, Heading]) -> dict[str, tuple[int, int]]:
    """(start, end) line indexes of each section's body, heading excluded; tables found by anchors
    when their heading is missing."""
    starts: dict[str, int] = {key: h.line + 1 for key, h in headings.items()}
    search_from = 0
    for key in ("active", "applications", "reviews"):
        if key not in starts:
            anchor = _anchor_line(lines, key, search_from)
            if anchor is not None:
                starts[key] = anchor
        if key in starts:
            search_from = starts[key]
    ordered = sorted(starts.items(), key=lambda item: item[1])
    bounds: dict[str, tuple[int, int]] = {}
    for position, (key, start) in enumerate(ordered):
        end = len(lines)
        if position + 1 < len(ordered):
            next_key, next_start = ordered[position + 1]
            end = headings[next_key].line if next_key in headings else next_start
        bounds[key] = (start, end)
    return bounds
