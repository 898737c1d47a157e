"""The site's view of sitegen/compare.py: an agency's counted records as year records, the
comparison cut into the page's tables, and a report's headline figures beside the year before's."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from sitegen import aggregate as agg
from sitegen.compare import ComparisonRow, Headline, YearRecord, YearValue, compare_years, headlines
from sitegen.continuity import continuity
from sitegen.peers import PeerGroup, PeerIndex, PeerRecord
from sitegen.render import format_number
from sitegen.safety import path_segment
from sitegen.site_data import Agency, Entry, SiteData
from template.form import APPLICATION_TOTAL_COLUMN, TABLE_NUMERALS, TABLES

COMPARE_ANCHOR = "compare"  # the agency page's comparison, linked from each report page


@dataclass(frozen=True)
class ComparisonTable:
    table: str  # code
    title: str  # 二、主动公开政府信息情况
    rows: list[ComparisonRow]  # shown at once
    more: list[ComparisonRow]  # one click away (table 三's six applicant columns)


def year_records(agency: Agency) -> list[YearRecord]:
    """The counted record of each year (Agency.entries holds only those, one per year)."""
    return [
        YearRecord(e.year, e.report.template, {key: cell.value for key, cell in e.cells.items()})
        for e in agency.entries
        if e.year is not None
    ]


def agency_comparison(agency: Agency) -> list[ComparisonTable]:
    breaks = [link.current.year for link in continuity(agency) if link.status == "differ"]
    rows = compare_years(year_records(agency), breaks)
    tables = []
    for table in TABLES:
        mine = [r for r in rows if r.key[0] == table]
        if table == "applications":
            total = APPLICATION_TOTAL_COLUMN.code
            shown = [r for r in mine if r.key[2] == total]
            more = [r for r in mine if r.key[2] != total]
        else:
            shown, more = mine, []
        if mine:
            tables.append(
                ComparisonTable(table, f"{TABLE_NUMERALS[table]}、{TABLES[table]}", shown, more)
            )
    return tables


def _delta(value: float) -> str:
    if value == 0:
        return '<span class="delta same">持平</span>'
    sign, css = ("+", "up") if value > 0 else ("−", "down")
    return f'<span class="delta {css}">{sign}{format_number(abs(value))}</span>'


def year_cell(year: YearValue) -> str:
    if not year.present:
        return '<td class="absent">—</td>'
    if year.value is None:
        return '<td class="blank"><span class="blank-note">空白</span></td>'
    parts = ['<td class="continuity-break">' if year.breaks_continuity else "<td>"]
    parts.append(escape(format_number(year.value)))
    if year.change is not None:
        parts.append(_delta(year.change))
    if year.breaks_continuity:
        parts.append('<span class="break-note">与上一年度“结转下年度”不一致</span>')
    parts.append("</td>")
    return "".join(parts)


def year_cells(years: tuple[YearValue, ...]) -> Markup:
    """A comparison row's cells (a filter, one call per row: agency pages are many)."""
    return Markup("".join(year_cell(y) for y in years))


def peer_record(entry: Entry) -> PeerRecord | None:
    """A counted record as the peer rankings see it; the agency key is its slug today (the
    package's agency_id can replace it here without touching sitegen/peers.py)."""
    if entry.year is None:
        return None
    meta, value = entry.meta, entry.value
    return PeerRecord(
        key=path_segment(meta.agency_slug),
        name=meta.agency,
        level=meta.level,
        province=meta.province,
        city=meta.city,
        county=meta.county,
        year=entry.year,
        new=value(*agg.NEW),
        granted=value(*agg.GRANTED),
        outcomes=value(*agg.OUTCOMES),
        corrected=agg.corrected((agg.REVIEW_ROW,))(entry),
        concluded=agg.concluded((agg.REVIEW_ROW,))(entry),
    )


def peer_index(data: SiteData) -> PeerIndex:
    return PeerIndex(r for e in data.counted if (r := peer_record(e)) is not None)


def agency_peers(agency: Agency, peers: PeerIndex | None) -> tuple[int | None, list[PeerGroup]]:
    """The agency's latest year and its standing among its peers in that year."""
    dated = [e for e in agency.entries if e.year is not None]
    record = peer_record(dated[-1]) if dated and peers else None
    if record is None or peers is None:
        return None, []
    return record.year, peers.agency(record)


def report_headlines(agency: Agency, entry: Entry) -> tuple[Entry | None, list[Headline]]:
    """This report's headline figures beside the agency's counted record of the year before."""
    before = next(
        (e for e in agency.entries if entry.year is not None and e.year == entry.year - 1), None
    )
    figures = [
        ("本年新收申请", agg.cell(agg.NEW)),
        ("办理结果总计", agg.cell(agg.OUTCOMES)),
        ("予以公开", agg.cell(agg.GRANTED)),
        ("结转下年度", agg.cell(agg.CARRIED_FORWARD)),
        ("行政复议", agg.cell(("reviews", agg.REVIEW_ROW, "total"))),
        ("行政诉讼", agg.litigation("total")),
    ]
    return before, headlines(
        [(label, value(entry), value(before) if before else None) for label, value in figures]
    )
