"""The `agencies` resource: one row per agency_id, with every name it published under."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from package_builder.describe import canonical_names, infer_level

if TYPE_CHECKING:
    from package_builder.describe import ReportMeta
    from parsers.record import Report

NAME_SEPARATOR = "；"


def agency_rows(pairs: Sequence[tuple[Report, ReportMeta]]) -> list[dict[str, Any]]:
    """Sorted by agency_id; the place is the latest report's (the one a reader sees first)."""
    members: dict[str, list[tuple[Report, ReportMeta]]] = defaultdict(list)
    for report, meta in pairs:
        if report.agency_id:
            members[report.agency_id].append((report, meta))
    names = canonical_names([report for report, _ in pairs])
    rows: list[dict[str, Any]] = []
    for agency_id in sorted(members):
        group = sorted(members[agency_id], key=lambda pair: (pair[0].year or 0, pair[1].report_id))
        report, meta = group[-1]
        place = report.place
        variants = dict.fromkeys(r.agency for r, _ in group if r.agency)
        rows.append(
            {
                "agency_id": agency_id,
                "name": names.get(agency_id, report.agency),
                "name_variants": NAME_SEPARATOR.join(variants),
                "agency_slug": meta.agency_slug,
                "level": infer_level(names.get(agency_id, report.agency))[0],
                "province": place.province if place else None,
                "city": place.city if place else None,
                "county": place.county if place else None,
                "town": place.town if place else None,
                "division_code": place.code if place else None,
                "place_source": place.source if place else None,
                "place_note": place.note if place else None,
                "identity_source": report.identity_source,
                "reports": len(group),
                "years": NAME_SEPARATOR.join(
                    str(y) for y in sorted({r.year for r, _ in group if r.year is not None})
                ),
            }
        )
    return rows
