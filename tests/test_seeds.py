"""Golden tests: every cell of the five bundled seed reports, read by hand from the reports."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from parsers.record import FAIL, NOT_ASSESSABLE, PASS
from pipeline.parse_folder import parse_file
from template.form import cell_specs

SAMPLE = Path(__file__).resolve().parent.parent / "reports" / "sample"

A, P, R = "active", "applications", "reviews"

# Every cell of each seed, read by hand (tests/fixtures/sample-truth/<file>.json: `cells` with their
# values, `blank` the cells printed empty or not readable without a guess).
TRUTH = Path(__file__).resolve().parent / "fixtures" / "sample-truth"
SEEDS = {
    path.name.removesuffix(".json"): json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(TRUTH.glob("*.json"))
}


def expected_value(truth: dict, key: tuple[str, str, str]) -> int | float | None:
    dotted = ".".join(key)
    assert dotted in truth["cells"] or dotted in truth["blank"], f"the truth omits {dotted}"
    return truth["cells"].get(dotted)


@pytest.fixture(scope="module", params=sorted(SEEDS))
def seed(request):
    return request.param, parse_file(SAMPLE / request.param), SEEDS[request.param]


def test_metadata(seed):
    _, report, expected = seed
    for field in ("agency", "year", "template", "title", "published"):
        assert getattr(report, field) == expected[field], field


def test_every_cell(seed):
    _, report, expected = seed
    specs = cell_specs(expected["template"])
    got = {(c.table, c.row, c.column): c.value for c in report.cells}
    assert set(got) == {s.key for s in specs}, "exactly the cells of the edition"
    for spec in specs:
        want = expected_value(expected, spec.key)
        assert got[spec.key] == want, spec.key
        if want is not None:
            assert type(got[spec.key]) is type(want), spec.key


def test_raw_text_and_provenance(seed):
    name, report, _ = seed
    lines = (SAMPLE / name).read_text(encoding="utf-8").split("\n")
    for cell in report.cells:
        if cell.raw:
            assert cell.line is not None
            assert cell.raw in lines[cell.line - 1], (cell, lines[cell.line - 1])


def test_money_keeps_printed_unit_in_raw():
    report = parse_file(SAMPLE / "003_f237f57025bb66e2.txt")
    cell = report.cell(A, "procurement", "amount")
    assert cell is not None and cell.raw == "347.92万元" and cell.value == 347.92


def test_checks_statuses():
    statuses = {name: {c.id: c.status for c in parse_file(SAMPLE / name).checks} for name in SEEDS}
    # all-zero tables pass everything they can assess
    assert set(statuses["001_23d160e7ec491542.txt"].values()) == {PASS}
    # a blank operand is never a pass
    seed_000 = statuses["000_2dd00469ff465376.txt"]
    assert seed_000["applications.column_total.natural_person"] == NOT_ASSESSABLE
    assert seed_000["applications.row_total.other"] == NOT_ASSESSABLE
    assert FAIL not in seed_000.values()
    seed_002 = statuses["002_cfd2e18d46146604.txt"]
    assert seed_002["applications.row_total.new"] == NOT_ASSESSABLE  # no 总计 column
    assert seed_002["applications.balance.natural_person"] == PASS
    assert seed_002["applications.column_total.business"] == NOT_ASSESSABLE  # rows 7, 8 blank


def test_warnings_a_reader_should_know():
    def codes(name):
        return [(w.code, w.message) for w in parse_file(SAMPLE / name).warnings]

    mismatch = [m for c, m in codes("001_23d160e7ec491542.txt") if c == "prose_mismatch"]
    assert mismatch and "行政诉讼1条" in mismatch[0]
    fuzzy = [m for c, m in codes("002_cfd2e18d46146604.txt") if c == "fuzzy_label"]
    assert any("过程序性" in m for m in fuzzy)
    shapes = [m for c, m in codes("002_cfd2e18d46146604.txt") if c == "row_shape"]
    assert any("7. 属于行政执法案卷" in m for m in shapes)
    assert not codes("004_4f48120707bf878b.txt")


def test_injected_spam_is_flagged_and_kept_out_of_clean_text():
    report = parse_file(SAMPLE / "003_f237f57025bb66e2.txt")
    spam = [w for w in report.warnings if w.code == "spam"]
    assert len(spam) == 1 and "老虎机" in spam[0].message
    preamble = next(s for s in report.sections if s.key == "preamble")
    assert "老虎机" in preamble.raw
    assert "老虎机" not in preamble.text and "比分" not in preamble.text
    assert "政务公开办公室政府信息公开工作年度报告有关事项的通知" in preamble.text


def test_sections_are_cleaned_of_artefacts():
    report = parse_file(SAMPLE / "004_4f48120707bf878b.txt")
    overview = next(s for s in report.sections if s.key == "overview")
    assert "[bookmark: _GoBack]" in overview.raw
    assert "bookmark" not in overview.text
    report = parse_file(SAMPLE / "002_cfd2e18d46146604.txt")
    overview = next(s for s in report.sections if s.key == "overview")
    assert "**" in overview.raw and "**" not in overview.text
    assert {s.key for s in report.sections} >= {"overview", "problems", "other"}


def test_a_report_survives_pickling_whole_with_its_codes_shared():
    """Reports cross process boundaries and the parse cache as pickles (Report.__reduce__)."""
    reports = [parse_file(SAMPLE / name) for name in SEEDS]
    copies = [pickle.loads(pickle.dumps(report)) for report in reports]
    assert copies == reports
    first, second = copies[0].cells[0], copies[1].cells[0]
    assert first.table == second.table and first.table is second.table
