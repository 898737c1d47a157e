"""/explore/: SQL in the browser over the site's own Parquet files (DuckDB-WASM).

The JavaScript is built from the pinned npm packages in explorer/ (`make explorer`: `npm ci` and a
bundle into explorer/dist/); this module copies the bundle into the site and writes the page: one
view per resource of the data package, named like it, and ready queries in Chinese whose example
province and reports are taken from the package itself."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from package_builder.parts import resource_paths
from sitegen.pages import data_file
from sitegen.render import render
from sitegen.safety import web_url

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "explorer" / "dist"
BUNDLE_FILES = ("explore.js", "duckdb-browser-eh.worker.js", "duckdb-eh.wasm.gz")
EXPLORE_FOLDER = "explore"


@dataclass(frozen=True)
class Query:
    title: str
    sql: str


@dataclass(frozen=True)
class Examples:
    province: str | None  # the province with the most counties
    year: int | None  # the year of the two reports, when a year has two
    reports: tuple[str, str] | None  # two counted reports to set side by side


def bundle_ready(bundle: Path = BUNDLE) -> bool:
    return all((bundle / name).is_file() for name in BUNDLE_FILES)


def parquet_tables(package_dir: Path) -> list[dict[str, Any]]:
    """[{name, paths}] of the package's Parquet resources; the view is named after the resource
    (`reports-parquet` → `reports`), the paths (one, or one per year) relative to the package root."""
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    tables = []
    for resource in descriptor.get("resources", []):
        paths = resource_paths(resource)
        if resource.get("format") == "parquet" and paths and not any(map(web_url, paths)):
            tables.append({"name": resource["name"].removesuffix("-parquet"), "paths": paths})
    return tables


def _view(table: dict[str, Any], data_href: str) -> dict[str, Any]:
    urls = [data_file(data_href, path) for path in table["paths"]]
    return (
        {"name": table["name"], "url": urls[0]}
        if len(urls) == 1
        else {"name": table["name"], "urls": urls}
    )


def examples(rows: list[dict]) -> Examples:
    """From the `reports` rows (counted, province, county, year, report_id)."""
    counted = [r for r in rows if r.get("counted")]
    counties: dict[str, set[str]] = {}
    for r in counted:
        if r.get("province") and r.get("county"):
            counties.setdefault(r["province"], set()).add(r["county"])
    province = max(sorted(counties), key=lambda p: len(counties[p]), default=None)
    if province is None:
        province = next((r["province"] for r in counted if r.get("province")), None)
    by_year: dict[int, list[str]] = {}
    for r in counted:
        if r.get("year") is not None:
            by_year.setdefault(int(r["year"]), []).append(r["report_id"])
    pairs = {year: sorted(ids) for year, ids in by_year.items() if len(ids) > 1}
    year = max(sorted(pairs), key=lambda y: len(pairs[y]), default=None)
    if year is not None:
        return Examples(province, year, (pairs[year][0], pairs[year][1]))
    ids = sorted(r["report_id"] for r in counted)
    return Examples(province, None, (ids[0], ids[1]) if len(ids) > 1 else None)


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def ready_queries(found: Examples) -> list[Query]:
    province = _sql_text(found.province or "福建省")
    first, second = (_sql_text(r) for r in (found.reports or ("报告编号一", "报告编号二")))
    return [
        Query(
            "全国各年度申请量",
            "-- 每个机关每个年度只计一份报告（counted）；空白不计入合计\n"
            "SELECT r.year AS 年度,\n"
            "       count(*) AS 报告数,\n"
            "       count(a.total) AS 填写新收申请的报告数,\n"
            "       sum(a.total) AS 本年新收申请\n"
            "FROM reports r JOIN applications a USING (report_id)\n"
            "WHERE r.counted AND a.\"row\" = 'new'\n"
            "GROUP BY r.year\n"
            "ORDER BY r.year;",
        ),
        Query(
            "某省各县比较",
            f"-- 把省名换成你关心的省份\n"
            f"SELECT r.county AS 县区, r.year AS 年度, count(DISTINCT r.report_id) AS 报告数,\n"
            f"       sum(a.total) FILTER (WHERE a.\"row\" = 'new') AS 本年新收申请,\n"
            f"       sum(a.total) FILTER (WHERE a.\"row\" = 'granted') AS 予以公开,\n"
            f"       sum(a.total) FILTER (WHERE a.\"row\" = 'total') AS 办理结果总计\n"
            f"FROM reports r JOIN applications a USING (report_id)\n"
            f"WHERE r.counted AND r.province = {province} AND r.county IS NOT NULL\n"
            f"GROUP BY ALL\n"
            f"ORDER BY 年度 DESC, 本年新收申请 DESC NULLS LAST;",
        ),
        Query(
            "两个机关逐格比较",
            f"-- 两份报告的每一格并排；把报告编号换成你要比较的两份（见 reports 表）\n"
            f"SELECT k.table_label AS 表, k.row_label AS 行, k.column_label AS 列,\n"
            f"       max(c.value) FILTER (WHERE c.report_id = {first}) AS 甲,\n"
            f"       max(c.value) FILTER (WHERE c.report_id = {second}) AS 乙\n"
            f"FROM cells c\n"
            f'JOIN codes k ON k.edition = c.template AND k."table" = c."table"\n'
            f'             AND k."row" = c."row" AND k."column" = c."column"\n'
            f"WHERE c.report_id IN ({first}, {second})\n"
            f"GROUP BY ALL\n"
            f"ORDER BY 表, 行, 列;",
        ),
        Query(
            "复议纠错率最高的机关",
            "-- 纠错率 = 结果纠正 ÷ 已审结（维持 + 纠正 + 其他）；任一项空白的不计算\n"
            "SELECT r.agency AS 机关, r.year AS 年度, v.corrected AS 结果纠正,\n"
            "       v.upheld + v.corrected + v.other AS 已审结,\n"
            "       round(100.0 * v.corrected / (v.upheld + v.corrected + v.other), 1) AS 纠错率百分比\n"
            "FROM reports r JOIN reviews v USING (report_id)\n"
            "WHERE r.counted AND v.\"row\" = 'review'\n"
            "  AND v.upheld + v.corrected + v.other > 0\n"
            "ORDER BY 纠错率百分比 DESC, 已审结 DESC\n"
            "LIMIT 20;",
        ),
    ]


def write_explorer(
    site_root: Path, package_dir: Path, data_href: str, *, home: str = "../"
) -> bool:
    """Write site_root/explore/; data_href: the package root as seen from the explore page
    ("../data/") or a web address (--data-url). False when the bundle was not built."""
    folder = site_root / EXPLORE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    ready = bundle_ready()
    if ready:
        for name in BUNDLE_FILES:
            shutil.copyfile(BUNDLE / name, folder / name)
    reports = package_dir / "data" / "reports.parquet"
    rows = (
        pq.read_table(
            reports, columns=["report_id", "counted", "province", "county", "year"]
        ).to_pylist()
        if reports.is_file()
        else []
    )
    queries = ready_queries(examples(rows))
    tables = parquet_tables(package_dir)
    remote = web_url(data_href)
    views = [_view(t, data_href) for t in tables]
    config = {"tables": views, "queries": [q.__dict__ for q in queries]}
    page = render(
        "explore.html.j2",
        ready=ready,
        remote=remote,
        release="/releases/download/" in data_href,
        tables=tables,
        queries=queries,
        config=json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
        home=home,
    )
    (folder / "index.html").write_text(page, encoding="utf-8")
    return ready
