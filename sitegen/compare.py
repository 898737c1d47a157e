"""An agency's form across its years: every cell, one column per year, and the change from the year
before. Pure functions over plain values; sitegen/pages.py feeds them the counted records.

A blank is never 0: a change exists only where both years print the cell. A cell the year's
edition of the form does not have (2019 vs 2021 form) is "absent", not blank. Cells are aligned
across editions by their codes, the crosswalk template/form.py declares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from template.form import (
    APPLICATION_TOTAL_COLUMN,
    EDITIONS,
    TABLES,
    all_row_codes,
    cell_specs,
    column_title,
    row_title,
)

Number = int | float
CellKey = tuple[str, str, str]  # (table, row, column) codes
CONTINUITY_CELL: CellKey = ("applications", "carried_over", APPLICATION_TOTAL_COLUMN.code)


@dataclass(frozen=True)
class YearRecord:
    """One year of an agency: the edition of its form and the values it prints."""

    year: int
    edition: str | None  # None: the form was not recognised, so no cell can be placed
    values: Mapping[CellKey, Number | None]


@dataclass(frozen=True)
class YearValue:
    year: int
    present: bool  # the year's edition of the form has this cell
    value: Number | None  # None: blank (or absent)
    change: Number | None  # value − the year before's, when both are printed
    breaks_continuity: bool = False  # 上年结转 ≠ the year before's 结转下年度

    @property
    def blank(self) -> bool:
        return self.present and self.value is None


@dataclass(frozen=True)
class ComparisonRow:
    key: CellKey
    row_title: str
    column_title: str
    years: tuple[YearValue, ...]


def change(previous: Number | None, current: Number | None) -> Number | None:
    """current − previous; None when either is blank. Amounts keep 6 decimals (万元 to 0.01 元)."""
    if previous is None or current is None:
        return None
    difference = current - previous
    return round(difference, 6) if isinstance(difference, float) else difference


@cache
def edition_keys(edition: str | None) -> frozenset[CellKey]:
    return frozenset(spec.key for spec in cell_specs(edition)) if edition else frozenset()


def union_keys(editions: Iterable[str | None]) -> list[CellKey]:
    """Every cell of these editions once, in the form's order (rows and columns as declared)."""
    return list(_union_keys(frozenset(editions)))


@cache
def _union_keys(editions: frozenset[str | None]) -> tuple[CellKey, ...]:
    keys = set().union(*(edition_keys(e) for e in editions))
    tables = list(TABLES)
    columns = _row_columns()

    def order(key: CellKey) -> tuple[int, int, int]:
        table, row, column = key
        return (
            tables.index(table),
            all_row_codes(table).index(row),
            columns[(table, row)].index(column),
        )

    return tuple(sorted(keys, key=order))


@cache
def _row_columns() -> dict[tuple[str, str], list[str]]:
    """Each row's columns in the order the editions print them, the older edition's first."""
    columns: dict[tuple[str, str], list[str]] = {}
    for edition in EDITIONS:
        for spec in cell_specs(edition):
            row = columns.setdefault((spec.table, spec.row.code), [])
            if spec.column.code not in row:
                row.append(spec.column.code)
    return columns


def compare_years(
    records: Sequence[YearRecord], continuity_breaks: Iterable[int] = ()
) -> list[ComparisonRow]:
    """One row per cell any year's edition has; continuity_breaks: the years whose 上年结转
    differs from the year before's 结转下年度 (sitegen/continuity.py), marked on that cell."""
    ordered = sorted(records, key=lambda r: r.year)
    by_year = {r.year: r for r in ordered}
    present = {r.year: edition_keys(r.edition) for r in ordered}
    breaks = set(continuity_breaks)
    rows = []
    for key in union_keys(r.edition for r in ordered):
        years = []
        for record in ordered:
            has = key in present[record.year]
            value = record.values.get(key) if has else None
            before = by_year.get(record.year - 1)
            previous = before.values.get(key) if before and key in present[before.year] else None
            years.append(
                YearValue(
                    record.year,
                    has,
                    value,
                    change(previous, value) if has else None,
                    has and key == CONTINUITY_CELL and record.year in breaks,
                )
            )
        table, row, column = key
        rows.append(
            ComparisonRow(key, row_title(table, row), column_title(table, column), tuple(years))
        )
    return rows


@dataclass(frozen=True)
class Headline:
    """One headline figure of a report beside the year before's."""

    label: str
    value: Number | None
    previous: Number | None
    change: Number | None


def headlines(
    figures: Sequence[tuple[str, Number | None, Number | None]],
) -> list[Headline]:
    """(label, this year, the year before) → the figures with their change (blanks stay blank)."""
    return [Headline(label, now, before, change(before, now)) for label, now, before in figures]
