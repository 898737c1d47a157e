"""China's administrative divisions, from jionlp's gazetteer, indexed for reading place names.

jionlp (pinned in requirements.txt) ships the divisions with their codes (省, 市, 县/区 with the
6-digit code and a short alias; 乡镇/街道 by name under their county) and the renamings since 2000.
Its own `parse_location` takes ≈ 10 ms a name, and importing it ≈ 2 s (it loads a word
segmenter); a national collection names tens of thousands of agencies, so the dictionary is read
here straight from the package's zip once per process and indexed by name, and each distinct text
is resolved once (`resolve_prefix` is cached).
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from places.model import LOOKUPS_KEPT

PROVINCE, CITY, COUNTY, TOWN = "province", "city", "county", "town"
_DEPTH = {PROVINCE: 0, CITY: 1, COUNTY: 2, TOWN: 3}
# A short alias (洪泽 for 洪泽区) names the place only when a word other than a place's suffix
# follows it: 平潭综合实验区 is 平潭县, but 城关镇 is not 城关区 and 西城街道 is not 西城区.
NOT_AFTER_ALIAS = (
    "街道",
    "镇",
    "乡",
    "村",
    "社区",
    "路",
    "区",
    "县",
    "市",
    "州",
    "盟",
    "旗",
    "省",
)
_MAX_KEY = 20


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division; the names above its level filled, those below None."""

    province: str
    city: str | None
    county: str | None
    town: str | None
    code: str  # the 6-digit code of the division, or of its county for a town
    level: str  # PROVINCE | CITY | COUNTY | TOWN

    @property
    def depth(self) -> int:
        return _DEPTH[self.level]

    def names(self) -> tuple[str | None, ...]:
        return (self.province, self.city, self.county, self.town)

    def within(self, other: Division) -> bool:
        """True when self is other or lies inside it."""
        mine, theirs = self.names(), other.names()
        return all(b is None or a == b for a, b in zip(mine, theirs, strict=True))


@dataclass(frozen=True)
class Gazetteer:
    by_name: dict[str, tuple[Division, ...]]  # full names, former names and aliases
    aliases: frozenset[str]  # keys of by_name that are short aliases only
    towns_by_county: dict[str, dict[str, Division]]  # county code → town name → division


def _package_file(name: str) -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or spec.origin is None:
        raise RuntimeError("jionlp is not installed: pip install -r requirements.txt")
    return Path(spec.origin).parent / "dictionary" / name


def _location_lines() -> list[str]:
    with zipfile.ZipFile(_package_file("china_location.zip")) as archive:
        data = archive.read("china_location.txt")
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read().splitlines()


@cache
def gazetteer() -> Gazetteer:
    """Built once per process (≈ 0.5 s)."""
    by_name: dict[str, list[Division]] = {}
    full_names: set[str] = set()
    towns_by_county: dict[str, dict[str, Division]] = {}

    def add(name: str, division: Division, full: bool) -> None:
        if not name:
            return
        entries = by_name.setdefault(name, [])
        if division not in entries:
            entries.append(division)
        if full:
            full_names.add(name)

    province = city = county = None
    county_code = ""
    for line in _location_lines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        if depth == 0 and len(fields) == 3:
            province, code, alias = fields
            city = county = None
            division = Division(province, None, None, None, code, PROVINCE)
            add(province, division, True)
            add(alias, division, False)
        elif depth == 1 and len(fields) == 3 and province:
            city, code, alias = fields
            county = None
            if city == province:  # 上海市 under 上海市: the municipality is its province
                continue
            division = Division(province, city, None, None, code, CITY)
            add(city, division, True)
            for name in alias.split("/"):
                add(name, division, False)
        elif depth == 2 and len(fields) == 3 and province and city:
            county, county_code, alias = fields
            division = Division(province, city, county, None, county_code, COUNTY)
            add(county, division, True)
            add(alias, division, False)
        elif depth == 3 and province and city and county and fields[0]:
            town = fields[0]
            division = Division(province, city, county, town, county_code, TOWN)
            add(town, division, True)
            towns_by_county.setdefault(county_code, {})[town] = division
    _add_former_names(by_name, add)
    return Gazetteer(
        by_name={name: tuple(entries) for name, entries in by_name.items()},
        aliases=frozenset(by_name) - full_names,
        towns_by_county=towns_by_county,
    )


def _add_former_names(by_name: dict[str, list[Division]], add) -> None:  # noqa: ANN001
    """A county renamed since 2000 (柳州地区忻城县 → 来宾市忻城县) is still found by its old name."""
    path = _package_file("china_location_change.txt")
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>", 1)
        old_fields, new_fields = old.split("\t")[2:], new.split("\t")
        if len(old_fields) < 6 or len(new_fields) < 3:
            continue
        old_county, new_county = old_fields[4], new_fields[2]
        targets = [
            d
            for d in by_name.get(new_county, [])
            if d.level == COUNTY and d.province == new_fields[0] and d.city == new_fields[1]
        ]
        current = [d for d in by_name.get(old_county, []) if d.county == old_county]
        if old_county != new_county and len(targets) == 1 and not current:
            add(old_county, targets[0], True)


@dataclass(frozen=True)
class Resolution:
    """The divisions a text's leading place names may denote, and how many characters they use."""

    candidates: tuple[Division, ...]
    consumed: int

    @property
    def unique(self) -> Division | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


@lru_cache(maxsize=LOOKUPS_KEPT)
def resolve_prefix(text: str) -> Resolution:
    """The place named at the start of text, one name after another (淮安市洪泽区人民政府 →
    江苏省淮安市洪泽区, 9 characters), each name narrowing the ones before it. Several candidates
    when the names fit several places (城关镇); none when the text starts with no place name."""
    index = gazetteer()
    position = 0
    candidates: tuple[Division, ...] = ()
    while position < len(text):
        step = _next_name(index, text, position, candidates)
        if step is None:
            break
        length, candidates = step
        position += length
    return Resolution(_outermost(candidates), position)


def _next_name(
    index: Gazetteer, text: str, position: int, current: tuple[Division, ...]
) -> tuple[int, tuple[Division, ...]] | None:
    for length in range(min(_MAX_KEY, len(text) - position), 1, -1):
        key = text[position : position + length]
        hits = index.by_name.get(key)
        if not hits:
            continue
        if key in index.aliases and text.startswith(NOT_AFTER_ALIAS, position + length):
            continue
        if current:
            # 上海市上海市浦东新区: a municipality named again as its own city is read on
            hits = tuple(
                h
                for h in hits
                if any(h.within(c) and (h.depth > c.depth or h == c) for c in current)
            )
            if not hits:
                continue
        return length, hits
    return None


def _outermost(candidates: tuple[Division, ...]) -> tuple[Division, ...]:
    """A name that is both a county and a township inside it (城区, 涧西区) names the county."""
    if len({c.level for c in candidates}) < 2:
        return candidates
    return tuple(c for c in candidates if not any(o is not c and c.within(o) for o in candidates))
