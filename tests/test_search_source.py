"""Pagefind reads slim copies of the searched pages (sitegen/shell.Shell.search_page): the index
must be the one it makes of the pages readers get."""

from __future__ import annotations

import shutil
from pathlib import Path

from package_builder import write_package
from pipeline.parse_folder import parse_folder
from sitegen import build_site
from sitegen.search import index_site, site_bundles

SAMPLE = Path(__file__).resolve().parent.parent / "reports" / "sample"


def _files(bundle: Path) -> dict[str, bytes]:
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


def test_the_index_of_the_slim_copies_is_the_index_of_the_pages(tmp_path: Path) -> None:
    collection = parse_folder(SAMPLE)
    write_package(collection, tmp_path / "datapackage")
    site = tmp_path / "site"
    build_site(collection, tmp_path / "datapackage", site, search_chunk=4)
    bundles = site_bundles(site)
    assert len(bundles) >= 2

    from_pages = tmp_path / "from-pages"
    shutil.copytree(site, from_pages)
    for bundle in bundles:
        shutil.rmtree(from_pages / bundle)
    assert index_site(from_pages, chunk_pages=4) == bundles  # read from the site's own pages

    for bundle in bundles:
        slim, full = _files(site / bundle), _files(from_pages / bundle)
        assert any(name.startswith("fragment/") for name in full)
        assert slim == full, bundle
    assert not list(tmp_path.glob(".site-build-*"))  # the slim copies went with the staging
