"""The built site in Debian's Chromium: search in Chinese, open a report, download a CSV.

Every request the browser makes is recorded; none may leave 127.0.0.1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from copies_corpus import CHANGED, MIRROR, NEW_TOTAL, CopiesCorpus, write_copies
from playwright.sync_api import Browser, Page, expect, sync_playwright
from test_site import build_sample_site, serve, shown

from pipeline.parse_folder import Collection, parse_folder
from sitegen.site_data import site_data
from template.form import APPLICATION_COLUMNS, APPLICATION_ROWS, cell_specs, cell_title

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Collection, str]]:
    collection, folder = build_sample_site(tmp_path_factory.mktemp("browser"))
    with serve(folder) as base_url:
        yield collection, base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield page, requests
    context.close()


def foreign(requests: list[str]) -> list[str]:
    return [url for url in requests if urlparse(url).hostname != "127.0.0.1"]


def test_search_in_chinese_opens_the_report_with_its_numbers(
    site: tuple[Collection, str], page: tuple[Page, list[str]]
) -> None:
    collection, base_url = site
    browser_page, requests = page
    report = next(r for r in collection.reports if r.agency and "慈峪" in r.agency)

    browser_page.goto(base_url)
    search = browser_page.locator(".home-search input")
    search.fill("慈峪")
    result = browser_page.locator(".home-search a.pagefind-ui__result-link[href*='/reports/']")
    expect(result.first).to_be_visible(timeout=15_000)
    assert "慈峪" in result.first.inner_text()
    result.first.click()

    browser_page.wait_for_url("**/reports/**")
    table = browser_page.locator("#table-applications")
    expect(table).to_be_visible()
    rows = [row for row in APPLICATION_ROWS if report.template in row.editions]
    cells = table.locator("tbody td")
    assert cells.count() == len(rows) * len(APPLICATION_COLUMNS)
    for index, row in enumerate(rows):
        total = report.value("applications", row.code, "total")
        text = cells.nth(
            index * len(APPLICATION_COLUMNS) + len(APPLICATION_COLUMNS) - 1
        ).inner_text()
        assert text.strip() == shown(total), row.code
    active = browser_page.locator("#table-active td:not(.pad)").all_inner_texts()
    specs = [spec for spec in cell_specs(report.template) if spec.table == "active"]
    assert [text.strip() for text in active] == [shown(report.value(*s.key)) for s in specs]
    assert foreign(requests) == []


def test_header_search_finds_an_agency_by_bureau(
    site: tuple[Collection, str], page: tuple[Page, list[str]]
) -> None:
    _, base_url = site
    browser_page, requests = page
    browser_page.goto(base_url + "stats/")
    browser_page.locator(".md-header__pagefind input").fill("商务局")
    links = browser_page.locator(".md-header__pagefind a.pagefind-ui__result-link")
    expect(links.first).to_be_visible(timeout=15_000)
    assert any("商务局" in text for text in links.all_inner_texts())
    assert foreign(requests) == []


def test_data_page_downloads_a_csv(
    site: tuple[Collection, str], page: tuple[Page, list[str]], tmp_path: Path
) -> None:
    collection, base_url = site
    browser_page, requests = page
    browser_page.goto(base_url + "data/")
    link = browser_page.locator("a[href$='data/cells.csv']").first
    with browser_page.expect_download() as download_info:
        link.click()
    saved = tmp_path / "cells.csv"
    download_info.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert len(rows) == sum(len(r.cells) for r in collection.reports)
    assert {"report_id", "row", "column", "value"} <= set(rows[0])
    assert foreign(requests) == []


@pytest.fixture(scope="module")
def copies_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[CopiesCorpus, str, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("browser-copies")
    corpus = write_copies(tmp / "reports")
    collection = parse_folder(tmp / "reports")
    _, folder = build_sample_site(tmp / "out", collection)
    provinces = {a.name: a.province or "未知省份" for a in site_data(collection).agencies}
    with serve(folder) as base_url:
        yield corpus, base_url, provinces


def test_a_copy_is_linked_not_counted_and_a_disagreement_is_shown(
    copies_site: tuple[CopiesCorpus, str, dict[str, str]], page: tuple[Page, list[str]]
) -> None:
    corpus, base_url, provinces = copies_site
    browser_page, requests = page
    truths = (corpus.pdf_report, corpus.formats_report)
    browser_page.goto(base_url)
    new = sum(truth.cells[NEW_TOTAL][0] for truth in truths)
    expect(browser_page.locator("article")).to_contain_text(
        f"本年新收政府信息公开申请合计：{new:,} 件"
    )

    # 机关 → the agency of the report given in three formats: one row, its copies as links
    browser_page.locator(".md-tabs a, .md-nav a").filter(has_text="机关").first.click()
    province = provinces[corpus.formats_report.agency]
    browser_page.get_by_role("link", name=province, exact=True).first.click()
    browser_page.get_by_role("link", name=corpus.formats_report.agency, exact=True).first.click()
    rows = browser_page.locator("article table").first.locator("tbody tr")
    expect(rows).to_have_count(1)
    copy_links = rows.first.locator("td").last.locator("a")
    expect(copy_links).to_have_count(3)
    rows.first.locator(f"a:has(code:text-is('{MIRROR}'))").click()

    # the copy says it is not counted, and leads to the record that is
    note = browser_page.locator(".copy-note")
    expect(note).to_contain_text("不计入任何统计")
    expect(note).to_contain_text("读出的数字不一致")
    note.locator("a").first.click()
    differences = browser_page.locator(".copy-differences table")
    expect(differences).to_be_visible()
    cells = differences.locator("tbody tr").first.locator("td").all_inner_texts()
    original = corpus.formats_report.cells[CHANGED][0]
    assert cells == [cell_title(*CHANGED), str(original), str(corpus.mirror_value)]
    expect(browser_page.locator(".copies")).to_contain_text("选定这一份的理由")
    assert foreign(requests) == []


def test_a_warning_reads_in_chinese(
    copies_site: tuple[CopiesCorpus, str, dict[str, str]], page: tuple[Page, list[str]]
) -> None:
    corpus, base_url, provinces = copies_site
    browser_page, requests = page
    browser_page.goto(base_url + "quality/")
    # the copy's warning is listed on its province's page of warnings
    row = browser_page.locator("article tr").filter(has_text=provinces[corpus.pdf_report.agency])
    row.locator("td").nth(3).locator("a").click()
    message = browser_page.locator(".warning-message[data-code='duplicate_file']").first
    expect(message).to_be_visible()
    assert "字节完全相同" in message.inner_text()
    kind = message.locator("xpath=preceding-sibling::td[1]")
    assert kind.inner_text().startswith("相同文件的副本")
    assert foreign(requests) == []
