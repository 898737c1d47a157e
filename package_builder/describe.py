"""Who published each report: a stable id, a pinyin slug, the administrative level and place.

Shared by the data package (the `reports` resource) and the site (page paths, per-agency pages).
Everything here is derived from the parsed record alone, so the same reports always describe the
same way; nothing reads the clock or the file system.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from package_builder.copies import assign_roles, group_key
from places.identity import MAX_SLUG_LENGTH, slugify

if TYPE_CHECKING:
    from parsers.record import Report

PROVINCIAL, MUNICIPAL, COUNTY, TOWNSHIP, DEPARTMENT, UNKNOWN_LEVEL = (
    "省级",
    "市级",
    "县级",
    "乡镇街道",
    "部门",
    "未知",
)
LEVELS: tuple[str, ...] = (PROVINCIAL, MUNICIPAL, COUNTY, TOWNSHIP, DEPARTMENT, UNKNOWN_LEVEL)

_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
# A place name is at least two characters before its suffix ("区政府" is not a place).
_PROVINCE = re.compile(r"^(北京市|天津市|上海市|重庆市|.{2,}?(?:省|自治区|特别行政区))")
_CITY = re.compile(r"^(.{2,}?(?:自治州|地区|盟|市))")
_COUNTY = re.compile(r"^(.{2,}?(?:自治县|自治旗|新区|区|县|旗|市))")
_TOWNSHIP_SUFFIXES = ("街道办事处", "街道", "民族乡", "镇", "乡", "苏木")
_GOVERNMENT_SUFFIXES = ("人民政府", "政府", "办事处")
# Names of offices and bureaus of a government (张家港市商务局, 北京市人民政府办公厅).
_ORGAN_SUFFIXES = (
    "局",
    "厅",
    "委",
    "委员会",
    "办",
    "办公室",
    "办公厅",
    "中心",
    "院",
    "会",
    "处",
    "所",
    "站",
    "队",
    "署",
    "部",
    "室",
    "馆",
    "社",
    "司",
    "中心",
    "管委会",
    "集团",
    "公司",
    "学校",
    "大学",
)


@dataclass(frozen=True, slots=True)
class ReportMeta:
    report_id: str  # "2020-ciyuzhen": year + agency slug (+ place or hash when ambiguous)
    agency: str  # as parsed; "未知机关" when the report names none
    agency_slug: str  # one per agency across years; [a-z0-9-] only
    level: str  # one of LEVELS
    level_inferred: bool  # True: guessed from the agency's name, not given by a source
    province: str | None
    city: str | None
    county: str | None
    display_title: str
    agency_id: str | None = None  # one per agency across name variants (places/identity.py)
    town: str | None = None
    division_code: str | None = None  # 6-digit code of the most precise division known
    place_source: str | None = None  # how the place was found (places.model.PLACE_SOURCES)
    # One agency-year, one record (package_builder/copies.py): only counted records are summed.
    counted: bool = True
    copy_of: str | None = None  # report_id of the counted record, for a copy
    copy_kind: str | None = None  # "identical" | "agrees" | "disagrees", for a copy
    choice_reason: str | None = None  # why this record counts over its copies


def describe_reports(reports: list[Report]) -> list[ReportMeta]:
    """Describe each report, in the order given; ids are unique within the list."""
    if any(report.agency and report.agency_id is None for report in reports):
        from places.stage import identify  # places.stage uses package_builder.copies

        identify(reports)  # reports that did not come through pipeline.parse_folder
    fingerprints = [report_fingerprint(report) for report in reports]
    places = [_place(report) for report in reports]
    agency_slugs = _agency_slugs(reports, places, fingerprints)
    report_ids = _report_ids(reports, agency_slugs, places, fingerprints)
    keys = [
        group_key(report, report.agency_id or slug, fingerprint)
        for report, slug, fingerprint in zip(reports, agency_slugs, fingerprints, strict=True)
    ]
    roles = assign_roles(reports, report_ids, keys)
    described: list[ReportMeta] = []
    for report, place, agency_slug, report_id, role in zip(
        reports, places, agency_slugs, report_ids, roles, strict=True
    ):
        level, inferred = infer_level(report.agency)
        described.append(
            ReportMeta(
                report_id=report_id,
                agency=report.agency or "未知机关",
                agency_slug=agency_slug,
                level=level,
                level_inferred=inferred,
                province=place[0],
                city=place[1],
                county=place[2],
                display_title=display_title(report),
                agency_id=report.agency_id,
                town=report.place.town if report.place else None,
                division_code=report.place.code if report.place else None,
                place_source=report.place.source if report.place else None,
                counted=role.counted,
                copy_of=role.copy_of,
                copy_kind=role.copy_kind,
                choice_reason=role.choice_reason,
            )
        )
    return described


def report_fingerprint(report: Report) -> str:
    """The source file's sha256, or a hash of the parsed content when there is no source."""
    if report.source and report.source.sha256:
        return report.source.sha256
    content = report.to_dict()
    content.pop("source", None)
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def agency_base_slug(agency: str | None) -> str:
    """The slug of an agency's name, without 人民政府/办事处 so 冯记沟乡人民政府 = 冯记沟乡."""
    if not agency:
        return ""
    name = agency.strip()
    for suffix in _GOVERNMENT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name.removesuffix(suffix)
            break
    slug = slugify(name)
    if slug:
        return slug
    # A name with nothing slug-worthy in it still needs a stable, distinct slug.
    return "agency-" + hashlib.sha256(agency.encode("utf-8")).hexdigest()[:8]


