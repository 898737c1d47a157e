"""Put a synthetic report together: pick an agency and its numbers, print them in one layout."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from generator import crawl, prose
from generator.crawl import CRAWLED_LINE
from generator.grid import Grid, TableHabits, active_grid, application_grid, review_grid
from generator.labels import FULL, HALF, MIXED, Labeler, half_width
from generator.layouts import (
    LAYOUTS,
    PIPE_CELLS_WRAPPED,
    PIPE_LAYOUTS,
    PIPE_ROWS,
    TAB_CELLS,
    TAB_ROWS,
    render_grid,
)
from generator.model import CellKey, GeneratedReport, Number
from generator.places import CLUES, Agency, pick_agency
from generator.truth import (
    blank_cells,
    break_identities,
    consistent_values,
    failing_identities,
)
from template.form import APPLICANT_COLUMNS, APPLICATION_TOTAL_COLUMN, EDITIONS

YEARS: dict[str, tuple[int, ...]] = {"2019": (2019, 2020), "2021": (2021, 2022, 2023, 2024, 2025)}


def _count_text(value: Number, thousands: bool) -> str:
    return f"{value:,}" if thousands and abs(value) >= 1000 else str(value)


def _printed_cells(
    values: dict[CellKey, Number | None], money_texts: dict[CellKey, str], thousands: bool
) -> dict[CellKey, tuple[Number | None, str]]:
    cells: dict[CellKey, tuple[Number | None, str]] = {}
    for key, value in values.items():
        if value is None:
            cells[key] = (None, "")
        elif key in money_texts:
            cells[key] = (value, money_texts[key])
        else:
            cells[key] = (value, _count_text(value, thousands))
    return cells


def _habits(rng: random.Random, layout: str) -> tuple[Labeler, TableHabits]:
    if layout == CRAWLED_LINE:  # `本年新 制作数量`: a header cell's wrap kept as a space
        punctuation = rng.choice((FULL, FULL, FULL, MIXED))
        return Labeler(rng, punctuation, spaced_header_rate=0.1), TableHabits()
    if layout == TAB_ROWS:
        labeler = Labeler(rng, rng.choice((MIXED, MIXED, FULL, HALF)),
                          space_after_number_rate=rng.choice((0.0, 0.6)))  # fmt: skip
        habits = TableHabits(
            two_label_columns=True,
            group_in_first_row=rng.random() < 0.5,
            group_rows_spill_left=rng.random() < 0.6,
            clipped_headers=True,
        )
        return labeler, habits
    if layout == TAB_CELLS:
        return Labeler(rng, rng.choice((FULL, FULL, MIXED))), TableHabits()
    spaced = rng.choice((0.0, 0.4)) if layout == PIPE_ROWS else 0.0
    return Labeler(
        rng, rng.choice((HALF, HALF, FULL, MIXED)), spaced_header_rate=spaced
    ), TableHabits()


def _applications_sentence(cells: dict[CellKey, tuple[Number | None, str]], year: int) -> str:
    received = [cells[("applications", "new", c.code)][0] for c in APPLICANT_COLUMNS]
    if any(value is None for value in received):
        return ""
    total = sum(v for v in received if v is not None)
    if total == 0:
        return f"{year}年度未收到政府信息公开申请。"
    return f"{year}年，共收到政府信息公开申请{total}件，均已按规定时限答复。"


def _join(blocks: list[list[str]], layout: str, rng: random.Random) -> str:
    """Blocks of lines (paragraphs, headings, tables) → text with the layout's blank lines."""
    lines: list[str] = ["", ""] if layout == TAB_ROWS and rng.random() < 0.5 else []
    for block in blocks:
        lines.extend(block)
        if layout == TAB_ROWS:
            lines.append("")
        elif layout == TAB_CELLS and block and block[0].startswith("\t"):
            lines.extend(["", ""])
    return "\n".join(lines) + "\n"


_NUMBER_BEFORE_UNIT = re.compile(r"(\d)(年|条|件|次)")


