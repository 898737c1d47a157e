"""parse_report: the text of one annual report → its record. Pure: text in, record out."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import groupby

from parsers.checks import run_checks
from parsers.crawl_header import read_crawl_header
from parsers.metadata import find_metadata, find_title
from parsers.normalize import drop_invisible
from parsers.prose import clean_artefacts, find_spam, remove_spans, stated_numbers
from parsers.record import Cell, NotAReport, Number, Report, SectionText, Warning
from parsers.sections import find_headings, section_bounds
from parsers.tables import TableRead, read_active, read_applications, read_reviews
from parsers.tokens import tokenize, tokenize_unfolded
from parsers.unfold import LEFT_OUT, unfold
from template.form import (
    APPLICANT_COLUMNS,
    EDITION_NOTICES,
    PROSE_SECTIONS,
    TABLES,
    cell_specs,
    cell_title,
)

MIN_HEADINGS = 3
MIN_ROWS = 5
# A converter's line break inside a table cell (`（三）不<br>予公开`): the cell's text goes on.
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_NOTICE = re.compile(r"[〔\[(（]\s*(2019|2021)\s*[〕\])）]\s*(60|30)\s*号")


def parse_report(text: str) -> Report:
    text = drop_invisible(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _BREAK_TAG.sub("", text).replace("\xa0", " ")
    if not text.strip():
        raise NotAReport("the text is empty")
    lines = text.split("\n")
    header = read_crawl_header(lines)
    if header is not None:
        lines = [""] * header.end + lines[header.end :]  # metadata, not report text
    unfolded = unfold(lines)
    lines, origin, kinds = unfolded.lines, unfolded.origin, unfolded.kinds
    lines = ["" if kind == LEFT_OUT else line for line, kind in zip(lines, kinds, strict=True)]
    headings = find_headings(lines)
    bounds = section_bounds(lines, headings)

    def region_tokens(key: str):
        """Lines cut out of a one-line table by their kinds, the others by their layout."""
        start, end = bounds.get(key, (0, 0))
        tokens = []
        for cut, run in groupby(range(start, end), key=lambda n: bool(kinds[n])):
            numbers = list(run)
            if cut:
                tokens += tokenize_unfolded([(origin[n], lines[n], kinds[n]) for n in numbers])
            else:
                tokens += tokenize([(origin[n], lines[n]) for n in numbers])
        return tokens

    active_tokens = region_tokens("active")
    applications = read_applications(region_tokens("applications"))
    reviews = read_reviews(region_tokens("reviews"))
    first_pass = read_active(active_tokens)
    rows_found = len(first_pass.found_rows) + len(applications.found_rows) + len(reviews.found_rows)
    if len(headings) < MIN_HEADINGS and rows_found < MIN_ROWS:
        raise NotAReport(
            "no annual-report structure found (neither the form's section headings "
            "nor its tables 二/三/四)"
        )

    first_heading = min((h.line for h in headings.values()), default=None)
    first_table = min((start for start, _ in bounds.values()), default=None)
    prose_start = first_heading if first_heading is not None else first_table
    metadata = find_metadata(lines, prose_start, text, header)
    warnings: list[Warning] = []
    edition, evidence = _decide_edition(
        first_pass.votes + applications.votes + reviews.votes, text, metadata.year, warnings
    )
    active = read_active(active_tokens, edition)
    cells = _complete_cells(edition, (active, applications, reviews), warnings)
    for read in (active, applications, reviews):
        warnings.extend(read.warnings)
    found = {
        (read_table, row)
        for read_table, read in _by_table(active, applications, reviews)
        for row in read.found_rows
    }
    _warn_missing_rows(edition, found, warnings)

    sections = _prose_sections(lines, headings, bounds, prose_start, warnings)
    _warn_prose_mismatch(sections, cells, warnings)
    if metadata.agency is None:
        warnings.append(Warning("no_agency", "标题、落款和正文中都没有找到发布报告的机关名称"))
    if metadata.year is None:
        warnings.append(Warning("no_year", "没有找到报告所述的年度"))
    return Report(
        agency=metadata.agency,
        year=metadata.year,
        template=edition,
        published=metadata.published,
        title=metadata.title,
        cells=cells,
        sections=sections,
        checks=run_checks(edition, cells),
        warnings=sorted(warnings, key=lambda w: w.line or 0),
        agency_source=metadata.agency_source,
        year_source=metadata.year_source,
        template_evidence=evidence,
        source_url=header.source_url if header else None,
        cited_governments=list(metadata.governments),
    )


def _decide_edition(
    votes: list[tuple[str, str]], text: str, year: int | None, warnings: list[Warning]
) -> tuple[str, list[str]]:
    counts = Counter(edition for edition, _ in votes)
    if counts:
        ranked = counts.most_common()
        edition = ranked[0][0]
        if len(ranked) > 1:
            warnings.append(
                Warning(
                    "edition_conflict",
                    # the evidence itself is in template_evidence: its words are the table
                    # readers', and this sentence is shown on the site
                    "表格混用了 2019 年版和 2021 年版表式（"
                    + "；".join(f"{e} 年版的特征 {n} 处" for e, n in ranked)
                    + f"），按 {edition} 年版读取",
                )
            )
        return edition, [f"{e}: {why}" for e, why in votes if e == edition]
    notice = _NOTICE.search(unicodedata.normalize("NFKC", text))  # once: not into a cache
    if notice:
        edition = notice[1]
        return edition, [f"{edition}: 正文引用{EDITION_NOTICES[edition]}"]
    if year is not None:
        edition = "2019" if year <= 2020 else "2021"
        return edition, [f"{edition}: 报告年度为 {year} 年"]
    warnings.append(Warning("no_edition", "报告中没有可判断表式版本的内容，按 2021 年版读取"))
    return "2021", []


def _complete_cells(
    edition: str, reads: tuple[TableRead, ...], warnings: list[Warning]
) -> list[Cell]:
    """Every cell of the edition, in the form's order: read ones, blank ones (raw None = absent)."""
    read_cells = {key: cell for read in reads for key, cell in read.cells.items()}
    cells: list[Cell] = []
    for spec in cell_specs(edition):
        cell = read_cells.pop(spec.key, None)
        cells.append(cell or Cell(spec.table, spec.row.code, spec.column.code, None, None, None))
    for cell in read_cells.values():
        cells.append(cell)
        warnings.append(
            Warning(
                "not_in_edition",
                f"报告印有“{cell_title(cell.table, cell.row, cell.column)}”，"
                f"但 {edition} 年版表式没有这一格",
                cell.line,
            )
        )
    return cells