def infer_level(agency: str | None) -> tuple[str, bool]:
    """The administrative level read from the agency's name, and whether it was inferred."""
    if not agency:
        return UNKNOWN_LEVEL, True
    name = unicodedata.normalize("NFKC", agency).strip()
    bare = name
    for suffix in _GOVERNMENT_SUFFIXES:
        if bare.endswith(suffix):
            bare = bare.removesuffix(suffix)
            break
    if bare.endswith(_TOWNSHIP_SUFFIXES):
        return TOWNSHIP, True
    if bare != name or _is_place_name(bare):
        if _PROVINCE.fullmatch(bare):
            return PROVINCIAL, True
        if bare.endswith(("自治州", "地区", "盟", "市")):
            return MUNICIPAL, True
        if bare.endswith(("区", "县", "旗")):
            return COUNTY, True
    if name.endswith(_ORGAN_SUFFIXES):
        return DEPARTMENT, True
    return UNKNOWN_LEVEL, True


def split_region(text: str | None) -> tuple[str | None, str | None, str | None]:
    """(province, city, county) named at the start of a region or an agency name."""
    if not text:
        return None, None, None
    rest = unicodedata.normalize("NFKC", text).strip()
    province = city = county = None
    if match := _PROVINCE.match(rest):
        province = match.group(1)
        rest = rest[match.end() :]
    match = None if province in _MUNICIPALITIES else _CITY.match(rest)
    if match and not _names_township(match.group(1)):
        city = match.group(1)
        rest = rest[match.end() :]
    match = _COUNTY.match(rest)
    if match and not _names_township(match.group(1)):
        county = match.group(1)
    # "XX区里山镇" names a county; a lone "XX市" at the start is taken as a city.
    if city is None and county and county.endswith("市"):
        city, county = county, None
    return province, city, county


def display_title(report: Report) -> str:
    if report.title and report.title.strip():
        return " ".join(report.title.split())
    agency = report.agency or ""
    year = f"{report.year}年" if report.year else ""
    title = f"{agency}{year}政府信息公开工作年度报告"
    if not agency and report.source:
        title += f"（{report.source.file}）"
    return title


def _names_township(place: str) -> bool:
    return any(word in place for word in ("街道", "镇", "乡", "社区", "村"))


def _is_place_name(name: str) -> bool:
    return bool(_PROVINCE.fullmatch(name) or _CITY.fullmatch(name) or _COUNTY.fullmatch(name))


def _place(report: Report) -> tuple[str | None, str | None, str | None]:
    """(province, city, county) as places/ found them."""
    place = report.place
    return (place.province, place.city, place.county) if place else (None, None, None)


def _place_slugs(place: tuple[str | None, str | None, str | None]) -> list[str]:
    """Place slugs from the most specific to the broadest: county, city-county, province-…"""
    parts = [slugify(part) for part in reversed(place) if part]
    return ["-".join(reversed(parts[: i + 1])) for i in range(len(parts))]


