"""Sums and shares over many reports.

Only cells whose column is summable (`Column.summable`: counts, not changes or amounts) are
added up; a blank is skipped, never counted as 0. A share is a ratio of two sums taken over the
same reports (those where both numbers are printed), never an average of per-report shares.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sitegen.site_data import Entry
from template.form import APPLICATION_OUTCOME_ROWS, EDITIONS, application_row, find_spec

CellKey = tuple[str, str, str]

NEW = ("applications", "new", "total")
CARRIED_OVER = ("applications", "carried_over", "total")
GRANTED = ("applications", "granted", "total")
PARTLY = ("applications", "partly_granted", "total")
OUTCOMES = ("applications", "total", "total")
CARRIED_FORWARD = ("applications", "carried_forward", "total")
REVIEW_ROW = "review"
LITIGATION_ROWS = ("litigation_direct", "litigation_after_review")
CONCLUDED_COLUMNS = ("upheld", "corrected", "other")


def is_summable(key: CellKey) -> bool:
    for edition in EDITIONS:
        spec = find_spec(edition, *key)
        if spec is not None:
            return spec.column.summable
    return False


def total(entries: Iterable[Entry], key: CellKey) -> int | float | None:
    """The sum of one summable cell over the reports that print it; None when none does."""
    if not is_summable(key):
        raise ValueError(f"{key} is not a summable cell")
    values = [e.value(*key) for e in entries]
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def share(
    entries: Iterable[Entry],
    part: Callable[[Entry], float | None],
    whole: Callable[[Entry], float | None],
) -> float | None:
    """sum(part) / sum(whole) over the reports where both are printed."""
    numerator = denominator = 0.0
    for entry in entries:
        p, w = part(entry), whole(entry)
        if p is not None and w is not None:
            numerator += p
            denominator += w
    return numerator / denominator if denominator else None


def cell(key: CellKey) -> Callable[[Entry], float | None]:
    return lambda entry: entry.value(*key)


def cells_sum(keys: Iterable[CellKey]) -> Callable[[Entry], float | None]:
    """The sum of several cells of one report; None when any of them is blank."""
    keys = tuple(keys)

    def value(entry: Entry) -> float | None:
        values = [entry.value(*key) for key in keys]
        return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]

    return value


def litigation(column: str) -> Callable[[Entry], float | None]:
    return cells_sum(("reviews", row, column) for row in LITIGATION_ROWS)


def concluded(rows: tuple[str, ...]) -> Callable[[Entry], float | None]:
    return cells_sum(("reviews", row, column) for row in rows for column in CONCLUDED_COLUMNS)


def corrected(rows: tuple[str, ...]) -> Callable[[Entry], float | None]:
    return cells_sum(("reviews", row, "corrected") for row in rows)


@dataclass
class Summary:
    """The headline numbers of a group of reports."""

    label: str
    reports: int
    agencies: int
    new: int | float | None
    outcomes: int | float | None
    granted_rate: float | None  # 予以公开 ÷ 办理结果总计
    disclosed_rate: float | None  # (予以公开 + 部分公开) ÷ 办理结果总计
    reviews: int | float | None
    review_corrected_rate: float | None  # 纠正 ÷ 已审结 (维持 + 纠正 + 其他)
    litigation: int | float | None
    litigation_corrected_rate: float | None
    failed_reports: int


def summarize(label: str, entries: list[Entry]) -> Summary:
    litigation_total = [litigation("total")(e) for e in entries]
    present = [v for v in litigation_total if v is not None]
    return Summary(
        label=label,
        reports=len(entries),
        agencies=len({e.meta.agency_slug for e in entries}),
        new=total(entries, NEW),
        outcomes=total(entries, OUTCOMES),
        granted_rate=share(entries, cell(GRANTED), cell(OUTCOMES)),
        disclosed_rate=share(entries, cells_sum((GRANTED, PARTLY)), cell(OUTCOMES)),
        reviews=total(entries, ("reviews", REVIEW_ROW, "total")),
        review_corrected_rate=share(entries, corrected((REVIEW_ROW,)), concluded((REVIEW_ROW,))),
        litigation=sum(present) if present else None,
        litigation_corrected_rate=share(
            entries, corrected(LITIGATION_ROWS), concluded(LITIGATION_ROWS)
        ),
        failed_reports=sum(1 for e in entries if e.failed),
    )


def outcome_category(code: str) -> str:
    """The form's top-level outcome an outcome row belongs to: "（三）不予公开" for its items."""
    row = application_row(code)
    return row.printed_label if row.group == application_row("total").group else row.group


def outcome_distribution(entries: list[Entry]) -> list[tuple[str, int | float]]:
    """Summed 总计 column of each outcome category, in the form's order, across editions."""
    sums: dict[str, int | float] = {}
    for entry in entries:
        edition = entry.report.template
        if edition not in APPLICATION_OUTCOME_ROWS:
            continue
        for code in APPLICATION_OUTCOME_ROWS[edition]:
            value = entry.value("applications", code, "total")
            category = outcome_category(code)
            sums.setdefault(category, 0)
            if value is not None:
                sums[category] += value
    return list(sums.items())


def group_by(entries: list[Entry], key: Callable[[Entry], str | None]) -> dict[str, list[Entry]]:
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(key(entry) or "未知", []).append(entry)
    return groups
