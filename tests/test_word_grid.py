"""Word-style tables (generator/word_grid.py): extra grid columns only merged or empty cells cover."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from generator import generate_report
from generator.documents import span_table, to_docx, to_html
from generator.grid import Grid, TableHabits, active_grid, application_grid, review_grid
from generator.labels import Labeler
from generator.layouts import PIPE_ROWS
from generator.word_grid import insert_column, with_merged_columns
from readers import read_report_file
from readers.layout import expand, place
from template.form import TABLES


def _grids(seed: int) -> list[Grid]:
    report = generate_report(random.Random(seed), layout=PIPE_ROWS, blank_rate=0.1)
    printed = {key: text for key, (_, text) in report.cells.items()}
    labeler, habits = Labeler(random.Random(seed)), TableHabits()
    return [
        active_grid(report.edition, printed, labeler, habits),
        application_grid(report.edition, printed, labeler, habits, report.has_total_column),
        review_grid(printed, labeler, habits),
    ]


def _texts(grid: Grid) -> list[list[str]]:
    """Each row's non-empty printed texts, as a reader's grid shows them."""
    return [[cell for cell in row if cell] for row in expand(span_table(grid))]


def test_an_extra_column_keeps_every_cell_in_its_row_and_order() -> None:
    for seed in range(30):
        rng = random.Random(seed)
        for grid in _grids(seed):
            wider = insert_column(grid, rng.randrange(grid.width), rng)
            assert wider.width == grid.width + 1
            assert all(len(row) == wider.width for row in wider.rows)
            assert _texts(wider) == _texts(grid)
            # the cells still tile the grid: every position covered exactly once
            placed = place(span_table(wider))
            covered = sum(cell.rowspan * cell.colspan for cell in placed.values())
            assert covered == wider.width * len(wider.rows)


def test_a_merged_cell_is_widened_and_a_single_cell_widened_or_followed_by_an_empty_one() -> None:
    header = _grids(0)[1]  # table 三: 申请人情况 over all value columns, 自然人 over two rows
    natural_person = header.rows[1].index("自然人")
    for seed in range(20):
        wider = insert_column(header, natural_person, random.Random(seed))
        table = span_table(wider)
        person = next(cell for cell in table.rows[1] if cell.text == "自然人")
        assert (person.rowspan, person.colspan) == (2, 2)
        applicants = next(cell for cell in table.rows[0] if cell.text == "申请人情况")
        assert applicants.colspan == len(header.rows[0]) - natural_person + 1
    seen: set[str] = set()
    for seed in range(40):
        row = insert_column(header, natural_person, random.Random(seed)).rows[3]
        seen.add("empty cell" if row[natural_person + 1] == "" else "widened")
    assert seen == {"empty cell", "widened"}


def test_tables_get_one_to_three_extra_columns_often_beside_the_label() -> None:
    beside_label = 0
    for seed in range(60):
        grid = _grids(seed)[0]
        wider = with_merged_columns(grid, random.Random(seed))
        assert grid.width + 1 <= wider.width <= grid.width + 3
        label_cells = [row for row in expand(span_table(wider)) if row[0] == "规章"]
        beside_label += label_cells[0][1] == ""
    assert beside_label > 10


def test_word_style_documents_show_empty_grid_columns_between_labels_and_numbers() -> None:
    report = generate_report(random.Random(4), layout=PIPE_ROWS, blank_rate=0.1, edition="2019")
    with tempfile.TemporaryDirectory() as folder:
        html = Path(folder) / "report.html"
        html.write_bytes(to_html(report, encoding="gbk", merged_columns=TABLES))
        docx = Path(folder) / "report.docx"
        docx.write_bytes(to_docx(report, merged_columns=TABLES))
        plain = Path(folder) / "plain.html"
        plain.write_bytes(to_html(report, encoding="gbk"))
        texts = [read_report_file(path)[0] for path in (html, docx, plain)]
        assert b"charset=gb2312" in html.read_bytes()
    html_text, docx_text, plain_text = texts
    tables = [[line for line in text.splitlines() if "|" in line] for text in texts]
    assert tables[0] == tables[1]  # the same grids whichever way Word saved them
    widths = {line.count("|") for line in html_text.splitlines() if line.startswith("规章")}
    plain_widths = {line.count("|") for line in plain_text.splitlines() if line.startswith("规章")}
    assert min(widths) > max(plain_widths)
    assert any(" |  | " in line for line in html_text.splitlines() if "申请数量" in line)