def canonical_names(reports: list[Report]) -> dict[str, str]:
    """Each agency_id's name: the name it printed most often, the shortest on a tie (洪泽区人民政府
    rather than 淮安市洪泽区人民政府), so that a new year under a longer name keeps its page's
    address."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for report in reports:
        if report.agency_id and report.agency:
            counts[report.agency_id][report.agency] += 1
    return {
        agency_id: min(names, key=lambda name: (-names[name], len(name), name))
        for agency_id, names in counts.items()
    }


def _agency_slugs(
    reports: list[Report],
    places: list[tuple[str | None, str | None, str | None]],
    fingerprints: list[str],
) -> list[str]:
    """One slug per agency_id, from its canonical name; agencies whose names read alike are told
    apart by their place, then by their id."""
    names = canonical_names(reports)
    identity = [report.agency_id or "" for report in reports]
    bases = [
        agency_base_slug(names.get(report.agency_id or "", report.agency)) for report in reports
    ]
    by_base: dict[str, list[int]] = defaultdict(list)
    for index, base in enumerate(bases):
        by_base[base].append(index)
    slugs = list(bases)
    for base, indexes in by_base.items():
        if not base:
            for index in indexes:
                slugs[index] = f"unknown-agency-{fingerprints[index][:8]}"
            continue
        if len({identity[i] for i in indexes}) < 2:
            continue
        distinct_places = {places[i] for i in indexes if any(places[i])}
        for index in indexes:
            suffix = _shortest_distinct_place(places[index], distinct_places)
            slugs[index] = f"{base}-{suffix}" if suffix else base
        _separate(slugs, indexes, identity)
    return slugs


def _separate(slugs: list[str], indexes: list[int], identity: list[str]) -> None:
    """Agencies still sharing a slug (one name, no place to tell them apart): the first id keeps
    it, each other gets the last part of its own id (the hash of an unplaced namesake)."""
    by_slug: dict[str, list[str]] = defaultdict(list)
    for index in indexes:
        if identity[index] not in by_slug[slugs[index]]:
            by_slug[slugs[index]].append(identity[index])
    for index in indexes:
        others = sorted(by_slug[slugs[index]])
        if identity[index] != others[0]:
            tail = slugify(identity[index].rsplit("-", 1)[-1])
            slugs[index] = f"{slugs[index][: MAX_SLUG_LENGTH - len(tail) - 1]}-{tail}"


def _shortest_distinct_place(
    place: tuple[str | None, str | None, str | None],
    others: set[tuple[str | None, str | None, str | None]],
) -> str:
    if not any(place):
        return ""
    candidates = _place_slugs(place)
    other_candidates = [set(_place_slugs(other)) for other in others if other != place]
    for candidate in candidates:
        if all(candidate not in slugs for slugs in other_candidates):
            return candidate
    return candidates[-1] if candidates else ""


def _report_ids(
    reports: list[Report],
    agency_slugs: list[str],
    places: list[tuple[str | None, str | None, str | None]],
    fingerprints: list[str],
) -> list[str]:
    """year-agency, then the place, then a short hash of the source for whatever still collides.

    Suffixes depend only on the set of colliding reports, never on their order in the list.
    """
    ids = [
        f"{report.year or 'unknown-year'}-{slug}"
        for report, slug in zip(reports, agency_slugs, strict=True)
    ]
    ids = _disambiguate(ids, lambda i: _full_place_slug(places[i]))
    ids = _disambiguate(ids, lambda i: fingerprints[i][:8])
    groups = _collisions(ids)
    for indexes in groups:
        # The very same file given twice: number the copies in a stable order.
        ordered = sorted(indexes, key=lambda i: reports[i].source.file if reports[i].source else "")
        for copy, index in enumerate(ordered[1:], start=2):
            ids[index] = f"{ids[index]}-{copy}"
    return ids


def _full_place_slug(place: tuple[str | None, str | None, str | None]) -> str:
    slugs = _place_slugs(place)
    return slugs[-1] if slugs else ""


def _collisions(ids: list[str]) -> list[list[int]]:
    by_id: dict[str, list[int]] = defaultdict(list)
    for index, report_id in enumerate(ids):
        by_id[report_id].append(index)
    return [indexes for indexes in by_id.values() if len(indexes) > 1]


def _disambiguate(ids: list[str], suffix_of: Callable[[int], str]) -> list[str]:
    result = list(ids)
    for indexes in _collisions(ids):
        suffixes = {index: suffix_of(index) for index in indexes}
        for index, suffix in suffixes.items():
            if suffix and not result[index].endswith(f"-{suffix}"):
                result[index] = f"{result[index]}-{suffix}"
    return result