def _paragraphs(lines: list[str], layout: str, rng: random.Random) -> list[list[str]]:
    if layout in (TAB_ROWS, PIPE_CELLS_WRAPPED) and rng.random() < 0.3:
        lines = [
            _NUMBER_BEFORE_UNIT.sub(r"\1 \2", line) for line in lines
        ]  # `2020 年` (sample 000)
    if layout == TAB_CELLS:  # Word keeps the spaces typed after a heading or a paragraph
        return [[line + " " * rng.choice((0, 0, 0, 4))] for line in lines]
    return [[line] for line in lines]


def _table(grid: Grid, layout: str, rng: random.Random) -> list[str]:
    if layout == CRAWLED_LINE:
        return [crawl.table_text(grid)]
    return render_grid(grid, layout, rng)


def _crawled_text(
    rng: random.Random,
    blocks: list[list[str]],
    title: str,
    agency: str,
    published: str,
    signed: bool,
) -> tuple[bool, str]:
    """(whether a reader finds the title, the text): the body on one line, usually under a
    crawler's header block, sometimes after the site's navigation text."""
    year = int(published[:4])
    page_date = published if signed else f"{year}-01-{rng.randint(5, 28):02d}"
    body = crawl.one_line(rng, [line for block in blocks for line in block if line.strip()])
    if rng.random() < 0.5:
        body = crawl.navigation(rng, title, agency, page_date) + body
    if rng.random() < 0.4:
        body += " 附件下载"
    if rng.random() < 0.85:
        header = crawl.header_block(rng, title, agency, page_date)
        return True, "\n".join([*header, body]) + "\n"
    return False, body + "\n"


def counted_only(values: dict[CellKey, Number | None]) -> frozenset[CellKey]:
    """The cells of table 三 rows with blanks among their numbers whose 总计 does not confirm them
    (blank, not printed, or not the sum of the printed numbers): in text, only counting cells would
    place them, and nothing checks the count."""
    rows = {key[1] for key in values if key[0] == "applications"}
    keys: set[CellKey] = set()
    for row in rows:
        applicants = [values.get(("applications", row, c.code)) for c in APPLICANT_COLUMNS]
        total = values.get(("applications", row, APPLICATION_TOTAL_COLUMN.code))
        printed = [v for v in applicants if v is not None]
        if not printed or len(printed) == len(applicants):
            continue
        if total is None or sum(printed) != total:
            keys.update(key for key in values if key[:2] == ("applications", row))
    return frozenset(keys)


