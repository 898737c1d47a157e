"""Fidelity on real reports with hand-checked truth (tests/fixtures/real) and on the samples:
never a wrong number, at least 98 % of the real cells right, metadata right in every file."""

from __future__ import annotations

import pytest

from bench.fidelity import REAL, SAMPLE, SAMPLE_TRUTH, Score, score_folder

MIN_REAL_ACCURACY = 0.98


@pytest.fixture(scope="module")
def real() -> list[Score]:
    return score_folder(REAL, REAL / "truth")


def test_no_real_cell_is_read_as_a_wrong_number(real: list[Score]) -> None:
    assert {s.file: s.wrong for s in real if s.wrong} == {}


def test_real_cells_are_read(real: list[Score]) -> None:
    assert len(real) >= 6 and not [s.error for s in real if s.error]
    right, total = sum(s.right for s in real), sum(s.total for s in real)
    assert right / total >= MIN_REAL_ACCURACY, {s.file: s.missed for s in real if s.missed}


def test_real_agency_year_and_form(real: list[Score]) -> None:
    assert [s.file for s in real if not s.metadata_ok] == []


def test_the_samples_stay_complete() -> None:
    samples = score_folder(SAMPLE, SAMPLE_TRUTH)
    assert len(samples) == 5
    assert [(s.file, s.missed, s.wrong) for s in samples if s.missed or s.wrong] == []
    assert all(s.metadata_ok for s in samples)
