"""The site's copy of the data package: every file once, a CSV larger than the whole zip in the
zip only, every file a page or the explorer links present (a real package and MkDocs build of
generated reports, large enough that cells.csv and checks.csv outweigh the zip)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import frictionless
import pytest
from test_site import crawl

from generator import generate_corpus
from package_builder import write_package
from pipeline.parse_folder import Collection, parse_folder
from sitegen import build_site
from sitegen.package_files import package_doc

REPORTS = 24


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Collection, Path, Path]:
    out = tmp_path_factory.mktemp("data_copy")
    reports = out / "reports"
    reports.mkdir()
    for index, report in enumerate(generate_corpus(REPORTS, seed=7)):
        (reports / f"{index:03d}.txt").write_text(report.text, encoding="utf-8")
    collection = parse_folder(reports)
    package, site = out / "datapackage", out / "site"
    write_package(collection, package)
    build_site(collection, package, site, jobs=1)
    return collection, package, site


def _package_files(package: Path) -> set[str]:
    return {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()}


def test_a_csv_larger_than_the_zip_is_in_the_sites_zip_only(
    built: tuple[Collection, Path, Path],
) -> None:
    _, package, site = built
    zip_size = (package / "datapackage.zip").stat().st_size
    larger = {
        path
        for path in _package_files(package)
        if path.endswith(".csv") and (package / path).stat().st_size > zip_size
    }
    assert {"data/cells.csv", "data/checks.csv"} <= larger  # the case this test is about
    held = {p.relative_to(site / "data").as_posix() for p in (site / "data").rglob("*")}
    for path in _package_files(package):
        if path in larger:
            assert path not in held
        else:  # every other file of the package, byte for byte
            assert (site / "data" / path).read_bytes() == (package / path).read_bytes(), path
    # the zip in the site holds the whole package, the left-out CSVs too
    with zipfile.ZipFile(site / "data" / "datapackage.zip") as archive:
        for path in _package_files(package) - {"datapackage.zip"}:
            assert archive.read(path) == (package / path).read_bytes(), path


def test_the_sites_zip_is_the_whole_valid_package(
    built: tuple[Collection, Path, Path], tmp_path: Path
) -> None:
    _, _, site = built
    with zipfile.ZipFile(site / "data" / "datapackage.zip") as archive:
        archive.extractall(tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_the_data_page_sends_to_the_zip_and_every_link_resolves(
    built: tuple[Collection, Path, Path],
) -> None:
    _, package, site = built
    _, broken = crawl(site)
    assert broken == []
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../data/data/cells.csv"' not in html
    assert 'href="../data/data/checks.csv"' not in html
    cells_row = re.search(r'<tr><td><a href="#dict-cells">.*?</tr>', html, re.S)
    assert cells_row is not None
    assert 'href="../data/datapackage.zip"' in cells_row.group()
    assert 'href="../data/data/cells.parquet"' in cells_row.group()
    size = (package / "data" / "cells.csv").stat().st_size
    assert f"CSV（{size:,} 字节）：在" in cells_row.group()
    assert "只在" in html and "<code>cells</code>、<code>checks</code>" in html
    # the quality page's complete list of checks is the data page's entry for them
    quality = (site / "quality" / "index.html").read_text(encoding="utf-8")
    assert 'href="../data/#dict-checks"' in quality


def test_the_explorer_reads_parquet_files_the_site_holds(
    built: tuple[Collection, Path, Path],
) -> None:
    _, _, site = built
    page = (site / "explore" / "index.html").read_text(encoding="utf-8")
    urls = re.findall(r'"(\.\./data/[^"]+\.parquet)"', page)
    assert len(urls) >= 10
    for url in urls:
        assert (site / "explore" / url).resolve().is_file(), url


def test_a_package_published_elsewhere_is_linked_file_by_file(
    built: tuple[Collection, Path, Path],
) -> None:
    _, package, _ = built
    doc = package_doc(package)  # not in the site (--data-url): every file linked
    assert not doc.zip_only
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    linked = {d.path for r in doc.resources for d in r.downloads}
    assert {r["path"] for r in descriptor["resources"]} <= linked
    assert package_doc(package, in_site=True).zip_only == {"cells", "checks"}
