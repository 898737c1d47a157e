"""The explorer page as written: views named like the package's resources, ready queries whose
examples come from the package, and what the page says when the package lives elsewhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from package_builder import write_package
from pipeline.parse_folder import parse_folder
from sitegen.explorer import examples, parquet_tables, ready_queries, write_explorer

SAMPLE = Path(__file__).resolve().parent.parent / "reports" / "sample"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("explorer-page") / "datapackage"
    write_package(parse_folder(SAMPLE), out)
    return out


def _config(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="explore-config">(.*?)</script>', page)
    assert match
    return json.loads(match.group(1))


def test_one_view_per_resource_named_like_it(package: Path) -> None:
    tables = parquet_tables(package)
    names = [t["name"] for t in tables]
    assert {"reports", "cells", "codes", "applications", "reviews"} <= set(names)
    assert all((package / path).is_file() for t in tables for path in t["paths"])


def test_ready_queries_run_on_the_package(package: Path) -> None:
    data = package / "data"
    rows = duckdb.sql(f"SELECT * FROM '{data}/reports.parquet'").df().to_dict("records")
    found = examples(rows)
    assert found.reports is not None
    connection = duckdb.connect()
    for table in parquet_tables(package):
        files = ", ".join(f"'{package / path}'" for path in table["paths"])
        connection.sql(f'CREATE VIEW "{table["name"]}" AS SELECT * FROM read_parquet([{files}])')
    answers = {q.title: connection.sql(q.sql).fetchall() for q in ready_queries(found)}
    assert list(answers) == [
        "全国各年度申请量",
        "某省各县比较",
        "两个机关逐格比较",
        "复议纠错率最高的机关",
    ]
    assert answers["全国各年度申请量"]  # one row per year
    assert len(answers["两个机关逐格比较"]) > 50  # every cell of the two reports


def test_examples_pick_the_province_with_most_counties_and_two_reports_of_one_year() -> None:
    rows = [
        {"report_id": "a", "counted": True, "province": "甲省", "county": "一县", "year": 2021},
        {"report_id": "b", "counted": True, "province": "乙省", "county": "二县", "year": 2021},
        {"report_id": "c", "counted": True, "province": "乙省", "county": "三县", "year": 2022},
        {"report_id": "d", "counted": False, "province": "甲省", "county": "四县", "year": 2021},
    ]
    found = examples(rows)
    assert (found.province, found.year, found.reports) == ("乙省", 2021, ("a", "b"))


def test_local_package_read_beside_the_page(package: Path, tmp_path: Path) -> None:
    write_explorer(tmp_path, package, "../data/")
    page = (tmp_path / "explore" / "index.html").read_text(encoding="utf-8")
    urls = [t["url"] for t in _config(page)["tables"]]
    assert "../data/data/reports.parquet" in urls
    assert "跨域" not in page


def test_package_elsewhere_the_page_says_what_it_needs(package: Path, tmp_path: Path) -> None:
    release = "https://github.com/u/r/releases/download/v1/"
    write_explorer(tmp_path, package, release)
    page = (tmp_path / "explore" / "index.html").read_text(encoding="utf-8")
    assert "Access-Control-Allow-Origin" in page and "Range" in page
    assert "GitHub 发行版的下载地址不满足这两点" in page
    assert release + "reports.parquet" in [t["url"] for t in _config(page)["tables"]]
    other = "https://data.example.org/package/"
    write_explorer(tmp_path, package, other)
    page = (tmp_path / "explore" / "index.html").read_text(encoding="utf-8")
    assert "跨域" in page and "发行版" not in page
    assert other + "data/reports.parquet" in [t["url"] for t in _config(page)["tables"]]
