"""The one jinja2 environment of the site generator: autoescaped, strict about undefined names."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

import template.form
from package_builder.copies import COPY_KINDS

TEMPLATES = Path(__file__).parent / "templates"


def format_number(value: Any) -> str:
    """A count as printed: 1234 → "1,234"; None (a blank) → ""."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


# A code in running text: a lower-case identifier (`row_shape`, `applications.balance.total`,
# `manifest.csv`); product names (CSV, Parquet) are words, not codes.
_CODE = re.compile(r"(?<![A-Za-z0-9_.])[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*(?![A-Za-z0-9_])")


def code_words(text: Any) -> Markup:
    """Escaped text with each code in it set in <code>, so a reader tells codes from words."""
    text = "" if text is None else str(text)
    parts: list[str] = []
    end = 0
    for match in _CODE.finditer(text):
        parts += [escape(text[end : match.start()]), f"<code>{escape(match.group(0))}</code>"]
        end = match.end()
    parts.append(escape(text[end:]))
    return Markup("".join(parts))


def value_cell(cell: Any) -> Markup:
    """A form table's number cell (a CellView): numbers only, the printed text on hover when it
    differs from the number read, each failed identity's expected value. Python rather than a
    template macro: a report page has ≈ 200 of these and the macro was half the page's time."""
    css = (["blank"] if cell.blank else []) + (["fail"] if cell.failures else [])
    parts = ["<td"]
    if css:
        parts.append(f' class="{" ".join(css)}"')
    if cell.raw is not None and cell.raw != cell.value:
        where = f"（第 {cell.line} 行）" if cell.line else ""
        parts.append(f' title="原文：{escape(cell.raw)}{where}"')
    parts.append(f">{escape(cell.value)}")
    for failure in cell.failures:
        expected = "？" if failure.expected is None else format_number(failure.expected)
        parts.append(
            f'<span class="expected" title="{escape(failure.description)}">应为 {escape(expected)}</span>'
        )
    parts.append("</td>")
    return Markup("".join(parts))


def value_cells(cells: list[Any]) -> Markup:
    """A row's number cells; a filter over the row, so the template makes one call per row."""
    return Markup("".join(value_cell(cell) for cell in cells))


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
    env.filters["number"] = format_number
    env.filters["percent"] = _percent
    env.filters["value_cells"] = value_cells
    env.filters["code_words"] = code_words
    env.filters["copy_kind"] = lambda code: COPY_KINDS.get(code or "", "")
    env.globals["form"] = template.form  # the form's own header texts, declared once there
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
