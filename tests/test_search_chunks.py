"""A site indexed a chunk at a time (sitegen/search.py) is still one search, in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_browser import browser, foreign, page  # noqa: F401  (fixtures)
from test_site import serve

from package_builder import write_package
from pipeline.parse_folder import parse_folder
from sitegen import build_site
from sitegen.search import site_bundles

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAMPLE = Path(__file__).resolve().parent.parent / "reports" / "sample"


@pytest.fixture(scope="module")
def chunked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    out = tmp_path_factory.mktemp("chunked")
    collection = parse_folder(SAMPLE)
    write_package(collection, out / "datapackage")
    # 5 report pages and their agencies' pages, two pages a chunk
    build_site(collection, out / "datapackage", out / "site", search_chunk=2)
    with serve(out / "site") as base_url:
        yield out / "site", base_url


def test_every_chunk_has_a_bundle_of_its_own(chunked: tuple[Path, str]) -> None:
    site, _ = chunked
    searched = len(list(site.glob("reports/*/index.html"))) + len(
        list(site.glob("agencies/*/index.html"))
    )
    bundles = site_bundles(site)
    assert len(bundles) == (searched + 1) // 2 and len(bundles) >= 4
    assert bundles[:2] == ["pagefind/", "pagefind-2/"]
    for bundle in bundles:
        assert (site / bundle / "pagefind-entry.json").is_file()
    assert not list(site.parent.glob(".search-*"))  # the hard-link folders are gone


@pytest.mark.parametrize(
    ("start", "box", "query", "kind"),
    [
        ("", ".home-search", "慈峪", "reports"),
        ("stats/", ".md-header__pagefind", "商务局", "agencies"),
    ],
)
def test_one_search_finds_pages_of_every_chunk(
    chunked: tuple[Path, str],
    page: tuple[Page, list[str]],  # noqa: F811
    start: str,
    box: str,
    query: str,
    kind: str,
) -> None:
    site, base_url = chunked
    browser_page, requests = page
    browser_page.goto(base_url + start)
    browser_page.locator(f"{box} input").fill(query)
    links = browser_page.locator(f"{box} a.pagefind-ui__result-link[href*='/{kind}/']")
    expect(links.first).to_be_visible(timeout=15_000)
    assert any(query in text for text in links.all_inner_texts())
    fetched = {
        url.split(base_url, 1)[-1].split("/", 1)[0] for url in requests if "/pagefind" in url
    }
    assert len(fetched) >= 2  # more than one bundle answered
    assert foreign(requests) == []


def test_a_rebuild_indexes_again_only_the_chunk_whose_pages_changed(tmp_path: Path) -> None:
    collection = parse_folder(SAMPLE)
    write_package(collection, tmp_path / "datapackage")
    cache = tmp_path / "cache"

    def build(site: Path) -> dict[str, float]:
        build_site(collection, tmp_path / "datapackage", site, search_chunk=2, search_cache=cache)
        return {kept.name: kept.stat().st_mtime for kept in cache.iterdir()}

    first = build(tmp_path / "one")
    assert len(first) == len(site_bundles(tmp_path / "one"))
    again = build(tmp_path / "two")
    assert again == first  # nothing changed: every bundle copied from the cache
    for bundle in site_bundles(tmp_path / "one"):
        one, two = tmp_path / "one" / bundle, tmp_path / "two" / bundle
        assert sorted(p.name for p in one.rglob("*")) == sorted(p.name for p in two.rglob("*"))

    report = collection.reports[0]
    report.sections[0] = replace(report.sections[0], text=report.sections[0].text + "（更正）")
    changed = build(tmp_path / "three")
    assert len(changed) == len(first)
    assert len(set(changed) - set(first)) == 1  # the changed page's chunk, indexed again
    assert all(changed[key] == first[key] for key in set(changed) & set(first))
