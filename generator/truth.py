"""The true numbers of a synthetic report: realistic, internally consistent, optionally broken.

Counts follow the skew of real reports (mostly 0 and small numbers, now and then hundreds or
thousands); the applications table is built so that every identity of `template/identities.py`
holds, then cells are blanked or identities broken on request.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal
from functools import lru_cache

from template.form import (
    AMOUNT,
    APPLICANT_COLUMNS,
    APPLICATION_OUTCOME_ROWS,
    APPLICATION_TOTAL_COLUMN,
    CHANGE,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    CellSpec,
    cell_specs,
)
from template.identities import Identity, identities

CellKey = tuple[str, str, str]
Number = int | float
Values = dict[CellKey, Number | None]

# Agencies at higher levels handle more of everything.
LEVEL_SCALE: dict[str, float] = {"township": 0.3, "county": 1.0, "city": 3.0, "province": 6.0}

# How the outcomes of a year's applications are usually spread (weights, by row code).
_OUTCOME_WEIGHTS: dict[str, float] = {
    "granted": 40,
    "partly_granted": 8,
    "unavailable_no_info": 25,
    "unavailable_needs_creation": 3,
    "unavailable_unclear": 3,
    "rejected_complaint": 3,
    "rejected_repeat": 3,
    "other": 4,
    "other_no_correction": 3,
    "other_misc": 3,
}
_APPLICANT_WEIGHTS: dict[str, float] = {
    "natural_person": 88,
    "business": 8,
    "research": 0.5,
    "nonprofit": 0.5,
    "legal_service": 2,
    "other_org": 1,
}


def skewed_count(rng: random.Random, typical: float, zero_rate: float = 0.5) -> int:
    """0 with probability zero_rate, else a log-normal count around `typical` (a long right tail)."""
    if rng.random() < zero_rate or typical <= 0:
        return 0
    return min(int(rng.lognormvariate(math.log(max(typical, 1.0)), 1.3)), 250_000)


def split(rng: random.Random, total: int, weights: dict[str, float]) -> dict[str, int]:
    """Share `total` out over the keys, randomly in proportion to the weights; the parts sum to total."""
    keys = list(weights)
    parts = dict.fromkeys(keys, 0)
    if total <= 60:
        for key in rng.choices(keys, [weights[k] for k in keys], k=total):
            parts[key] += 1
        return parts
    noisy = {k: weights[k] * rng.uniform(0.3, 1.7) for k in keys}
    scale = sum(noisy.values())
    for key in keys:
        parts[key] = int(total * noisy[key] / scale)
    parts[max(keys, key=lambda k: noisy[k])] += total - sum(parts.values())
    return parts


def money(rng: random.Random, scale: float) -> tuple[Decimal, str]:
    """(amount in 万元, text as printed): `347.92万元`, `40` (万元 implied) or `75394432.52元`."""
    if rng.random() < 0.5:
        return Decimal(0), "0"
    form = rng.choice(("万元", "万元", "", "元"))
    cents = int(rng.lognormvariate(math.log(3000 * scale), 1.5))  # hundredths of 万元
    if form == "元":
        yuan = Decimal(cents * 10000 + rng.randrange(10000)) / 100
        return yuan / 10000, f"{yuan:f}元"
    if rng.random() < 0.3:
        cents -= cents % 100  # a whole number of 万元
    amount = Decimal(cents) / 100
    return amount, f"{amount.normalize():f}{form}"


def active_values(
    rng: random.Random, specs: tuple[CellSpec, ...], scale: float
) -> tuple[Values, dict[CellKey, str]]:
    """The active table's values, and the printed text of its money cells."""
    values: Values = {}
    money_texts: dict[CellKey, str] = {}
    for spec in specs:
        if spec.table != "active":
            continue
        kind, code = spec.column.kind, spec.column.code
        if kind == AMOUNT:
            amount, money_texts[spec.key] = money(rng, scale)
            values[spec.key] = as_number(amount)
        elif kind == CHANGE:
            values[spec.key] = rng.choice((0, 0, 0, 0, 1, 2, -1, -2, 3, -5, 12))
        elif spec.row.code == "rules":
            values[spec.key] = skewed_count(rng, 2 * scale, zero_rate=0.85)
        elif code in ("decisions", "in_force", "total_published"):
            values[spec.key] = skewed_count(rng, 60 * scale, zero_rate=0.4)
        else:
            values[spec.key] = skewed_count(rng, 8 * scale)
    return values, money_texts


