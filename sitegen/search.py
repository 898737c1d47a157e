"""Index the built site with Pagefind (its binary, via the pinned python package).

Pagefind holds every page it indexes in memory until it writes the index (≈ 0.25 MB a page: 1 GB
for a chunk of 4,000 in a part of a 100,000-report build), so
a site of more searched pages than CHUNK_PAGES is indexed a chunk at a time (SEARCH_PROCESSES
chunks side by side), each chunk into a bundle of its own (site/pagefind/, site/pagefind-2/, …);
the search box merges them (Pagefind's mergeIndex), so readers search one index and memory is
bounded by a few chunks, not by the site.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# the pages marked data-pagefind-body (pages.REPORT_META, AGENCY_META): nothing else is searched
SEARCHED = ("reports/*/index.html", "agencies/*/index.html")
# the largest Pagefind process of any build ≈ 0.3 GB, whatever the size of the site or part; each
# chunk adds a bundle whose metadata the first search fetches (≈ 5 KB)
CHUNK_PAGES = 1000
# Pagefind processes at a time: one keeps ≈ 1.3 cores busy (a 1,000-page chunk of report pages:
# 3.0 s alone, two side by side 4.5 s on 2 cores); memory ≈ 0.3 GB each
SEARCH_PROCESSES = 2
BUNDLE = "pagefind/"
# the other chunks' bundles, read by the theme (docs/overrides/main.html) before the search box
BUNDLES_SCRIPT = "pagefind-bundles.js"
_PREFIX = "window.pagefindBundles = "
CACHE_VERSION = "pagefind-1.5.2"  # the pinned Pagefind: another version indexes differently


def index_site(
    site: Path,
    chunk_pages: int = CHUNK_PAGES,
    cache: Path | None = None,
    source: Path | None = None,
) -> list[str]:
    """Write site/pagefind/ (the index and the search UI the theme loads) and, for a large site,
    one more bundle per chunk; return every bundle's folder relative to the site, main first.
    cache: a folder keeping each chunk's bundle by the content of its pages, so a rebuild runs
    Pagefind only on the chunks whose pages changed (the others' bundles are copied).
    source: a folder holding the searched pages, at their paths in the site, as Pagefind is to
    read them (shell.Shell.search_page); by default the site's pages themselves."""
    source = site if source is None else source
    pages = [page for pattern in SEARCHED for page in sorted(source.glob(pattern))]
    chunks = [pages[start : start + chunk_pages] for start in range(0, len(pages), chunk_pages)]
    bundles = [
        BUNDLE if number == 1 else f"pagefind-{number}/" for number in range(1, len(chunks) + 1)
    ]
    if not chunks:  # a site without report pages still gets the search UI the theme loads
        _pagefind(site, site / BUNDLE)
        bundles, chunks = [BUNDLE], []

    def index(chunk: list[Path], bundle: str) -> str:
        key = _chunk_key(source, chunk)
        kept = cache / key if cache else None
        if kept is not None and (kept / "pagefind-ui.js").is_file():
            shutil.copytree(kept, site / bundle)
            return key
        _index_chunk(source, chunk, site / bundle)
        if kept is not None:
            _keep(site / bundle, kept)
        return key

    # threads: each waits on its Pagefind process or hashes pages (both free the GIL); list()
    # raises the first failure
    with ThreadPoolExecutor(max_workers=SEARCH_PROCESSES) as pool:
        keys = list(pool.map(index, chunks, bundles))
    if cache is not None and cache.is_dir():
        for stale in cache.iterdir():  # the cache holds the last build's chunks only
            if stale.name not in keys:
                shutil.rmtree(stale, ignore_errors=True)
    script = _PREFIX + json.dumps(bundles[1:]) + ";\n"
    (site / BUNDLE / BUNDLES_SCRIPT).write_text(script, encoding="utf-8")
    return bundles


def _chunk_key(site: Path, pages: list[Path]) -> str:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for page in pages:
        digest.update(page.relative_to(site).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(page.read_bytes()).digest())
    return digest.hexdigest()[:32]


def _keep(bundle: Path, kept: Path) -> None:
    """Copy a bundle into the cache, whole or not at all (a stopped build leaves no half)."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=kept.parent))
    shutil.copytree(bundle, partial, dirs_exist_ok=True)
    try:
        partial.rename(kept)
    except OSError:  # kept by a build running beside this one
        shutil.rmtree(partial, ignore_errors=True)


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
