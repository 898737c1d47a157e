"""The arithmetic the form itself promises, declared as data.

Each identity says: the sum of the `reported` cells must equal the sum of the `expected` cells.
The parser evaluates them, the data package lists them, the site highlights the failures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from template.form import (
    APPLICANT_COLUMNS,
    APPLICATION_COLUMNS,
    APPLICATION_OUTCOME_ROWS,
    APPLICATION_ROWS,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
)

CellKey = tuple[str, str, str]  # (table, row, column)

BALANCE, COLUMN_TOTAL, ROW_TOTAL, REVIEW_TOTAL = (
    "balance",
    "column_total",
    "row_total",
    "review_total",
)
IDENTITY_KINDS: dict[str, str] = {
    BALANCE: "第一项加第二项之和，等于第三项加第四项之和（新收＋上年结转＝总计＋结转下年度）",
    COLUMN_TOTAL: "总计等于各项办理结果之和",
    ROW_TOTAL: "总计列等于六类申请人之和",
    REVIEW_TOTAL: "总计等于结果维持、结果纠正、其他结果、尚未审结之和",
}


@dataclass(frozen=True)
class Identity:
    id: str
    kind: str
    table: str
    row: str  # the row the identity is about ("" when it spans rows)
    column: str  # the column the identity is about ("" when it spans columns)
    reported: tuple[CellKey, ...]
    expected: tuple[CellKey, ...]

    @property
    def description(self) -> str:
        return IDENTITY_KINDS[self.kind]


@lru_cache(maxsize=8)
def identities(edition: str) -> tuple[Identity, ...]:
    """All identities that hold for a report in this edition of the form."""
    result: list[Identity] = []
    outcome_rows = APPLICATION_OUTCOME_ROWS[edition]
    for column in APPLICATION_COLUMNS:
        c = column.code
        result.append(
            Identity(
                f"applications.balance.{c}",
                BALANCE,
                "applications",
                "",
                c,
                reported=(("applications", "total", c), ("applications", "carried_forward", c)),
                expected=(("applications", "new", c), ("applications", "carried_over", c)),
            )
        )
        result.append(
            Identity(
                f"applications.column_total.{c}",
                COLUMN_TOTAL,
                "applications",
                "total",
                c,
                reported=(("applications", "total", c),),
                expected=tuple(("applications", r, c) for r in outcome_rows),
            )
        )
    for row in APPLICATION_ROWS:
        if edition not in row.editions:
            continue
        result.append(
            Identity(
                f"applications.row_total.{row.code}",
                ROW_TOTAL,
                "applications",
                row.code,
                "total",
                reported=(("applications", row.code, "total"),),
                expected=tuple(("applications", row.code, col.code) for col in APPLICANT_COLUMNS),
            )
        )
    for row in REVIEW_ROWS:
        result.append(
            Identity(
                f"reviews.total.{row.code}",
                REVIEW_TOTAL,
                "reviews",
                row.code,
                "total",
                reported=(("reviews", row.code, "total"),),
                expected=tuple(
                    ("reviews", row.code, col.code) for col in REVIEW_COLUMNS if col.code != "total"
                ),
            )
        )
    return tuple(result)
