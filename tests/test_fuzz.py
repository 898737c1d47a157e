"""Fuzzing the parser with mutated seeds and generated reports (deterministic seeds).

Properties: the parser returns a Report or raises NotAReport with a one-line message, within a time
bound; every non-null cell value comes from the input (see mutations.cell_problems). The same through
`pipeline.parse_folder.parse_file` on files in odd encodings and with odd bytes.

    FUZZ_CASES=3000 .venv/bin/pytest tests/test_fuzz.py     # thousands of cases per seed

Failures are reported with the seed and case number; `case_text(seed, number)` rebuilds the input.
A failure of a bug already written up in notes/fuzz-failures.md turns the test into an xfail naming
it (any other failure fails the test); each such bug has its own strict-xfail reproduction below.
"""

from __future__ import annotations

import codecs
import os
import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from mutations import (
    SEED_NAMES,
    Hang,
    cell_problems,
    encode,
    mutate,
    seed_text,
    time_bound,
)

from parsers import parse_report
from parsers.record import NotAReport, Report
from pipeline.parse_folder import parse_file
from readers import read_report_file

CASES = int(os.environ.get("FUZZ_CASES", "250"))  # text cases per seed; ≈ 20 s for the whole file

# Bugs written up in notes/fuzz-failures.md and not yet fixed: (anchor, pattern of the failure
# description). Empty: entries 1–8 are fixed; a new bug found by fuzzing is written up and listed here.
KNOWN: tuple[tuple[str, re.Pattern[str]], ...] = ()


def case_text(seed: str, number: int) -> tuple[str, list[str]]:
    """The input of text case `number` of a seed (a seed name or `generated:<n>`)."""
    rng = random.Random(f"{seed}:{number}")
    return mutate(rng, base_text(seed))


def base_text(seed: str) -> str:
    if seed.startswith("generated:"):
        return _generated()[int(seed.split(":")[1])]
    return seed_text(seed)


def _generated() -> list[str]:
    generator = pytest.importorskip("generator")
    if not hasattr(generator, "generate_corpus"):
        pytest.skip("generator.generate_corpus is not there yet")
    return [report.text for report in generator.generate_corpus(20, seed=2024)]


def failure_of(
    parse: Callable[[], Report], text: Callable[[], str], prefix: str = ""
) -> str | None:
    """Why `parse()` breaks a property; None when it does not. A refusal is a NotAReport whose
    message is one line starting with `prefix`; `text()` is the input the cells are checked against."""
    try:
        with time_bound():
            report = parse()
    except NotAReport as error:
        message = str(error)
        if not message.strip() or "\n" in message or "\r" in message:
            return f"NotAReport message is not one line: {message!r}"
        if not message.startswith(prefix):
            return f"NotAReport message does not start with {prefix!r}: {message!r}"
        return None
    except Hang as error:
        longest = max(text().split("\n"), key=len)
        printed = sum(not c.isspace() for c in longest)
        blank = "whitespace but for a few characters" if printed <= 10 else "not whitespace"
        return f"hang: {error} (longest line: {len(longest)} characters, {blank})"
    except Exception as error:  # noqa: BLE001 - the property under test
        return f"crash: {type(error).__name__}: {error}"
    problems = cell_problems(text(), report)
    return f"value not from the input: {problems[0]}" if problems else None


def parse_failure(text: str) -> str | None:
    return failure_of(lambda: parse_report(text), lambda: text)


def file_failure(path: Path) -> str | None:
    return failure_of(
        lambda: parse_file(path), lambda: read_report_file(path)[0], prefix=f"{path.name}: "
    )


def judge(failures: list[str]) -> None:
    """Fail on any failure not written up; xfail (naming the notes) when all are known bugs."""
    unknown = [f for f in failures if not any(p.search(f) for _, p in KNOWN)]
    assert not unknown, f"{len(unknown)} failing cases, e.g.:\n" + "\n".join(unknown[:10])
    if failures:
        known = Counter(a for f in failures for a, p in KNOWN if p.search(f))
        pytest.xfail("known bugs: " + ", ".join(f"{a} ({n} cases)" for a, n in known.items()))


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_mutated_seeds_parse_or_refuse_and_keep_values_from_the_input(seed: str) -> None:
    failures = []
    for number in range(CASES):
        text, applied = case_text(seed, number)
        failure = parse_failure(text)
        if failure:
            failures.append(f"case_text({seed!r}, {number}) [{', '.join(applied)}]: {failure}")
    judge(failures)


