"""What Scrapy 2.19 leaves to us to be a good citizen of a government site.

- Crawl-delay: Scrapy parses it (RobotParser.crawl_delay) but no component applies it, and
  AutoThrottle would lower any slot delay back to DOWNLOAD_DELAY. CrawlDelayThrottle is
  AutoThrottle with a per-host floor: the Crawl-delay robots.txt asks of our User-Agent.
- Back-off: Scrapy's RetryMiddleware reschedules a timed-out or 5xx request at once;
  BackoffRetry waits base × 2^(attempt−1) seconds first.
"""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response

BACKOFF_BASE = "COLLECT_BACKOFF_BASE"  # setting: seconds before the first retry


class CrawlDelayThrottle(AutoThrottle):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.floors: dict[str, float] = {}  # download slot (host) → Crawl-delay seconds
        self.user_agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get(
            "USER_AGENT"
        )
        crawler.signals.connect(self._robots_parsed, signal=signals.robots_parsed)

    def _robots_parsed(self, robotparser: Any, request: Request) -> None:
        delay = robotparser.crawl_delay(self.user_agent)
        if not delay:
            return
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        self.floors[key] = float(delay)
        downloader.per_slot_settings.setdefault(key, {}).update(delay=float(delay), jitter=0.0)
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, float(delay))
            slot.jitter = 0.0

    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        if key in self.floors and slot is not None:
            slot.delay = max(slot.delay, self.floors[key])


class BackoffRetry(RetryMiddleware):
    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat(BACKOFF_BASE, 2.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result)
        return result

    async def process_exception(
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result)
        return result

    async def _wait(self, retry: Request) -> None:
        attempt = retry.meta.get("retry_times", 1)
        await asyncio.sleep(self.base * 2 ** (attempt - 1))
