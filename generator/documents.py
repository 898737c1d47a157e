"""A generated report as users find it: an HTML page, a Word document or a PDF.

    report = generate_report(random.Random(7), layout="pipe_rows")
    html = to_html(report, encoding="gbk")   # page chrome around it, Word-pasted tables
    docx = to_docx(report)                    # real tables with merged cells
    docx = to_docx(report, merged_columns=TABLES)  # …and grid columns only merged cells cover
    pdf = to_pdf(report)                      # STSong-Light text, ruled tables

The prose is the report's own text; the tables are the form's grids (generator/grid.py) printed as
real tables, merged cells spanning rows and columns as Word prints them. Their cells are the
report's truth (`report.cells`), so reading a document back must give every cell exactly. The
tables named in `merged_columns` ("active", "applications", "reviews", as in template.form.TABLES)
get the extra grid columns of a hand-made Word table (generator/word_grid.py): labels spanning
several columns, empty merged columns between the numbers.
"""

from __future__ import annotations

import html
import io
import random
from collections.abc import Collection
from dataclasses import dataclass

from generator.grid import (
    MERGED_ABOVE,
    MERGED_LEFT,
    Grid,
    TableHabits,
    active_grid,
    application_grid,
    review_grid,
)
from generator.labels import Labeler
from generator.layouts import PIPE_ROWS
from generator.model import GeneratedReport
from generator.word_grid import with_merged_columns
from readers.layout import SpanCell, SpanTable, place

Block = str | SpanTable


@dataclass
class Document:
    title_lines: list[str]  # the title as the report prints it at its top; [] when it has none
    blocks: list[Block]  # paragraphs and tables after the title


def span_table(grid: Grid) -> SpanTable:
    """A grid's merged positions → cells spanning rows and columns."""
    table = SpanTable()
    for r, row in enumerate(grid.rows):
        cells: list[SpanCell] = []
        for c, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            colspan = 1
            while c + colspan < len(row) and row[c + colspan] is MERGED_LEFT:
                colspan += 1
            rowspan = 1
            while r + rowspan < len(grid.rows) and grid.rows[r + rowspan][c] is MERGED_ABOVE:
                rowspan += 1
            cells.append(SpanCell(cell, rowspan, colspan))
        table.rows.append(cells)
    return table


def form_tables(report: GeneratedReport, merged_columns: Collection[str] = ()) -> list[SpanTable]:
    """Tables 二, 三 and 四 holding the report's printed cells."""
    printed = {key: text for key, (_, text) in report.cells.items()}
    labeler = Labeler(random.Random(f"{report.agency}/{report.year}"))
    habits = TableHabits()
    grids = {
        "active": active_grid(report.edition, printed, labeler, habits),
        "applications": application_grid(
            report.edition, printed, labeler, habits, report.has_total_column
        ),
        "reviews": review_grid(printed, labeler, habits),
    }
    rng = random.Random(f"{report.agency}/{report.year}/merged")
    return [
        span_table(with_merged_columns(grid, rng) if table in merged_columns else grid)
        for table, grid in grids.items()
    ]


def document(report: GeneratedReport, merged_columns: Collection[str] = ()) -> Document:
    """The report's paragraphs with its three text tables replaced by real ones."""
    if report.layout != PIPE_ROWS:
        raise ValueError(f"documents are made from {PIPE_ROWS!r} reports, not {report.layout!r}")
    tables = iter(form_tables(report, merged_columns))
    blocks: list[Block] = []
    in_table = False
    for line in report.text.split("\n"):
        if "|" in line:
            if not in_table:
                blocks.append(next(tables))
            in_table = True
            continue
        in_table = False
        if line.strip():
            blocks.append(line.strip())
    title_lines: list[str] = []
    if report.title:
        joined = ""
        for index, block in enumerate(blocks):
            if not isinstance(block, str):
                break
            joined += block
            if joined == report.title:
                title_lines, blocks = (
                    [b for b in blocks[: index + 1] if isinstance(b, str)],
                    blocks[index + 1 :],
                )
                break
    return Document(title_lines, blocks)


# ---------------------------------------------------------------------------------------------
# HTML: a government page with its chrome, the report pasted from Word


def _wrapped_source(text: str) -> str:
    """Word's HTML wraps long runs of text in its source: a newline no browser shows."""
    escaped = html.escape(text)
    if len(text) > 12 and text.isascii() is False:
        middle = len(escaped) // 2
        return escaped[:middle] + "\r\n" + escaped[middle:]
    return escaped


