"""The places stage: a place and an agency_id for every report of a collection.

Runs after parsing (and after manifest.csv), in the main process: the gazetteer is loaded once
and each distinct combination of evidence is resolved once (places.locate is cached).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from package_builder.copies import differing_cells
from parsers.record import Warning
from places.identity import agency_id, agency_key, name_hash, slugify
from places.locate import government_mentions, locate, township_of
from places.model import AUTOMATIC, FOLDER, HOST, OVERRIDE, TEXT, Place

if TYPE_CHECKING:
    from parsers.record import Report
    from places.overrides import AgencyTable


_OWN_WARNINGS = ("place_unknown", "maybe_same_agency")


def evidence(
    report: Report,
) -> tuple[str | None, str | None, tuple[str, ...], tuple[str, ...], str | None]:
    """(name, manifest region, governments the text names, folders, 原文链接)."""
    source = report.source
    folders = tuple(PurePosixPath(source.file).parent.parts) if source else ()
    host = (source.source_url if source else None) or report.source_url
    return (
        report.agency,
        report.region,
        government_mentions(tuple(report.cited_governments)),
        folders,
        host,
    )


def place_of(report: Report) -> Place:
    return locate(*evidence(report))


def identify(reports: list[Report], table: AgencyTable | None = None) -> list[str]:
    """Set place, agency_id and identity_source on each report; the lines of agencies.csv that
    named no report, as problems to report."""
    keys: list[tuple[str, str] | None] = []
    fixed: dict[int, str] = {}
    used: set[int] = set()
    for index, report in enumerate(reports):
        place = place_of(report)
        report.identity_source = AUTOMATIC
        entry = (
            table.entry_for(report.source.file if report.source else None, report.agency)
            if table
            else None
        )
        if entry is not None:
            used.add(entry.line)
            report.identity_source = OVERRIDE
            if entry.region:
                place = dataclasses.replace(locate(report.agency, entry.region), source=OVERRIDE)
            if entry.agency_id:
                fixed[index] = entry.agency_id
        # identify may run again over the same reports (describe_reports): its warnings once
        report.warnings = [w for w in report.warnings if w.code not in _OWN_WARNINGS]
        if not place.known and report.agency:
            report.warnings.append(Warning("place_unknown", place.note or "机关所在地不详"))
        report.place = place
        keys.append(agency_key(report.agency, place) if report.agency else None)
    ids = _ids(keys)
    for index, report in enumerate(reports):
        report.agency_id = fixed.get(index, ids[index])
    _split_strangers(reports, keys, set(fixed))
    if table is None:
        return []
    return [
        f"line {entry.line}: names {entry.file or entry.name}, which no report in the folder "
        + ("is" if entry.file else "was published under")
        for entry in table.entries
        if entry.line not in used
    ]


def _ids(keys: list[tuple[str, str] | None]) -> list[str | None]:
    """One id per key; names of one code whose pinyin coincides get a short hash each."""
    slugs = {key: slugify(key[1]) for key in set(keys) if key is not None}
    by_id: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, slug in slugs.items():
        by_id[agency_id(key, slug)].add(key)
    result: dict[tuple[str, str], str] = {}
    for the_id, members in by_id.items():
        for key in members:
            result[key] = the_id if len(members) == 1 else f"{the_id}-{name_hash(key[1])}"
    return [result[key] if key is not None else None for key in keys]


def imprecise(place: Place, normalised: str) -> bool:
    """True when the place does not reach the agency's own level, so two agencies may share it."""
    if place.code is None:
        return True
    if bool(township_of(normalised) or place.town) and place.county is None:
        return True
    # 财政局 whose text cites only 福建省: a department of some government in the province
    return place.city is None and place.source in (TEXT, FOLDER, HOST)


def _mostly_differ(a: Report, b: Report) -> bool:
    if a.source and b.source and a.source.sha256 == b.source.sha256:
        return False
    # Zeros agree between most small agencies' reports: only the numbers either reports count.
    reported = {(c.table, c.row, c.column) for r in (a, b) for c in r.cells if c.value}
    return bool(reported) and 2 * len(set(differing_cells(a, b)) & reported) > len(reported)


def _split_strangers(
    reports: list[Report], keys: list[tuple[str, str] | None], fixed: set[int]
) -> None:
    """Two reports of one imprecisely placed name and one year whose cells mostly disagree are two
    agencies (two 城关镇 of unknown counties), not a report and its copy: both count."""
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, (report, key) in enumerate(zip(reports, keys, strict=True)):
        if key is None or index in fixed or report.year is None or report.place is None:
            continue
        if imprecise(report.place, key[1]) and report.agency_id:
            groups[(report.agency_id, report.year)].append(index)
    for (the_id, year), members in groups.items():
        if len(members) < 2:
            continue
        ordered = sorted(members, key=lambda i: reports[i].source.file if reports[i].source else "")
        clusters: list[list[int]] = []
        for index in ordered:
            for cluster in clusters:
                if not _mostly_differ(reports[cluster[0]], reports[index]):
                    cluster.append(index)
                    break
            else:
                clusters.append([index])
        if len(clusters) < 2:
            continue
        files = "、".join(reports[c[0]].source.file for c in clusters if reports[c[0]].source)
        for number, cluster in enumerate(clusters):
            for index in cluster:
                report = reports[index]
                if number:
                    digest = (
                        reports[cluster[0]].source.sha256[:6]
                        if reports[cluster[0]].source
                        else str(number)
                    )
                    report.agency_id = f"{the_id}-{digest}"
                report.warnings.append(
                    Warning(
                        "maybe_same_agency",
                        f"“{report.agency}”的所在地不详，{year} 年度有 {len(clusters)} 份读数大多不同的"
                        f"报告（{files}），按 {len(clusters)} 个机关分别计入统计；它们也可能是同一机关",
                    )
                )
