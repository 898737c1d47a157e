"""A report's place from its evidence, weighed in order: manifest.csv's region, the agency's name,
the report's own text (the superior government it cites, its signature), the folder it sits in,
the host of its 原文链接. Pure: strings in, a Place out; each distinct combination resolved once.

A name that fits several places (城关镇, 新华街道, 朝阳区) is narrowed by the clues; when none
narrows it to one, the place stays as precise as what all candidates share — often unknown — and
the note says so. A place is never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from places.gazetteer import TOWN, Division, resolve_prefix
from places.host import host_division
from places.model import FOLDER, HOST, LOOKUPS_KEPT, MANIFEST, NAME, TEXT, Place

_AFTER_PLACE = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,8}(?:镇|乡|街道|开发区|实验区|新区|园区)|委[省市县区州旗]?)?$"
)  # 灵寿县[政府], 平潭综合实验区[管委会], 灵寿县委县[政府]
# 和县政府 in `…60号)和县政府办公室` is `和` + 县政府: a two-character place beginning with a
# conjunction or a determiner is not taken from running text.
_NOT_A_SHORT_PLACE = tuple("和及与或并各本全该我市县区省")
TOWNSHIP = re.compile(
    r"^(?P<town>[\u4e00-\u9fff]{1,10}?(?:街道|镇|乡|苏木))(?:办事处|人民政府|政府|办)?$"
)


def fold(text: str) -> str:
    """Full-width to half-width, no spacing."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def government_mentions(runs: tuple[str, ...]) -> tuple[str, ...]:
    """The place each run of text before 政府/管委会 ends with (灵寿县 of 和灵寿县, 福建省 of
    《福建省), in order, each once."""
    return tuple(dict.fromkeys(place for run in runs if (place := _place_ending(run))))


@lru_cache(maxsize=LOOKUPS_KEPT)
def _place_ending(run: str) -> str | None:
    for start in range(len(run) - 1):
        resolution = resolve_prefix(run[start:])
        rest = run[start + resolution.consumed :]
        short = resolution.consumed < 3 and run[start] in _NOT_A_SHORT_PLACE
        if resolution.candidates and _AFTER_PLACE.match(rest) and not short:
            return run[start : start + resolution.consumed]
    return None


def _common(candidates: tuple[Division, ...]) -> Division | None:
    """The most precise division holding every candidate (the province of two 城关镇 in one
    province), if any."""
    shared: list[str] = []
    for names in zip(*(c.names() for c in candidates), strict=True):
        if names[0] is None or any(n != names[0] for n in names):
            break
        if not shared or shared[-1] != names[0]:  # 上海市 is its own province and city
            shared.append(names[0])
    if not shared:
        return None
    return resolve_prefix("".join(shared)).unique


def _unique(text: str | None) -> Division | None:
    if not text:
        return None
    resolution = resolve_prefix(fold(text))
    return resolution.unique


def _folder_division(parts: tuple[str, ...]) -> Division | None:
    """The place the folders name, each folder one place name (浙江省/杭州市/富阳区)."""
    current: Division | None = None
    for part in parts:
        text = fold(part)
        resolution = resolve_prefix(text)
        if not resolution.candidates or resolution.consumed != len(text):
            continue
        fitting = [c for c in resolution.candidates if current is None or c.within(current)]
        if len(fitting) != 1:
            if current is None:
                continue
            break
        current = fitting[0]
    return current


# Organs of the centre whose local offices name their place after them
# (国家税务总局淮安市洪泽区税务局, 中共灵寿县委).
_NATIONAL_LEADS = ("国家税务总局", "中国共产党", "中共", "共青团", "国家")


def _without_national_lead(name: str) -> str:
    for lead in _NATIONAL_LEADS:
        if name.startswith(lead) and resolve_prefix(name[len(lead) :]).candidates:
            return name[len(lead) :]
    return name


def township_of(name: str) -> str | None:
    match = TOWNSHIP.match(name)
    return match["town"] if match else None


def _place(
    division: Division, source: str, town: str | None = None, note: str | None = None
) -> Place:
    return Place(
        province=division.province,
        city=division.city,
        county=division.county,
        town=division.town or town,
        code=division.code,
        source=source,
        note=note,
    )


@lru_cache(maxsize=LOOKUPS_KEPT)
def locate(
    name: str | None,
    region: str | None,
    mentions: tuple[str, ...] = (),
    folders: tuple[str, ...] = (),
    host: str | None = None,
) -> Place:
    """The place of an agency named `name`, from the evidence in the order the issue gives it."""
    name = fold(name) if name else ""
    core = _without_national_lead(name)
    named = resolve_prefix(core) if name else None
    candidates = named.candidates if named else ()
    rest = core[named.consumed :] if named else name
    # The township the name names, known to the gazetteer or not (城关镇 of a county it omits).
    towns = candidates and all(c.level == TOWN for c in candidates)
    printed_town = candidates[0].town if towns else None
    printed_town = printed_town or township_of(rest)
    source = NAME

    manifest = _unique(region)
    if manifest is not None:
        fitting = tuple(c for c in candidates if c.within(manifest) or manifest.within(c))
        if fitting:
            source = MANIFEST if len(fitting) < len(candidates) else NAME
            candidates = fitting
        else:
            candidates, source = (manifest,), MANIFEST
    if len(candidates) == 1:
        return _place(candidates[0], source, printed_town)

    clues: list[tuple[str, Division]] = []
    text_divisions = [d for m in mentions if (d := _unique(m)) is not None]
    clues += [(TEXT, d) for d in text_divisions]
    folder = _folder_division(folders)
    if folder is not None:
        clues.append((FOLDER, folder))
    by_host = host_division(host) if host else None
    if by_host is not None:
        clues.append((HOST, by_host))

    if candidates:  # a name of several places: the first clue that leaves one of them decides
        for clue_source, clue in clues:
            fitting = tuple(c for c in candidates if c.within(clue))
            if len(fitting) == 1:
                return _place(fitting[0], clue_source)
        # A township the gazetteer does not list where the evidence puts it: the place the
        # evidence names (a county, at best), the township as printed.
        outside = [
            (clue_source, clue)
            for clue_source, clue in clues
            if not any(c.within(clue) for c in candidates)
        ]
        if printed_town and outside:
            clue_source, clue = max(outside, key=lambda pair: pair[1].depth)
            return _place(clue, clue_source, printed_town)
        common = _common(candidates)
        note = (
            f"“{core[: named.consumed]}”是 {len(candidates)} 个地方的地名，"
            "报告和清单中没有能区分它们的线索，地点不详"
        )
        if common is not None:
            return _place(common, NAME, printed_town, note)
        return Place(town=printed_town, note=note)

    # A name without a place (财政局, 城关镇 unknown to the gazetteer): the place the evidence names.
    chain = _chain([d for _, d in clues if _ is TEXT])
    if chain is not None:
        return _place(chain, TEXT, printed_town)
    for clue_source, clue in clues:
        if clue_source != TEXT:
            return _place(clue, clue_source, printed_town)
    if text_divisions:
        return Place(town=printed_town, note="报告正文提到的上级政府不止一个地方，地点不详")
    return Place(town=printed_town, note="机关名称和报告中没有可以确定地点的地名")


def _chain(divisions: list[Division]) -> Division | None:
    """The most precise of divisions that all lie on one line of descent; None otherwise."""
    if not divisions:
        return None
    deepest = max(divisions, key=lambda d: d.depth)
    return deepest if all(deepest.within(d) for d in divisions) else None
