"""Rows whose cell separators a crawler removed: `规范性文件898989`, `…申请数量230000023`.

The digit run is split into the row's cells only when exactly one split satisfies the row's
identities (e.g. 总计 = the sum of the six applicant columns); otherwise nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

MAX_DIGITS = 40
MAX_SPLITS = 200_000

Validator = Callable[[list[int]], bool]


def _splits(digits: str, parts: int) -> Iterator[list[str]]:
    """Every way to cut `digits` into `parts` numbers printed without leading zeros."""
    if parts == 1:
        if digits and (digits == "0" or not digits.startswith("0")):
            yield [digits]
        return
    if not digits:
        return
    widths = [1] if digits.startswith("0") else range(1, len(digits) - parts + 2)
    for width in widths:
        for rest in _splits(digits[width:], parts - 1):
            yield [digits[:width], *rest]


def split_digit_run(
    digits: str, parts: int, valid: Validator | None = None
) -> tuple[list[int] | None, int]:
    """(the one split satisfying `valid`, number of satisfying splits). None when not exactly one."""
    if (
        not (digits.isascii() and digits.isdigit())
        or len(digits) > MAX_DIGITS
        or len(digits) < parts
    ):
        return None, 0
    found: list[int] | None = None
    count = 0
    for examined, split in enumerate(_splits(digits, parts)):
        if examined >= MAX_SPLITS:
            return None, count + 2  # too many to examine: treat as ambiguous
        numbers = [int(part) for part in split]
        if valid is None or valid(numbers):
            count += 1
            found = numbers if count == 1 else None
    return (found if count == 1 else None), count


def totals_in_groups(width: int) -> Validator:
    """Each group of `width` numbers ends with the sum of the others (table 三 rows, table 四)."""

    def valid(numbers: list[int]) -> bool:
        return all(
            numbers[i + width - 1] == sum(numbers[i : i + width - 1])
            for i in range(0, len(numbers), width)
        )

    return valid
