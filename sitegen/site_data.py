"""The collection arranged for the site: each report with its description, by agency and by year."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from package_builder import ReportMeta, describe_reports
from package_builder.describe import canonical_names
from parsers.record import CHECK_STATUSES, FAIL, NOT_ASSESSABLE, PASS, Cell, Number, Report
from sitegen.safety import path_segment
from template.form import SUMMED_CELLS

if TYPE_CHECKING:
    from pipeline.parse_folder import Collection, Failure
    from places.model import Place


_FIGURE_POSITION = {key: position for position, key in enumerate(SUMMED_CELLS)}


@dataclass(frozen=True)
class Entry:
    """One report on the site."""

    report: Report
    meta: ReportMeta

    @property
    def id(self) -> str:
        return path_segment(self.meta.report_id)

    @property
    def path(self) -> str:
        """The page's folder from the site root, with a trailing slash."""
        return f"reports/{self.id}/"

    @property
    def year(self) -> int | None:
        return self.report.year

    @property
    def cells(self) -> dict[tuple[str, str, str], Cell]:
        """The report's cells by (table, row, column): Report.cell scans the list each time."""
        return indexed_cells(self.report)

    @cached_property
    def figures(self) -> tuple[Number | None, ...]:
        """The values of SUMMED_CELLS (template/form.py), in that order: kept with a stored report, so that no
        total, share or ranking reads a report back from disk (pipeline/store.py)."""
        return self.report.summed_values()

    @cached_property
    def statuses(self) -> tuple[int, ...]:
        """How many checks passed, failed, could not be assessed."""
        return self.report.check_counts()

    def value(self, table: str, row: str, column: str) -> Number | None:
        position = _FIGURE_POSITION.get((table, row, column))
        if position is not None:
            return self.figures[position]
        cell = self.cells.get((table, row, column))
        return cell.value if cell else None

    def count(self, status: str) -> int:
        return self.statuses[CHECK_STATUSES.index(status)]

    @property
    def passed(self) -> int:
        return self.count(PASS)

    @property
    def failed(self) -> int:
        return self.count(FAIL)

    @property
    def not_assessable(self) -> int:
        return self.count(NOT_ASSESSABLE)


@dataclass
class Agency:
    slug: str
    name: str
    level: str
    province: str | None
    entries: list[Entry] = field(default_factory=list)  # counted records, sorted by year
    copies: dict[str, list[Entry]] = field(default_factory=dict)  # by counted entry id
    names: list[str] = field(
        default_factory=list
    )  # every name it published under, first seen first
    place: Place | None = None  # where it is (places/), as its latest report places it

    def copies_of(self, entry: Entry) -> list[Entry]:
        return self.copies.get(entry.id, [])

    @property
    def path(self) -> str:
        return f"agencies/{self.slug}/"

    @property
    def years(self) -> list[int]:
        return [e.year for e in self.entries if e.year is not None]


@dataclass
class SiteData:
    """entries: every record, copies included (each has its page); counted, agencies' entries
    and years: the counted records only, one per agency-year — what every total adds up."""

    entries: list[Entry]
    agencies: list[Agency]
    years: dict[int, list[Entry]]
    failures: list[Failure]
    skipped: list[Failure]

    @property
    def counted(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.meta.counted]

    @property
    def copy_count(self) -> int:
        return sum(1 for entry in self.entries if not entry.meta.counted)

    def agency_of(self, entry: Entry) -> Agency:
        return self._by_slug[path_segment(entry.meta.agency_slug)]

    def counted_of(self, entry: Entry) -> Entry | None:
        """For a copy, the record that counts in its place; None for a counted record."""
        if entry.meta.copy_of is None:
            return None
        return self._by_id.get(path_segment(entry.meta.copy_of))

    def copies_of(self, entry: Entry) -> list[Entry]:
        return self.agency_of(entry).copies_of(entry)

    def __post_init__(self) -> None:
        self._by_slug = {agency.slug: agency for agency in self.agencies}
        self._by_id = {entry.id: entry for entry in self.entries}


def cell_index(report: Report) -> dict[tuple[str, str, str], Cell]:
    index: dict[tuple[str, str, str], Cell] = {}
    for cell in report.cells:
        index.setdefault((cell.table, cell.row, cell.column), cell)  # the first, as Report.cell
    return index


# The index of the reports read most recently: kept with each entry, it would hold every report's
# cells in memory (pipeline/store.py keeps them on disk for that reason).
_INDEXED: OrderedDict[int, tuple[Report, dict[tuple[str, str, str], Cell]]] = OrderedDict()
RECENT_INDEXES = 1000


def indexed_cells(report: Report) -> dict[tuple[str, str, str], Cell]:
    known = _INDEXED.get(id(report))
    if known is not None and known[0] is report:
        _INDEXED.move_to_end(id(report))
        return known[1]
    index = cell_index(report)
    _INDEXED[id(report)] = (report, index)
    while len(_INDEXED) > RECENT_INDEXES:
        _INDEXED.popitem(last=False)
    return index


def _year_key(entry: Entry) -> tuple[int, str]:
    return (entry.year if entry.year is not None else 0, entry.id)


def site_data(collection: Collection, metas: list[ReportMeta] | None = None) -> SiteData:
    """metas: the reports' descriptions when they are part of a larger collection (a split site),
    whose ids and slugs must be the whole collection's."""
    metas = describe_reports(collection.reports) if metas is None else metas
    entries = sorted(
        (Entry(report, meta) for report, meta in zip(collection.reports, metas, strict=True)),
        key=lambda e: (e.meta.agency_slug, _year_key(e)),
    )
    grouped: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        grouped[path_segment(entry.meta.agency_slug)].append(entry)
    canonical = canonical_names(collection.reports)
    agencies = []
    for slug, everything in grouped.items():
        # a part of a split site always holds an agency-year whole; should it not, show the copies
        members = sorted((e for e in everything if e.meta.counted), key=_year_key) or everything
        copies: dict[str, list[Entry]] = defaultdict(list)
        for entry in everything:
            if entry.meta.copy_of is not None:
                copies[path_segment(entry.meta.copy_of)].append(entry)
        # The agency's name as the agencies resource gives it (most common, shortest on a tie).
        name = canonical.get(members[-1].report.agency_id or "") or members[-1].meta.agency
        latest = members[-1].meta
        names_seen = list(dict.fromkeys(e.meta.agency for e in sorted(everything, key=_year_key)))
        agencies.append(
            Agency(
                slug,
                name,
                latest.level,
                latest.province,
                members,
                dict(copies),
                names_seen,
                members[-1].report.place,
            )
        )
    agencies.sort(key=lambda a: (a.province or "~", a.level, a.name, a.slug))
    years: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.year is not None and entry.meta.counted:
            years[entry.year].append(entry)
    return SiteData(
        entries=entries,
        agencies=agencies,
        years=dict(sorted(years.items())),
        failures=list(collection.failures),
        skipped=list(collection.skipped),
    )
