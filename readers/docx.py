"""Word documents (.docx) → text: paragraphs and tables in document order, merged cells expanded."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import docx
import lxml.etree
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.text.paragraph import Paragraph

from parsers.record import NotAReport
from readers.layout import Block, Grid, collapse, render

# Encrypted Office files and old binary .doc files are OLE compound documents, not zip packages.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TABS = re.compile(r"\t+")


def _open(data: bytes, name: str) -> docx.document.Document:
    if not data.strip():
        raise NotAReport(f"{name}: the file is empty")
    if data.startswith(_OLE_MAGIC):
        raise NotAReport(
            f"{name}: a password-protected Word file or an old binary .doc, not a .docx; "
            "save it unprotected as .docx"
        )
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError) as error:
        raise NotAReport(f"{name}: not a Word .docx file (not a valid zip package)") from error
    except (KeyError, ValueError, lxml.etree.XMLSyntaxError) as error:
        raise NotAReport(f"{name}: a corrupt Word .docx file ({error})") from error


def _block_elements(parent: lxml.etree._Element) -> Iterator[lxml.etree._Element]:
    """Paragraphs and tables of the body in order, looking inside content controls (w:sdt)."""
    for child in parent.iterchildren():
        if isinstance(child, CT_P | CT_Tbl):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _block_elements(content)


def _paragraph_text(p: CT_P, parent: object) -> str:
    return _TABS.sub("\t", Paragraph(p, parent).text).strip()  # type: ignore[arg-type]


def _cell_text(tc: CT_Tc, parent: object) -> str:
    # Every paragraph of the cell, nested tables included, as one line.
    return collapse(" ".join(_paragraph_text(p, parent) for p in tc.iter(qn("w:p"))))


def table_grid(tbl: CT_Tbl, parent: object) -> Grid:
    """Rows of the table on the column grid. A merged cell's text sits at its origin only:
    python-docx would repeat it in every position it covers."""
    rows: Grid = []
    for tr in tbl.tr_lst:
        row = [""] * tr.grid_before
        for tc in tr.tc_lst:
            text = "" if tc.vMerge == "continue" else _cell_text(tc, parent)
            row.append(text)
            row.extend([""] * (tc.grid_span - 1))
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]


def read_docx(data: bytes, name: str) -> str:
    document = _open(data, name)
    body = document.element.body
    blocks: list[Block] = []
    for element in _block_elements(body):
        if isinstance(element, CT_Tbl):
            blocks.append(table_grid(element, document))
        else:
            blocks.append(_paragraph_text(element, document))
    text = render(blocks)
    if not text.strip():
        raise NotAReport(f"{name}: the Word document holds no text")
    return text
