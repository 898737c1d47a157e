"""Every generated page as Markdown (front matter + trusted headings + autoescaped HTML blocks).

Returns {path below docs_dir: text}. Links inside HTML blocks are written relative to the page's
folder (MkDocs does not rewrite them), hence the `depth` every template receives as `root`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from package_builder.copies import COPY_KINDS
from parsers.check_messages import TOO_LARGE, check_place, operand_title
from parsers.record import FAIL, NOT_ASSESSABLE, PASS, Check
from parsers.warning_kinds import warning_kind
from pipeline.failure_text import UNKNOWN as UNKNOWN_FAILURE
from sitegen import aggregate as agg
from sitegen.charts import Series, bar_chart, line_chart
from sitegen.compare_view import (
    COMPARE_ANCHOR,
    agency_comparison,
    agency_peers,
    peer_index,
    report_headlines,
    year_cells,
)
from sitegen.continuity import continuity
from sitegen.copies_view import copies_view
from sitegen.crosswalk import crosswalk, editions
from sitegen.form_tables import (
    active_table,
    application_header,
    application_table,
    review_table,
)
from sitegen.lists import PAGE_ROWS, ListPage, Lists, site_lists
from sitegen.package_files import PackageDoc
from sitegen.peers import PeerIndex
from sitegen.render import render
from sitegen.safety import plain_title, up, web_url
from sitegen.site_data import Agency, Entry, SiteData
from template.form import PROSE_SECTIONS, SECTION_TITLES, TABLES, row_title

STATUS_LABELS = {PASS: "通过", FAIL: "不通过", NOT_ASSESSABLE: "无法校验"}
RANKING_SIZE = 20
FAILURE_ROWS = 500  # files listed on the quality page per kind; all are in the package
MIN_OUTCOMES_FOR_RATE = 10  # a 予以公开 rate over fewer outcomes says little


@dataclass
class SiteInfo:
    name: str
    url: str  # the site's public address, "" when not configured


@dataclass
class PageParts:
    """A page before it is joined into Markdown: its title, front matter and body."""

    title: str  # plain: inert in HTML, Markdown, YAML and Jinja
    meta: dict[str, Any]
    body: str

    def markdown(self) -> str:
        front = {"title": self.title} | self.meta
        header = "\n".join(
            f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()
        )
        return f"---\n{header}\n---\n\n{self.body}"


def _parts(
    template: str, title: str, depth: int, meta: dict[str, Any] | None = None, **context: Any
) -> PageParts:
    body = render(template, root=up(depth), title=title, **context)
    return PageParts(plain_title(title), dict(meta or {}), body)


def _page(
    template: str, title: str, depth: int, meta: dict[str, Any] | None = None, **context: Any
) -> str:
    return _parts(template, title, depth, meta, **context).markdown()


REPORT_META: dict[str, Any] = {
    "pagefind": True,
    "hide": ["navigation", "toc"],
}  # no TOC: HTML headings
AGENCY_META: dict[str, Any] = {"pagefind": True}
LIST_META: dict[str, Any] = {"hide": ["navigation", "toc"]}  # not searched: lists of links


def _headline(entry: Entry) -> dict[str, Any]:
    value = entry.value
    return {
        "new": value(*agg.NEW),
        "outcomes": value(*agg.OUTCOMES),
        "granted": value(*agg.GRANTED),
        "carried_forward": value(*agg.CARRIED_FORWARD),
        "reviews": value("reviews", agg.REVIEW_ROW, "total"),
        "litigation": agg.litigation("total")(entry),
    }


def _unassessed(checks: list[Check]) -> list[dict[str, Any]]:
    """Not-assessable checks grouped by identity kind, with the rows whose blanks stopped them."""
    groups: dict[str, dict[str, Any]] = {}
    for check in checks:
        group = groups.setdefault(check.description, {"count": 0, "rows": {}})
        group["count"] += 1
        for operand in check.blank_operands:
            if operand != TOO_LARGE:
                group["rows"].setdefault(row_title(check.table, operand.split("/")[0]))
    return [
        {"description": description, "count": g["count"], "rows": list(g["rows"])}
        for description, g in groups.items()
    ]


def report_page(data: SiteData, entry: Entry, site: SiteInfo) -> str:
    return report_parts(data, entry, site).markdown()


def report_parts(data: SiteData, entry: Entry, site: SiteInfo) -> PageParts:
    report, meta = entry.report, entry.meta
    edition = report.template or ""
    width, blocks = active_table(report, edition) if edition else (1, [])
    checks = {status: [c for c in report.checks if c.status == status] for status in STATUS_LABELS}
    sections = sorted(
        (s for s in report.sections if s.key in PROSE_SECTIONS and s.text.strip()),
        key=lambda s: PROSE_SECTIONS.index(s.key),
    )
    agency = data.agency_of(entry)
    source = report.source
    counted_in_place = data.counted_of(entry)
    year_before, headlines = report_headlines(agency, entry)
    return _parts(
        "report.md.j2",
        meta.display_title,
        depth=2,
        meta=REPORT_META,
        entry=entry,
        report=report,
        meta_=meta,
        agency=agency,
        others=[e for e in agency.entries if e is not entry and e is not counted_in_place],
        counted_in_place=counted_in_place,
        copies=copies_view(entry, data.copies_of(entry)),
        copy_kinds=COPY_KINDS,
        warning_kind=warning_kind,
        check_place=check_place,
        operand_title=operand_title,
        edition=edition,
        tables=TABLES,
        active_width=width,
        active_blocks=blocks,
        application_header=application_header(),
        application_rows=application_table(report, edition) if edition else [],
        reviews=review_table(report),
        checks=checks,
        unassessed=_unassessed(checks[NOT_ASSESSABLE]),
        sections=sections,
        section_titles=SECTION_TITLES,
        source=source,
        source_url=web_url(source.source_url) if source else None,
        raw_source_url=source.source_url if source else None,
        site=site,
        year_before=year_before,
        headlines=headlines,
        compare_anchor=COMPARE_ANCHOR,
        # counted here, not by a template filter over each of the ≈ 250 cells of every page
        ocr_read=sum(1 for c in report.cells if c.method == "ocr" and c.value is not None),
        ocr_blank=sum(1 for w in report.warnings if w.code == "ocr_unconfirmed"),
    )


def agency_page(agency: Agency, peers: PeerIndex | None = None) -> str:
    return agency_parts(agency, peers).markdown()


def agency_parts(agency: Agency, peers: PeerIndex | None = None) -> PageParts:
    """peers: every counted record of the site (compare_view.peer_index), for the rankings."""
    years = [e.year for e in agency.entries if e.year is not None]
    dated = [e for e in agency.entries if e.year is not None]
    chart = ""
    if dated:
        chart = line_chart(
            "申请数量与办理结果",
            years,
            [
                Series("本年新收申请", [e.value(*agg.NEW) for e in dated]),
                Series("办理结果总计", [e.value(*agg.OUTCOMES) for e in dated]),
                Series("予以公开", [e.value(*agg.GRANTED) for e in dated]),
                Series("行政复议", [e.value("reviews", agg.REVIEW_ROW, "total") for e in dated]),
            ],
        )
    peer_year, peer_groups = agency_peers(agency, peers)
    return _parts(
        "agency.md.j2",
        agency.name,
        depth=2,
        meta=AGENCY_META,
        agency=agency,
        rows=[(e, _headline(e)) for e in agency.entries],
        copies=sum(len(copies) for copies in agency.copies.values()),
        chart=chart,
        links=continuity(agency),
        comparison=agency_comparison(agency),
        years=years,
        year_cells=year_cells,
        compare_anchor=COMPARE_ANCHOR,
        peer_year=peer_year,
        peer_groups=peer_groups,
    )


def _copies_in(data: SiteData, entries: list[Entry]) -> int:
    """How many copies stand behind these counted records (not counted themselves)."""
    return sum(len(data.copies_of(entry)) for entry in entries)


def _summaries(groups: dict[str, list[Entry]]) -> list[agg.Summary]:
    return [agg.summarize(label, entries) for label, entries in groups.items()]


def year_page(data: SiteData, year: int, lists: Lists, data_root: str = "data/") -> str:
    entries = data.years[year]
    return _page(
        "year.md.j2",
        f"{year}年度报告",
        depth=2,
        year=year,
        copies=_copies_in(data, entries),
        summary=agg.summarize(f"{year}年", entries),
        by_level=_summaries(agg.group_by(entries, lambda e: e.meta.level)),
        by_province=_summaries(agg.group_by(entries, lambda e: e.meta.province)),
        groups=lists.years[year],
        page_rows=PAGE_ROWS,
        data_href=data_href(2, data_root),
        data_file=data_file,
        outcome_chart=bar_chart(f"{year}年办理结果分布", agg.outcome_distribution(entries)),
    )


def years_index(data: SiteData) -> str:
    summaries = [agg.summarize(f"{year}年", entries) for year, entries in data.years.items()]
    return _page(
        "years.md.j2",
        "年度",
        depth=1,
        years=list(zip(data.years, summaries, strict=True)),
        copies=data.copy_count,
        undated=[e for e in data.counted if e.year is None],
    )


def agencies_index(data: SiteData, lists: Lists, data_root: str = "data/") -> str:
    return _page(
        "agencies.md.j2",
        "机关",
        depth=1,
        count=len(data.agencies),
        groups=lists.agencies,
        page_rows=PAGE_ROWS,
        data_href=data_href(1, data_root),
        data_file=data_file,
    )


def list_parts(
    page: ListPage, data_root: str = "data/", peers: PeerIndex | None = None
) -> PageParts:
    """One page of a long list (sitegen/lists.py), two folders below the site root; a
    province's list of agencies opens with its cities and counties compared."""
    rows = [(e, _headline(e)) for e in page.items] if page.kind == "reports" else []
    places = None
    if page.kind == "agencies" and page.number == 1 and peers is not None and page.group:
        places = peers.places(page.group)
    return _parts(
        "list.html.j2",
        page.title,
        depth=2,
        meta=LIST_META,
        page=page,
        rows=rows,
        page_rows=PAGE_ROWS,
        data_href=data_href(2, data_root),
        package_link=package_link,
        warning_kind=warning_kind,
        check_place=check_place,
        places=places,
    )


