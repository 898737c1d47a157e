"""The place a government website's host names: www.pingtan.gov.cn is 平潭, www.hongze.gov.cn 洪泽.

Government sites of cities and counties are mostly named by the place's pinyin. A label that spells
several places (fuyang: 富阳区, 阜阳市) names none; only a `.gov.cn` host is read.
"""

from __future__ import annotations

from functools import cache, lru_cache
from urllib.parse import urlsplit

from pypinyin import lazy_pinyin

from places.gazetteer import CITY, COUNTY, Division, gazetteer


@cache
def _by_pinyin() -> dict[str, tuple[Division, ...]]:
    index: dict[str, list[Division]] = {}
    for name, divisions in gazetteer().by_name.items():
        for division in divisions:
            if division.level not in (CITY, COUNTY) or name not in gazetteer().aliases:
                continue
            key = "".join(lazy_pinyin(name)).lower()
            if len(key) >= 4 and division not in index.setdefault(key, []):
                index[key].append(division)
    return {key: tuple(value) for key, value in index.items()}


@lru_cache(maxsize=10_000)
def host_division(url: str) -> Division | None:
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    if not host.endswith(".gov.cn"):
        return None
    labels = host.removesuffix(".gov.cn").split(".")
    for label in reversed(labels):
        candidates = _by_pinyin().get(label, ())
        outer = [c for c in candidates if all(o.within(c) for o in candidates)]
        if len(outer) == 1:
            return outer[0]
    return None