def generate_report(
    rng: random.Random,
    *,
    edition: str | None = None,
    layout: str | None = None,
    blank_rate: float = 0.03,
    broken_identity_rate: float = 0.0,
    has_total_column: bool | None = None,
    agency: Agency | None = None,
    year: int | None = None,
) -> GeneratedReport:
    """One random report and its truth.

    agency, year: this agency (under one of its names, drawn) in this year, e.g. one agency's
    reports of several years.

    blank_rate: share of cells printed empty (their value None, never 0).
    broken_identity_rate: share of the form's identities made not to hold (see failing_identities).
    has_total_column: whether table 三 prints its 总计 column (default: usually).
    """
    edition = edition or rng.choice(EDITIONS)
    layout = layout or rng.choice(LAYOUTS)
    crawled = layout == CRAWLED_LINE
    if crawled:
        blank_rate = 0.0  # a blank cannot be seen in glued text: every cell is printed
    if has_total_column is None:
        has_total_column = rng.random() < 0.85
    agency = pick_agency(rng) if agency is None else agency.printed(rng)
    clue = rng.choice(CLUES)
    year = rng.choice(YEARS[edition]) if year is None else year

    values, money_texts = consistent_values(rng, edition, agency.level)
    values = blank_cells(rng, values, blank_rate)
    values = break_identities(rng, values, edition, broken_identity_rate)
    if not has_total_column:
        values = {k: v for k, v in values.items() if k[2] != APPLICATION_TOTAL_COLUMN.code
                  or k[0] != "applications"}  # fmt: skip
    cells = _printed_cells(values, money_texts, thousands=rng.random() < 0.1 and not crawled)
    printed = {key: text for key, (_, text) in cells.items()}
    if crawled:
        glued = crawl.glue(rng, printed, edition, has_total_column)
        printed = glued.printed
        cells = {key: (None, text) if key in glued.unknowable else (value, text)
                 for key, (value, text) in cells.items()}  # fmt: skip
        values = {key: value for key, (value, _) in cells.items()}

    labeler, habits = _habits(rng, layout)
    context = prose.Context(
        agency, year, edition, _applications_sentence(cells, year), cites_superior=clue == "text"
    )
    show_title = rng.random() < 0.8
    title, title_lines = prose.title_lines(rng, agency.name, year)
    # Like sample 001, a few reports have neither: the agency is then named only in the preamble.
    signed = rng.random() < (0.75 if not show_title else 0.4)
    published, signature_lines = prose.signature(rng, agency.name, year)
    stop = lambda: "。" if rng.random() < 0.2 else ""  # noqa: E731 - headings sometimes end in 。

    if crawled:  # a page prints the title and the signature each on one line
        title_lines, signature_lines = [title], [" ".join(signature_lines)]
    blocks: list[list[str]] = [title_lines] if show_title else []
    if not show_title or rng.random() < 0.85 or clue == "text":
        blocks.append([prose.preamble(rng, context)])
    blocks += _paragraphs(
        [prose.table_heading("overview"), *prose.overview(rng, context)], layout, rng
    )
    if layout == TAB_CELLS and rng.random() < 0.3:  # a Word table of channels inside section 一
        blocks.append([line for pair in prose.channel_counts(rng) for line in
                           (f"\t{pair[0]}", f"\t{pair[1]}", "")])  # fmt: skip
    blocks.append([prose.table_heading("active") + stop()])
    blocks.append(_table(active_grid(edition, printed, labeler, habits), layout, rng))
    blocks.append([prose.table_heading("applications")])
    grid = application_grid(edition, printed, labeler, habits, has_total_column)
    blocks.append(_table(grid, layout, rng))
    if layout == TAB_ROWS and rng.random() < 0.3:  # a rule under the table, as pdftotext keeps it
        blocks[-1].append("\t".join(["-" * 13] + ["---"] * (grid.width - 1)))
    blocks.append([prose.table_heading("reviews") + stop()])
    blocks.append(_table(review_grid(printed, labeler, habits), layout, rng))
    heading, paragraphs = prose.problems(rng, context)
    blocks += _paragraphs([heading + stop(), *paragraphs], layout, rng)
    heading, paragraphs = prose.other_matters(rng, context)
    blocks += _paragraphs([heading + stop(), *paragraphs], layout, rng)
    if signed:
        blocks.append(signature_lines)

    if crawled:
        show_title, text = _crawled_text(rng, blocks, title, agency.name, published, signed)
    else:
        text = _join(blocks, layout, rng)
    if labeler.punctuation == HALF and layout in PIPE_LAYOUTS:
        text = half_width(text)
    return GeneratedReport(
        text=text,
        layout=layout,
        edition=edition,
        agency=agency.name,
        year=year,
        title=title if show_title else None,
        published=published if signed else None,
        region=agency.region,
        cells=cells,
        has_total_column=has_total_column,
        # consistent by construction unless broken on purpose (tests check the truth itself)
        failing_identities=failing_identities(values, edition) if broken_identity_rate else (),
        level=agency.level,
        extras={"punctuation": labeler.punctuation},
        town=agency.town,
        division_code=agency.code,
        agency_id=agency.agency_id,
        clue=clue,
        folder=agency.place if clue == "folder" else (),
        manifest_region="".join(agency.place) if clue == "manifest" else None,
        counted_only=counted_only(values),
    )


def generate_corpus(n: int, seed: int, **options: object) -> Iterator[GeneratedReport]:
    """n reports, the same for the same seed and options; report i depends only on (seed, i)."""
    for index in range(n):
        yield generate_report(random.Random(f"{seed}:{index}"), **options)  # type: ignore[arg-type]