def _rankings(entries: list[Entry]) -> list[dict[str, Any]]:
    def ranked(value, reverse=True, keep=lambda e: True):  # noqa: ANN001, ANN202
        # A count of 0 ranks nobody; a rate of 0 % does (it is the lowest).
        scored = [
            (v, e)
            for e in entries
            if keep(e) and (v := value(e)) is not None and (v or not reverse)
        ]
        scored.sort(key=lambda pair: (-pair[0] if reverse else pair[0], pair[1].id))
        return scored[:RANKING_SIZE]

    def granted_rate(e: Entry) -> float | None:
        return agg.share([e], agg.cell(agg.GRANTED), agg.cell(agg.OUTCOMES))

    def enough(e: Entry) -> bool:
        return (e.value(*agg.OUTCOMES) or 0) >= MIN_OUTCOMES_FOR_RATE

    return [
        {"title": "本年新收申请最多的报告", "unit": "件", "rows": ranked(agg.cell(agg.NEW))},
        {
            "title": "行政复议与行政诉讼最多的报告",
            "unit": "件",
            "rows": ranked(
                agg.cells_sum(
                    [("reviews", r, "total") for r in (agg.REVIEW_ROW, *agg.LITIGATION_ROWS)]
                )
            ),
        },
        {
            "title": f"予以公开率最高的报告（办理结果不少于 {MIN_OUTCOMES_FOR_RATE} 件）",
            "unit": "%",
            "rows": ranked(granted_rate, keep=enough),
        },
        {
            "title": f"予以公开率最低的报告（办理结果不少于 {MIN_OUTCOMES_FOR_RATE} 件）",
            "unit": "%",
            "rows": ranked(granted_rate, reverse=False, keep=enough),
        },
        {
            "title": "校验不通过项最多的报告",
            "unit": "项",
            "rows": ranked(lambda e: e.failed or None),
        },
    ]


