"""One identity per agency: its place's division code and its name with the place folded away.

洪泽区人民政府 and 淮安市洪泽区人民政府 are one agency (320813, 政府); 城关镇 of 灵寿县 and 城关镇 of
富阳区 are two (130126 城关镇, 330111 城关镇). The name is folded: full-width/half-width and spacing,
the place names the code already holds (full or short: 淮安市, 洪泽), 人民政府 → 政府, 街道办事处 →
街道, and a township's own 人民政府/政府/办事处 (城关镇人民政府 is 城关镇).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache, lru_cache

from pypinyin import lazy_pinyin

from places.gazetteer import NOT_AFTER_ALIAS, Division, gazetteer
from places.locate import fold
from places.model import LOOKUPS_KEPT, Place

MAX_SLUG_LENGTH = 60
UNPLACED = "x"  # the code part of an agency_id whose place is unknown
_TOWNSHIP_TAIL = re.compile(r"^(?:办事处|人民政府|政府|办)$")


@cache
def _aliases() -> dict[Division, tuple[str, ...]]:
    index = gazetteer()
    found: dict[Division, list[str]] = {}
    for alias in index.aliases:
        for division in index.by_name[alias]:
            found.setdefault(division, []).append(alias)
    return {division: tuple(names) for division, names in found.items()}


@cache
def _variants(place: tuple[str | None, str | None, str | None]) -> tuple[tuple[str, bool], ...]:
    """The full names and short names of a place's province, city and county, longest first,
    each with whether it is a short name (which names the place only before another word)."""
    variants: dict[str, bool] = {}
    for part in place:
        if not part:
            continue
        variants[part] = False
        for division in gazetteer().by_name.get(part, ()):
            for alias in _aliases().get(division, ()):
                variants.setdefault(alias, True)
    return tuple(sorted(variants.items(), key=lambda item: len(item[0]), reverse=True))


def strip_places(name: str, place: Place) -> str:
    """The name without the place names it begins with, where they are the agency's place
    (淮安市洪泽区人民政府 → 人民政府; 苏州工业园区唯亭街道 → 唯亭街道, not 工业园区…)."""
    variants = _variants((place.province, place.city, place.county))
    rest = name
    stripped = True
    while stripped:
        stripped = False
        for variant, short in variants:
            if not rest.startswith(variant) or len(rest) <= len(variant):
                continue
            if short and rest.startswith(NOT_AFTER_ALIAS, len(variant)):
                continue  # 麻章镇 is not 麻章(区) + 镇
            rest = rest[len(variant) :]
            stripped = True
            break
    return rest


def normalised_name(name: str, place: Place) -> str:
    """The agency's name as its identity reads it (政府 for the government of the place itself)."""
    rest = strip_places(fold(name), place)
    rest = rest.replace("人民政府", "政府").replace("街道办事处", "街道")
    # a gazetteer that lists a township with its county's name (化德县长顺镇) names 长顺镇
    town = strip_places(place.town, place) if place.town else None
    if town and rest.startswith(town):
        tail = rest[len(town) :]
        return town if not tail or _TOWNSHIP_TAIL.match(tail) else town + tail
    return rest or "政府"


def agency_key(name: str, place: Place) -> tuple[str, str]:
    """(code or UNPLACED, normalised name): equal keys are one agency."""
    return (place.code or UNPLACED, normalised_name(name, place))


def agency_id(key: tuple[str, str], slug: str) -> str:
    """`320813-zhengfu`: the code and the pinyin of the normalised name (a short hash of the name
    when it has no pinyin)."""
    code, normalised = key
    return f"{code}-{slug or name_hash(normalised)}"


def name_hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]


@lru_cache(maxsize=LOOKUPS_KEPT)
def slugify(text: str) -> str:
    """Pinyin, lower-case ASCII letters, digits and single hyphens; "" when nothing is left."""
    normalized = unicodedata.normalize("NFKC", text)
    # Chinese characters become syllables run together (慈峪镇 → ciyuzhen); anything else
    # (latin letters, digits, punctuation, "../", "<script>") is kept as a separator or word.
    ascii_text = "".join(lazy_pinyin(normalized)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-")
