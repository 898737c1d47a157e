"""HTML pages (.html, .htm) → text: the report cut out of the page chrome, tables as grids.

Government sites publish the report inside menus, breadcrumbs, share buttons and footers, often as
GBK/GB2312 pages with tables pasted from Word (rowspan/colspan). The report is the smallest element
holding its tables and its 一、…六、 headings; everything else is chrome.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.etree
import lxml.html
from bs4.dammit import EncodingDetector

from parsers.record import NotAReport
from readers.chinese import to_simplified
from readers.layout import Block, SpanCell, SpanTable, collapse, expand, render
from readers.text import best_decoding, decode_after_bom, looks_binary
from template.form import SECTIONS

HtmlElement = lxml.html.HtmlElement

# GB2312 and GBK are subsets of GB18030, Big5 of Big5-HKSCS: pages declaring the subset often use
# characters only the superset has.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "csgb2312": "gb18030",
    "hz-gb-2312": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cp950": "big5hkscs",
}
_LEGACY = frozenset(_SUPERSETS.values())
_FALLBACKS = ("utf-8", "gb18030", "big5hkscs")

_UNWANTED = (
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
    "button", "input", "select", "textarea", "link", "meta",
)  # fmt: skip
_CHROME_TAGS = ("nav", "header", "footer", "aside")
_CHROME_NAMES = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|share|bdshare\w*"
    r"|footer|foot|bottom|login|toolbar|topbar|sidebar|wza|print|close|fontsize|related)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset((
    "address", "article", "blockquote", "body", "caption", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "main", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
))  # fmt: skip
_TABLE_WORDS = ("信息内容", "申请", "行政复议", "行政诉讼", "规章", "行政许可", "行政处罚")
_TITLE_WORDS = ("年度报告", "年报")
_MAX_SPAN = 500
_MAX_HEADING = 40


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Markup as text and the encoding used: BOM, then the page's declaration, then the bytes."""
    if not data.strip():
        raise NotAReport(f"{name}: the file is empty")
    decoded = decode_after_bom(data, name)
    if decoded is not None:
        return decoded
    if looks_binary(data):
        raise NotAReport(f"{name}: binary data, not an HTML page")
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    if declared:
        encoding = _SUPERSETS.get(declared.lower(), declared.lower())
        # GBK or Big5 bytes are almost never valid UTF-8: such a page was re-saved, its meta kept.
        order = ("utf-8", encoding) if encoding in _LEGACY and not data.isascii() else (encoding,)
        for candidate in order:
            try:
                return data.decode(candidate), candidate
            except (UnicodeDecodeError, LookupError):
                continue
    decoded = best_decoding(data, _FALLBACKS)
    if decoded is None:
        raise NotAReport(
            f"{name}: the page is neither in its declared encoding nor UTF-8/GB18030/Big5"
        )
    return decoded


def parse_html(markup: str, name: str) -> HtmlElement:
    # Re-encoded as UTF-8 with the encoding forced, so an `<?xml encoding=…?>` or a stale meta
    # charset in the markup cannot make lxml decode it a second time.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise NotAReport(f"{name}: not a readable HTML page ({error})") from error


def read_html(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding) of the report on an HTML page."""
    markup, encoding = decode_html(data, name)
    # Simplified first: the report is found by the form's (Simplified) headings and labels.
    root = parse_html(to_simplified(markup), name)
    for element in list(root.iter(*_UNWANTED)):
        element.drop_tree()
    title = _find_title(root)
    container = report_container(root)
    _drop_chrome(container)
    blocks = flow_blocks(container)
    if title and _squash(title) not in _squash(" ".join(b for b in blocks if isinstance(b, str))):
        blocks.insert(0, title)
    return render(blocks), encoding


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(element: HtmlElement) -> str:
    return collapse(element.text_content())


def _is_report_table(table: HtmlElement) -> bool:
    if table.find(".//table") is not None or len(_rows(table)) < 2:
        return False
    text = table.text_content()
    return any(word in text for word in _TABLE_WORDS)


def _is_heading(element: HtmlElement) -> bool:
    text = _text(element)
    if not text or len(text) > _MAX_HEADING:
        return False
    return any(
        text.startswith(f"{section.numeral}、")
        and any(all(word in text for word in words) for words in section.keywords)
        for section in SECTIONS
    )


def _deepest(elements: Iterable[HtmlElement]) -> list[HtmlElement]:
    chosen = list(elements)
    ids = {id(e) for e in chosen}
    return [e for e in chosen if not any(id(d) in ids for d in e.iterdescendants())]


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement:
    paths = [list(e.iterancestors())[::-1] + [e] for e in elements]
    common = paths[0][0]
    for level in zip(*paths, strict=False):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    return common


def _link_text(element: HtmlElement) -> int:
    return sum(len(_squash(a.text_content())) for a in element.iter("a"))


def report_container(root: HtmlElement) -> HtmlElement:
    """The smallest element holding the report's tables and section headings."""
    body = root.find("body")
    body = root if body is None else body
    tables = [t for t in body.iter("table") if _is_report_table(t)]
    headings = _deepest(e for e in body.iter() if isinstance(e.tag, str) and _is_heading(e))
    anchors = tables + headings
    if not anchors:
        return body
    container = _common_ancestor(anchors)
    if headings:
        return container
    # Tables without headings: take in the prose around them, as long as what is added is not a
    # block of links (menus, lists of other reports).
    while container is not body and container.getparent() is not None:
        parent = container.getparent()
        added = len(_squash(parent.text_content())) - len(_squash(container.text_content()))
        if added and (_link_text(parent) - _link_text(container)) / added > 0.5:
            break
        container = parent
    return container


