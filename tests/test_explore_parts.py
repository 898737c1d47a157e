"""The SQL explorer over a package written one file per year: one view per resource, in Chromium."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest
import test_browser
from playwright.sync_api import Page
from range_server import serve_ranges
from test_explore import foreign, result_rows, run_query, shown

from package_builder import write_package
from package_builder.config import PackageConfig
from pipeline.parse_folder import parse_folder
from sitegen.build import build_site
from sitegen.explorer import bundle_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]
browser = test_browser.browser
page = test_browser.page

ROOT = Path(__file__).resolve().parent.parent


def test_a_view_reads_every_years_file(tmp_path: Path, page: tuple[Page, list[str]]) -> None:
    if not bundle_ready():
        subprocess.run(["make", "explorer"], cwd=ROOT, check=True)
    collection = parse_folder(ROOT / "reports" / "sample")
    write_package(collection, tmp_path / "whole")
    write_package(collection, tmp_path / "parted", PackageConfig(part_reports=2))
    assert len(list((tmp_path / "parted" / "data").glob("cells-*.parquet"))) == 4
    build_site(collection, tmp_path / "parted", tmp_path / "site", jobs=1)
    browser_page, requests = page
    sql = (
        'SELECT r.year, c."table", count(*) AS cells, sum(c.value) AS total '
        "FROM cells c JOIN reports r USING (report_id) GROUP BY ALL ORDER BY 1, 2"
    )
    whole = tmp_path / "whole" / "data"
    local = sql.replace("FROM cells", f"FROM '{whole}/cells.parquet'").replace(
        "JOIN reports", f"JOIN '{whole}/reports.parquet'"
    )
    expected = duckdb.sql(local).fetchall()
    assert {row[0] for row in expected} == {2019, 2020, 2023}
    with serve_ranges(tmp_path / "site") as (base_url, ranges):
        browser_page.goto(base_url + "explore/")
        run_query(browser_page, sql)
        assert result_rows(browser_page) == [[shown(v) for v in row] for row in expected]
        read = {path.rsplit("/", 1)[-1] for path in ranges if "/cells-" in path}
        assert len(read) == 4  # every year's file
    assert foreign(requests) == []