def stats_page(data: SiteData) -> str:
    entries = data.counted
    by_year = {f"{y}年": es for y, es in data.years.items()}
    year_summaries = _summaries(by_year)
    trend = (
        line_chart(
            "各年度申请与办理情况（合计）",
            list(data.years),
            [
                Series("本年新收申请", [s.new for s in year_summaries]),
                Series("办理结果总计", [s.outcomes for s in year_summaries]),
                Series("行政复议", [s.reviews for s in year_summaries]),
                Series("行政诉讼", [s.litigation for s in year_summaries]),
            ],
        )
        if data.years
        else ""
    )
    return _page(
        "stats.md.j2",
        "统计",
        depth=1,
        total=agg.summarize("全部", entries),
        copies=data.copy_count,
        by_year=year_summaries,
        by_edition=_summaries(
            agg.group_by(entries, lambda e: e.report.template and f"{e.report.template}年版")
        ),
        by_level=_summaries(agg.group_by(entries, lambda e: e.meta.level)),
        by_province=_summaries(agg.group_by(entries, lambda e: e.meta.province)),
        trend=trend,
        outcome_chart=bar_chart("办理结果分布（全部报告合计）", agg.outcome_distribution(entries)),
        rankings=_rankings(entries),
    )


def data_href(depth: int, data_root: str) -> str:
    """Where the package's files are linked from a page: a web address (release assets), or a
    folder relative to the site root ("data/", or "../data/" for one of several split sites)."""
    return data_root if web_url(data_root) else up(depth) + data_root


