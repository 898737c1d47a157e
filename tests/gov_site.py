"""A small stand-in of a government site, served for real on 127.0.0.1: a 政府信息公开年报 column
with two list pages, report pages in UTF-8 and GBK, PDF/DOCX/.doc attachments, and everything a
crawler must not take (news, another site, a robots.txt-disallowed page, a slow page, an
oversized file, a Content-Disposition that climbs out of the folder). Every request is logged."""

from __future__ import annotations

import hashlib
import random
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator import generate_report
from generator.documents import to_docx, to_pdf
from generator.layouts import PIPE_ROWS
from generator.model import GeneratedReport

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "sample"
REAL = ROOT / "tests" / "fixtures" / "real"

CRAWL_DELAY = 0.1  # robots.txt asks this much between requests; the tests pass --delay 0.01
SLOW_SECONDS = 3.0
BIG_BYTES = 2 * 1024 * 1024  # served to a crawler limited to 1 MB
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


@dataclass
class Resource:
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200
    delay: float = 0.0


@dataclass
class Hit:
    at: float
    path: str
    headers: dict[str, str]
    status: int


def _page(title: str, body: str, charset: str = "utf-8") -> bytes:
    html = (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
        f'<body><div class="header"><img src="/images/logo.png" alt="logo"></div>'
        f"<h1>{title}</h1>{body}"
        f'<div class="footer">主办单位：某某区人民政府办公室</div></body></html>'
    )
    return html.encode("gb18030" if charset.lower() in {"gbk", "gb2312"} else charset)


def _text_page(title: str, text: str, attachments: str = "", charset: str = "utf-8") -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    return _page(title, f'<div class="article">{paragraphs}{attachments}</div>', charset)


def _list(items: list[tuple[str, str]], paging: str) -> str:
    lis = "".join(f'<li><a href="{href}" title="{text}">{text}</a></li>' for href, text in items)
    return f'<ul class="list">{lis}</ul><div class="page">{paging}</div>'


def generated(seed: int) -> GeneratedReport:
    return generate_report(random.Random(seed), edition="2021", layout=PIPE_ROWS)


