"""Bytes a browser fetches from opening the home page to the first results of a Chinese query.

The built site is served on 127.0.0.1 by a plain static server (no compression); every finished
response is counted (body + headers). The gzip column estimates what a compressing host such as
GitHub Pages would send for the same bodies."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# (input to type into, a result link) for our Pagefind UI and for Material's own search
# Each UI's message line says "找到 N 个…" (or "没有找到…") once the query has been answered.
PAGEFIND = (
    ".md-header__pagefind input",
    ".md-header__pagefind .pagefind-ui__message:has-text('找到')",
)
# Material answers in .md-search-result__meta: "找到 N 个…" or "没有找到…" once it has searched
MATERIAL = ("input.md-search__input", ".md-search-result__meta:has-text('找到')")


@dataclass
class Payload:
    query: str
    requests: int
    bytes: int
    gzip_bytes: int
    results: int
    by_kind: dict[str, int] = field(default_factory=dict)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _kind(path: str) -> str:
    if "/pagefind/" in path:
        return "pagefind"
    if "search" in path or "lunr" in path:
        return "search"
    return path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else "html"


def first_query(site: Path, queries: list[str], material: bool = False) -> list[Payload]:
    """For each query in a fresh browser context: load the home page, type it, wait for results."""
    from playwright.sync_api import sync_playwright

    field_selector, result_selector = MATERIAL if material else PAGEFIND
    payloads = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for query in queries:
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                fetched: list[tuple[str, int]] = []

                def finished(request, fetched=fetched) -> None:  # noqa: ANN001
                    sizes = request.sizes()
                    size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    fetched.append((request.url, size))

                page.on("requestfinished", finished)
                page.goto(base, wait_until="load")
                page.locator(field_selector).first.click()
                page.locator(field_selector).first.fill(query)
                page.locator(result_selector).first.wait_for(timeout=120_000)
                if not material:  # the first results' fragments, as the UI shows them
                    links = page.locator(".md-header__pagefind a.pagefind-ui__result-link")
                    if "没有" not in page.locator(result_selector).first.inner_text():
                        links.first.wait_for(timeout=60_000)
                page.wait_for_load_state("networkidle")
                results = page.locator(
                    ".md-search-result__item"
                    if material
                    else ".md-header__pagefind a.pagefind-ui__result-link"
                ).count()
                context.close()
                by_kind: dict[str, int] = {}
                compressed = 0
                for url, size in fetched:
                    path = unquote(urlparse(url).path)
                    by_kind[_kind(path)] = by_kind.get(_kind(path), 0) + size
                    file = site / path.lstrip("/")
                    if file.is_dir():
                        file = file / "index.html"
                    if file.is_file():
                        compressed += len(gzip.compress(file.read_bytes(), 6))
                payloads.append(
                    Payload(
                        query,
                        len(fetched),
                        sum(size for _, size in fetched),
                        compressed,
                        results,
                        by_kind,
                    )
                )
        finally:
            browser.close()
    return payloads
