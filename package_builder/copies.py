"""One agency-year, one record: which reading of an agency-year counts, and what the others are.

A collection often holds the same report more than once (the web page and its PDF or Word
attachment, the same file saved twice, a mirror). Every reading is kept, but only one per
agency-year — the most complete — is counted in any total; the others are its copies.

The rule, in order: most cells read (a number, not a blank), then most checks passed, then the
format (FORMAT_PREFERENCE), then the file's path. Pure: records in, roles out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parsers.record import PASS

if TYPE_CHECKING:
    from parsers.record import Number, Report

IDENTICAL, AGREES, DISAGREES = "identical", "agrees", "disagrees"
COPY_KINDS: dict[str, str] = {
    IDENTICAL: "同一文件（字节完全相同）",
    AGREES: "不同文件，读出的数字一致",
    DISAGREES: "不同文件，读出的数字不一致",
}
# Formats whose tables keep their cells first (the published page, then its Word and PDF
# attachments), flat text last, where a table's cells must be told apart from the text.
FORMAT_PREFERENCE: tuple[str, ...] = ("html", "docx", "doc", "pdf", "md", "txt", "image")
FORMAT_NAMES: dict[str, str] = {
    "html": "网页",
    "docx": "Word 文档",
    "doc": "旧版 Word 等文档",
    "image": "图片",
    "pdf": "PDF",
    "md": "Markdown 文本",
    "txt": "纯文本",
}
CellKey = tuple[str, str, str]


@dataclass(frozen=True)
class CopyRole:
    """Whether a record counts; for a copy, the counted record's id and how the two relate."""

    counted: bool = True
    copy_of: str | None = None  # report_id of the counted record (copies only)
    copy_kind: str | None = None  # IDENTICAL | AGREES | DISAGREES (copies only)
    choice_reason: str | None = None  # why this record counts (counted records with copies)


def cells_read(report: Report) -> int:
    return sum(1 for cell in report.cells if cell.value is not None)


def checks_passed(report: Report) -> int:
    return sum(1 for check in report.checks if check.status == PASS)


def _format(report: Report) -> str:
    return report.source.format if report.source else ""


def _file(report: Report) -> str:
    return report.source.file if report.source else ""


def _sha(report: Report) -> str | None:
    return report.source.sha256 if report.source else None


def _preference(report: Report) -> int:
    fmt = _format(report)
    return FORMAT_PREFERENCE.index(fmt) if fmt in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE)


def _rank(report: Report, report_id: str) -> tuple[int, int, int, str, str]:
    return (
        -cells_read(report),
        -checks_passed(report),
        _preference(report),
        _file(report),
        report_id,
    )


def group_key(report: Report, agency_slug: str, fingerprint: str) -> tuple[str, ...]:
    """Records of one agency-year; without an agency or a year, only the very same file."""
    if report.agency and report.year is not None:
        return ("agency-year", agency_slug, str(report.year))
    return ("file", fingerprint)


def assign_roles(
    reports: list[Report], report_ids: list[str], keys: list[tuple[str, ...]]
) -> list[CopyRole]:
    """The role of each report, in the order given."""
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        groups[key].append(index)
    roles = [CopyRole() for _ in reports]
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(members, key=lambda i: _rank(reports[i], report_ids[i]))
        chosen = ordered[0]
        roles[chosen] = CopyRole(choice_reason=choice_reason(reports[chosen], ordered, reports))
        for index in ordered[1:]:
            roles[index] = CopyRole(
                counted=False,
                copy_of=report_ids[chosen],
                copy_kind=copy_kind(reports[chosen], reports[index]),
            )
    return roles


def copy_kind(chosen: Report, copy: Report) -> str:
    if _sha(chosen) is not None and _sha(chosen) == _sha(copy):
        return IDENTICAL
    return DISAGREES if differing_cells(chosen, copy) else AGREES


def _values(report: Report) -> dict[CellKey, Number | None]:
    values: dict[CellKey, Number | None] = {}
    for cell in report.cells:
        values.setdefault((cell.table, cell.row, cell.column), cell.value)
    return values


def differing_cells(chosen: Report, copy: Report) -> list[CellKey]:
    """Cells whose value differs between two readings, a number against a blank included."""
    a, b = _values(chosen), _values(copy)
    return sorted(key for key in a.keys() | b.keys() if a.get(key) != b.get(key))


def _deciding_step(chosen: Report, other: Report) -> int:
    """Which step of the rule put `chosen` before `other`: 0 cells, 1 checks, 2 format, 3 file."""
    steps = (cells_read, checks_passed, _preference, _file)
    for step, measure in enumerate(steps):
        if measure(chosen) != measure(other):
            return step
    return len(steps) - 1


def choice_reason(chosen: Report, ordered: list[int], reports: list[Report]) -> str:
    """Why the first of `ordered` counts, in Chinese, up to the step of the rule that decided."""
    others = [reports[i] for i in ordered[1:]]
    cells, passed = cells_read(chosen), checks_passed(chosen)
    if all(_sha(r) is not None and _sha(r) == _sha(chosen) for r in others):
        return f"{len(ordered)} 个文件内容完全相同，取文件名排序在前的 {_file(chosen)}"
    step = max(_deciding_step(chosen, other) for other in others)
    if step == 0:
        rest = "、".join(str(cells_read(r)) for r in others)
        return f"读出的单元格最多：{cells} 个（其他文件：{rest} 个）"
    if step == 1:
        rest = "、".join(str(checks_passed(r)) for r in others)
        return (
            f"读出的单元格同为最多的 {cells} 个，其中通过的校验最多：{passed} 项"
            f"（其他文件：{rest} 项）"
        )
    order = " > ".join(FORMAT_NAMES[f] for f in FORMAT_PREFERENCE)
    fmt = FORMAT_NAMES.get(_format(chosen), _format(chosen) or "未知格式")
    reason = (
        f"读出的单元格（{cells} 个）与通过的校验（{passed} 项）同为最多，"
        f"按格式顺序（{order}）取{fmt}"
    )
    if step == 3:
        reason += f"；同为{fmt}时取文件名排序在前的 {_file(chosen)}"
    return reason
