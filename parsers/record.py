"""The parsed report: what `parse_report` returns and `build.py parse` prints as JSON.

This is the contract between the parser and every later stage (data package, site, benchmark).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from itertools import starmap
from sys import intern
from typing import TYPE_CHECKING, Any

from template.form import SUMMED_CELLS

if TYPE_CHECKING:
    from places.model import Place

Number = int | float

PASS, FAIL, NOT_ASSESSABLE = "pass", "fail", "not_assessable"
CHECK_STATUSES = (PASS, FAIL, NOT_ASSESSABLE)  # the order of Report.check_counts


def is_fraction(value: Any) -> bool:
    """A count printed with a fraction: kept as printed, never rounded."""
    return isinstance(value, float) and not value.is_integer()


@dataclass(slots=True)
class Cell:
    table: str  # "active" | "applications" | "reviews"
    row: str
    column: str
    value: Number | None  # None: blank as printed, or absent from the report
    raw: str | None  # the text as printed; "" for a printed blank cell, None when absent
    line: int | None = None  # 1-based line of the source text the value was read from
    method: str = "text"  # how the value was read: "text" (a text layer) or "ocr" (an image)


@dataclass(slots=True)
class Check:
    id: str
    kind: str
    table: str
    row: str
    column: str
    description: str
    expected: Number | None  # the sum of the `expected` cells
    reported: Number | None  # the sum of the `reported` cells
    difference: Number | None  # reported - expected
    status: str  # PASS | FAIL | NOT_ASSESSABLE
    blank_operands: list[str] = field(default_factory=list)  # "row/column" of blank operands


@dataclass(slots=True)
class Warning:
    code: str  # machine-readable kind, e.g. "fuzzy_label", "row_shape", "spam", "prose_mismatch"
    message: str  # one sentence in Chinese or English a reader understands
    line: int | None = None


@dataclass(slots=True)
class SectionText:
    key: str  # "preamble" | "overview" | "problems" | "other" | "active" | ...
    heading: str  # the heading as printed ("" for the preamble)
    text: str  # cleaned for reading and search
    raw: str  # as extracted


@dataclass
class Source:
    """Where the text came from; filled at the I/O edge, never by the pure parser."""

    file: str
    sha256: str
    size: int
    format: str  # "txt", "md", "html", "docx", "doc" (Word 97/WPS/RTF/ODT), "pdf", "image"
    encoding: str | None = None
    source_url: str | None = None


@dataclass
class Report:
    agency: str | None
    year: int | None
    template: str | None  # "2019" | "2021"
    published: str | None  # ISO date, when the report states it
    title: str | None  # as printed, None when the report prints none
    cells: list[Cell]
    sections: list[SectionText]
    checks: list[Check]
    warnings: list[Warning]
    agency_source: str | None = None  # "title" | "signature" | "body" | "manifest"
    region: str | None = None  # as given by a manifest.csv, e.g. "浙江省杭州市富阳区"
    year_source: str | None = None
    template_evidence: list[str] = field(default_factory=list)
    source_url: str | None = None  # the page's address when the text names it (a crawler's header)
    # The words before each 政府/管委会 in the opening and closing (和灵寿县, 《福建省): where the
    # report cites its superior government; places/ reads its place from them.
    cited_governments: list[str] = field(default_factory=list)
    source: Source | None = None
    # Who published it and where: set after parsing by places/ (never by the parser), from the
    # name, the text, the folder, manifest.csv and agencies.csv.
    place: Place | None = None
    agency_id: str | None = None  # one per agency across the names it printed
    identity_source: str | None = None  # "automatic" | "agencies.csv"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as plain tuples: a report crosses a process boundary and the parse cache, and
        # ≈ 250 small objects each pickled with its own class reference made that cost a third
        # as much as parsing it.
        return (
            _unpickle_report,
            (
                [getattr(self, name) for name in _REPORT_SCALARS],
                *lists_as_fields(self),
                [_fields(warning, _WARNING) for warning in self.warnings],
            ),
        )

    def check_counts(self) -> tuple[int, int, int]:
        """How many of its checks passed, failed, could not be assessed (CHECK_STATUSES)."""
        counted = Counter(check.status for check in self.checks)
        return (counted[PASS], counted[FAIL], counted[NOT_ASSESSABLE])

    def summed_values(self) -> tuple[Number | None, ...]:
        """The values of template.form.SUMMED_CELLS, in that order (None: blank or absent)."""
        # the first cell of a key, as Report.cell gives it
        by_key = {(c.table, c.row, c.column): c.value for c in reversed(self.cells)}
        return tuple(by_key.get(key) for key in SUMMED_CELLS)

    def fraction_columns(self) -> tuple[tuple[str, str], ...]:
        """(table, column) of every cell whose value is a fraction (a count printed as 2.5), sorted."""
        return tuple(sorted({(c.table, c.column) for c in self.cells if is_fraction(c.value)}))

    def cell(self, table: str, row: str, column: str) -> Cell | None:
        for cell in self.cells:
            if (cell.table, cell.row, cell.column) == (table, row, column):
                return cell
        return None

    def value(self, table: str, row: str, column: str) -> Number | None:
        cell = self.cell(table, row, column)
        return cell.value if cell else None


def _fields(item: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(item, name) for name in names)


_CELL = tuple(f.name for f in fields(Cell))
_SECTION = tuple(f.name for f in fields(SectionText))
_CHECK = tuple(f.name for f in fields(Check))
_WARNING = tuple(f.name for f in fields(Warning))
_REPORT_SCALARS = tuple(
    f.name for f in fields(Report) if f.name not in ("cells", "sections", "checks", "warnings")
)


def _unpickle_report(
    scalars: list[Any],
    cells: list[tuple[Any, ...]],
    sections: list[tuple[Any, ...]],
    checks: list[tuple[Any, ...]],
    warnings: list[tuple[Any, ...]],
) -> Report:
    cells_, sections_, checks_ = lists_from_fields(cells, sections, checks)
    return Report(
        cells=cells_,
        sections=sections_,
        checks=checks_,
        warnings=[Warning(*item) for item in warnings],
        **dict(zip(_REPORT_SCALARS, scalars, strict=True)),
    )


def lists_as_fields(
    report: Report,
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """A report's cells, sections and checks as plain tuples of their fields (for pickle and
    marshal: ≈ 250 small objects each written with its class reference cost more than parsing)."""
    return (
        [_fields(cell, _CELL) for cell in report.cells],
        [_fields(section, _SECTION) for section in report.sections],
        [_fields(check, _CHECK) for check in report.checks],
    )


def lists_from_fields(
    cells: list[tuple[Any, ...]],
    sections: list[tuple[Any, ...]],
    checks: list[tuple[Any, ...]],
    interned: bool = False,
) -> tuple[list[Cell], list[SectionText], list[Check]]:
    """The inverse of lists_as_fields. The codes are interned: one string object per code across
    a collection of reports, not a copy on each cell of each report (a third of its memory).
    interned: they are already (marshal reads interned strings back interned), which makes this
    three times faster."""
    if not interned:
        cells, checks = interned_codes(cells, checks)
    return (
        list(starmap(Cell, cells)),
        list(starmap(SectionText, sections)),
        list(starmap(Check, checks)),
    )


def interned_codes(
    cells: list[tuple[Any, ...]], checks: list[tuple[Any, ...]]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The cells' and checks' fields (lists_as_fields) with their codes interned."""
    return (
        [(intern(t), intern(r), intern(c), *rest) for t, r, c, *rest in cells],
        [(intern(i), intern(k), *rest) for i, k, *rest in checks],
    )


class NotAReport(ValueError):
    """The text is not a readable annual report; the message says why."""
