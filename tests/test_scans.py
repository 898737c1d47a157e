"""Scans and images read by OCR: never a wrong number.

A generated report is printed, scanned (turned, blurred, JPEG — generator/scan.py) and read back
through the real engine; every number that enters the data must be the truth. OCR is slow (about
7 s a page), so there are few scans here: one generated report as an image-only PDF and one of its
pages as a PNG. The real scan is measured in tests/test_fidelity.py.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator import generate_report
from generator.model import GeneratedReport
from generator.scan import scan_pages, to_scanned_pdf
from parsers import parse_report
from parsers.checks import run_checks
from parsers.ocr_gate import MIN_CONFIDENCE, OCR, OcrText, admit_ocr
from parsers.record import Report
from pipeline.parse_folder import parse_file
from tests.test_seeds import SAMPLE

SEED = 11


@pytest.fixture(scope="module")
def generated() -> GeneratedReport:
    return generate_report(random.Random(SEED), edition="2021", layout="pipe_rows")


@pytest.fixture(scope="module")
def scanned(generated: GeneratedReport, tmp_path_factory: pytest.TempPathFactory) -> Report:
    path = tmp_path_factory.mktemp("scan") / "scan.pdf"
    path.write_bytes(to_scanned_pdf(generated, random.Random(SEED)))
    return parse_file(path)


def wrong_numbers(generated: GeneratedReport, parsed: Report) -> list[str]:
    """Every number the parser published that is not the truth (a blank is never wrong)."""
    return [
        f"{'/'.join((c.table, c.row, c.column))}: truth {generated.value(c.table, c.row, c.column)!r}"
        f", read {c.value!r} from {c.raw!r}"
        for c in parsed.cells
        if c.value is not None and c.value != generated.value(c.table, c.row, c.column)
    ]


def test_no_number_read_from_a_scan_is_wrong(generated: GeneratedReport, scanned: Report) -> None:
    assert wrong_numbers(generated, scanned) == []
    assert sum(c.value is not None for c in scanned.cells) > 0  # and some were read
    assert (scanned.agency, scanned.year, scanned.template) == (
        generated.agency,
        generated.year,
        generated.edition,
    )


def test_every_cell_of_a_scan_says_it_was_read_by_ocr(scanned: Report) -> None:
    assert {c.method for c in scanned.cells if c.raw is not None} == {OCR}
    unconfirmed = [w for w in scanned.warnings if w.code == "ocr_unconfirmed"]
    blanked = [c for c in scanned.cells if c.value is None and c.raw]
    assert len(unconfirmed) >= len([c for c in blanked if any(ch.isdigit() for ch in c.raw)])
    for warning in unconfirmed:
        assert "图像识别读出“" in warning.message and "不发布" in warning.message


def test_a_page_photographed_as_png_is_read_the_same_way(
    generated: GeneratedReport, tmp_path: Path
) -> None:
    page = scan_pages(generated, random.Random(SEED + 1))[1]  # table 三 and 四
    path = tmp_path / "page.png"
    page.save(path)
    report = parse_file(path)
    assert report.source is not None and report.source.format == "image"
    assert wrong_numbers(generated, report) == []
    assert any(c.value is not None and c.table == "applications" for c in report.cells)


# --- the rule itself, on text with made-up confidences (no engine) ------------------------------
def _read_by_ocr(text: str, confidence: float) -> tuple[Report, OcrText]:
    report = parse_report(text)
    lines = {n: [(line, (confidence,) * len(line))] for n, line in enumerate(text.split("\n"), 1)}
    return report, OcrText(lines, everything=True)


def test_a_number_no_identity_covers_needs_the_engine_to_be_sure() -> None:
    text = (SAMPLE / "003_f237f57025bb66e2.txt").read_text(encoding="utf-8")
    sure, ocr = _read_by_ocr(text, MIN_CONFIDENCE)
    admit_ocr(sure, ocr)
    unsure, ocr = _read_by_ocr(text, MIN_CONFIDENCE - 0.01)
    admit_ocr(unsure, ocr)
    active = [c for c in parse_report(text).cells if c.table == "active" and c.value is not None]
    assert active
    for cell in active:
        assert sure.value(cell.table, cell.row, cell.column) == cell.value
        assert unsure.value(cell.table, cell.row, cell.column) is None
    confirmed = [c for c in unsure.cells if c.table == "applications" and c.value is not None]
    assert confirmed  # identities vouch for table 三 whatever the engine's confidence


def test_a_number_whose_identity_fails_is_not_published() -> None:
    text = (SAMPLE / "003_f237f57025bb66e2.txt").read_text(encoding="utf-8")
    report, ocr = _read_by_ocr(text, 1.0)
    total = report.cell("applications", "new", "total")
    assert total is not None and total.value is not None
    total.value += 1  # as if OCR had read one digit wrong: the checks see what was read
    report.checks = run_checks(report.template or "2021", report.cells)
    admit_ocr(report, ocr)
    assert report.value("applications", "new", "total") is None
    assert report.value("applications", "new", "natural_person") is None  # in the same row total
    assert any(
        w.code == "ocr_unconfirmed" and "勾稽关系不成立" in w.message for w in report.warnings
    )