def package_link(root: str, href: str, target: str) -> str:
    """A link to a package file (`data/checks.csv`) or to the data page's entry for a resource
    written in parts (`#dict-checks`, see sitegen.lists.complete_list)."""
    return f"{root}data/{target}" if target.startswith("#") else data_file(href, target)


def data_file(href: str, path: str) -> str:
    """The link to one file of the package. GitHub release assets have no folders: under a
    …/releases/download/<tag>/ address each file is its bare name (`gh release upload` of the
    package's files gives exactly those names; they are distinct within the package)."""
    if web_url(href) and "/releases/download/" in href:
        return href + path.rsplit("/", 1)[-1]
    return href + path


def home_page(
    data: SiteData, package: PackageDoc, data_root: str = "data/", explore_root: str = "explore/"
) -> str:
    return _page(
        "home.md.j2",
        "政府信息公开工作年度报告开放数据",
        depth=0,
        explore_href=explore_root,
        data_href=data_href(0, data_root),
        data_file=data_file,
        data=data,
        total=agg.summarize("全部", data.counted),
        by_year=[agg.summarize(f"{y}年", es) for y, es in data.years.items()],
        package=package,
    )


def data_page(package: PackageDoc, data_root: str = "data/", explore_root: str = "explore/") -> str:
    return _page(
        "data.md.j2",
        "数据下载",
        depth=1,
        explore_href=up(1) + explore_root,
        data_href=data_href(1, data_root),
        data_file=data_file,
        package=package,
        crosswalk=crosswalk(),
        editions=editions(),
    )


def quality_page(data: SiteData, lists: Lists, data_root: str = "data/") -> str:
    counted = data.counted
    failed = [c for e in counted for c in e.report.checks if c.status == FAIL]
    warned = [w for e in counted for w in e.report.warnings]
    return _page(
        "quality.md.j2",
        "数据质量",
        depth=1,
        data=data,
        failed=failed,
        failed_kinds=Counter(c.description for c in failed).most_common(),
        counted=counted,
        not_assessable=sum(e.not_assessable for e in counted),
        warned=warned,
        warning_kinds=Counter(w.code for w in warned).most_common(),
        warning_kind=warning_kind,
        unknown_failure=UNKNOWN_FAILURE,
        provinces=lists.quality,
        page_rows=PAGE_ROWS,
        failure_rows=FAILURE_ROWS,
        data_href=data_href(1, data_root),
        data_file=data_file,
        package_link=package_link,
        complete=lists.complete,
    )


def site_pages(
    data: SiteData,
    package: PackageDoc,
    lists: Lists,
    data_root: str = "data/",
    explore_root: str = "explore/",
) -> dict[str, str]:
    """The pages MkDocs renders: home, indexes, stats, data, quality and one page per year."""
    pages = {
        "index.md": home_page(data, package, data_root, explore_root),
        "years/index.md": years_index(data),
        "agencies/index.md": agencies_index(data, lists, data_root),
        "stats.md": stats_page(data),
        "data.md": data_page(package, data_root, explore_root),
        "quality.md": quality_page(data, lists, data_root),
    }
    for year in data.years:
        pages[f"years/{year}.md"] = year_page(data, year, lists, data_root)
    return pages


def all_pages(
    data: SiteData, package: PackageDoc, site: SiteInfo, data_root: str = "data/"
) -> dict[str, str]:
    """Every page as Markdown, agency, report and list pages included (the plain MkDocs way)."""
    lists = site_lists(data, package.by_entry)
    pages = site_pages(data, package, lists, data_root)
    peers = peer_index(data)
    for listed in lists.pages:
        pages[f"{listed.path}index.md"] = list_parts(listed, data_root, peers).markdown()
    for agency in data.agencies:
        pages[f"agencies/{agency.slug}.md"] = agency_page(agency, peers)
    for entry in data.entries:
        pages[f"reports/{entry.id}.md"] = report_page(data, entry, site)
    return pages
