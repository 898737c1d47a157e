"""Index the built site with Pagefind (its binary, via the pinned python package).

Pagefind holds every page it indexes in memory until it writes the index (≈ 0.17 MB a page), so
a site of more searched pages than CHUNK_PAGES is indexed a chunk at a time, each chunk into a
bundle of its own (site/pagefind/, site/pagefind-2/, …); the search box merges them (Pagefind's
mergeIndex), so readers search one index and memory is bounded by a chunk, not by the site.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# the pages marked data-pagefind-body (pages.REPORT_META, AGENCY_META): nothing else is searched
SEARCHED = ("reports/*/index.html", "agencies/*/index.html")
CHUNK_PAGES = 4000
BUNDLE = "pagefind/"
# the other chunks' bundles, read by the theme (docs/overrides/main.html) before the search box
BUNDLES_SCRIPT = "pagefind-bundles.js"
_PREFIX = "window.pagefindBundles = "


def index_site(site: Path, chunk_pages: int = CHUNK_PAGES) -> list[str]:
    """Write site/pagefind/ (the index and the search UI the theme loads) and, for a large site,
    one more bundle per chunk; return every bundle's folder relative to the site, main first."""
    pages = [page for pattern in SEARCHED for page in sorted(site.glob(pattern))]
    if len(pages) <= chunk_pages:
        _pagefind(site, site / BUNDLE)
        bundles = [BUNDLE]
    else:
        bundles = []
        for number, start in enumerate(range(0, len(pages), chunk_pages), start=1):
            bundle = BUNDLE if number == 1 else f"pagefind-{number}/"
            _index_chunk(site, pages[start : start + chunk_pages], site / bundle)
            bundles.append(bundle)
    script = _PREFIX + json.dumps(bundles[1:]) + ";\n"
    (site / BUNDLE / BUNDLES_SCRIPT).write_text(script, encoding="utf-8")
    return bundles


def site_bundles(site: Path) -> list[str]:
    """The bundles index_site wrote into a site, main first."""
    script = (site / BUNDLE / BUNDLES_SCRIPT).read_text(encoding="utf-8")
    return [BUNDLE, *json.loads(script.removeprefix(_PREFIX).rstrip().rstrip(";"))]


def _index_chunk(site: Path, pages: list[Path], bundle: Path) -> None:
    """Pagefind over these pages only: a folder of hard links to them at their own paths, so the
    result URLs are the site's."""
    with tempfile.TemporaryDirectory(prefix=".search-", dir=site.parent) as mirror:
        for page in pages:
            linked = Path(mirror) / page.relative_to(site)
            linked.parent.mkdir(parents=True, exist_ok=True)
            os.link(page, linked)
        _pagefind(Path(mirror), bundle)


def _pagefind(site: Path, bundle: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle)]
        + ["--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not (bundle / "pagefind-ui.js").is_file():
        raise RuntimeError(
            f"pagefind failed ({result.returncode}): {result.stderr or result.stdout}"
        )