def _by_table(active: TableRead, applications: TableRead, reviews: TableRead):
    return (("active", active), ("applications", applications), ("reviews", reviews))


def _warn_missing_rows(edition: str, found: set[tuple[str, str]], warnings: list[Warning]) -> None:
    """Rows of the form whose label is nowhere in the text (a truncated or partial report)."""
    by_table: dict[str, list[str]] = {}
    for spec in cell_specs(edition):
        key = (spec.table, spec.row.code)
        if key in found:
            continue
        found.add(key)
        by_table.setdefault(spec.table, []).append(spec.row.printed_label or spec.row.label)
    for table, labels in by_table.items():
        warnings.append(
            Warning("missing_rows", f"{TABLES[table]}：原文中没有找到以下各行：{'、'.join(labels)}")
        )


def _prose_sections(
    lines: list[str],
    headings: dict,
    bounds: dict[str, tuple[int, int]],
    prose_start: int | None,
    warnings: list[Warning],
) -> list[SectionText]:
    _, title_end = find_title(lines, prose_start)
    regions: dict[str, tuple[str, int, int]] = {}
    if prose_start is not None and prose_start > title_end:
        regions["preamble"] = ("", title_end, prose_start)
    for key in PROSE_SECTIONS:
        if key in bounds and key in headings:
            start, end = bounds[key]
            regions[key] = (headings[key].text, start, end)
    sections: list[SectionText] = []
    for key in PROSE_SECTIONS:
        if key not in regions:
            continue
        heading, start, end = regions[key]
        raw = "\n".join(lines[start:end]).strip("\n")
        clean = clean_artefacts(raw)
        spam = find_spam(clean)
        for span in spam:
            warnings.append(
                Warning(
                    "spam",
                    f"正文中混入了与政府报告无关的文字：“{span.text}”（已从整理后的正文中去掉）",
                    start + 1 + raw[: raw.find(span.text)].count("\n")
                    if span.text in raw
                    else None,
                )
            )
        if spam:
            clean = remove_spans(clean, spam)
        sections.append(SectionText(key, heading, clean, raw))
    return sections


def _table_value(cells: list[Cell], table: str, row: str, column: str) -> Number | None:
    for cell in cells:
        if cell.row == row and cell.column == column and cell.table == table:
            return cell.value
    return None


def _applications_received(cells: list[Cell]) -> tuple[Number | None, Number | None]:
    """(new, new + carried over) over all applicants, from 总计 or the six columns."""

    def row_total(row: str) -> Number | None:
        total = _table_value(cells, "applications", row, "total")
        if total is not None:
            return total
        parts = [_table_value(cells, "applications", row, c.code) for c in APPLICANT_COLUMNS]
        return None if any(p is None for p in parts) else sum(p for p in parts if p is not None)

    new, carried = row_total("new"), row_total("carried_over")
    return new, (new + carried if new is not None and carried is not None else None)


def _warn_prose_mismatch(
    sections: list[SectionText], cells: list[Cell], warnings: list[Warning]
) -> None:
    prose = "\n".join(s.text for s in sections if s.key in ("preamble", "overview"))
    new, received = _applications_received(cells)
    review = _table_value(cells, "reviews", "review", "total")
    direct = _table_value(cells, "reviews", "litigation_direct", "total")
    after = _table_value(cells, "reviews", "litigation_after_review", "total")
    litigation = direct + after if direct is not None and after is not None else None
    table_values = {
        "applications": {v for v in (new, received) if v is not None},
        "review": {review} if review is not None else set(),
        "litigation": {litigation} if litigation is not None else set(),
    }
    names = {
        "applications": cell_title("applications", "new", "total"),
        "review": cell_title("reviews", "review", "total"),
        "litigation": "四 行政诉讼 · 未经复议直接起诉与复议后起诉 · 总计之和",
    }
    reported: set[tuple[str, Number]] = set()
    for statement in stated_numbers(prose):
        values = table_values[statement.subject]
        if (
            not values
            or statement.value in values
            or (statement.subject, statement.value) in reported
        ):
            continue
        reported.add((statement.subject, statement.value))
        warnings.append(
            Warning(
                "prose_mismatch",
                f"正文说“{statement.text}”，但表格中“{names[statement.subject]}”为 "
                f"{'/'.join(str(v) for v in sorted(values))}",
            )
        )
