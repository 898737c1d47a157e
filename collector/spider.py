"""The crawl: from each start URL (a list page or one report's page) to the reports and their
attachments, every request conditional on what the store already has."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TimeoutError
from twisted.python.failure import Failure

from collector.links import (
    attachment_links,
    is_report_page,
    page_title,
    paging_links,
    report_agency,
    report_links,
    report_year,
)
from collector.names import relative_path
from collector.options import Start
from collector.store import Fetched, Store, StoredLink
from readers.manifest import COLLECTOR_STATE


@dataclass
class Outcome:
    """What a run did, for the summary."""

    new: list[str] = field(default_factory=list)  # files written for the first time
    changed: list[str] = field(default_factory=list)  # files rewritten with new content
    unchanged: list[str] = field(default_factory=list)  # URLs answered 304 or with the same bytes
    failures: list[tuple[str, str]] = field(default_factory=list)  # (URL, reason in Chinese)
    forbidden: list[str] = field(default_factory=list)  # URLs robots.txt does not allow
    stopped: str | None = None  # why the crawl ended early (Ctrl-C: "shutdown"), None when done


class ReportSpider(Spider):
    name = "annual-reports"

    def __init__(
        self,
        starts: list[Start],
        into: Path,
        store: Store,
        outcome: Outcome,
        max_pages: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.starts = starts
        self.into = into
        self.store = store
        self.outcome = outcome
        self.max_pages = max_pages
        self.list_pages: Counter[str] = Counter()  # list pages requested per start URL

    async def start(self) -> Any:
        for start in self.starts:
            self.list_pages[start.url] += 1
            yield self._request(start.url, "start", start.url, start.region)

    def closed(self, reason: str) -> None:
        if reason != "finished":
            self.outcome.stopped = reason

    # --- requests ---------------------------------------------------------------------------
    def _request(
        self,
        url: str,
        kind: str,
        start: str,
        region: str | None,
        year: int | None = None,
        agency: str | None = None,
    ) -> Request:
        """A request for `url`, conditional (If-None-Match / If-Modified-Since) when the store
        has it; `kind` is start, list, report or attachment."""
        headers: dict[str, str] = {}
        known = self.store.get(url)
        if known is not None:
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
            if kind == "start":
                kind = known.kind
        meta = {
            "key": url,
            "kind": kind,
            "start": start,
            "region": region,
            "year": year,
            "agency": agency,
            "handle_httpstatus_list": [304],
        }
        return Request(url, self.parse, errback=self.failed, headers=headers, meta=meta)

    def _follow(self, meta: dict[str, Any], links: Iterable[StoredLink]) -> Iterator[Request]:
        for link in links:
            if link.kind == "list":
                if self.list_pages[meta["start"]] >= self.max_pages:
                    continue
                self.list_pages[meta["start"]] += 1
            yield self._request(
                link.url, link.kind, meta["start"], meta["region"], link.year, link.agency
            )

    # --- responses ----------------------------------------------------------------------------
    def parse(self, response: Response) -> Iterator[Request]:
        meta = response.meta
        key, kind = meta["key"], meta["kind"]
        if response.status == 304:
            if kind != "list":
                self.outcome.unchanged.append(key)
            yield from self._follow(meta, self.store.links(key))
            return
        if not isinstance(response, HtmlResponse):  # a document, wherever its link was
            self._keep(response, "attachment" if kind == "start" else kind)
            return
        page = response.selector
        if kind == "start":
            kind = "report" if is_report_page(page) else "list"
        if kind == "list":
            links = [
                StoredLink(link.url, "report", link.year, link.agency)
                for link in report_links(response.url, page)
            ]
            links += [StoredLink(url, "list") for url in paging_links(response.url, page)]
        elif kind == "report":
            title = page_title(page)
            year = meta["year"] or report_year(title)
            agency = meta["agency"] or report_agency(title)
            meta = {**meta, "year": year, "agency": agency}
            links = [
                StoredLink(url, "attachment", year, agency)
                for url in attachment_links(response.url, page)
            ]
        else:  # an attachment that is a page: kept, not followed
            links = []
        # links first, then the page's record: a run stopped between the two asks again next time
        self.store.set_links(key, links)
        if kind == "list":
            self._remember(response, kind, file=None)
        else:
            self._keep(response, kind, meta["year"], meta["agency"])
        yield from self._follow(meta, links)

    def _validators(self, response: Response) -> tuple[str | None, str | None]:
        def header(name: str) -> str | None:
            value = response.headers.get(name)
            return value.decode("latin-1") if value else None

        return header("ETag"), header("Last-Modified")

    def _remember(
        self,
        response: Response,
        kind: str,
        file: str | None,
        digest: str | None = None,
        year: int | None = None,
        agency: str | None = None,
    ) -> None:
        etag, last_modified = self._validators(response)
        meta = response.meta
        self.store.record(
            Fetched(
                url=meta["key"],
                kind=kind,
                file=file,
                final_url=response.url,
                agency=agency,
                region=meta["region"],
                year=year,
                etag=etag,
                last_modified=last_modified,
                sha256=digest,
                fetched_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            )
        )

    def _keep(
        self, response: Response, kind: str, year: int | None = None, agency: str | None = None
    ) -> None:
        """Write the body as served, then record it; an unchanged body is not rewritten."""
        meta = response.meta
        key = meta["key"]
        year = year or meta["year"]
        agency = agency or meta["agency"]
        disposition = response.headers.get("Content-Disposition")
        content_type = response.headers.get("Content-Type")
        wanted = relative_path(
            response.url,
            disposition.decode("latin-1") if disposition else None,
            content_type.decode("latin-1") if content_type else None,
        )
        relative = self.store.file_name(key, wanted)
        digest = hashlib.sha256(response.body).hexdigest()
        known = self.store.get(key)
        try:
            target = inside(self.into, relative)
        except ValueError as error:
            self.outcome.failures.append((key, f"文件名不安全，未保存（{error}）"))
            return
        if known and known.sha256 == digest and target.is_file():
            self.outcome.unchanged.append(key)
            self._remember(response, kind, relative, digest, year, agency)
            return
        try:
            write_whole(self.into, target, response.body)
        except OSError as error:
            self.outcome.failures.append((key, f"无法写入 {relative}：{error.strerror or error}"))
            return
        (self.outcome.changed if known and known.file else self.outcome.new).append(relative)
        self._remember(response, kind, relative, digest, year, agency)

    def failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        key = request.meta.get("key", request.url)
        if failure.check(IgnoreRequest) and "robots.txt" in str(failure.value):
            self.outcome.forbidden.append(key)
            return
        self.outcome.failures.append((key, reason(failure, self.settings)))


def reason(failure: Failure, settings: Any) -> str:
    """Why a URL could not be fetched, in Chinese."""
    error = failure.value
    if failure.check(HttpError):
        status = error.response.status
        known = {404: "页面不存在", 403: "禁止访问", 410: "已删除"}.get(status, "")
        return f"服务器返回 HTTP {status}" + (f"（{known}）" if known else "")
    if failure.check(TimeoutError, DownloadTimeoutError):
        return f"超时：{settings.getfloat('DOWNLOAD_TIMEOUT'):g} 秒内没有完成（已重试）"
    if failure.check(ConnectionRefusedError, DownloadConnectionRefusedError):
        return "连接被拒绝"
    if failure.check(DNSLookupError, CannotResolveHostError):
        return "域名无法解析"
    text = str(error)
    if failure.check(DownloadCancelledError) and ("maxsize" in text or "larger than" in text):
        limit = settings.getint("DOWNLOAD_MAXSIZE") / 1024 / 1024
        return f"文件超过大小上限（{limit:g} MB），已丢弃，未保存"
    return f"无法获取（{type(error).__name__}: {text or '无详细信息'}）"


def inside(folder: Path, relative: str) -> Path:
    """The path of a DIR-relative name, refused when it would leave DIR or enter the store."""
    root = folder.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or target.is_relative_to(root / COLLECTOR_STATE):
        raise ValueError(f"{relative!r} is not a file name inside {folder}")
    return target


def write_whole(folder: Path, target: Path, body: bytes) -> None:
    """The file appears whole or not at all: written beside the store, then renamed into place."""
    partial = folder / COLLECTOR_STATE / "partial"
    partial.mkdir(parents=True, exist_ok=True)
    temporary = partial / hashlib.sha256(str(target).encode()).hexdigest()
    temporary.write_bytes(body)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temporary, target)
