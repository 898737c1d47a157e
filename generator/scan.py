"""A generated report as a scanner gives it: its ruled PDF (generator/documents.py) printed to
images at the scanner's resolution, turned a little, blurred, JPEG-compressed, and bound again as
an image-only PDF (or kept as page images). The truth is the report's own.

Drawing the text needs a CJK font on the machine (pypdfium2 substitutes one for the PDF's
STSong-Light; `make test` installs Debian's fonts-wqy-microhei).
"""

from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from generator.documents import to_pdf
from generator.model import GeneratedReport

DPI = 200


def scan_pages(
    report: GeneratedReport,
    rng: random.Random,
    *,
    dpi: int = DPI,
    max_angle: float = 0.8,
    blur: float = 0.7,
    quality: int = 75,
) -> list[Image.Image]:
    """The report's pages as scanned images (greyscale, as most office scanners give them)."""
    document = pdfium.PdfDocument(to_pdf(report))
    pages = []
    try:
        for page in document:
            image = page.render(scale=dpi / 72, rev_byteorder=True).to_pil().convert("L")
            angle = rng.uniform(-max_angle, max_angle)
            image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            image = image.filter(ImageFilter.GaussianBlur(blur))
            compressed = io.BytesIO()
            image.save(compressed, format="JPEG", quality=quality)
            pages.append(Image.open(io.BytesIO(compressed.getvalue())))
    finally:
        document.close()
    return pages


def to_scanned_pdf(report: GeneratedReport, rng: random.Random, **options: float) -> bytes:
    """An image-only PDF of the scanned pages: no text layer."""
    pages = scan_pages(report, rng, **options)  # type: ignore[arg-type]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=DPI)
    return out.getvalue()
