"""Parsed reports → the rows of each resource, as plain dicts keyed by the schema's field names.

Values stay as parsed: a blank cell is None here and in every file written from these rows.
Rows come out sorted by the resource's stable keys so that two builds are byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from package_builder.describe import ReportMeta, describe_reports
from package_builder.schema import CELL_EDITIONS, UNKNOWN_EDITION, WIDE_TABLES
from parsers.check_messages import check_message
from parsers.record import FAIL, NOT_ASSESSABLE, Cell, Report
from parsers.warning_kinds import warning_kind
from template.form import EDITIONS, TABLES, CellSpec, cell_specs

if TYPE_CHECKING:
    from pipeline.parse_folder import Collection

Row = dict[str, Any]
CellKey = tuple[str, str, str]


class PlacedCell(NamedTuple):
    """A cell of one report with the form's description of it (None: not in the form)."""

    key: CellKey
    spec: CellSpec | None
    cell: Cell | None


def _specs_by_key(edition: str) -> dict[CellKey, CellSpec]:
    return {spec.key: spec for spec in cell_specs(edition)}


SPECS_BY_EDITION: dict[str, dict[CellKey, CellSpec]] = {e: _specs_by_key(e) for e in EDITIONS}


def find_any_spec(edition: str | None, key: CellKey) -> CellSpec | None:
    """The cell's spec in the report's edition, else in any edition (labels for stray cells)."""
    editions = ([edition] if edition in SPECS_BY_EDITION else []) + list(reversed(EDITIONS))
    for candidate in editions:
        if key in SPECS_BY_EDITION[candidate]:
            return SPECS_BY_EDITION[candidate][key]
    return None


def placed_cells(report: Report) -> list[PlacedCell]:
    """Every cell of the report's edition in form order (absent ones too), then any extra cells."""
    by_key: dict[CellKey, Cell] = {}
    for cell in report.cells:
        by_key.setdefault((cell.table, cell.row, cell.column), cell)
    placed: list[PlacedCell] = []
    if report.template in SPECS_BY_EDITION:
        for key, spec in SPECS_BY_EDITION[report.template].items():
            placed.append(PlacedCell(key, spec, by_key.pop(key, None)))
    for key in sorted(by_key, key=_form_order):
        placed.append(PlacedCell(key, find_any_spec(report.template, key), by_key[key]))
    return placed


def _form_order(key: CellKey) -> tuple[int, str, str]:
    table = list(TABLES).index(key[0]) if key[0] in TABLES else len(TABLES)
    return table, key[1], key[2]


def presence(cell: Cell | None) -> str:
    if cell is not None and cell.value is not None:
        return "number"
    if cell is not None and cell.raw is not None:
        return "blank"
    return "absent"


class Entry(NamedTuple):
    """A report, its description and its cells in form order: what every resource's rows need."""

    report: Report
    meta: ReportMeta
    cells: list[PlacedCell]


Entries = Sequence[Entry]  # sorted by report_id (see by_report_id)


def report_rows(entries: Entries) -> list[Row]:
    rows: list[Row] = []
    for report, meta, cells in entries:
        source = report.source
        rows.append(
            {
                "report_id": meta.report_id,
                "agency": report.agency,
                "agency_slug": meta.agency_slug,
                "agency_id": report.agency_id,
                "agency_source": report.agency_source,
                "agency_level": meta.level,
                "level_inferred": meta.level_inferred,
                "province": meta.province,
                "city": meta.city,
                "county": meta.county,
                "town": meta.town,
                "division_code": meta.division_code,
                "place_source": meta.place_source,
                "region": report.region,
                "year": report.year,
                "template": report.template,
                "title": report.title,
                "display_title": meta.display_title,
                "published": iso_date(report.published),
                "source_file": source.file if source else None,
                "source_format": source.format if source else None,
                "source_url": source.source_url if source else None,
                "source_sha256": source.sha256 if source else None,
                "cells": len(cells),
                "cells_blank": sum(1 for placed in cells if presence(placed.cell) != "number"),
                "checks_failed": sum(1 for check in report.checks if check.status == FAIL),
                "checks_not_assessable": sum(
                    1 for check in report.checks if check.status == NOT_ASSESSABLE
                ),
                "warnings": len(report.warnings),
                "counted": meta.counted,
                "copy_of": meta.copy_of,
                "copy_kind": meta.copy_kind,
                "choice_reason": meta.choice_reason,
            }
        )
    return rows


