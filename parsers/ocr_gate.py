"""Which numbers read by OCR may enter the data. Pure: a parsed report and what OCR saw → the
report with every unconfirmed OCR'd number blank.

OCR misreads digits (3001 as 1000, 0 as 8), and a misread number is a wrong number. So an OCR'd
number is published only when something other than the engine vouches for it:
- a cell that one of the form's identities covers (a row's 总计, a column's balance, table 四's
  totals) only when every identity that includes it and can be evaluated holds with the OCR'd
  values, and at least one can;
- a cell no identity covers (table 二, money) only when the engine was at least MIN_CONFIDENCE
  sure of each of its characters.
Everything else is blank, with a Chinese warning quoting what OCR saw (`raw` keeps it too).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers.checks import evaluate, run_checks
from parsers.normalize import nfkc
from parsers.record import FAIL, PASS, Cell, Report, Warning
from template.form import EDITIONS, cell_title
from template.identities import ROW_TOTAL, CellKey, identities

TEXT, OCR = "text", "ocr"  # Cell.method: how a cell's value was read
# The lowest per-character confidence at which a number no identity covers is published. Chosen on
# the fixtures (tests/fixtures/real, generated scans): every such number the engine gave at
# or above it was right; the lowest right one of the real scan's table 二 was 0.93.
MIN_CONFIDENCE = 0.9

Seen = tuple[str, tuple[float, ...]]  # text as OCR read it, its characters' confidences


@dataclass
class OcrText:
    """What OCR saw on the lines of a text it produced (1-based line numbers)."""

    lines: dict[int, list[Seen]] = field(default_factory=dict)
    everything: bool = False  # the whole text came from OCR (a scan, an image)

    def covers(self, cell: Cell) -> bool:
        return cell.line in self.lines if cell.line is not None else self.everything


def _plain(text: str, scores: tuple[float, ...] | None = None) -> tuple[str, list[float]]:
    """Text without spaces in NFKC, with each remaining character's confidence."""
    scores = scores or tuple(1.0 for _ in text)
    chars, kept = [], []
    for char, score in zip(text, scores, strict=False):
        for part in nfkc(char):
            if not part.isspace():
                chars.append(part)
                kept.append(score)
    return "".join(chars), kept


def confidence(raw: str | None, seen: list[Seen]) -> float | None:
    """The engine's confidence in a number printed as raw on a line: the lowest over its
    characters, and over every place on the line where that text was read (which of the equal
    numbers of a row a cell is, the parser does not say). None when OCR did not read it there."""
    if not raw:
        return None
    target, _ = _plain(raw)
    if not target:
        return None
    lowest: float | None = None
    for text, scores in seen:
        plain, kept = _plain(text, scores)
        start = plain.find(target)
        while start >= 0:
            score = min(kept[start : start + len(target)])
            lowest = score if lowest is None else min(lowest, score)
            start = plain.find(target, start + 1)
    return lowest


def _statuses(report: Report) -> dict[CellKey, list[str]]:
    """For each cell, the status of every identity that includes it: the edition's, as checked,
    and the row total of a row printed from the other edition (（六）其他处理 in a 2021 form),
    which the form's arithmetic covers all the same."""
    edition = report.template or "2021"
    statuses: dict[CellKey, list[str]] = {}
    checked = {check.id: check.status for check in report.checks}
    by_key = {(c.table, c.row, c.column): c for c in report.cells}
    for other in EDITIONS:
        for identity in identities(other):
            if other == edition:
                status = checked.get(identity.id)
            elif identity.kind == ROW_TOTAL and identity not in identities(edition):
                status = evaluate(identity, by_key).status
            else:
                continue
            for key in identity.reported + identity.expected:
                if status is not None:
                    statuses.setdefault(key, []).append(status)
    return statuses


def admit_ocr(report: Report, ocr: OcrText) -> None:
    """Mark the cells OCR read, and blank those of their numbers nothing confirms."""
    statuses = _statuses(report)
    blanked = False
    for cell in report.cells:
        if not ocr.covers(cell):
            continue
        cell.method = OCR
        if cell.value is None:
            continue
        key = (cell.table, cell.row, cell.column)
        title = cell_title(*key)
        seen = f"图像识别读出“{cell.raw}”"
        if key in statuses:
            holds = PASS in statuses[key] and FAIL not in statuses[key]
            reason = "包含这一格的勾稽关系不成立或无法核对"
        else:
            score = confidence(cell.raw, ocr.lines.get(cell.line or 0, []))
            holds = score is not None and score >= MIN_CONFIDENCE
            shown = "未找到" if score is None else f"{score:.2f}"
            reason = f"没有勾稽关系可以核对这一格，识别置信度 {shown} 低于 {MIN_CONFIDENCE}"
        if holds:
            continue
        cell.value = None
        blanked = True
        report.warnings.append(
            Warning("ocr_unconfirmed", f"{title}：{seen}，{reason}，不发布，留空", cell.line)
        )
    if blanked:
        report.checks = run_checks(report.template or "2021", report.cells)
        report.warnings.sort(key=lambda w: w.line or 0)
