"""Choose the reader for a file by its suffix and record where the text came from."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from parsers.ocr_gate import OcrText
from parsers.record import NotAReport, Source
from readers.chinese import to_simplified
from readers.convert import SUFFIXES as CONVERTED
from readers.convert import convert_one
from readers.docx import read_docx
from readers.html import read_html
from readers.pdf import read_pdf
from readers.text import decode_text

# What a reader gives: the text, and its encoding (text files) or what OCR saw (images).
Read = tuple[str, str | None, OcrText | None]


def _encoded(reader: Callable[[bytes, str], tuple[str, str]]) -> Callable[[bytes, str], Read]:
    return lambda data, name: (*reader(data, name), None)


def _plain(reader: Callable[[bytes, str], str]) -> Callable[[bytes, str], Read]:
    return lambda data, name: (reader(data, name), None, None)


def _seen(reader: Callable[[bytes, str], tuple[str, OcrText | None]]) -> Callable[..., Read]:
    def read(data: bytes, name: str) -> Read:
        text, ocr = reader(data, name)
        return text, None, ocr

    return read


def read_converted(data: bytes, name: str) -> str:
    """Word 97, WPS, RTF, ODT: converted to DOCX by LibreOffice, then read as a .docx."""
    return read_docx(convert_one(data, name), name)


def read_image(data: bytes, name: str) -> tuple[str, OcrText | None]:
    from readers.images import read_image as read  # OpenCV and the OCR engine: only for images

    return read(data, name)


# suffix → (format recorded in Source, reader)
_READERS: dict[str, tuple[str, Callable[[bytes, str], Read]]] = {
    ".txt": ("txt", _encoded(decode_text)),
    ".md": ("md", _encoded(decode_text)),
    ".html": ("html", _encoded(read_html)),
    ".htm": ("html", _encoded(read_html)),
    ".docx": ("docx", _plain(read_docx)),
    ".pdf": ("pdf", _seen(read_pdf)),
    **{suffix: ("doc", _plain(read_converted)) for suffix in CONVERTED},
    ".png": ("image", _seen(read_image)),
    ".jpg": ("image", _seen(read_image)),
    ".jpeg": ("image", _seen(read_image)),
    ".tif": ("image", _seen(read_image)),
    ".tiff": ("image", _seen(read_image)),
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_READERS)


def read_report_file(path: Path) -> tuple[str, Source]:
    """Read one report file into text. Raise NotAReport naming the file and the reason.
    The text only: to parse a scan, use pipeline.parse_folder.parse_file, which decides which of its
    OCR'd numbers may be published."""
    text, source, _ = read_document(path)
    return text, source


def read_document(path: Path) -> tuple[str, Source, OcrText | None]:
    """Read one report file into text, with what OCR saw on the lines it read from images (None
    for a file with no images to read). Raise NotAReport naming the file and the reason."""
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
    text, encoding, ocr = reader(data, name)
    source = Source(
        file=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        format=file_format,
        encoding=encoding,
    )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return to_simplified(text), source, ocr
