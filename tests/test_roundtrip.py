"""Round trip: parsing a generated report gives back exactly the truth it was generated from.

A few hundred seeds by default; ROUNDTRIP_EXAMPLES=5000 for the long run.
"""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import GeneratedReport, generate_report
from parsers import parse_report
from parsers.record import FAIL, Report
from template.form import cell_specs

EXAMPLES = int(os.environ.get("ROUNDTRIP_EXAMPLES", "300"))
SEEDS = st.integers(0, 2**32)
ROUND_TRIP = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def cell_differences(generated: GeneratedReport, parsed: Report) -> list[str]:
    """Every cell of the edition whose parsed value is not the truth (absent cells: None)."""
    differences = []
    for spec in cell_specs(generated.edition):
        expected = generated.value(*spec.key)
        got = parsed.value(*spec.key)
        if got != expected or type(got) is not type(expected):
            differences.append(f"{'/'.join(spec.key)}: expected {expected!r}, got {got!r}")
    return differences


def describe(generated: GeneratedReport, seed: int) -> str:
    return f"seed {seed}, layout {generated.layout}, edition {generated.edition}"


@ROUND_TRIP
@given(SEEDS)
def test_parse_returns_the_generated_cells_agency_year_and_template(seed: int) -> None:
    generated = generate_report(random.Random(seed))
    parsed = parse_report(generated.text)
    where = describe(generated, seed)
    assert parsed.template == generated.edition, where
    assert parsed.agency == generated.agency, where
    assert parsed.year == generated.year, where
    assert cell_differences(generated, parsed) == [], where


@ROUND_TRIP
@given(SEEDS)
def test_parse_fails_exactly_the_broken_identities(seed: int) -> None:
    generated = generate_report(random.Random(seed), broken_identity_rate=0.1)
    parsed = parse_report(generated.text)
    where = describe(generated, seed)
    assert cell_differences(generated, parsed) == [], where
    failed = {check.id for check in parsed.checks if check.status == FAIL}
    assert failed == set(generated.failing_identities), where
