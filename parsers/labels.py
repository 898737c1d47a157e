"""Match printed row labels to the template's rows: exactly, by keyword, or fuzzily."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from parsers.normalize import LINES_KEPT, label_key
from template.form import Row

EXACT, KEYWORD, FUZZY, ORDER = (
    "exact",
    "keyword",
    "fuzzy",
    "order",
)  # ORDER: by the form's row order
FUZZY_THRESHOLD = 0.75


@dataclass(frozen=True)
class LabelMatch:
    row: Row
    how: str  # EXACT | KEYWORD | FUZZY


@lru_cache(maxsize=256)
def known_wordings(row: Row) -> frozenset[str]:
    return frozenset({label_key(row.label), *(label_key(v) for v in row.variants)})


_ROW_SETS: dict[int, tuple[Row, ...]] = {}


def match_row(printed: str, rows: tuple[Row, ...], fuzzy: bool = True) -> LabelMatch | None:
    """The row a printed label names, or None. Longest keyword wins when several rows' keywords occur."""
    _ROW_SETS.setdefault(id(rows), rows)
    return _match_row(printed, id(rows), fuzzy)


# Labels repeat across thousands of reports: matching each wording once keeps parsing fast. The row
# sets are module constants, so their id is a cheap cache key.
@lru_cache(maxsize=LINES_KEPT)
def _match_row(printed: str, rows_id: int, fuzzy: bool) -> LabelMatch | None:
    rows = _ROW_SETS[rows_id]
    key = label_key(printed)
    if not key:
        return None
    for row in rows:
        if key in known_wordings(row):
            return LabelMatch(row, EXACT)
    best: tuple[int, Row] | None = None
    for row in rows:
        for keyword in row.keywords:
            if keyword in key and (best is None or len(keyword) > best[0]):
                best = (len(keyword), row)
    if best is not None:
        return LabelMatch(best[1], KEYWORD)
    if not fuzzy or len(key) < 4:
        return None
    scored = [
        (SequenceMatcher(None, key, wording).ratio(), row)
        for row in rows
        for wording in known_wordings(row)
    ]
    ratio, row = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    if row is not None and ratio >= FUZZY_THRESHOLD:
        return LabelMatch(row, FUZZY)
    return None
