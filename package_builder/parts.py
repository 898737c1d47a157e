"""Which file of a resource holds which reports' rows: one file, or one per year at national scale.

A resource with rows per report (cells, checks, the wide tables, sections, warnings) of a large
package is written as several files, named after the year they hold: `data/cells-2024.csv`,
`data/cells-2024.parquet` (and `cells-2024-1` … when one year holds more reports than a file
may). The resource's descriptor lists them as its `path` (Frictionless v2: a list of files read
as one table). File names are flat, so release assets (which have no folders) keep them as they
are, and a glob of them (`data/cells-*.parquet`) reads as one table in DuckDB, pandas and pyarrow.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

DATA_DIR = "data"
UNKNOWN_YEAR = "unknown"
# resources with one row per report (reports) or agency, or none per report, stay one file
WHOLE = ("reports", "agencies", "codes", "failures")

Member = TypeVar("Member")


@dataclass(frozen=True)
class Part(Generic[Member]):
    label: str  # "" for the one file of an unpartitioned package, else "2024", "2024-2", "unknown"
    members: list[Member]


def partitioned(name: str, parts: Sequence[Part[Member]]) -> bool:
    return name not in WHOLE and any(part.label for part in parts)


def split_by_year(
    members: Sequence[Member], years: Sequence[int | None], limit: int
) -> list[Part[Member]]:
    """One part of everything when there are at most `limit` members; else one part per year
    (in year order, unknown last), a year of more than `limit` members cut into numbered parts."""
    if len(members) <= limit:
        return [Part("", list(members))]
    by_year: dict[int | None, list[Member]] = defaultdict(list)
    for member, year in zip(members, years, strict=True):
        by_year[year].append(member)
    parts: list[Part[Member]] = []
    for year in sorted(by_year, key=lambda y: (y is None, y or 0)):
        label = UNKNOWN_YEAR if year is None else str(year)
        held = by_year[year]
        chunks = [held[start : start + limit] for start in range(0, len(held), limit)]
        for number, chunk in enumerate(chunks, start=1):
            parts.append(Part(label if len(chunks) == 1 else f"{label}-{number}", chunk))
    return parts


def file_path(name: str, label: str, suffix: str) -> str:
    """The package-relative path of a resource's file (of one part, when label is not "")."""
    stem = f"{name}-{label}" if label else name
    return f"{DATA_DIR}/{stem}.{suffix}"


def resource_paths(resource: dict) -> list[str]:
    """The file(s) of a resource descriptor: its `path` as a list."""
    path = resource.get("path", "")
    return list(path) if isinstance(path, list) else [path] if path else []
