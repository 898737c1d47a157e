"""Sizes of a built site: total bytes, files, HTML bytes per report page, the largest page."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class SiteStats:
    total_bytes: int
    files: int
    report_pages: int
    report_html_mean: float
    report_html_max: int
    by_folder: dict[str, int]
    html_max: int = 0  # the largest HTML page of the whole site
    html_max_path: str = ""


def site_stats(site: Path) -> SiteStats:
    total = files = html_max = 0
    html_max_path = ""
    by_folder: dict[str, int] = {}
    for directory, _, names in os.walk(site):
        top = Path(directory).relative_to(site).parts[:1]
        key = top[0] if top else "."
        for name in names:
            size = os.stat(os.path.join(directory, name)).st_size
            total += size
            files += 1
            by_folder[key] = by_folder.get(key, 0) + size
            if name.endswith(".html") and size > html_max:
                html_max = size
                html_max_path = str(Path(directory, name).relative_to(site))
    pages = [
        path.stat().st_size
        for pattern in ("reports/*/index.html", "*/reports/*/index.html")  # one site, or parts
        for path in site.glob(pattern)
        if path.parent.name != "index"
    ]
    return SiteStats(
        total,
        files,
        len(pages),
        sum(pages) / len(pages) if pages else 0.0,
        max(pages, default=0),
        dict(sorted(by_folder.items(), key=lambda item: -item[1])),
        html_max,
        html_max_path,
    )