class GovSite:
    """One site; `other` is the URL of a second site that must never be asked for anything."""

    def __init__(self, other: str = "http://127.0.0.1:9/") -> None:
        self.hits: list[Hit] = []
        self.resources: dict[str, Resource] = {}
        self.other = other
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> GovSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add(self, path: str, resource: Resource) -> None:
        self.resources[path] = resource

    def paths(self) -> list[str]:
        with self._lock:
            return [hit.path for hit in self.hits]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                resource = site.resources.get(self.path) or Resource(
                    _page("页面不存在", "<p>404</p>"), "text/html; charset=utf-8", status=404
                )
                etag = '"' + hashlib.sha256(resource.body).hexdigest()[:16] + '"'
                status = resource.status
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    status = 304
                with site._lock:
                    site.hits.append(Hit(time.monotonic(), self.path, dict(self.headers), status))
                if resource.delay:
                    time.sleep(resource.delay)
                try:
                    self.send_response(status)
                    for name, value in resource.headers.items():
                        self.send_header(name, value)
                    if status in (200, 304):
                        self.send_header("ETag", etag)
                        self.send_header("Last-Modified", LAST_MODIFIED)
                    if status == 304:
                        self.end_headers()
                        return
                    self.send_header("Content-Type", resource.content_type)
                    self.send_header("Content-Length", str(len(resource.body)))
                    self.end_headers()
                    self.wfile.write(resource.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the crawler gave up (time or size limit)

        return Handler


def annual_report_site(other: str) -> GovSite:
    """The 政府信息公开年报 column of a district, with `other` a second site's address."""
    site = GovSite(other)
    html = "text/html; charset=utf-8"
    gbk_html = "text/html; charset=gbk"
    sample = sorted(SAMPLE.glob("*.txt"))
    word, direct = generated(7), generated(8)
    word_title = f"{word.agency}{word.year}年政府信息公开工作年度报告"
    direct_title = f"{direct.agency}{direct.year}年政府信息公开年报"
    site.add(
        "/robots.txt",
        Resource(
            f"User-agent: *\nDisallow: /private/\nCrawl-delay: {CRAWL_DELAY}\n".encode(),
            "text/plain",
        ),
    )
    first = _list(
        [
            ("/zfxxgk/nb/2020/t20210120_1.html", "慈峪镇2020年政府信息公开工作年度报告"),
            ("/old/2023.html", "慈音街道2023年度政府信息公开工作年度报告"),
            ("/zfxxgk/nb/2023/t20240120_5.html", "洪泽区2023年政府信息公开工作年度报告"),
            ("/xwzx/t20240301_9.html", "区政府召开2024年第一次常务会议"),
            (f"{other}nb/2023.html", "外区2023年政府信息公开工作年度报告"),
            ("/private/2018.html", "2018年政府信息公开工作年度报告"),
            ("/zfxxgk/nb/2017/gone.html", "2017年政府信息公开年报"),
        ],
        '<a href="index.html">首页</a> <a href="index_1.html">下一页</a> '
        '<a href="index_1.html">尾页</a>',
    )
    site.add("/zfxxgk/nb/index.html", Resource(_page("政府信息公开年报", first), html))
    second = _list(
        [
            ("/zfxxgk/nb/2022/t20230115_3.html", word_title),
            ("/zfxxgk/nb/2022/P020230110_nb.pdf", direct_title),
            ("/slow/2016.html", "2016年政府信息公开工作年度报告"),
        ],
        '<a href="index.html">上一页</a> <a href="index.html">首页</a>',
    )
    site.add(
        "/zfxxgk/nb/index_1.html", Resource(_page("政府信息公开年报", second, "gbk"), gbk_html)
    )
    # a UTF-8 page with an image of a table (and the site's logo, not to be taken)
    site.add(
        "/zfxxgk/nb/2020/t20210120_1.html",
        Resource(
            _text_page(
                "慈峪镇2020年政府信息公开工作年度报告",
                sample[0].read_text(encoding="utf-8"),
                '<p><img src="/zfxxgk/nb/2020/W020210120_table.png" alt="表格"></p>',
            ),
            html,
        ),
    )
    site.add(
        "/zfxxgk/nb/2020/W020210120_table.png",
        Resource(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png"),
    )
    site.add("/images/logo.png", Resource(b"\x89PNG\r\n\x1a\nlogo", "image/png"))
    # a GBK page behind a 301
    site.add(
        "/old/2023.html",
        Resource(b"", html, {"Location": "/zfxxgk/nb/2023/t20240110_2.shtml"}, status=301),
    )
    site.add(
        "/zfxxgk/nb/2023/t20240110_2.shtml",
        Resource(
            _text_page(
                "慈音街道2023年度政府信息公开工作年度报告",
                sample[1].read_text(encoding="utf-8"),
                charset="gbk",
            ),
            gbk_html,
        ),
    )
    # a PDF behind a download script whose Content-Disposition climbs out of the folder
    site.add(
        "/zfxxgk/nb/2023/t20240120_5.html",
        Resource(
            _text_page(
                "洪泽区2023年政府信息公开工作年度报告",
                "全文见附件。",
                '<p><a href="/module/download/downfile.jsp?classid=0&amp;id=88">附件下载</a></p>',
            ),
            html,
        ),
    )
    site.add(
        "/module/download/downfile.jsp?classid=0&id=88",
        Resource(
            (REAL / "020_hongze_district_2023.pdf").read_bytes(),
            "application/octet-stream",
            {"Content-Disposition": 'attachment; filename="../../x.pdf"'},
        ),
    )
    # Word attachments (.docx, .doc), an oversized scan, and a link to the next news item
    site.add(
        "/zfxxgk/nb/2022/t20230115_3.html",
        Resource(
            _text_page(
                word_title,
                "全文见附件。",
                '<p>附件：<a href="P020230115_report.docx">年度报告.docx</a></p>'
                '<p>附件：<a href="P020230115_report.doc">年度报告.doc</a></p>'
                '<p>附件：<a href="P020230115_scan.pdf">扫描件.pdf</a></p>'
                '<p><a href="/xwzx/t20230101_1.html">上一篇：元旦慰问</a></p>',
            ),
            html,
        ),
    )
    site.add(
        "/zfxxgk/nb/2022/P020230115_report.docx",
        Resource(
            to_docx(word),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    )
    site.add(
        "/zfxxgk/nb/2022/P020230115_report.doc",
        Resource(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "application/msword"),
    )
    site.add(
        "/zfxxgk/nb/2022/P020230115_scan.pdf",
        Resource(b"%PDF-1.4\n" + b"0" * BIG_BYTES, "application/pdf"),
    )
    site.add("/zfxxgk/nb/2022/P020230110_nb.pdf", Resource(to_pdf(direct), "application/pdf"))
    site.add(
        "/slow/2016.html",
        Resource(_page("2016年政府信息公开工作年度报告", "<p>…</p>"), html, delay=SLOW_SECONDS),
    )
    # what must never be asked for
    site.add("/private/2018.html", Resource(_page("2018年度报告", "<p>…</p>"), html))
    site.add("/xwzx/t20240301_9.html", Resource(_page("常务会议", "<p>…</p>"), html))
    site.add("/xwzx/t20230101_1.html", Resource(_page("元旦慰问", "<p>…</p>"), html))
    return site
