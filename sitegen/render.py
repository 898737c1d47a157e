"""The one jinja2 environment of the site generator: autoescaped, strict about undefined names."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).parent / "templates"


def _number(value: Any) -> str:
    """A count as printed: 1234 → "1,234"; None (a blank) → ""."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Markdown pages carry their content as HTML blocks, so every template escapes as HTML.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["number"] = _number
    env.filters["percent"] = _percent
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
