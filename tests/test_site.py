"""The static site: real MkDocs + Pagefind builds of the sample corpus (and a hostile report)."""

from __future__ import annotations

import copy
import dataclasses
import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest
from labelled_cells import download_rows, labelled_cells

from package_builder import describe_reports, write_package
from package_builder.copies import DISAGREES
from parsers.checks import evaluate
from parsers.record import FAIL, Cell, Report, SectionText, Warning
from pipeline.parse_folder import Collection, Failure, parse_folder
from sitegen import build_site
from sitegen.aggregate import share, total
from sitegen.copies_view import SIDE_BY_SIDE
from sitegen.pages import SiteInfo, report_parts
from sitegen.report_download import HEADER
from sitegen.site_data import site_data
from template.form import (
    APPLICATION_COLUMNS,
    APPLICATION_ROWS,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    cell_specs,
)
from template.identities import identities

SAMPLE = Path(__file__).resolve().parent.parent / "reports" / "sample"
HOSTILE = '<script>alert("x")</script>{{ 7*7 }}{% raw %}[x](javascript:alert(1))<!-- c -->慈峪'
MAX_REPORT_PAGE = 25_000  # bytes of a report page, its prose sections aside


def build_sample_site(out: Path, collection: Collection | None = None) -> tuple[Collection, Path]:
    """Collect (or take) reports, write the data package, build the site; return the site dir."""
    collection = collection or parse_folder(SAMPLE)
    write_package(collection, out / "datapackage")
    build_site(collection, out / "datapackage", out / "site")
    return collection, out / "site"


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 at a free port; yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def hostile_report(base: Report) -> Report:
    """A real report whose texts try every injection and whose new/natural_person is off by 5."""
    report = copy.deepcopy(base)
    report.agency = HOSTILE
    report.title = HOSTILE + "年度报告"
    report.year = 2031
    cell = report.cell("applications", "new", "natural_person")
    assert cell is not None and cell.value is not None
    cell.value += 5
    cell.raw = f"{cell.value}<img src=x onerror=alert(1)>"
    cells = {(c.table, c.row, c.column): c for c in report.cells}
    report.checks = [evaluate(identity, cells) for identity in identities(report.template)]
    report.sections.append(SectionText("other", HOSTILE, HOSTILE + "\n\n正文", HOSTILE))
    report.warnings.append(Warning("hostile", HOSTILE, 3))
    assert report.source is not None
    report.source.file = "../../etc/" + HOSTILE + ".txt"
    report.source.source_url = "javascript:alert(1)"
    report.source.sha256 = "f" * 64
    return report


# ------------------------------------------------------------------------------------------------
# Reading the built HTML


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.refs.append((tag, name, value))


