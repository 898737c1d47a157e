"""Which links of a government page to follow. Pure: a page's URL and a parsel Selector over its
HTML in, links out. Only three kinds are followed, all on the page's own site: the list's paging,
links that name an annual report with a year, and a report page's attachments."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from collector.names import DOCUMENT_SUFFIXES, IMAGE_SUFFIXES

# 《2023年度政府信息公开工作年度报告》, 某局2022年政府信息公开年报, 2021年度报告
_REPORT = re.compile(r"(?:政府信息公开|信息公开).{0,12}(?:年度报告|年报)|(?:年度报告|年报)")
_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")
_NOT_A_REPORT = re.compile(r"解读|图解|答记者问|通知|征集|统计公报|预算|决算|审计")
_AGENCY = re.compile(r"^(?P<agency>[\u4e00-\u9fff（）()]{2,40}?)\s*(?:关于)?\s*(?:20|19)\d{2}\s*年")
_AGENCY_END = re.compile(
    r"(?:局|委|办|办公室|政府|院|会|厅|部|署|所|中心|站|处|队|街道|镇|乡|区|县|市|省|馆|社)$"
)
_PAGING_TEXT = re.compile(r"^\s*(?:下一页|下页|尾页|末页|最后一页|>|>>|»|\d{1,4})\s*$")
_PAGING_HREF = re.compile(r"(?:^|/)index_\d+\.s?html?$")
# TRS's paging script: createPageHTML(total_pages, current, "index", "html")
_TRS_PAGING = re.compile(
    r"createPageHTML\(\s*(\d+)\s*,\s*\d+\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_ICON = re.compile(
    r"logo|icon|banner|btn|button|ewm|qrcode|erweima|share|jiucuo|dzjg|wza|search|top|bg", re.I
)
_DOWNLOAD = re.compile(r"download|downfile|attach", re.I)  # /module/download/downfile.jsp?…
MAX_TRS_PAGES = 1000


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    year: int | None = None
    agency: str | None = None


def report_year(text: str) -> int | None:
    """The year a link or a title names when it names an annual report, else None."""
    text = re.sub(r"\s+", "", text)
    if not _REPORT.search(text) or _NOT_A_REPORT.search(text):
        return None
    match = _YEAR.search(text)
    if match is None:
        return None
    year = int(match[1])
    return year if 2000 <= year <= 2100 else None


def report_agency(text: str) -> str | None:
    """The agency a title names before its year, only when it plainly ends like an agency's name
    (a wrong agency in the manifest would override the parser's reading)."""
    text = re.sub(r"\s+", "", text).lstrip("《")
    match = _AGENCY.match(text)
    if match is None or not _AGENCY_END.search(match["agency"]):
        return None
    return match["agency"]


def same_site(url: str, page_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(page_url)
    return a.scheme in {"http", "https"} and (a.hostname, a.port) == (b.hostname, b.port)


def _anchors(page_url: str, page: Selector) -> list[tuple[str, str]]:
    base = page.css("base::attr(href)").get() or page_url
    found = []
    for anchor in page.css("a[href]"):
        href = (anchor.attrib.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        text = " ".join(t.strip() for t in anchor.css("::text").getall() if t.strip())
        title = anchor.attrib.get("title", "")
        url = urljoin(base, href).split("#", 1)[0]
        if same_site(url, page_url):
            found.append((url, f"{title} {text}".strip() if title and title not in text else text))
    return found


def page_title(page: Selector) -> str:
    for query in ("h1 ::text", "title::text", "meta[name=ArticleTitle]::attr(content)"):
        text = " ".join(t.strip() for t in page.css(query).getall() if t.strip())
        if text:
            return text
    return ""


def is_report_page(page: Selector) -> bool:
    """A page whose own title names an annual report with a year (a start URL may be one)."""
    return any(
        report_year(" ".join(page.css(q).getall())) is not None
        for q in ("title::text", "h1 ::text", "meta[name=ArticleTitle]::attr(content)")
    )


def report_links(page_url: str, page: Selector) -> list[Link]:
    """Links on a list page whose text or title names an annual report with a year."""
    links: dict[str, Link] = {}
    for url, text in _anchors(page_url, page):
        year = report_year(text)
        if year is not None and url != page_url and url not in links:
            links[url] = Link(url, text, year, report_agency(text))
    return list(links.values())


def paging_links(page_url: str, page: Selector) -> list[str]:
    """The list's other pages: 下一页/尾页/page numbers, index_N.html, and TRS's paging script."""
    pages: list[str] = []
    for url, text in _anchors(page_url, page):
        path = urlsplit(url).path
        if (_PAGING_TEXT.match(text) or _PAGING_HREF.search(path)) and not _is_file(url):
            pages.append(url)
    for script in page.css("script::text").getall():
        for total, stem, ext in _TRS_PAGING.findall(script):
            pages += [
                urljoin(page_url, f"{stem}_{n}.{ext}")
                for n in range(1, min(int(total), MAX_TRS_PAGES))
            ]
    return list(dict.fromkeys(u for u in pages if u != page_url))


def _is_file(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(DOCUMENT_SUFFIXES + IMAGE_SUFFIXES)


def is_document(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(DOCUMENT_SUFFIXES)


def attachment_links(page_url: str, page: Selector) -> list[str]:
    """A report page's attachments: linked documents (.pdf .doc .docx .wps .ofd .xls .xlsx) and
    images, links whose text names a document or whose address is a download script, and the
    images in its body that are not the site's logos, icons and banners."""
    found: list[str] = []
    for url, text in _anchors(page_url, page):
        named_file = text.lower().endswith(DOCUMENT_SUFFIXES)  # 附件：2023年度报告.pdf
        if _is_file(url) or named_file or _DOWNLOAD.search(urlsplit(url).path):
            found.append(url)
    chrome = "header, nav, footer, [class*=header], [class*=footer], [id*=header], [id*=footer]"
    in_chrome = {img.attrib.get("src") for img in page.css(f"{chrome}").css("img[src]")}
    for image in page.css("img[src]"):
        src = image.attrib["src"].strip()
        if src in in_chrome or src.startswith("data:"):
            continue
        url = urljoin(page_url, src)
        name = urlsplit(url).path.rsplit("/", 1)[-1]
        if same_site(url, page_url) and _is_file(url) and not _ICON.search(name):
            found.append(url)
    return list(dict.fromkeys(u for u in found if u != page_url))
