"""Normalising printed text for matching: widths, spaces, quotes, numbering."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_QUOTES = re.compile("[\"'“”‘’「」『』]")
# Leading numbering of a label: 一、 (一) 1. 1、 (1) ①
NUMBERING = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]|"
    r"[(（]?\d{1,2}[)）]|\d{1,2}[、.．](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩])"
)
CHINESE_NUMERALS = "一二三四五六七八九十"
# entries each per-line cache of the parser keeps: the labels and units that repeat from report to
# report stay; lines seen once pass through (an unbounded-ish cache grew a parser process by
# ≈ 8 KB a report, ≈ 400 MB each over 100,000 reports)
LINES_KEPT = 16384

# Characters that print as nothing (zero-width space/joiners, word joiner, BOM, soft hyphen, and the
# left-to-right/right-to-left marks): pasted from web pages and WeChat articles, they sit inside
# words and between digits. They are nothing: removed before anything is matched or split.
_INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARACTERS))


def drop_invisible(text: str) -> str:
    """The text without the characters that print as nothing."""
    # translate() walks every character; looking for each of the few first is much faster on the
    # texts (nearly all) that have none
    if any(char in text for char in _INVISIBLE_CHARACTERS):
        return text.translate(_INVISIBLE)
    return text


@lru_cache(maxsize=LINES_KEPT)
def nfkc(text: str) -> str:
    """Full-width digits, letters and brackets to half-width (（一） → (一), ２ → 2)."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=LINES_KEPT)
def squash(text: str) -> str:
    """Comparable form of a label: NFKC, no whitespace, no quotes."""
    return _QUOTES.sub("", _SPACES.sub("", nfkc(text)))


def strip_numbering(label: str) -> str:
    """Remove the leading numbering, repeatedly ("三、(三)不予公开" keeps "不予公开" after two passes)."""
    previous = None
    while previous != label:
        previous = label
        label = NUMBERING.sub("", label, count=1)
    return label


@lru_cache(maxsize=LINES_KEPT)
def label_key(text: str) -> str:
    return strip_numbering(squash(text))


def chinese_numeral_value(numeral: str) -> int | None:
    """一 → 1 … 十 → 10 (enough for section and item numbers)."""
    if numeral in CHINESE_NUMERALS:
        return CHINESE_NUMERALS.index(numeral) + 1
    return None
