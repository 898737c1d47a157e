"""`build.py collect`: check the command line, run one Scrapy crawl, write the manifest, print
the summary. Exit status: 0 when every start URL was read, 1 when some could not be (listed) or
the crawl was stopped before the end, 2 when the command line or the folder is wrong (one line on
stderr)."""

from __future__ import annotations

import sys
from pathlib import Path

from collector.options import (
    DEFAULT_CONTACT,
    DEFAULT_DELAY,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_SIZE_MB,
    DEFAULT_TIMEOUT,
    PROJECT,
    Start,
    UsageError,
)
from collector.politeness import BACKOFF_BASE
from collector.spider import Outcome, ReportSpider
from collector.store import Store
from readers.manifest import COLLECTOR_STATE


def writable_folder(into: Path) -> Store:
    """The store inside DIR, or a UsageError that says where and why DIR cannot be written."""
    try:
        into.mkdir(parents=True, exist_ok=True)
        probe = into / COLLECTOR_STATE / ".probe"
        probe.parent.mkdir(exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
        return Store(into)
    except OSError as error:
        raise UsageError(f"cannot write to {into}: {error.strerror or error}") from error


def settings(
    delay: float, timeout: float, max_size_mb: float, contact: str, verbose: bool
) -> dict[str, object]:
    return {
        "BOT_NAME": "gov-disclosure-reports",
        "USER_AGENT": f"{PROJECT} (+{contact}; 政府信息公开工作年度报告开放数据)",
        "ROBOTSTXT_OBEY": True,
        "ROBOTSTXT_USER_AGENT": PROJECT.split("/")[0],
        "DOWNLOAD_DELAY": delay,
        "RANDOMIZE_DOWNLOAD_DELAY": False,  # the delay is a floor, never halved by jitter
        "AUTOTHROTTLE_ENABLED": True,  # slower still when the server is slow
        "AUTOTHROTTLE_START_DELAY": delay,
        "AUTOTHROTTLE_MAX_DELAY": max(60.0, delay),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "CONCURRENT_REQUESTS": 16,  # across sites
        "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
        "DOWNLOAD_TIMEOUT": timeout,
        "DOWNLOAD_MAXSIZE": int(max_size_mb * 1024 * 1024),
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_TIMES": 2,
        BACKOFF_BASE: max(2 * delay, 0.05),
        "COOKIES_ENABLED": False,  # not needed, and its public-suffix list would be fetched online
        "TELNETCONSOLE_ENABLED": False,
        "LOG_ENABLED": verbose,
        "LOG_LEVEL": "INFO",
        "LOG_INSTALL_ROOT_HANDLER": verbose,
        "EXTENSIONS": {
            "scrapy.extensions.throttle.AutoThrottle": None,
            "collector.politeness.CrawlDelayThrottle": 0,
        },
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "collector.politeness.BackoffRetry": 550,
        },
    }


def collect(
    starts: list[Start],
    into: Path,
    *,
    delay: float = DEFAULT_DELAY,
    max_pages: int = DEFAULT_MAX_PAGES,
    timeout: float = DEFAULT_TIMEOUT,
    max_size_mb: float = DEFAULT_MAX_SIZE_MB,
    contact: str = DEFAULT_CONTACT,
    verbose: bool = False,
) -> int:
    """One crawl in this process (Twisted's reactor runs once per process: build.py collect is
    one command, one process)."""
    from scrapy.crawler import CrawlerProcess

    store = writable_folder(into)
    outcome = Outcome()
    try:
        process = CrawlerProcess(settings(delay, timeout, max_size_mb, contact, verbose))
        process.crawl(
            ReportSpider,
            starts=starts,
            into=into,
            store=store,
            outcome=outcome,
            max_pages=max_pages,
        )
        process.start()
        manifest = store.write_manifest()
        kept = len(store.files())
    finally:
        store.close()
    print_summary(outcome, into, manifest, kept)
    if outcome.stopped:
        return 1
    failed = {url for url, _ in outcome.failures} | set(outcome.forbidden)
    return 1 if any(start.url in failed for start in starts) else 0


def print_summary(outcome: Outcome, into: Path, manifest: Path, kept: int) -> None:
    lines = [
        "── 收集结果 ──",
        f"新下载 {len(outcome.new)} 个文件，内容有变更新 {len(outcome.changed)} 个，"
        f"未变（未重新下载）{len(outcome.unchanged)} 个；文件夹中共 {kept} 个文件",
    ]
    if outcome.failures:
        lines.append(f"未能获取 {len(outcome.failures)} 个网址（本次跳过，其余照常收集）：")
        lines += [f"  {url}  {why}" for url, why in sorted(outcome.failures)]
    if outcome.forbidden:
        lines.append(f"robots.txt 不允许抓取，未请求 {len(outcome.forbidden)} 个网址：")
        lines += [f"  {url}" for url in sorted(outcome.forbidden)]
    if outcome.stopped:
        lines.append(f"收集在完成之前停止（{outcome.stopped}）；再运行同一命令，从停下处继续")
    lines.append(f"清单：{manifest}")
    lines.append(f"下一步：python build.py --reports {into} --out 输出目录/")
    print("\n".join(lines))
    sys.stdout.flush()
