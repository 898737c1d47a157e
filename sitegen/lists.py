"""Long lists grouped by province and cut into pages, so that no page grows with the collection.

The quality page's failed checks, warnings and coverage, the agency index and each year's list of
reports would each grow with the number of reports (at 100,000 reports, megabytes of HTML that a
phone cannot open). Their main pages keep the totals and link one list per province; each list is
cut into pages of PAGE_ROWS rows. The complete lists stay in the data package, linked from every
page. All list pages sit two folders below the site root (one theme shell serves them all).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from package_builder.describe import slugify
from parsers.record import FAIL
from sitegen.site_data import Agency, Entry, SiteData

PAGE_ROWS = 300  # rows of a list page: ≈ 0.5 KB–1.2 KB each, so a page stays well under 1 MB
UNKNOWN_PROVINCE = "未知省份"
T = TypeVar("T")


@dataclass(frozen=True)
class ListPage:
    """One page of a list: its folder (from the site root), title and rows."""

    path: str
    title: str
    kind: str  # which rows: checks, warnings, coverage, agencies, reports
    items: list[Any]
    number: int  # from 1
    pages: list[str]  # every page's folder, in order
    parent: tuple[str, str]  # (label, folder) of the page that links here
    complete: tuple[str, str]  # (label, package file) holding the complete list
    columns: tuple[int, ...] = ()  # the years of a coverage list
    group: str = ""  # the province a list of agencies belongs to


@dataclass(frozen=True)
class ListGroup:
    """A province's list as its main page links it."""

    label: str
    count: int
    pages: list[str]


def province_slugs(labels: Iterable[str]) -> dict[str, str]:
    """A folder name per province label; labels whose pinyin coincides (山西/陕西) get a suffix."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for label in sorted(set(labels)):
        slug = slugify(label) or "unknown"
        if slug in taken:
            slug += "-" + hashlib.sha256(label.encode("utf-8")).hexdigest()[:6]
        taken.add(slug)
        slugs[label] = slug
    return slugs


def _province(value: str | None) -> str:
    return value or UNKNOWN_PROVINCE


def by_province(items: Iterable[T], province_of: Callable[[T], str | None]) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = {}
    for item in items:
        grouped.setdefault(_province(province_of(item)), []).append(item)
    return dict(sorted(grouped.items()))


def paginate(
    folder: str,
    title: str,
    kind: str,
    items: list[Any],
    parent: tuple[str, str],
    complete: tuple[str, str],
    columns: tuple[int, ...] = (),
    group: str = "",
) -> list[ListPage]:
    """The pages of one list: folder/ for the first, folder-p2/, folder-p3/ … for the rest."""
    count = max(1, -(-len(items) // PAGE_ROWS))
    paths = [f"{folder}/" if n == 1 else f"{folder}-p{n}/" for n in range(1, count + 1)]
    return [
        ListPage(
            path=paths[n - 1],
            title=title if count == 1 else f"{title}（第 {n} 页，共 {count} 页）",
            kind=kind,
            items=items[(n - 1) * PAGE_ROWS : n * PAGE_ROWS],
            number=n,
            pages=paths,
            parent=parent,
            complete=complete,
            columns=columns,
            group=group,
        )
        for n in range(1, count + 1)
    ]


@dataclass
class Lists:
    """Every list page of the site, and each main page's links to them."""

    pages: list[ListPage]
    quality: list[dict[str, Any]]  # per province: label, reports, checks/warnings/coverage groups
    agencies: list[ListGroup]
    years: dict[int, list[ListGroup]]
    complete: dict[str, str]  # resource → where its complete list is (see complete_list)


def complete_list(name: str, by_entry: frozenset[str]) -> str:
    """The package's file holding a resource; for a resource written in parts (one file per year)
    or whose CSV the site holds in the zip only, the data page's entry for it, which links every
    part, or the zip and the Parquet file ("#dict-checks")."""
    return f"#dict-{name}" if name in by_entry else f"data/{name}.csv"


def _group(label: str, pages: list[ListPage], count: int) -> ListGroup:
    return ListGroup(label, count, [page.path for page in pages])


def site_lists(data: SiteData, by_entry: frozenset[str] = frozenset()) -> Lists:
    """by_entry: the package's resources linked through the data page's entry for them (written
    one file per year, or their CSV in the zip only: PackageDoc.by_entry)."""
    complete = {name: complete_list(name, by_entry) for name in ("checks", "warnings", "reports")}
    counted = data.counted
    agencies = by_province(data.agencies, lambda a: a.province)
    reports = by_province(counted, lambda e: e.meta.province)
    slugs = province_slugs([*agencies, *reports])
    pages: list[ListPage] = []
    quality: list[dict[str, Any]] = []
    for label in sorted(set(agencies) | set(reports)):
        slug, entries = slugs[label], reports.get(label, [])
        quality.append(
            _quality_lists(label, slug, entries, agencies.get(label, []), data, pages, complete)
        )
    agency_groups = []
    for label, members in agencies.items():
        listed = paginate(
            f"provinces/{slugs[label]}",
            f"{label}的机关",
            "agencies",
            members,
            ("机关", "agencies/"),
            ("报告表", "data/reports.csv"),
            group=label,
        )
        pages += listed
        agency_groups.append(_group(label, listed, len(members)))
    years: dict[int, list[ListGroup]] = {}
    for year, entries in data.years.items():
        years[year] = []
        for label, members in by_province(entries, lambda e: e.meta.province).items():
            members = sorted(members, key=lambda e: (e.meta.level, e.meta.agency))
            listed = paginate(
                f"years/{year}-{slugs[label]}",
                f"{year}年度 · {label}的报告",
                "reports",
                members,
                (f"{year}年度报告", f"years/{year}/"),
                ("报告表", "data/reports.csv"),
            )
            pages += listed
            years[year].append(_group(label, listed, len(members)))
    return Lists(pages, quality, agency_groups, years, complete)


def _quality_lists(
    label: str,
    slug: str,
    entries: list[Entry],
    agencies: list[Agency],
    data: SiteData,
    pages: list[ListPage],
    complete: dict[str, str],
) -> dict[str, Any]:
    failed = [(e, c) for e in entries for c in e.report.checks if c.status == FAIL]
    warned = [(e, w) for e in entries for w in e.report.warnings]
    parent = ("数据质量", "quality/")
    row: dict[str, Any] = {"label": label, "reports": len(entries)}
    for kind, title, items, whole_list, columns in (
        ("checks", "校验不通过", failed, ("勾稽校验表", complete["checks"]), ()),
        ("warnings", "解析警告", warned, ("解析提示表", complete["warnings"]), ()),
        ("coverage", "覆盖情况", agencies, ("报告表", complete["reports"]), tuple(data.years)),
    ):
        listed = (
            paginate(
                f"quality/{kind}-{slug}",
                f"{label} · {title}",
                kind,
                items,
                parent,
                whole_list,
                columns,
            )
            if items
            else []
        )
        pages += listed
        row[kind] = _group(label, listed, len(items))
    return row
