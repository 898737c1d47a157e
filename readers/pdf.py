"""Text-based PDFs → text: ruled tables as grids, other words grouped into lines by position.

Page furniture (`— 3 —`, `第 3 页`) is dropped. A PDF without a text layer (a scan) is refused with
the reason, never read as an empty report.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

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


def _inside(word: dict, box: tuple[float, float, float, float]) -> bool:
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
    placed: list[tuple[float, Block]] = []
    for table in tables:
        grid: Grid = [[cell or "" for cell in row] for row in table.extract()]
        placed.append((table.bbox[1], grid))
    words = [
        word
        for word in page.extract_words(keep_blank_chars=False, use_text_flow=False)
        if not any(_inside(word, table.bbox) for table in tables)
    ]
    lines = [
        line for line in _lines(words) if not _is_furniture(line, line.text(), float(page.height))
    ]
    placed.extend(_paragraphs(lines, [table.bbox for table in tables], float(page.width)))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def _paragraphs(
    lines: list[_Line], tables: list[tuple[float, float, float, float]], width: float
) -> list[tuple[float, str]]:
    """Lines wrapped at the right margin joined back into their paragraph, so that a number or a
    name is not cut in two (`2` / `024年`). Headings, items and table rows stay on their own."""
    if not lines:
        return []
    left = min(line.left for line in lines)
    right = width - left  # margins are symmetric; the longest line of a last page may be short
    joined: list[tuple[float, str]] = []  # (top of the paragraph's first line, text)
    previous: _Line | None = None
    for line in lines:
        text = line.text()
        if previous is not None:
            top, previous_text = joined[-1]
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
                joined[-1] = (top, previous_text + glue + text)
                previous = line
                continue
        joined.append((line.top, text))
        previous = line
    return joined


def _refuse(name: str, error: Exception) -> NotAReport:
    cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return NotAReport(f"{name}: a password-protected PDF; remove the password first")
    return NotAReport(f"{name}: not a readable PDF ({type(cause).__name__}: {cause})")


def read_pdf(data: bytes, name: str) -> str:
    if not data.strip():
        raise NotAReport(f"{name}: the file is empty")
    if b"%PDF" not in data[:1024]:
        raise NotAReport(f"{name}: not a PDF file (no %PDF header)")
    blocks: list[Block] = []
    chars = images = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                chars += len(page.chars)
                images += len(page.images)
                blocks.extend(page_blocks(page))
    except (PdfminerException, MalformedPDFException) as error:
        raise _refuse(name, error) from error
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        raise _refuse(name, error) from error
    if not chars:
        if images:
            raise NotAReport(f"{name}: no text layer (scanned PDF?); OCR it first")
        raise NotAReport(f"{name}: the PDF holds no text")
    text = render(blocks)
    if len(_CID.findall(text)) > chars * 0.05:
        raise NotAReport(
            f"{name}: the PDF's fonts have no Unicode mapping, its text cannot be read; OCR it first"
        )
    return text
