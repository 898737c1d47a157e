"""Choose the reader for a file by its suffix and record where the text came from."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from parsers.record import NotAReport, Source
from readers.chinese import to_simplified
from readers.docx import read_docx
from readers.html import read_html
from readers.pdf import read_pdf
from readers.text import decode_text


def _binary(reader: Callable[[bytes, str], str]) -> Callable[[bytes, str], tuple[str, str | None]]:
    return lambda data, name: (reader(data, name), None)


# suffix → (format recorded in Source, reader returning (text, encoding))
_READERS: dict[str, tuple[str, Callable[[bytes, str], tuple[str, str | None]]]] = {
    ".txt": ("txt", decode_text),
    ".md": ("md", decode_text),
    ".html": ("html", read_html),
    ".htm": ("html", read_html),
    ".docx": ("docx", _binary(read_docx)),
    ".pdf": ("pdf", _binary(read_pdf)),
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_READERS)


def read_report_file(path: Path) -> tuple[str, Source]:
    """Read one report file into text. Raise NotAReport naming the file and the reason."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise NotAReport(
            f"{name}: unsupported file type '{suffix}' (supported: {', '.join(SUPPORTED_SUFFIXES)})"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotAReport(f"{name}: cannot be read ({error.strerror})") from error
    file_format, reader = _READERS[suffix]
    text, encoding = reader(data, name)
    source = Source(
        file=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        format=file_format,
        encoding=encoding,
    )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return to_simplified(text), source
