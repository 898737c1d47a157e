"""Untrusted report text on its way into titles, paths and links.

Everything read from a report (agency, title, prose, raw cells, warnings) is untrusted. In the
HTML it is escaped by jinja2's autoescape; these helpers cover the places autoescape does not
reach: MkDocs' own templates (which do not escape page titles), file paths and URLs.
"""

from __future__ import annotations

import re
import unicodedata

_SEGMENT = re.compile(r"[a-z0-9][a-z0-9-]{0,159}")
# Characters that mean something to HTML, Markdown, YAML or Jinja, swapped for their
# full-width forms so a title reads the same and cannot become markup anywhere.
_FULLWIDTH = str.maketrans(
    {
        "<": "＜",
        ">": "＞",
        "&": "＆",
        '"': "＂",
        "'": "＇",
        "`": "｀",
        "{": "｛",
        "}": "｝",
        "[": "［",
        "]": "］",
        "*": "＊",
        "_": "＿",
        "#": "＃",
        "\\": "＼",
        "|": "｜",
    }
)


def path_segment(value: str) -> str:
    """A value checked to be a safe single path segment ([a-z0-9-]); raises ValueError if not."""
    if not _SEGMENT.fullmatch(value):
        raise ValueError(f"unsafe path segment: {value!r}")
    return value


def plain_title(text: str | None, limit: int = 120) -> str:
    """One line of text that is inert in HTML, Markdown, YAML and Jinja alike."""
    if not text:
        return ""
    cleaned = "".join(" " if unicodedata.category(ch).startswith(("C", "Z")) else ch for ch in text)
    line = " ".join(cleaned.split()).translate(_FULLWIDTH)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def web_url(value: str | None) -> str | None:
    """The URL when it is a plain http(s) address, else None (javascript:, data: … are dropped)."""
    if not value:
        return None
    url = value.strip()
    if re.fullmatch(r"https?://[^\s<>\"'`]+", url, flags=re.IGNORECASE):
        return url
    return None


def up(depth: int) -> str:
    """The relative prefix from a page `depth` folders below the site root back to the root."""
    return "../" * depth
