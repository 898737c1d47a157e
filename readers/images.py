"""Pages as images for OCR: the pages of a scanned PDF rendered at the scan's own resolution
(pypdfium2), and image files (.png .jpg .jpeg .tif .tiff, every page of a multi-page TIFF)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageOps, UnidentifiedImageError

from parsers.ocr_gate import OcrText
from parsers.record import NotAReport
from readers.layout import Block, render_mapped
from readers.scan import ReadBlock, read_page_image

POINTS_PER_INCH = 72.0
LOWEST_DPI, HIGHEST_DPI = 200.0, 300.0  # the models read 200 dpi scans well; more only costs time
_LONGEST_SIDE = 4000  # pixels: a phone photo is scaled down to this before OCR
Image.MAX_IMAGE_PIXELS = 200_000_000  # a page at 600 dpi fits; a decompression bomb does not


def pdf_page_images(data: bytes, indexes: list[int]) -> Iterator[np.ndarray]:
    """The given pages (0-based) rendered as RGB arrays at the resolution of their largest image."""
    document = pdfium.PdfDocument(data)
    try:
        for index in indexes:
            page = document[index]
            width_points = page.get_width() or 1.0
            pixels = [
                obj.get_px_size()[0]
                for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,))
            ]
            dpi = max(pixels, default=0) / width_points * POINTS_PER_INCH
            dpi = min(max(dpi, LOWEST_DPI), HIGHEST_DPI)
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)  # RGB
            yield np.ascontiguousarray(bitmap.to_numpy()[:, :, :3])
    finally:
        document.close()


def image_file_pages(data: bytes, name: str) -> Iterator[np.ndarray]:
    """Every page of an image file as an RGB array, turned upright by its EXIF orientation."""
    if not data.strip():
        raise NotAReport(f"{name}: the file is empty")
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise NotAReport(f"{name}: not a readable image ({error})") from error
    for frame in range(frames):
        try:
            image.seek(frame)
            page = ImageOps.exif_transpose(image).convert("RGB")
        except (OSError, ValueError, Image.DecompressionBombError) as error:
            raise NotAReport(f"{name}: not a readable image ({error})") from error
        page.thumbnail((_LONGEST_SIDE, _LONGEST_SIDE))
        yield np.asarray(page)


def assemble(pages: list[list[Block] | list[ReadBlock]]) -> tuple[str, OcrText | None]:
    """Pages of blocks (a text page's plain, an OCR'd page's with what OCR saw) → the text, and
    what OCR saw on each of its lines (None when no page was OCR'd)."""
    blocks: list[Block] = []
    seen: dict[int, list] = {}
    for page in pages:
        for item in page:
            if isinstance(item, ReadBlock):
                seen[len(blocks)] = item.seen
                blocks.append(item.block)
            else:
                blocks.append(item)
    text, origins = render_mapped(blocks)
    if not seen:
        return text, None
    ocr = OcrText(everything=len(seen) == len(blocks))
    for line, (block, row) in origins.items():
        if block in seen:
            rows = seen[block]
            ocr.lines[line] = rows[row] if row < len(rows) else []
    return text, ocr


def read_image(data: bytes, name: str) -> tuple[str, OcrText | None]:
    pages = [read_page_image(page) for page in image_file_pages(data, name)]
    text, ocr = assemble(pages)
    if not text.strip():
        raise NotAReport(f"{name}: no text found in the image")
    return text, ocr
