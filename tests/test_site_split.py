"""Sites for collections larger than one site should hold: one site per year or province, and
the data package published elsewhere (release assets) instead of inside the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from labelled_cells import download_rows, labelled_cells

from build import main as build_main
from package_builder import write_package
from pipeline.parse_folder import Collection, parse_folder
from sitegen import build_site
from sitegen.site_data import site_data
from sitegen.split import build_split_sites

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "sample"
RELEASE = "https://github.com/example/reports/releases/download/v2024"
HOST = "https://data.example.org/reports/2024"  # any host that keeps the package's folders


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Collection, Path]:
    out = tmp_path_factory.mktemp("split")
    collection = parse_folder(SAMPLE)
    write_package(collection, out / "datapackage")
    return collection, out / "datapackage"


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"#]+)"', html)


def test_split_by_year_builds_one_site_per_year_and_shares_one_copy_of_the_data(
    sample: tuple[Collection, Path], tmp_path: Path
) -> None:
    collection, package = sample
    site = tmp_path / "site"
    build_split_sites(collection, package, site, "year")
    years = sorted({r.year for r in collection.reports if r.year})
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == sorted(
        [str(y) for y in years] + ["data", "explore"]  # one explorer over the whole package
    )
    index = (site / "index.html").read_text(encoding="utf-8")
    for year in years:
        assert f'href="{year}/"' in index
        part = site / str(year)
        assert (part / "pagefind" / "pagefind-ui.js").is_file()
        assert not (part / "data" / "datapackage.json").exists()  # one copy, at site/data/
        pages = {p.parent.name for p in (part / "reports").glob("*/index.html")}
        assert pages == {e.id for e in site_data(collection).entries if e.year == year}
        for page in (part / "index.html", part / "data" / "index.html"):
            targets = [link for link in links(page.read_text("utf-8")) if "datapackage" in link]
            assert targets, page
            for link in targets:
                assert (page.parent / link).resolve().is_file(), (page, link)
    assert (site / "data" / "data" / "cells.csv").is_file()


def test_split_by_province_keeps_the_whole_collections_ids(
    sample: tuple[Collection, Path], tmp_path: Path
) -> None:
    collection, package = sample
    site = tmp_path / "site"
    build_split_sites(collection, package, site, "province")
    package_rows = labelled_cells(package)
    found = 0
    for entry in site_data(collection).entries:
        folders = list(site.glob(f"*/reports/{entry.id}"))
        assert len(folders) == 1, entry.id
        rows = download_rows((folders[0] / "cells.csv").read_text("utf-8"))
        assert rows == package_rows[entry.id]
        assert rows
        found += 1
    assert found == len(collection.reports)


def test_data_url_links_the_release_and_copies_nothing(
    sample: tuple[Collection, Path], tmp_path: Path
) -> None:
    collection, package = sample
    site = tmp_path / "site"
    build_site(collection, package, site, data_url=RELEASE + "/")
    assert not (site / "data" / "datapackage.json").exists()
    assert not (site / "data" / "data").exists()
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    package_links = [link for link in links(html) if "datapackage" in link or "/data/" in link]
    assert f'href="{RELEASE}/cells.csv"' in html  # release assets have no folders
    assert f'href="{RELEASE}/datapackage.zip"' in html
    assert all(
        link.startswith(RELEASE) for link in package_links if link.endswith((".csv", ".zip"))
    )


def test_build_cli_accepts_split_and_data_url(tmp_path: Path) -> None:
    status = build_main(
        [
            "site",
            "--reports",
            str(SAMPLE),
            "--out",
            str(tmp_path),
            "--split-by",
            "year",
            "--data-url",
            RELEASE,
        ]
    )
    assert status == 0
    site = tmp_path / "site"
    assert (site / "index.html").is_file()
    assert not (site / "data").exists()
    assert f'href="{RELEASE}/datapackage.zip"' in (site / "index.html").read_text("utf-8")


def test_data_url_on_a_host_with_folders_keeps_the_paths(
    sample: tuple[Collection, Path], tmp_path: Path
) -> None:
    collection, package = sample
    site = tmp_path / "site"
    build_site(collection, package, site, data_url=HOST)
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert f'href="{HOST}/data/cells.csv"' in html
    assert f'href="{HOST}/schemas/cells.json"' in html or "schemas/" not in html
