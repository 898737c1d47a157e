"""Compare and explore, in Debian's Chromium: an agency's whole form across its years, the SQL
explorer over the site's own Parquet files, and one search over every part of a split site.

The corpus: the bundled samples and four real one-line crawled reports (平潭, 2019–2022, both
editions of the form) that a manifest assigns to one agency, so it has four consecutive years.
Every request the browser makes is recorded; none may leave 127.0.0.1."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import pytest
import test_browser
from playwright.sync_api import Page, expect
from range_server import serve_ranges
from test_site import shown as shown_number

from package_builder import write_package
from pipeline.parse_folder import Collection, parse_folder
from sitegen.build import build_site
from sitegen.explorer import BUNDLE_FILES, bundle_ready
from sitegen.site_data import site_data
from sitegen.split import build_split_sites
from template.form import column_title, row_title

pytestmark = [pytest.mark.browser, pytest.mark.slow]
browser = test_browser.browser  # the fixtures: one Chromium per module, requests recorded
page = test_browser.page

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "fixtures" / "real"
AGENCY = "平潭综合实验区测试机关"
YEARS = {
    "023_pingtan_jiaojian_2019.txt": 2019,
    "024_pingtan_guanweihui_office_2020.txt": 2020,
    "025_pingtan_caijin_2021.txt": 2021,
    "026_pingtan_shenpi_2022.txt": 2022,
}


def write_corpus(folder: Path) -> Path:
    shutil.copytree(ROOT / "reports" / "sample", folder / "sample")
    lines = ["file,agency,region,year,source_url"]
    for name, year in YEARS.items():
        shutil.copyfile(REAL / name, folder / name)
        lines.append(f"{name},{AGENCY},福建省,{year},")
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Collection, Path, Path]:
    if not bundle_ready():
        # make test builds it first; a test run by hand builds it the same way
        subprocess.run(["make", "explorer"], cwd=ROOT, check=True)
    tmp = tmp_path_factory.mktemp("explore")
    collection = parse_folder(write_corpus(tmp / "reports"))
    write_package(collection, tmp / "datapackage")
    build_site(collection, tmp / "datapackage", tmp / "site")
    build_split_sites(collection, tmp / "datapackage", tmp / "split", "year")
    return collection, tmp / "datapackage", tmp


def foreign(requests: list[str]) -> list[str]:
    """Requests to anywhere but the local site (a blob: URL is memory of a page of the site)."""
    return [url for url in requests if urlparse(url.removeprefix("blob:")).hostname != "127.0.0.1"]


def run_query(browser_page: Page, sql: str | None = None, ready: int | None = None) -> None:
    """Run the SQL box (or a ready query by its index) and wait for the answer."""
    expect(browser_page.locator("#run")).to_be_enabled(timeout=30_000)
    browser_page.evaluate("delete document.querySelector('#result').dataset.rows")
    if ready is not None:
        browser_page.locator(f"[data-query='{ready}']").click()
    else:
        browser_page.locator("#sql").fill(sql or "")
        browser_page.locator("#run").click()
    browser_page.wait_for_function(
        "document.querySelector('#result').dataset.rows !== undefined", timeout=60_000
    )
    assert browser_page.locator("#result").get_attribute("data-rows") != "error", (
        browser_page.locator("#status").inner_text()
    )


def result_rows(browser_page: Page) -> list[list[str]]:
    return browser_page.evaluate(
        "[...document.querySelectorAll('#result tbody tr')]"
        ".map(tr => [...tr.cells].map(td => td.textContent))"
    )


def shown(value: object) -> str:
    """A value as the result table prints it: numbers as the site prints them, text as is."""
    return str(value) if isinstance(value, str) else shown_number(value)  # type: ignore[arg-type]


def test_explorer_answers_from_the_sites_own_parquet(
    built: tuple[Collection, Path, Path], page: tuple[Page, list[str]], tmp_path: Path
) -> None:
    _, package, tmp = built
    browser_page, requests = page
    data = package / "data"
    with serve_ranges(tmp / "site") as (base_url, ranges):
        browser_page.goto(base_url + "explore/")
        # 全国各年度申请量, as the page offers it
        run_query(browser_page, ready=0)
        expected = duckdb.sql(
            f"""SELECT r.year, count(*), count(a.total), sum(a.total)
            FROM '{data}/reports.parquet' r JOIN '{data}/applications.parquet' a USING (report_id)
            WHERE r.counted AND a."row" = 'new' GROUP BY r.year ORDER BY r.year"""
        ).fetchall()
        assert len(expected) >= 5
        assert result_rows(browser_page) == [[shown(v) for v in row] for row in expected]
        headers = browser_page.locator("#result thead th").all_inner_texts()
        assert headers == ["年度", "报告数", "填写新收申请的报告数", "本年新收申请"]

        # a query typed by hand, over views named like the package's resources
        sql = (
            'SELECT c."table", count(*) AS cells, count(c.value) AS printed, sum(c.value) AS total '
            "FROM cells c JOIN reports r USING (report_id) WHERE r.counted "
            "GROUP BY 1 ORDER BY 1"
        )
        run_query(browser_page, sql)
        local = sql.replace("FROM cells", f"FROM '{data}/cells.parquet'").replace(
            "JOIN reports", f"JOIN '{data}/reports.parquet'"
        )
        expected = duckdb.sql(local).fetchall()
        assert result_rows(browser_page) == [[shown(v) for v in row] for row in expected]

        with browser_page.expect_download() as download_info:
            browser_page.locator("#download").click()
        saved = tmp_path / "result.csv"
        download_info.value.save_as(saved)
        rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
        assert rows == [["table", "cells", "printed", "total"]] + [
            [shown(v) for v in row] for row in expected
        ]
        assert any(path.endswith(".parquet") for path in ranges), "Parquet read in ranges"
    assert foreign(requests) == []


def test_every_ready_query_runs(
    built: tuple[Collection, Path, Path], page: tuple[Page, list[str]]
) -> None:
    _, _, tmp = built
    browser_page, requests = page
    with serve_ranges(tmp / "site") as (base_url, _):
        browser_page.goto(base_url + "explore/")
        buttons = browser_page.locator("[data-query]")
        assert buttons.all_inner_texts() == [
            "全国各年度申请量",
            "某省各县比较",
            "两个机关逐格比较",
            "复议纠错率最高的机关",
        ]
        for index in range(buttons.count()):
            run_query(browser_page, ready=index)
        # 两个机关逐格比较 sets two real reports side by side
        run_query(browser_page, ready=2)
        assert int(browser_page.locator("#result").get_attribute("data-rows") or 0) > 50
    assert foreign(requests) == []


def test_explorer_adds_less_than_40_mb(built: tuple[Collection, Path, Path]) -> None:
    _, _, tmp = built
    explore = tmp / "site" / "explore"
    size = sum(f.stat().st_size for f in explore.iterdir() if f.is_file())
    assert size < 40 * 1024 * 1024, size
    assert sorted(f.name for f in explore.iterdir()) == sorted([*BUNDLE_FILES, "index.html"])


def test_split_site_has_one_explorer_over_the_whole_package(
    built: tuple[Collection, Path, Path], page: tuple[Page, list[str]]
) -> None:
    collection, _, tmp = built
    split = tmp / "split"
    assert (split / "explore" / "index.html").is_file()
    assert not any((part / "explore").exists() for part in split.iterdir() if part.is_dir())
    browser_page, requests = page
    with serve_ranges(split) as (base_url, _):
        browser_page.goto(base_url + "2020/")
        browser_page.locator("a[href='../explore/']").first.click()
        browser_page.wait_for_url("**/explore/")
        run_query(browser_page, "SELECT count(*) AS n FROM reports")
        assert result_rows(browser_page) == [[str(len(collection.reports))]]
    assert foreign(requests) == []


def test_split_top_page_searches_every_part(
    built: tuple[Collection, Path, Path], page: tuple[Page, list[str]]
) -> None:
    _, _, tmp = built
    browser_page, requests = page
    parts = sorted(p.name for p in (tmp / "split").iterdir() if (p / "pagefind").is_dir())
    assert parts[0] == "2019" and "2023" in parts
    with serve_ranges(tmp / "split") as (base_url, _):
        browser_page.goto(base_url)
        browser_page.locator("#search input").fill("慈音街道")  # a 2023 report, not the first part
        links = browser_page.locator("#search a.pagefind-ui__result-link")
        expect(links.first).to_be_visible(timeout=15_000)
        hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert any(h.startswith("/2023/reports/") for h in hrefs), hrefs
        target = next(h for h in hrefs if h.startswith("/2023/reports/"))
        browser_page.locator(f"#search a[href='{target}']").first.click()
        browser_page.wait_for_url("**/2023/reports/**")
        expect(browser_page.locator("h1").first).to_contain_text("慈音街道")
    assert foreign(requests) == []


def test_agency_page_shows_the_whole_form_across_years_with_changes(
    built: tuple[Collection, Path, Path], page: tuple[Page, list[str]]
) -> None:
    collection, _, tmp = built
    agency = next(a for a in site_data(collection).agencies if a.name == AGENCY)
    by_year = {e.year: e for e in agency.entries}
    assert sorted(by_year) == [2019, 2020, 2021, 2022]
    browser_page, requests = page
    with serve_ranges(tmp / "site") as (base_url, _):
        browser_page.goto(base_url + agency.path)
        comparison = browser_page.locator("#compare")
        expect(comparison).to_be_visible()
        tables = comparison.locator("table.compare")
        heads = tables.first.locator("thead th").all_inner_texts()
        assert heads[-4:] == ["2019", "2020", "2021", "2022"]

        def row_cells(title: str, column: str | None = None) -> list[str]:
            for table in tables.all():
                for row in table.locator("tbody tr").all():
                    labels = row.locator("th").all_inner_texts()
                    if labels[0] == title and (column is None or labels[1] == column):
                        return row.locator("td").all_inner_texts()
            raise AssertionError(f"no row {title} {column}")

        # 本年新收 (总计) of each year, and the change where both years print it
        new = [by_year[y].value("applications", "new", "total") for y in sorted(by_year)]
        cells = row_cells(row_title("applications", "new"))
        for index, (text, value) in enumerate(zip(cells, new, strict=True)):
            assert text.split("\n")[0].strip() == shown(value)
            before = new[index - 1] if index else None
            if index and before is not None and value is not None:
                delta = value - before
                sign = "持平" if delta == 0 else ("+" if delta > 0 else "−") + shown(abs(delta))
                assert sign in text, (text, before, value)
        # a cell of the 2019 form only: absent (—) in the 2021-form years, never 0
        made = row_cells(row_title("active", "rules"), column_title("active", "new_made"))
        assert made[2:] == ["—", "—"]
        assert made[0].split("\n")[0] == shown(by_year[2019].value("active", "rules", "new_made"))
        # a blank cell shows as blank, and no change is computed next to it
        blank_year = next(
            y
            for y in (2020, 2021, 2022)
            if by_year[y].value(
                "active", "normative_documents", "new_made" if y < 2021 else "issued"
            )
            is None
        )
        column = column_title("active", "new_made" if blank_year < 2021 else "issued")
        texts = row_cells(row_title("active", "normative_documents"), column)
        assert "空白" in texts[sorted(by_year).index(blank_year)]
        # the six applicant columns are one click away
        details = comparison.locator("details.applicant-columns")
        assert not details.locator("table").is_visible()
        details.locator("summary").click()
        expect(details.locator("table")).to_be_visible()
        assert details.locator("tbody tr th:nth-child(2)", has_text="自然人").count() > 10

        # a report page: its headline figures beside last year's, linking to the comparison
        browser_page.goto(base_url + by_year[2022].path)
        headline = browser_page.locator(".headline-change table")
        assert headline.locator("tbody th").all_inner_texts()[:2] == ["2022", "2021"]
        now, before = (by_year[y].value("applications", "new", "total") for y in (2022, 2021))
        first = headline.locator("tbody tr").nth(0).locator("td").first.inner_text()
        assert first == shown(now)
        previous = headline.locator("tbody tr").nth(1).locator("td").first.inner_text()
        assert previous == (shown(before) if before is not None else "空白")
        browser_page.locator(".headline-change a", has_text="各年度逐格比较").click()
        browser_page.wait_for_url(f"**/{agency.path}#compare")
    assert foreign(requests) == []
