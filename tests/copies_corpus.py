"""A folder as users collect it: the same PDF saved twice, one report as a UTF-8 page, a GB2312
page and a Word file, and a mirror PDF of that report that reads one cell differently."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

from generator import generate_report
from generator.documents import to_docx, to_html, to_pdf
from generator.model import GeneratedReport

NEW_TOTAL = ("applications", "new", "total")
CHANGED = ("applications", "new", "natural_person")  # read differently in mirror.pdf
SAME_PDF = ("a.pdf", "b.pdf")
THREE_FORMATS = ("report.html", "report-gb2312.html", "report.docx")
MIRROR = "mirror.pdf"


@dataclass(frozen=True)
class CopiesCorpus:
    pdf_report: GeneratedReport  # saved twice, byte-identical
    formats_report: GeneratedReport  # one report in three formats
    mirror_value: int  # what mirror.pdf prints in CHANGED


def _generated(seed: int) -> GeneratedReport:
    return generate_report(
        random.Random(f"copies:{seed}"), edition="2021", layout="pipe_rows", blank_rate=0.0
    )


def write_copies(folder: Path) -> CopiesCorpus:
    folder.mkdir(parents=True, exist_ok=True)
    pdf_report, formats_report = _generated(1), _generated(2)
    assert (pdf_report.agency, pdf_report.year) != (formats_report.agency, formats_report.year)
    pdf = to_pdf(pdf_report)
    for name in SAME_PDF:
        (folder / name).write_bytes(pdf)
    (folder / "report.html").write_bytes(to_html(formats_report))
    (folder / "report-gb2312.html").write_bytes(to_html(formats_report, encoding="gbk"))
    (folder / "report.docx").write_bytes(to_docx(formats_report))
    value, _ = formats_report.cells[CHANGED]
    assert value is not None
    mirror = replace(
        formats_report, cells={**formats_report.cells, CHANGED: (value + 7, str(value + 7))}
    )
    (folder / MIRROR).write_bytes(to_pdf(mirror))
    return CopiesCorpus(pdf_report, formats_report, value + 7)
