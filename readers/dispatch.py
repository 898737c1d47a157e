"""Choose the reader for a file by its suffix and record where the text came from."""

from __future__ import annotations

import hashlib
from pathlib import Path

from parsers.record import NotAReport, Source
from readers.text import decode_text

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md")


def read_report_file(path: Path) -> tuple[str, Source]:
    """Read one report file into text. Raise NotAReport naming the file and the reason."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotAReport(f"{name}: cannot be read ({error.strerror})") from error
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise NotAReport(f"{name}: unsupported file type '{suffix}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    text, encoding = decode_text(data, name)
    source = Source(
        file=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        format=suffix.lstrip("."),
        encoding=encoding,
    )
    return text.replace("\r\n", "\n").replace("\r", "\n"), source