class Cells(HTMLParser):
    """The <td> texts (without the "应为" notes) and classes of one table, by its id."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside, self.depth = table_id, False, 0
        self.cells: list[dict[str, str]] = []
        self.in_td = self.in_note = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table" and attributes.get("id") == self.table_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "td":
            self.in_td = True
            self.cells.append({"text": "", "note": "", "class": attributes.get("class") or ""})
        if tag == "span" and self.in_td:
            self.in_note = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.inside:
            self.inside = False
        if tag == "td":
            self.in_td = False
        if tag == "span":
            self.in_note = False

    def handle_data(self, data: str) -> None:
        if self.inside and self.in_td:
            self.cells[-1]["note" if self.in_note else "text"] += data


def table_cells(html: str, table_id: str) -> list[dict[str, str]]:
    parser = Cells(table_id)
    parser.feed(html)
    return parser.cells


def shown(value: int | float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def crawl(site: Path) -> tuple[set[Path], list[str]]:
    """Follow every internal href/src from index.html; return the files reached and broken links."""
    seen: set[Path] = set()
    broken: list[str] = []
    queue = [site / "index.html"]
    while queue:
        page = queue.pop()
        if page in seen:
            continue
        seen.add(page)
        if page.suffix != ".html":
            continue
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = "http://site/" + page.relative_to(site).as_posix()
        for _, _, ref in parser.refs:
            url = urlparse(urljoin(base, urldefrag(ref).url))
            if url.scheme not in ("http", "https") or url.netloc != "site":
                continue
            target = site / unquote(url.path).lstrip("/")
            if url.path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} → {ref}")
            elif target not in seen:
                queue.append(target)
    return seen, broken


# ------------------------------------------------------------------------------------------------
# Fixtures: one sample build and one hostile build per module


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Collection, Path]:
    return build_sample_site(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path, Path]:
    """The sample plus a hostile report, a failed file and a skipped one."""
    base = parse_folder(SAMPLE)
    bad = hostile_report(next(r for r in base.reports if r.agency and "商务局" in r.agency))
    collection = Collection(
        reports=base.reports + [bad, next_year(base.reports)],
        failures=[Failure(HOSTILE + ".pdf", "not a report: " + HOSTILE)],
        skipped=[Failure("notes.xlsx", "not a supported report format (.xlsx)")],
    )
    out = tmp_path_factory.mktemp("hostile")
    _, site = build_sample_site(out, collection)
    return bad, site, out / "datapackage"


def next_year(reports: list[Report]) -> Report:
    """张家港市商务局's report again as 2021, its 上年结转 3 more than 2020's 结转下年度."""
    base = next(r for r in reports if r.agency and "商务局" in r.agency)
    follow = copy.deepcopy(base)
    follow.year = (base.year or 0) + 1
    assert follow.source is not None
    follow.source.sha256 = "e" * 64
    carried = base.value("applications", "carried_forward", "total")
    cell = follow.cell("applications", "carried_over", "total")
    assert carried is not None and cell is not None
    cell.value = carried + 3
    return follow


def quality_pages(site: Path) -> str:
    """The quality page and its lists by province (every list page below quality/)."""
    return "".join(
        p.read_text(encoding="utf-8") for p in sorted((site / "quality").rglob("*.html"))
    )


def report_page(site: Path, report: Report, reports: list[Report]) -> tuple[str, str]:
    meta = describe_reports(reports)[reports.index(report)]
    path = site / "reports" / meta.report_id / "index.html"
    return meta.report_id, path.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------
# Tests


def test_every_page_exists_and_is_reached_from_the_home_page(
    sample: tuple[Collection, Path],
) -> None:
    collection, site = sample
    reached, broken = crawl(site)
    assert broken == []
    data = site_data(collection)
    expected = [
        "index.html",
        "years/index.html",
        "agencies/index.html",
        "stats/index.html",
        "data/index.html",
        "quality/index.html",
        "about/index.html",
        *(f"years/{year}/index.html" for year in data.years),
        *(f"{agency.path}index.html" for agency in data.agencies),
        *(f"{entry.path}index.html" for entry in data.entries),
        *(f"{entry.path}cells.csv" for entry in data.entries),
        "data/datapackage.json",
        "data/datapackage.zip",
        "data/data/cells.csv",
        "data/data/cells.parquet",
        "pagefind/pagefind-ui.js",
    ]
    assert len(data.entries) == len(collection.reports) == 5
    missing = [path for path in expected if site / path not in reached]
    assert missing == []


def test_report_pages_are_not_in_the_nav(sample: tuple[Collection, Path]) -> None:
    _, site = sample
    html = (site / "index.html").read_text(encoding="utf-8")
    navs = re.findall(r'<nav class="md-(?:nav|tabs)[^"]*".*?</nav>', html, flags=re.S)
    assert navs, "the theme's navigation was not found"
    nav_links = [href for nav in navs for href in re.findall(r'href="([^"]*)"', nav)]
    assert any("agencies/" in href for href in nav_links)
    assert not [href for href in nav_links if "reports/" in href]


def test_report_page_shows_the_records_numbers_with_blanks_blank(
    sample: tuple[Collection, Path],
) -> None:
    collection, site = sample
    blanks_seen = 0
    for report in collection.reports:
        _, html = report_page(site, report, collection.reports)
        rows = [row for row in APPLICATION_ROWS if report.template in row.editions]
        cells = table_cells(html, "table-applications")
        assert len(cells) == len(rows) * len(APPLICATION_COLUMNS)
        for index, td in enumerate(cells):
            row, column = rows[index // len(APPLICATION_COLUMNS)], APPLICATION_COLUMNS[index % 7]
            value = report.value("applications", row.code, column.code)
            assert td["text"] == shown(value), (report.agency, row.code, column.code)
            if value is None:
                blanks_seen += 1
                assert "blank" in td["class"].split()
        reviews = table_cells(html, "table-reviews")
        expected = [
            report.value("reviews", r.code, c.code) for r in REVIEW_ROWS for c in REVIEW_COLUMNS
        ]
        assert [td["text"] for td in reviews] == [shown(v) for v in expected]
        active = [td["text"] for td in table_cells(html, "table-active") if td["class"] != "pad"]
        specs = [s for s in cell_specs(report.template) if s.table == "active"]
        assert active == [shown(report.value(*spec.key)) for spec in specs]
    assert blanks_seen > 0, "the sample has blank cells; none was checked"


def test_a_failed_identity_is_highlighted_with_the_expected_value(
    hostile: tuple[Report, Path, Path],
) -> None:
    report, site, _ = hostile
    failed = {c.id: c for c in report.checks if c.status == FAIL}
    assert "applications.row_total.new" in failed
    sample_reports = parse_folder(SAMPLE).reports
    reports = sample_reports + [report, next_year(sample_reports)]
    _, html = report_page(site, report, reports)
    rows = [row for row in APPLICATION_ROWS if report.template in row.editions]
    cells = table_cells(html, "table-applications")
    by_key = {
        (rows[i // 7].code, APPLICATION_COLUMNS[i % 7].code): td for i, td in enumerate(cells)
    }
    new_total = by_key[("new", "total")]
    assert "fail" in new_total["class"].split()
    assert f"应为 {shown(failed['applications.row_total.new'].expected)}" in new_total["note"]
    unaffected = by_key[("granted", "total")]
    assert "fail" not in unaffected["class"].split()
    assert "不通过 " + str(len(failed)) + " 项" in html
    quality = quality_pages(site)
    assert quality.count('class="diff"') == sum(
        1 for r in reports for c in r.checks if c.status == FAIL
    )


def test_hostile_text_is_escaped_everywhere(hostile: tuple[Report, Path, Path]) -> None:
    report, site, _ = hostile
    pages = list(site.rglob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<script>alert("x")' not in html, page
        assert "<img src=x" not in html, page
        assert "<!-- c -->" not in html, page
        assert not re.search(r'href="\s*javascript:', html, flags=re.I), page
    sample_reports = parse_folder(SAMPLE).reports
    reports = sample_reports + [report, next_year(sample_reports)]
    report_id, html = report_page(site, report, reports)
    assert re.fullmatch(r"[a-z0-9-]+", report_id)
    # The text is there, as text: escaped, and the template syntax not evaluated.
    assert "&lt;script&gt;alert(" in html
    assert "{{ 7*7 }}" in html and "{% raw %}" in html
    title = re.search(r"<title>(.*?)</title>", html, flags=re.S)
    assert title and "<" not in title.group(1) and "＜script＞" in title.group(1)
    assert not any(".." in p.relative_to(site).parts for p in site.rglob("*"))
    quality = quality_pages(site)
    assert "&lt;script&gt;" in quality and "notes.xlsx" in quality


def test_no_page_loads_anything_from_another_host(sample: tuple[Collection, Path]) -> None:
    _, site = sample
    external = re.compile(r"^\s*(?:https?:)?//", re.I)
    offenders: list[str] = []
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            parser = Links()
            parser.feed(text)
            # Loading references: anything with src, and <link href> (styles, icons, preloads).
            # An <a href> to a report's source or the licence is navigation, not a request.
            offenders += [
                f"{path.name}: <{tag} {attr}={ref}>"
                for tag, attr, ref in parser.refs
                if external.match(ref) and (attr == "src" or tag == "link")
            ]
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(
            r"@import\s+['\"]([^'\"]+)", text
        ):
            if external.match(ref):
                offenders.append(f"{path.relative_to(site)}: url({ref})")
    assert offenders == []


def test_report_pages_stay_small(sample: tuple[Collection, Path]) -> None:
    collection, site = sample
    for entry in site_data(collection).entries:
        html = (site / entry.path / "index.html").read_text(encoding="utf-8")
        # The prose is the report's own text (escaped, so it holds no "<"); the rest is ours.
        prose = re.findall(r'<div class="prose">[^<]*</div>', html)
        assert prose, entry.id
        size = len(html.encode()) - sum(len(p.encode()) for p in prose)
        assert size <= MAX_REPORT_PAGE, (entry.id, size)


def test_per_report_downloads_are_the_packages_cells_with_their_labels(
    sample: tuple[Collection, Path],
) -> None:
    collection, site = sample
    package_rows = labelled_cells(site.parent / "datapackage")
    for entry in site_data(collection).entries:
        folder = site / entry.path
        rows = download_rows((folder / "cells.csv").read_text(encoding="utf-8"))
        assert rows == package_rows[entry.id]
        assert len(rows) == len(entry.report.cells)
        labels = [HEADER.index("row_label"), HEADER.index("column_label")]
        assert all(row[i] for row in rows for i in labels)  # Chinese labels on every row
        assert not (folder / "report.json").exists()  # one download per report


def test_data_page_documents_every_field_of_the_package(sample: tuple[Collection, Path]) -> None:
    _, site = sample
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    package = site.parent / "datapackage"
    for schema in (package / "schemas").glob("*.json"):
        for field in json.loads(schema.read_text(encoding="utf-8"))["fields"]:
            assert f"<code>{field['name']}</code>" in html, (schema.name, field["name"])
    for resource in json.loads((package / "datapackage.json").read_text(encoding="utf-8"))[
        "resources"
    ]:
        assert f'href="../data/{resource["path"]}"' in html
    assert "CC BY 4.0" in html and "MIT" in html and "国办公开办函〔2021〕30号" in html


def test_agency_pages_flag_year_to_year_breaks(hostile: tuple[Report, Path, Path]) -> None:
    _, site, _ = hostile
    reports = parse_folder(SAMPLE).reports
    base = next(r for r in reports if r.agency and "商务局" in r.agency)
    slug = describe_reports([base])[0].agency_slug
    html = (site / "agencies" / slug / "index.html").read_text(encoding="utf-8")
    assert "不一致（相差 3）" in html
    assert f"{base.year}</a> → " in html and "<svg" in html
    lone = describe_reports([r for r in reports if r is not base])[0]
    other = (site / "agencies" / lone.agency_slug / "index.html").read_text(encoding="utf-8")
    assert "没有相邻年度的报告可以比对" in other


def test_sums_skip_blanks_and_refuse_non_summable_columns(sample: tuple[Collection, Path]) -> None:
    collection, _ = sample
    entries = site_data(collection).entries
    key = ("active", "normative_documents", "new_made")
    values = [e.report.value(*key) for e in entries]
    assert total(entries, key) == sum(v for v in values if v is not None)
    with pytest.raises(ValueError):
        total(entries, ("active", "licensing", "change"))
    # A share is the ratio of sums, not the mean of the ratios.
    fake = [(1, 1), (0, 9)]
    ratio = share(fake, lambda p: p[0], lambda p: p[1])  # type: ignore[arg-type]
    assert ratio == pytest.approx(1 / 10)


def test_a_failed_build_leaves_the_previous_site(
    sample: tuple[Collection, Path], tmp_path: Path
) -> None:
    collection, _ = sample
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        build_site(collection, tmp_path / "no-package", site)
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_report_cell_renders_as_blank_not_zero() -> None:
    """Unit check of the layout on a constructed report: a printed blank stays blank."""
    from sitegen.form_tables import application_table

    report = Report(None, 2020, "2019", None, None, [], [], [], [])
    report.cells = [
        Cell("applications", "new", "total", None, "", 10),
        Cell("applications", "granted", "total", 0, "0", 12),
    ]
    rows = {row.labels[-1].text: row for row in application_table(report, "2019")}
    new = rows["一、本年新收政府信息公开申请数量"].cells[-1]
    granted = rows["（一）予以公开"].cells[-1]
    assert (new.value, new.blank) == ("", True)
    assert (granted.value, granted.blank) == ("0", False)


def test_long_lists_are_split_by_province_into_pages_that_link_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sitegen.lists.PAGE_ROWS", 2)
    regions = ["山西省太原市", "山西省大同市", "陕西省西安市", "陕西省宝鸡市", None]
    sample = parse_folder(SAMPLE)
    reports = [
        dataclasses.replace(report, region=region, place=None, agency_id=None)
        for report, region in zip(sample.reports, regions, strict=True)
    ]
    collection, site = build_sample_site(tmp_path, Collection(reports, [], []))
    data = site_data(collection)
    reached, broken = crawl(site)
    assert broken == []

    warning_pages = sorted((site / "quality").glob("warnings-*/index.html"))
    listed = []
    for warning_page in warning_pages:
        rows = re.findall(r'<td class="warning-message"', warning_page.read_text("utf-8"))
        assert 1 <= len(rows) <= 2, warning_page
        assert warning_page in reached
        listed += rows
    assert len(listed) == sum(len(e.report.warnings) for e in data.counted) > 2
    assert any(p.parent.name.endswith("-p2") for p in warning_pages)  # paged

    # 山西省 and 陕西省 are both "shanxisheng" in pinyin: two lists all the same
    agency_lists = {
        p.parent.name: p.read_text("utf-8") for p in (site / "provinces").glob("*/index.html")
    }
    shanxi = [name for name in agency_lists if name.startswith("shanxisheng")]
    assert len(shanxi) == 2
    for agency in data.agencies:
        holding = [name for name, html in agency_lists.items() if f'"../../{agency.path}"' in html]
        assert len(holding) == 1, agency.name
    index = (site / "agencies" / "index.html").read_text("utf-8")
    assert "山西省" in index and "陕西省" in index
    for year, entries in data.years.items():
        year_lists = "".join(
            p.read_text("utf-8") for p in (site / "years").glob(f"{year}-*/index.html")
        )
        for entry in entries:
            assert f'"../../{entry.path}"' in year_lists, entry.id


def test_a_report_page_shows_a_few_disagreeing_copies_side_by_side_and_links_the_rest() -> None:
    base = parse_folder(SAMPLE).reports[0]
    cell = next(c for c in base.cells if c.value is not None)
    many = SIDE_BY_SIDE + 3
    variants = [
        dataclasses.replace(
            base,
            cells=[dataclasses.replace(c, value=1000 + i) if c is cell else c for c in base.cells],
            source=dataclasses.replace(base.source, sha256=f"{i:064x}", file=f"copy{i}.txt"),
        )
        for i in range(many)
    ]
    reports = [base, *variants]
    metas = describe_reports(reports)
    counted = metas[0]
    metas = [counted] + [
        dataclasses.replace(m, counted=False, copy_of=counted.report_id, copy_kind=DISAGREES)
        for m in metas[1:]
    ]
    data = site_data(Collection(reports, [], []), metas)
    entry = next(e for e in data.entries if e.meta.counted)
    html = report_parts(data, entry, SiteInfo("站点", "")).body
    table = html[html.index('<div class="copy-differences">') :]
    assert table.count("<br><code>copy") == SIDE_BY_SIDE  # a column per copy shown
    assert f"另有 {many - SIDE_BY_SIDE} 份读数不同的副本未并排列出" in html
    links = html[: html.index('<div class="copy-differences">')]
    assert all(f"<code>copy{i}.txt</code>" in links for i in range(many))  # every copy linked
