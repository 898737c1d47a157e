"""The header block a crawler writes above a page's text: metadata, not report text.

标题: 平潭综合实验区交通与建设局2019年度政府信息公开工作年度报告
发布时间: 2020-01-08 16:29
发布机构: …
原文链接: https://www.pingtan.gov.cn/…
==================== 正文 ====================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.normalize import nfkc

_FIELD = re.compile(
    r"^\s*(?P<name>标题|题目|发布时间|发布日期|成文日期|文号|发文字号|发布机构|发文机关|来源|栏目|"
    r"原文链接|原文地址|来源链接|网址|链接|本地目录|抓取时间|采集时间)\s*[:：]\s*(?P<value>.*?)\s*$"
)
_BODY_MARK = re.compile(r"^\s*[=\-—*#]{3,}\s*(?:正文|内容|全文)?\s*[=\-—*#]*\s*$")
_ASIDE = re.compile(r"^\s*页面链接与图片详见")
_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_URL = re.compile(r"^https?://\S+$")
MIN_FIELDS = 2
MAX_HEADER_LINES = 20


@dataclass(frozen=True)
class CrawlHeader:
    end: int  # index of the first line after the header block
    title: str | None = None
    published: str | None = None  # ISO date
    publisher: str | None = None
    source_url: str | None = None


def read_crawl_header(lines: list[str]) -> CrawlHeader | None:
    """The crawler's header block at the top of the text, or None when there is none."""
    fields: dict[str, str] = {}
    end = 0
    for index, line in enumerate(lines[:MAX_HEADER_LINES]):
        if not line.strip() or _ASIDE.match(line):
            end = index + 1
            continue
        match = _FIELD.match(line)
        if match:
            fields.setdefault(match["name"], match["value"])
            end = index + 1
            continue
        if _BODY_MARK.match(line) and fields:
            end = index + 1
        break
    if len(fields) < MIN_FIELDS or not ({"标题", "题目", "原文链接", "原文地址"} & fields.keys()):
        return None
    return CrawlHeader(
        end=end,
        title=_first(fields, "标题", "题目"),
        published=_iso_date(_first(fields, "发布时间", "发布日期", "成文日期")),
        publisher=_first(fields, "发布机构", "发文机关"),
        source_url=_url(_first(fields, "原文链接", "原文地址", "来源链接", "网址", "链接")),
    )


def _first(fields: dict[str, str], *names: str) -> str | None:
    for name in names:
        if fields.get(name):
            return fields[name]
    return None


def _iso_date(text: str | None) -> str | None:
    match = _DATE.search(nfkc(text or ""))
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _url(text: str | None) -> str | None:
    return text if text and _URL.match(text) else None
