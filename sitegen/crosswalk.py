"""The edition crosswalk: which rows and columns each edition of the form has (from form.py)."""

from __future__ import annotations

from dataclasses import dataclass

from template.form import (
    ACTIVE_BLOCKS,
    APPLICATION_COLUMNS,
    APPLICATION_ROWS,
    EDITION_NOTICES,
    EDITIONS,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    TABLES,
)


@dataclass
class CrosswalkRow:
    table: str
    item: str  # 第二十条 item or row group
    row: str
    code: str
    columns: dict[str, str]  # edition → its column labels, "" when the row is absent


def crosswalk() -> list[CrosswalkRow]:
    rows: list[CrosswalkRow] = []
    for block in ACTIVE_BLOCKS:
        for row in block.rows:
            columns = {
                edition: "、".join(c.label for c in block.columns.get(edition, ()))
                if edition in row.editions
                else ""
                for edition in EDITIONS
            }
            rows.append(CrosswalkRow(TABLES["active"], block.label, row.label, row.code, columns))
    applicant = "、".join(c.label for c in APPLICATION_COLUMNS)
    for row in APPLICATION_ROWS:
        columns = {e: applicant if e in row.editions else "" for e in EDITIONS}
        rows.append(
            CrosswalkRow(TABLES["applications"], row.group, row.printed_label, row.code, columns)
        )
    review_columns = "、".join(c.label for c in REVIEW_COLUMNS)
    for row in REVIEW_ROWS:
        columns = {e: review_columns if e in row.editions else "" for e in EDITIONS}
        rows.append(CrosswalkRow(TABLES["reviews"], row.group, row.label, row.code, columns))
    return rows


def editions() -> list[tuple[str, str]]:
    return [(edition, EDITION_NOTICES[edition]) for edition in EDITIONS]
