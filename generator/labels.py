"""How a report prints the template's labels: brackets, variants, stray spaces, clipped headers.

Every label comes from `template/form.py`; this module only decides how it looks on the page.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from template.form import Row

FULL, HALF, MIXED = "full", "half", "mixed"
PUNCTUATION_STYLES: tuple[str, ...] = (FULL, HALF, MIXED)


def half_width(text: str) -> str:
    """（一） → (一), ： → : … as a Word-to-text conversion or an NFKC-normalising site prints them."""
    return unicodedata.normalize("NFKC", text)


_half_width_label = lru_cache(maxsize=4096)(half_width)  # labels recur in every report


def space_inside(rng: random.Random, text: str) -> str:
    """A space where a narrow cell wrapped the word (`商业 企业`, `结果 纠正`)."""
    if len(text) < 4:
        return text
    cut = rng.randint(2, len(text) - 2)
    return f"{text[:cut]} {text[cut:]}"


@dataclass
class Labeler:
    """The printing habits of one report, applied to every label it prints."""

    rng: random.Random
    punctuation: str = FULL
    variant_rate: float = 0.2  # how often a row prints a declared variant of its wording
    space_after_number_rate: float = 0.0  # `1. 本机关不掌握…` (PDF extraction)
    spaced_header_rate: float = 0.0  # `商业 企业` (narrow header cells)

    def brackets(self, text: str) -> str:
        if self.punctuation == HALF or (self.punctuation == MIXED and self.rng.random() < 0.5):
            return _half_width_label(text)
        return text

    def row(self, row: Row) -> str:
        wording = row.label
        if row.variants and self.rng.random() < self.variant_rate:
            wording = self.rng.choice(row.variants)
        separator = " " if row.number and self.rng.random() < self.space_after_number_rate else ""
        return self.brackets(f"{row.number}{separator}{wording}")

    def header(self, text: str) -> str:
        if self.rng.random() < self.spaced_header_rate:
            text = space_inside(self.rng, text)
        return self.brackets(text)