def _html_table(table: SpanTable) -> str:
    rows = []
    for row in table.rows:
        cells = []
        for cell in row:
            spans = (f" rowspan={cell.rowspan}" if cell.rowspan > 1 else "") + (
                f" colspan={cell.colspan}" if cell.colspan > 1 else ""
            )
            content = _wrapped_source(cell.text) if cell.text else "<o:p>&nbsp;</o:p>"
            cells.append(
                f"<td valign=top{spans} style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'>"
                f"<p class=MsoNormal align=center><span lang=EN-US style='font-size:10.5pt'>"
                f"{content}</span></p></td>"
            )
        rows.append("<tr style='height:15.0pt'>" + "".join(cells) + "</tr>")
    return (
        "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=600 "
        "style='border-collapse:collapse;border:none'>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table>"
    )


def _html_report(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, str):
            parts.append(
                "<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312'>"
                f"{_wrapped_source(block)}</span></p>"
            )
        else:
            parts.append(_html_table(block))
    return "\n".join(parts)


def to_html(
    report: GeneratedReport,
    *,
    encoding: str = "utf-8",
    title_outside: bool = True,
    merged_columns: Collection[str] = (),
) -> bytes:
    """A page of a government site holding the report. With encoding "gbk"/"gb2312" the page
    declares `charset=gb2312`, as such sites do; characters GBK lacks become character references."""
    doc = document(report, merged_columns)
    title = report.title or "政府信息公开工作年度报告"
    heading = (
        f"<h1 class='title'>{html.escape(title)}</h1>" if report.title and title_outside else ""
    )
    content = doc.blocks if heading else [*doc.title_lines, *doc.blocks]
    charset = "gb2312" if encoding.lower() in ("gbk", "gb2312", "gb18030") else encoding
    site = html.escape(report.agency)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(title)}_{site}门户网站</title>