def _drop_chrome(container: HtmlElement) -> None:
    for element in list(container.iterdescendants()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if element.tag in _CHROME_TAGS or _CHROME_NAMES.search(names):
            holds_report = element.find(".//table") is not None or any(
                _is_heading(e) for e in element.iter()
            )
            if not holds_report:
                element.drop_tree()


def _find_title(root: HtmlElement) -> str | None:
    """The report's title, often printed above the article body rather than inside it."""
    for element in root.iter("h1", "h2", "h3", "h4", "div", "p", "td", "span", "strong"):
        names = f"{element.get('class', '')} {element.get('id', '')}".lower()
        if element.tag not in ("h1", "h2", "h3", "h4") and "title" not in names:
            continue
        if any(a.tag == "a" for a in element.iterancestors()) or element.find(".//a") is not None:
            continue
        text = _text(element)
        if 6 <= len(text) <= 80 and any(word in text for word in _TITLE_WORDS):
            return text
    page_title = root.find(".//title")
    if page_title is not None:
        for part in re.split(r"[_|｜]|\s[-—–]\s", _text(page_title)):
            if any(word in part for word in _TITLE_WORDS):
                return part.strip()
    return None


def _rows(table: HtmlElement) -> list[HtmlElement]:
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _span(cell: HtmlElement, attribute: str) -> int:
    value = (cell.get(attribute) or "").strip()
    return min(int(value), _MAX_SPAN) if value.isdigit() and int(value) > 0 else 1


def _inline_text(element: HtmlElement) -> str:
    """A cell's text on one line: its line breaks and paragraphs become spaces."""
    return collapse(
        " ".join(
            block if isinstance(block, str) else " ".join(" ".join(row) for row in block)
            for block in flow_blocks(element)
        )
    )


def table_grid(table: HtmlElement) -> list[list[str]]:
    spans = SpanTable(
        [
            [
                SpanCell(_inline_text(cell), _span(cell, "rowspan"), _span(cell, "colspan"))
                for cell in row.xpath("./td | ./th")
            ]
            for row in _rows(table)
        ]
    )
    return expand(spans)


def _is_grid(table: HtmlElement) -> bool:
    """A data table, as opposed to a table used to lay out the page (nested tables, one column)."""
    if table.find(".//table") is not None:
        return False
    return any(len(row.xpath("./td | ./th")) > 1 for row in _rows(table))


def flow_blocks(container: HtmlElement) -> list[Block]:
    """Paragraphs as lines and data tables as grids, in document order."""
    blocks: list[Block] = []
    line: list[str] = []

    def newline() -> None:
        text = collapse("".join(line))
        if text:
            blocks.append(text)
        line.clear()

    def walk(node: HtmlElement) -> None:
        if node.tag == "br":
            newline()
            return
        if node.tag == "table" and _is_grid(node):
            newline()
            caption = node.find("caption")
            if caption is not None:
                blocks.append(_text(caption))
            blocks.append(table_grid(node))
            return
        block = node.tag in _BLOCK_TAGS
        if block:
            newline()
        if node.text:
            line.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                line.append(child.tail)
        if block:
            newline()

    walk(container)
    newline()
    return blocks
