"""Text-based PDFs → text: ruled tables as grids, other words grouped into lines by position.

Page furniture (`— 3 —`, `第 3 页`) is dropped. Pages without a text layer (a scan) are read by OCR
(readers/scan.py); a PDF with neither text nor images is refused with the reason.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from parsers.ocr_gate import OcrText
from parsers.record import NotAReport
from parsers.tokens import PAGE_FOOTER
from readers.layout import Block, Grid, render

_BAND = 0.08  # top and bottom share of a page where a bare number is a page number
_COLUMN_GAP = 0.6  # a gap wider than this many character heights separates two cells
_SPACE_GAP = 0.2  # a gap wider than this many character heights is a space
_CID = re.compile(r"\(cid:\d+\)")
# The start of a heading or a numbered item: never the continuation of the line above.
_ITEM = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class _Line:
    top: float
    bottom: float
    words: list[dict]

    @property
    def left(self) -> float:
        return min(word["x0"] for word in self.words)

    @property
    def right(self) -> float:
        return max(word["x1"] for word in self.words)

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 1.0)

    def text(self) -> str:
        parts: list[str] = []
        previous: dict | None = None
        for word in sorted(self.words, key=lambda w: w["x0"]):
            if previous is not None:
                size = max(previous["bottom"] - previous["top"], 1.0)
                gap = word["x0"] - previous["x1"]
                if gap > _COLUMN_GAP * size:
                    parts.append("\t")
                elif gap > _SPACE_GAP * size:
                    parts.append(" ")
            parts.append(word["text"])
            previous = word
        return "".join(parts)


def _lines(words: list[dict]) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        if lines and lines[-1].top <= middle <= lines[-1].bottom:
            line = lines[-1]
            line.words.append(word)
            line.bottom = max(line.bottom, word["bottom"])
        else:
            lines.append(_Line(word["top"], word["bottom"], [word]))
    return lines


def _inside(word: dict, box: Box) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _is_furniture(line: _Line, text: str, height: float) -> bool:
    if PAGE_FOOTER.match(text):
        return True
    in_band = line.bottom < height * _BAND or line.top > height * (1 - _BAND)
    return in_band and text.strip().isdigit()


def page_blocks(page: Page) -> list[Block]:
    """A page's tables and lines of text, top to bottom."""
    tables = page.find_tables()
    grids: list[tuple[Box, Grid]] = [
        (table.bbox, [[cell or "" for cell in row] for row in table.extract()]) for table in tables
    ]
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    return [block for block, _ in arrange(words, grids, float(page.width), float(page.height))]


def arrange(
    words: list[dict], tables: list[tuple[Box, Grid]], width: float, height: float
) -> list[tuple[Block, list[dict]]]:
    """Tables and the words outside them → blocks top to bottom, each text block with the words
    it was made of (a table's are in its grid). Words are dicts with x0, x1, top, bottom, text."""
    boxes = [box for box, _ in tables]
    placed: list[tuple[float, Block, list[dict]]] = [(box[1], grid, []) for box, grid in tables]
    outside = [word for word in words if not any(_inside(word, box) for box in boxes)]
    lines = [line for line in _lines(outside) if not _is_furniture(line, line.text(), height)]
    placed.extend(_paragraphs(lines, boxes, width))
    placed.sort(key=lambda item: item[0])
    return [(block, words) for _, block, words in placed]


def _paragraphs(
    lines: list[_Line], tables: list[Box], width: float
) -> list[tuple[float, str, list[dict]]]:
    """Lines wrapped at the right margin joined back into their paragraph, so that a number or a
    name is not cut in two (`2` / `024年`). Headings, items and table rows stay on their own."""
    if not lines:
        return []
    left = min(line.left for line in lines)
    right = width - left  # margins are symmetric; the longest line of a last page may be short
    joined: list[tuple[float, str, list[dict]]] = []  # (top of the first line, text, words)
    previous: _Line | None = None
    for line in lines:
        text = line.text()
        if previous is not None:
            top, previous_text, previous_words = joined[-1]
            wrapped = (
                previous.right >= right - 2 * previous.size
                and line.left <= left + line.size
                and line.top - previous.bottom < previous.size
                and "\t" not in previous_text + text
                and not _ITEM.match(text)
                and not any(previous.bottom <= box[1] <= line.top for box in tables)
            )
            if wrapped:
                words = previous_text[-1:].isalpha() and text[:1].isalpha()
                glue = " " if words and (previous_text[-1] + text[0]).isascii() else ""
                joined[-1] = (top, previous_text + glue + text, previous_words + line.words)
                previous = line
                continue
        joined.append((line.top, text, list(line.words)))
        previous = line
    return joined


def _refuse(name: str, error: Exception) -> NotAReport:
    cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return NotAReport(f"{name}: a password-protected PDF; remove the password first")
    return NotAReport(f"{name}: not a readable PDF ({type(cause).__name__}: {cause})")


def read_pdf(data: bytes, name: str) -> tuple[str, OcrText | None]:
    """The text of a PDF; pages without a text layer (a scan) are read by OCR, and what OCR saw
    on their lines comes with the text."""
    if not data.strip():
        raise NotAReport(f"{name}: the file is empty")
    if b"%PDF" not in data[:1024]:
        raise NotAReport(f"{name}: not a PDF file (no %PDF header)")
    pages: list[list[Block]] = []
    scanned: list[int] = []  # pages with images and no text: read by OCR
    chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages):
                chars += len(page.chars)
                if not page.chars and page.images:
                    scanned.append(number)
                pages.append(page_blocks(page) if page.chars else [])
    except (PdfminerException, MalformedPDFException) as error:
        raise _refuse(name, error) from error
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        raise _refuse(name, error) from error
    if not chars and not scanned:
        raise NotAReport(f"{name}: the PDF holds no text")
    text = render([block for blocks in pages for block in blocks])
    if chars and len(_CID.findall(text)) > chars * 0.05:
        # fonts without a Unicode mapping: the glyphs print, but only their pictures can be read
        scanned = list(range(len(pages)))
        pages = [[] for _ in pages]
    if not scanned:
        return text, None
    from readers.images import assemble, pdf_page_images  # OCR: only for scans
    from readers.scan import read_page_image

    read = dict(zip(scanned, map(read_page_image, pdf_page_images(data, scanned)), strict=True))
    text, ocr = assemble([read.get(n, blocks) for n, blocks in enumerate(pages)])
    if not text.strip():
        raise NotAReport(f"{name}: a scanned PDF in which OCR found no text")
    return text, ocr
