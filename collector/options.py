"""What `build.py collect` accepts, checked before any crawling (and before Scrapy is imported)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = "gov-disclosure-reports-collector/0.1"
# Who to ask about the crawl; `--contact` replaces it with the publisher's own page or address.
DEFAULT_CONTACT = "https://github.com/gov-disclosure-reports/gov-disclosure-reports"
# seconds between two requests to one host; robots.txt's Crawl-delay may ask for more
DEFAULT_DELAY = 1.0
DEFAULT_MAX_PAGES = 50  # list pages followed from one start URL
DEFAULT_TIMEOUT = 60.0  # seconds per request
DEFAULT_MAX_SIZE_MB = 100.0  # per file; a scanned report runs to a few tens of MB


@dataclass(frozen=True)
class Start:
    url: str
    region: str | None = None


class UsageError(Exception):
    """Something on the command line or about DIR; the message is one line for stderr."""


def start_url(url: str, region: str | None = None) -> Start:
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UsageError(f"not a web address (http:// or https://): {url!r}")
    return Start(url.strip(), region or None)


def read_url_list(path: Path) -> list[Start]:
    """A CSV of url,region (region optional, a header row optional), UTF-8 or GB18030."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read the URL list {path}: {error.strerror or error}") from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    starts: list[Start] = []
    for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), 1):
        cells = [cell.strip() for cell in row]
        if not cells or not cells[0] or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() == "url":
            continue
        try:
            starts.append(start_url(cells[0], cells[1] if len(cells) > 1 else None))
        except UsageError as error:
            raise UsageError(f"{path} line {number}: {error}") from error
    if not starts:
        raise UsageError(f"the URL list {path} names no URL (one url,region per line)")
    return starts
