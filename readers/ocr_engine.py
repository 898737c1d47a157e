"""The OCR engine: RapidOCR (PP-OCRv4 Chinese detection and recognition models shipped inside the
rapidocr-onnxruntime wheel, ONNX Runtime on the CPU). Nothing is downloaded at run time.

One engine per process, made on first use: loading the models takes a fraction of a second, and a
process that reads no scan never pays it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

import numpy as np

ENGINE = "rapidocr-onnxruntime"
# One thread: parser processes already use every core, one file each; and ONNX Runtime's sums
# come out in another order with another thread count, which moved a faint 0's detection score
# across the threshold — the same scan must read the same on any machine (a cluster's output is
# byte-identical to a local build's).
THREADS = 1
# Detection keeps a box whose mean text probability reaches this (the engine's default is 0.5):
# a lone faint 0 in a table cell scores near 0.5; a box read wrongly is stopped by the gate.
BOX_THRESHOLD = 0.3
# Pixels: a page is read at its own resolution up to A4 at 300 dpi (the engine shrinks larger
# images to this first; its default, 2000, shrank a 200 dpi A4 page and its small digits).
MAX_SIDE = 3600

Quad = list[list[float]]  # four corners, clockwise from the top left, in pixels


@dataclass(frozen=True)
class Glyph:
    """One recognised character and the engine's confidence in it."""

    text: str
    quad: Quad
    score: float


@dataclass(frozen=True)
class TextBox:
    """One detected line of text: its corners, its characters."""

    quad: Quad
    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(glyph.text for glyph in self.glyphs)


def engine_version() -> str:
    """What the cache key must change with: the engine and the runtime under it."""
    versions = []
    for package in (ENGINE, "onnxruntime"):
        try:
            versions.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} missing")
    return ";".join(versions)


@lru_cache(maxsize=1)
def _engine():  # noqa: ANN202 - the engine's own class, imported lazily
    # ONNX Runtime would otherwise keep usage telemetry in a database under ~/.cache and start
    # threads to send it: reading a report must not phone anywhere nor write outside the build.
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(
        intra_op_num_threads=THREADS, inter_op_num_threads=THREADS, max_side_len=MAX_SIDE
    )


def recognise(image: np.ndarray) -> list[TextBox]:
    """The lines of text on an RGB image. Every recognised line is kept whatever its confidence:
    the parser decides what enters the data, and a warning quotes what was seen."""
    bgr = np.ascontiguousarray(image[:, :, ::-1])  # the engine takes arrays in OpenCV's order
    result, _ = _engine()(
        bgr, use_cls=False, return_word_box=True, text_score=0.0, box_thresh=BOX_THRESHOLD
    )
    boxes: list[TextBox] = []
    for quad, text, score, char_quads, chars, char_scores in result or []:
        if not text.strip():
            continue
        if chars and len(chars) == len(char_quads) == len(char_scores):
            glyphs = tuple(
                Glyph(c, [[float(x), float(y)] for x, y in q], float(s))
                for c, q, s in zip(chars, char_quads, char_scores, strict=True)
            )
        else:  # no per-character boxes: the line as one glyph
            glyphs = (Glyph(text, [[float(x), float(y)] for x, y in quad], float(score)),)
        boxes.append(TextBox([[float(x), float(y)] for x, y in quad], glyphs))
    return boxes
