"""Mutated real reports and samples against their truth (seeded; the tests' size of
../shared/tools/fuzz.py): a mutation that keeps the meaning (line breaks removed, zero-width and
other invisible characters, full-width digits, no-break spaces, tabs, page junk) never changes a
cell — no wrong number, no number where the truth is blank; a destructive one (truncation, cut
chunks, swapped or dropped digits, noise, shuffled or repeated lines) never crashes, hangs or
gives a number whose digits are not in the text.

    FUZZ_MEANING_CASES=1500 .venv/bin/pytest tests/test_fuzz_meaning.py   # the full run
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from mutations import BREAK, KEEP, Hang, invented, time_bound

from parsers import parse_report
from parsers.record import NotAReport, Report
from readers import read_report_file

CASES = int(os.environ.get("FUZZ_MEANING_CASES", "400"))  # per mode; ≈ 10 s for the file
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = Path(__file__).resolve().parent.parent / "reports" / "sample"
TRUTHS = (FIXTURES / "real" / "truth", FIXTURES / "sample-truth")


def _sources() -> list[tuple[str, str, dict]]:
    """(file name, text as the readers give it, truth) of every real report and sample."""
    truths = {}
    for folder in TRUTHS:
        for path in folder.glob("*.json"):
            truth = json.loads(path.read_text(encoding="utf-8"))
            truths[truth["file"]] = truth
    files = [p for p in sorted((FIXTURES / "real").iterdir()) if p.name in truths]
    files += sorted(SAMPLE.glob("*.txt"))
    return [(p.name, read_report_file(p)[0], truths[p.name]) for p in files]


@pytest.fixture(scope="module")
def sources() -> list[tuple[str, str, dict]]:
    found = _sources()
    assert len(found) >= 11
    return found


def _cases(sources: list, mode: str, mutations: tuple, failures: list[str]):
    """(where, mutated text, parsed report or None, truth) of each seeded case of a mode."""
    for number in range(CASES):
        rng = random.Random(f"{mode}:{number}")
        name, text, truth = rng.choice(sources)
        mutation = rng.choice(mutations)
        mutated = mutation(rng, text)
        where = f"{mode}:{number} {name} {mutation.__name__}"
        yield where, mutated, _parse(mutated, where, failures), truth


def _parse(text: str, where: str, failures: list[str]) -> Report | None:
    """The report; None when refused (a refusal loses cells, it states no wrong one), hung or crashed."""
    try:
        with time_bound():
            return parse_report(text)
    except NotAReport:
        return None
    except Hang:
        failures.append(f"HANG {where}")
    except Exception as error:  # noqa: BLE001 - the property under test
        failures.append(f"CRASH {where}: {type(error).__name__}: {error}")
    return None


def test_mutations_that_keep_the_meaning_change_no_cell(sources: list) -> None:
    failures: list[str] = []
    for where, _, report, truth in _cases(sources, "keep", KEEP, failures):
        if report is None:
            continue
        got = {
            f"{c.table}.{c.row}.{c.column}": c.value for c in report.cells if c.value is not None
        }
        for key, want in truth["cells"].items():
            if key in got and abs(float(got[key]) - float(want)) > 1e-6:
                failures.append(f"WRONG {where}: {key} want {want} got {got[key]}")
        for key in truth.get("blank", []):
            if key in got:
                failures.append(f"GUESS {where}: {key} got {got[key]}")
    assert failures == []


def test_destructive_mutations_never_crash_hang_or_invent(sources: list) -> None:
    failures: list[str] = []
    for where, mutated, report, _ in _cases(sources, "break", BREAK, failures):
        if report is not None:
            failures += [f"INVENTED {where}: {cell}" for cell in invented(mutated, report)]
    assert failures == []


LAYOUT_FIXTURES = ("word", "crawled", "layouts", "extracted")


def test_the_layout_fixtures_read_the_same_under_mutations_that_keep_the_meaning() -> None:
    """The fixtures of unusual layouts (Word tables, crawled pages, chapters numbered like the
    form, other tools' extractions) have no truth file: a mutation that keeps the meaning may lose
    cells, but a cell it reads has the value the unmutated text gives, and no cell blank there is
    read."""
    files = [p for folder in LAYOUT_FIXTURES for p in sorted((FIXTURES / folder).iterdir())]
    texts = [(str(p.relative_to(FIXTURES)), read_report_file(p)[0]) for p in files]
    assert len(texts) >= 12
    read = {
        name: {(c.table, c.row, c.column): c.value for c in parse_report(text).cells}
        for name, text in texts
    }
    failures: list[str] = []
    for number in range(CASES):
        rng = random.Random(f"layouts:{number}")
        name, text = rng.choice(texts)
        mutation = rng.choice(KEEP)
        where = f"layouts:{number} {name} {mutation.__name__}"
        report = _parse(mutation(rng, text), where, failures)
        for cell in report.cells if report else []:
            before = read[name].get((cell.table, cell.row, cell.column))
            if cell.value is not None and cell.value != before:
                failures.append(f"CHANGED {where}: {cell.table}.{cell.row}.{cell.column} "
                                f"{before} → {cell.value}")  # fmt: skip
    assert failures == []