<style type="text/css">.title {{ font-size: 22px; }} td {{ border: 1px solid #000; }}</style>
<script type="text/javascript">var sections = "一、总体情况 二、主动公开政府信息情况"; var n = 12345;</script>
</head>
<body>
<div class="top-bar"><a href="/wza">无障碍</a> | <a href="/login">登录</a> | <a href="/reg">注册</a> | 长者模式</div>
<div class="header"><nav class="main-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/zmhd">政民互动</a></li><li><a href="/bsfw">办事服务</a></li></ul></nav></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/nb">政府信息公开年报</a></div>
<div class="main">
<div class="sidebar"><h3>相关年报</h3><ul><li><a href="/nb/1.html">{site}2019年政府信息公开工作年度报告</a></li>
<li><a href="/nb/2.html">{site}2018年政府信息公开工作年度报告</a></li></ul></div>
<div class="article">
{heading}
<div class="info">发布时间：{report.year + 1}-01-20　来源：{site}　字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
<div class="TRS_Editor" id="zoom">
{_html_report(content)}
</div>
<div class="bdsharebuttonbox share">分享到：<a href="#" class="bds_weixin">微信</a><a href="#" class="bds_tsina">微博</a></div>
<div class="print-close"><a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
</div>
<footer class="footer"><p>主办单位：{site}　网站标识码：3301830001</p>
<p><a href="https://beian.miit.gov.cn">浙ICP备12345678号-1</a>　浙公网安备 33018302000123号</p></footer>
<script>document.write("<span>统计</span>");</script>
</body>
</html>
"""
    return page.encode(encoding, errors="xmlcharrefreplace")


# ---------------------------------------------------------------------------------------------
# Word


def add_table(word, block: SpanTable) -> None:  # noqa: ANN001 - a docx.Document
    """A table with its merged cells at the end of a Word document."""
    grid = place(block)
    height = len(block.rows)
    width = max((c + cell.colspan for (_, c), cell in grid.items()), default=0)
    table = word.add_table(rows=height, cols=width)
    table.style = "Table Grid"
    for (r, c), cell in grid.items():
        if cell.rowspan > 1 or cell.colspan > 1:
            table.cell(r, c).merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
    for (r, c), cell in grid.items():
        table.cell(r, c).text = cell.text


def to_docx(report: GeneratedReport, *, merged_columns: Collection[str] = ()) -> bytes:
    """A Word document: paragraphs, and the tables as real tables with merged cells; a page
    number in the footer (page furniture a reader must not take for report text)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = document(report, merged_columns)
    word = docx.Document()
    for line in doc.title_lines:
        word.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in doc.blocks:
        if isinstance(block, str):
            word.add_paragraph(block)
            continue
        add_table(word, block)
    word.sections[0].footer.paragraphs[0].text = "— 1 —"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# PDF

_PAGE_W, _PAGE_H = 595.0, 842.0
_MARGIN = 50.0
_TEXT_SIZE = 10.5
_CELL_SIZE = 7.0


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Lines of at most `width` points, each character measured in the font it is drawn in, so
    that a wrapped line ends at the margin as a typesetter's does."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line, used = [], "", 0.0
    for char in text:
        advance = stringWidth(char, "STSong-Light", size)
        if used + advance > width and line:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += advance
    return [*lines, line] if line else lines or [""]


class _Pdf:
    def __init__(self, ruled: bool) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        self.out = io.BytesIO()
        self.canvas = canvas.Canvas(self.out, pagesize=(_PAGE_W, _PAGE_H))
        self.ruled = ruled
        self.page = 1
        self.y = _PAGE_H - _MARGIN

    def new_page(self) -> None:
        self.canvas.setFont("STSong-Light", 9)
        self.canvas.drawCentredString(_PAGE_W / 2, 25, f"— {self.page} —")
        self.canvas.showPage()
        self.page += 1
        self.y = _PAGE_H - _MARGIN

    def paragraph(self, text: str, centred: bool = False) -> None:
        for line in _wrap(text, _PAGE_W - 2 * _MARGIN, _TEXT_SIZE):
            if self.y < _MARGIN + _TEXT_SIZE:
                self.new_page()
            self.canvas.setFont("STSong-Light", _TEXT_SIZE)
            if centred:
                self.canvas.drawCentredString(_PAGE_W / 2, self.y - _TEXT_SIZE, line)
            else:
                self.canvas.drawString(_MARGIN, self.y - _TEXT_SIZE, line)
            self.y -= _TEXT_SIZE * 1.6

    def table(self, table: SpanTable) -> None:
        placed = place(table)
        width = max(c + cell.colspan for (_, c), cell in placed.items())
        # label columns (those holding long text) get the room the numbers do not need
        longest = [0] * width
        for (_, c), cell in placed.items():
            if cell.colspan == 1:
                longest[c] = max(longest[c], len(cell.text))
        wide = [c for c in range(width) if longest[c] > 8]
        narrow_width = 34.0
        room = _PAGE_W - 2 * _MARGIN - narrow_width * (width - len(wide))
        widths = [room / len(wide) if c in wide else narrow_width for c in range(width)]
        x = [_MARGIN + sum(widths[:c]) for c in range(width + 1)]
        heights = [_CELL_SIZE * 2.2] * len(table.rows)
        for (r, c), cell in placed.items():
            lines = _wrap(cell.text, x[c + cell.colspan] - x[c] - 4, _CELL_SIZE)
            need = len(lines) * _CELL_SIZE * 1.3 + _CELL_SIZE
            if cell.rowspan == 1:
                heights[r] = max(heights[r], need)
        if self.y - sum(heights) < _MARGIN:
            self.new_page()
        self.y -= _TEXT_SIZE * 0.8
        tops = [self.y - sum(heights[:r]) for r in range(len(heights) + 1)]
        for (r, c), cell in placed.items():
            left, right = x[c], x[c + cell.colspan]
            top, bottom = tops[r], tops[r + cell.rowspan]
            if self.ruled:
                self.canvas.rect(left, bottom, right - left, top - bottom)
            lines = _wrap(cell.text, right - left - 4, _CELL_SIZE)
            self.canvas.setFont("STSong-Light", _CELL_SIZE)
            y = top - _CELL_SIZE * 1.4
            for line in lines:
                self.canvas.drawString(left + 2, y, line)
                y -= _CELL_SIZE * 1.3
        self.y = tops[-1] - _TEXT_SIZE * 1.2

    def finish(self) -> bytes:
        self.new_page()
        self.canvas.save()
        return self.out.getvalue()


def to_pdf(report: GeneratedReport, *, ruled: bool = True) -> bytes:
    """A text PDF in the STSong-Light CID font; tables ruled as Word prints them (or, unruled,
    as columns of text), a page number at the foot of every page."""
    doc = document(report)
    pdf = _Pdf(ruled)
    for line in doc.title_lines:
        pdf.paragraph(line, centred=True)
    for block in doc.blocks:
        if isinstance(block, str):
            pdf.paragraph(block)
        else:
            pdf.table(block)
    return pdf.finish()