def iso_date(text: str | None) -> date | None:
    """The report's ISO date; a date the parser could not give in ISO form is left out."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _labels(placed: PlacedCell) -> Row:
    # the same few hundred (key, spec) pairs recur in every report: built once each
    labels = _LABELS.get((placed.key, id(placed.spec)))
    if labels is None:
        labels = _LABELS[(placed.key, id(placed.spec))] = _make_labels(placed.key, placed.spec)
    return labels


_LABELS: dict[tuple[CellKey, int], Row] = {}  # specs live as long as the module (SPECS_BY_EDITION)


def _make_labels(key: CellKey, spec: CellSpec | None) -> Row:
    return {
        "table": key[0],
        "table_label": TABLES.get(key[0]),
        "item": spec.block if spec else None,
        "row": key[1],
        "row_label": spec.row.printed_label if spec else None,
        "row_group": spec.row.group if spec else None,
        "column": key[2],
        "column_label": spec.column.label if spec else None,
    }


def described(placed: PlacedCell) -> Row:
    """What the form says of a cell: its labels, kind, unit and whether it may be summed."""
    spec = placed.spec
    return _labels(placed) | {
        "kind": spec.column.kind if spec else None,
        "unit": spec.column.unit if spec else None,
        "summable": spec.column.summable if spec else None,
    }


def cell_edition(report: Report) -> str:
    """The edition a cell row names (the code list's key): unknown when none was identified."""
    return report.template if report.template in SPECS_BY_EDITION else UNKNOWN_EDITION


def cell_columns(entries: Entries) -> dict[str, list[Any]]:
    """The cells resource, column by column: the largest table of the package (≈ 200 rows per
    report), so its rows are never built as dicts. Codes only: the labels are in `codes`."""
    columns: dict[str, list[Any]] = {
        name: [] for name in ("report_id", "year", "template", "table", "row", "column")
    }
    values: list[Any] = []
    presences: list[str] = []
    raws: list[str | None] = []
    lines: list[int | None] = []
    methods: list[str | None] = []
    for report, meta, cells in entries:
        columns["report_id"] += [meta.report_id] * len(cells)
        columns["year"] += [report.year] * len(cells)
        columns["template"] += [cell_edition(report)] * len(cells)
        for placed in cells:
            table, row, column = placed.key
            columns["table"].append(table)
            columns["row"].append(row)
            columns["column"].append(column)
            cell = placed.cell
            values.append(cell.value if cell else None)
            presences.append(presence(cell))
            raws.append(cell.raw if cell else None)
            lines.append(cell.line if cell else None)
            methods.append(cell.method if cell else None)
    return columns | {
        "value": values,
        "presence": presences,
        "raw": raws,
        "line": lines,
        "method": methods,
    }


def code_rows() -> list[Row]:
    """The code list: every cell key of any edition, once per edition (and for `unknown`), with
    what the form says of it; in_form tells whether that edition's form prints the cell."""
    keys = sorted({key for specs in SPECS_BY_EDITION.values() for key in specs}, key=_form_order)
    rows: list[Row] = []
    for edition in CELL_EDITIONS:
        own = SPECS_BY_EDITION.get(edition, {})
        ordered = list(own) + [key for key in keys if key not in own]
        for key in ordered:
            spec = find_any_spec(edition, key)
            rows.append(
                {"edition": edition, "in_form": key in own} | described(PlacedCell(key, spec, None))
            )
    return rows


def wide_rows(entries: Entries, table: str, columns: list[str]) -> list[Row]:
    """One row per report and row code of `table`, one column per column code."""
    rows: list[Row] = []
    for report, meta, cells in entries:
        by_row: dict[str, Row] = {}
        for placed in cells:
            if placed.key[0] != table or placed.key[2] not in columns:
                continue
            labels = _labels(placed)
            row = by_row.setdefault(
                placed.key[1],
                {
                    "report_id": meta.report_id,
                    "year": report.year,
                    "template": report.template,
                    "item": labels["item"],
                    "row": labels["row"],
                    "row_label": labels["row_label"],
                    "row_group": labels["row_group"],
                }
                | dict.fromkeys(columns),
            )
            row[placed.key[2]] = placed.cell.value if placed.cell else None
        rows += by_row.values()
    return rows


def check_rows(entries: Entries) -> list[Row]:
    rows: list[Row] = []
    for report, meta, _ in entries:
        for check in sorted(report.checks, key=lambda check: check.id):
            rows.append(
                {
                    "report_id": meta.report_id,
                    "check_id": check.id,
                    "kind": check.kind,
                    "table": check.table,
                    "row": check.row,
                    "column": check.column,
                    "description": check.description,
                    "expected": check.expected,
                    "reported": check.reported,
                    "difference": check.difference,
                    "status": check.status,
                    "blank_operands": "; ".join(check.blank_operands),
                    "message": check_message(check),
                }
            )
    return rows


def section_rows(entries: Entries) -> list[Row]:
    return _numbered_rows(
        entries,
        lambda report: report.sections,
        lambda section: {"key": section.key, "heading": section.heading, "text": section.text},
    )


def warning_rows(entries: Entries) -> list[Row]:
    return _numbered_rows(
        entries,
        lambda report: report.warnings,
        lambda warning: {
            "code": warning.code,
            "code_label": warning_kind(warning.code),
            "message": warning.message,
            "line": warning.line,
        },
    )


def _numbered_rows(
    entries: Entries,
    items_of: Callable[[Report], Sequence[Any]],
    fields_of: Callable[[Any], Row],
) -> list[Row]:
    """One row per item of each report, numbered from 1 in the report's own order."""
    return [
        {"report_id": meta.report_id, "position": position} | fields_of(item)
        for report, meta, _ in entries
        for position, item in enumerate(items_of(report), start=1)
    ]


def failure_rows(collection: Collection) -> list[Row]:
    rows = [
        {
            "file": failure.file,
            "outcome": outcome,
            "reason": failure.reason,
            "message": failure.message,
        }
        for outcome, failures in (("failed", collection.failures), ("skipped", collection.skipped))
        for failure in failures
    ]
    return sorted(rows, key=lambda row: (row["file"], row["outcome"], row["reason"]))


def by_report_id(
    reports: list[Report], metas: list[ReportMeta] | None = None
) -> list[tuple[Report, ReportMeta]]:
    """Each report with its description (metas: describe_reports(reports), when known), in
    report_id order: the order of every resource."""
    metas = describe_reports(reports) if metas is None else metas
    return sorted(zip(reports, metas, strict=True), key=lambda pair: pair[1].report_id)


def entries_of(pairs: Sequence[tuple[Report, ReportMeta]]) -> list[Entry]:
    return [Entry(report, meta, placed_cells(report)) for report, meta in pairs]


# Resources with one or more rows per report, built a batch of reports at a time.
REPORT_RESOURCES: dict[str, Callable[[Entries], list[Row] | dict[str, list[Any]]]] = {
    "reports": report_rows,
    "cells": cell_columns,
    "checks": check_rows,
    "sections": section_rows,
    "warnings": warning_rows,
} | {
    name: (
        lambda entries, table=table, columns=columns: wide_rows(
            entries, table, [c.code for c in columns]
        )
    )
    for name, (table, columns) in WIDE_TABLES.items()
}