def application_values(rng: random.Random, edition: str, scale: float) -> Values:
    """A consistent applications table: per column new + carried over = outcomes + carried forward,
    outcomes sum to 总计, the 总计 column sums the six applicant columns."""
    outcome_rows = APPLICATION_OUTCOME_ROWS[edition]
    weights = {row: _OUTCOME_WEIGHTS.get(row, 0.6) for row in outcome_rows}
    new = split(rng, skewed_count(rng, 25 * scale, zero_rate=0.35), _APPLICANT_WEIGHTS)
    values: Values = {}
    for column in APPLICANT_COLUMNS:
        c = column.code
        carried_over = skewed_count(rng, 1 + new[c] * 0.05, zero_rate=0.8)
        received = new[c] + carried_over
        carried_forward = min(received, skewed_count(rng, 1 + received * 0.05, zero_rate=0.8))
        outcomes = split(rng, received - carried_forward, weights)
        values[("applications", "new", c)] = new[c]
        values[("applications", "carried_over", c)] = carried_over
        values[("applications", "carried_forward", c)] = carried_forward
        values[("applications", "total", c)] = received - carried_forward
        for row, count in outcomes.items():
            values[("applications", row, c)] = count
    for row in {key[1] for key in values}:
        values[("applications", row, APPLICATION_TOTAL_COLUMN.code)] = sum(
            values[("applications", row, c.code)] for c in APPLICANT_COLUMNS
        )
    return values


def review_values(rng: random.Random, scale: float) -> Values:
    values: Values = {}
    parts = {c.code: 1.0 for c in REVIEW_COLUMNS if c.code != "total"} | {"upheld": 4.0}
    for row in REVIEW_ROWS:
        shares = split(rng, skewed_count(rng, 2 * scale, zero_rate=0.75), parts)
        for code, count in shares.items():
            values[("reviews", row.code, code)] = count
        values[("reviews", row.code, "total")] = sum(shares.values())
    return values


def consistent_values(
    rng: random.Random, edition: str, level: str
) -> tuple[Values, dict[CellKey, str]]:
    """Every cell of the edition with all identities holding, and the printed text of money cells."""
    scale = LEVEL_SCALE[level] * rng.uniform(0.5, 2.0)
    specs = cell_specs(edition)
    values, money_texts = active_values(rng, specs, scale)
    values |= application_values(rng, edition, scale)
    values |= review_values(rng, scale)
    return {key: values[key] for key in cell_keys(edition)}, money_texts


@lru_cache(maxsize=8)
def cell_keys(edition: str) -> tuple[CellKey, ...]:
    return tuple(spec.key for spec in cell_specs(edition))


def blank_cells(rng: random.Random, values: Values, rate: float) -> Values:
    """Blank a random share of the cells (None: printed empty, the number unknown)."""
    return {key: None if rng.random() < rate else value for key, value in values.items()}


def assessable(identity: Identity, values: Values) -> bool:
    return all(values.get(key) is not None for key in identity.reported + identity.expected)


def identity_holds(identity: Identity, values: Values) -> bool:
    reported = sum(values[key] or 0 for key in identity.reported)
    expected = sum(values[key] or 0 for key in identity.expected)
    return math.isclose(reported, expected, abs_tol=1e-9)


def failing_identities(values: Values, edition: str) -> tuple[str, ...]:
    """Ids of the identities that can be evaluated on these values and do not hold."""
    return tuple(
        i.id for i in identities(edition) if assessable(i, values) and not identity_holds(i, values)
    )


def break_identities(rng: random.Random, values: Values, edition: str, rate: float) -> Values:
    """Break about `rate` of the assessable identities by changing one reported cell of each
    (a cell shared by several identities breaks them all; the caller re-evaluates)."""
    if rate <= 0:
        return values
    broken = dict(values)
    for identity in identities(edition):
        if not assessable(identity, broken) or rng.random() >= rate:
            continue
        key = rng.choice(identity.reported)
        delta = rng.choice((1, 2, 3, 5, 10, -1, -2))
        current = broken[key] or 0
        broken[key] = current + delta if current + delta >= 0 else current + abs(delta)
    return broken


def as_number(number: Decimal) -> Number:
    """An int when whole, else a float: the same convention as the parsed record."""
    if number == number.to_integral_value():
        return int(number)
    return float(number.normalize())