def test_generated_reports_and_their_mutations() -> None:
    texts = _generated()
    failures = []
    for index, text in enumerate(texts):
        failure = parse_failure(text)
        if failure:
            failures.append(f"generated:{index} (unmutated): {failure}")
        for number in range(max(1, CASES // 20)):
            mutated, applied = case_text(f"generated:{index}", number)
            failure = parse_failure(mutated)
            if failure:
                failures.append(
                    f"case_text('generated:{index}', {number}) [{', '.join(applied)}]: {failure}"
                )
    judge(failures)


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_parse_file_on_odd_encodings_and_bytes(seed: str, tmp_path: Path) -> None:
    failures = []
    for number in range(max(10, CASES // 5)):
        rng = random.Random(f"bytes:{seed}:{number}")
        text = seed_text(seed)
        if rng.random() < 0.5:
            text, _ = mutate(rng, text)
        data, how = encode(rng, text)
        path = tmp_path / f"{number}.txt"
        path.write_bytes(data)
        failure = file_failure(path)
        if failure:
            failures.append(f"bytes:{seed}:{number} ({how}): {failure}")
    judge(failures)


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: text.encode("utf-8-sig"),
    "gb18030": lambda text: text.encode("gb18030"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_every_seed_reads_the_same_in_any_encoding_and_line_ending(
    encoding: str, newline: str, tmp_path: Path
) -> None:
    for seed in SEED_NAMES:
        text = seed_text(seed)
        expected = [(c.table, c.row, c.column, c.value, c.raw) for c in parse_report(text).cells]
        path = tmp_path / seed
        path.write_bytes(ENCODINGS[encoding](text.replace("\n", newline)))
        report = parse_file(path)
        assert [(c.table, c.row, c.column, c.value, c.raw) for c in report.cells] == expected


# ---------------------------------------------------------------------------------------------
# The property checker itself must catch invented values (else the fuzz tests could not fail).


def test_the_property_catches_a_value_not_in_the_input() -> None:
    text = seed_text(SEED_NAMES[0])
    report = parse_report(text)
    assert cell_problems(text, report) == []
    cell = next(c for c in report.cells if c.value is not None and c.raw)
    cell.value = cell.value + 1
    assert cell_problems(text, report)
    cell.value, cell.raw = cell.value - 1, "4242"
    assert cell_problems(text, report)
    cell.raw, cell.line = text.split("\n")[0][:1] or "x", 1
    assert cell_problems(text, report)


# ---------------------------------------------------------------------------------------------
# Smallest reproductions of the bugs in notes/fuzz-failures.md

NEW = "一、本年新收政府信息公开申请数量"
NEW_ROW = f"{NEW} | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||"


def test_a_superscript_in_a_digit_run_is_refused_not_a_crash() -> None:
    text = seed_text("001_23d160e7ec491542.txt")
    assert NEW_ROW in text
    broken = text.replace(NEW_ROW, "一、本年新收政府信息公开申请数量 | 23²00023 | ||")
    report = parse_report(broken)  # ValueError: invalid literal for int() with base 10: '²'
    assert report.value("applications", "new", "total") is None
    assert {w.code for w in report.warnings if w.line == 31} & {"row_shape", "digit_run"}


@pytest.mark.parametrize(
    "data", [b"\xef\xbb\xbf\xff\xfe", b"\xff\xfea", b"\xfe\xff\xd8\x00"], ids=["utf8", "le", "be"]
)
def test_undecodable_bytes_after_a_bom_are_a_clear_refusal(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(data)
    with pytest.raises(NotAReport, match=r"^bom\.txt: "):
        parse_file(path)


def one_row(text: str, row: str, cells: list[str]) -> str:
    """Seed 001 (one table row per line) with the cells of one row of table 三 replaced."""
    for line in text.split("\n"):
        if line.startswith(row):
            return text.replace(line, f"{row} | {' | '.join(cells)} | ||", 1)
    raise AssertionError(row)


def test_a_lost_cell_terminator_does_not_join_two_numbers() -> None:
    text = seed_text("000_2dd00469ff465376.txt")
    lines = text.split("\n")
    at = lines.index("1.信访举报投诉类申请")
    for offset, value in enumerate(["1", "2", "3", "4", "5", "6", "21"]):
        lines[at + 2 + 2 * offset] = value
    assert lines[at + 3] == "|"
    del lines[at + 3]  # "1\n2\n|" : the terminator of the cell "1" is lost
    report = parse_report("\n".join(lines))
    row = [
        report.value("applications", "rejected_complaint", c) for c in ("natural_person", "total")
    ]
    # was 12 = "1" + "2", and every later value one column left; numbers on two lines are two cells
    assert row == [1, 21]


def test_a_huge_number_with_a_fraction_is_not_read_as_infinity() -> None:
    text = one_row(seed_text(SEED_NAMES[1]), NEW, ["1" + "0" * 309 + ".5", *["0"] * 6])
    value = parse_report(text).value("applications", "new", "natural_person")
    assert value is None or value != float("inf")


def test_a_huge_count_beside_a_fraction_does_not_crash_the_checks() -> None:
    text = one_row(seed_text(SEED_NAMES[1]), NEW, ["0.5", *["0"] * 6])
    text = one_row(text, "二、上年结转政府信息公开申请数量", ["9" * 309, *["0"] * 6])
    report = parse_report(
        text
    )  # was: OverflowError: int too large to convert to float (checks._sum)
    assert report.value("applications", "new", "natural_person") == 0.5
    assert report.value("applications", "carried_over", "natural_person") is None
    assert any(w.code == "odd_value" and "9" * 309 in w.message for w in report.warnings)


def test_a_long_line_of_tabs_in_a_table_does_not_hang_the_parser() -> None:
    text = seed_text("004_4f48120707bf878b.txt")
    anchor = "四、政府信息公开行政复议、行政诉讼情况\n"
    assert anchor in text
    broken = text.replace(anchor, anchor + "\t" * 100_000 + "\n", 1)
    with time_bound(5):  # linear work is well under a second; the regex is quadratic
        report = parse_report(broken)
    assert report.cells


def test_a_long_run_of_tabs_in_a_line_above_the_sections_does_not_hang_the_parser() -> None:
    """notes/fuzz-failures.md #10: the title's tail pattern began with `\\s*`, tried at each of
    20 000 tabs (case_text('000_2dd00469ff465376.txt', 379) took 18 s)."""
    text = seed_text("000_2dd00469ff465376.txt")
    first = text.split("\n")[0]
    broken = text.replace(first, first[:10] + "\t" * 20_000 + first[10:], 1)
    with time_bound(5):  # linear work is well under a second
        report = parse_report(broken)
    assert report.cells
