"""Peers: an agency ranked among the agencies of its level in its city and province; a province's
cities and counties ranked among each other. Pure rankings first, then on a built site whose
answers are computed from the data package with DuckDB."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest
from bs4 import BeautifulSoup

from generator import generate_corpus
from package_builder import write_package
from pipeline.parse_folder import parse_folder
from sitegen.build import build_site
from sitegen.peers import PeerIndex, PeerRecord, rank, ratio


def record(key: str, new: int | None, **place: str | None) -> PeerRecord:
    where = {"level": "县级", "province": "江苏省", "city": "南京市", "county": None} | place
    return PeerRecord(
        key=key,
        name=key,
        year=2022,
        new=new,
        granted=None if new is None else new // 2,
        outcomes=new,
        corrected=None,
        concluded=None,
        **where,  # type: ignore[arg-type]
    )


def test_rank_highest_first_ties_share_blank_is_not_ranked() -> None:
    values = {"a": 5, "b": 9, "c": 5, "d": None, "e": 0}
    assert [rank(values, k) for k in "abcde"] == [2, 1, 2, None, 4]


def test_ratio_of_a_blank_or_zero_denominator_is_none() -> None:
    assert ratio(1, 4) == 0.25
    assert ratio(None, 4) is None
    assert ratio(1, None) is None
    assert ratio(1, 0) is None


def test_agency_ranked_in_its_city_and_its_province_of_its_level() -> None:
    records = [
        record("a", 10),
        record("b", 30),
        record("c", None),
        record("d", 50, city="苏州市"),
        record("e", 99, level="市级"),  # another level: not a peer
        record("f", 70, province="浙江省", city="杭州市"),  # another province: not a peer
    ]
    index = PeerIndex(records)
    city, province = index.agency(records[0])
    assert (city.label, city.members) == ("江苏省南京市 · 县级", 3)
    assert (province.label, province.members) == ("江苏省 · 县级", 4)
    new_city, rate_city, review_city = city.standings
    assert (new_city.value, new_city.rank, new_city.ranked) == (10, 2, 2)
    assert province.standings[0].rank == 3
    assert rate_city.value == 0.5 and rate_city.ranked == 2
    assert review_city.value is None and review_city.rank is None and review_city.ranked == 0
    blank = index.agency(records[2])[0].standings[0]
    assert blank.value is None and blank.rank is None


def test_unknown_level_or_province_has_no_peers() -> None:
    lone = record("x", 3, level="未知")
    assert PeerIndex([lone, record("y", 4)]).agency(lone) == []
    nowhere = record("z", 3, province=None)
    assert PeerIndex([nowhere]).agency(nowhere) == []


def test_places_sum_counts_and_take_rates_of_sums() -> None:
    records = [
        record("a", 10, county="鼓楼区"),
        record("b", 30, county="玄武区"),
        record("c", None, county="玄武区"),
        record("d", 5, city="苏州市", county="吴中区", level="乡镇街道"),
    ]
    places = PeerIndex(records).places("江苏省")
    assert places is not None and places.year == 2022
    assert [(r.place, r.agencies, r.standings[0].value) for r in places.cities] == [
        ("南京市", 3, 40),
        ("苏州市", 1, 5),
    ]
    assert [r.place for r in places.counties] == ["南京市玄武区", "南京市鼓楼区", "苏州市吴中区"]
    xuanwu = places.counties[0]
    assert xuanwu.standings[1].value == 15 / 30  # 予以公开 ÷ 办理结果, blanks left out
    assert PeerIndex(records).places("浙江省") is None


# --- on a built site ---------------------------------------------------------------------------

PLACES = ("江苏省南京市鼓楼区", "江苏省南京市玄武区", "江苏省苏州市吴中区", "江苏省苏州市昆山市")


@pytest.fixture(scope="module")
def peers_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """24 generated reports of one year placed by a manifest in four counties of two cities (a
    provincial department among them keeps its province: it belongs to no city)."""
    tmp = tmp_path_factory.mktemp("peers")
    reports = tmp / "reports"
    reports.mkdir()
    rows = [["file", "region", "year"]]
    for index, report in enumerate(generate_corpus(24, seed=21)):
        name = f"{index:03d}.txt"
        (reports / name).write_text(report.text, encoding="utf-8")
        rows.append([name, PLACES[index % len(PLACES)], "2022"])
    with (reports / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    collection = parse_folder(reports)
    write_package(collection, tmp / "datapackage")
    build_site(collection, tmp / "datapackage", tmp / "site")
    return tmp / "datapackage", tmp / "site"


def _peer_rows(html: str) -> dict[str, list[str]]:
    table = BeautifulSoup(html, "html.parser").select_one("#peers table")
    if table is None:
        return {}
    return {
        tr.find_all("td")[0].get_text(): [td.get_text() for td in tr.find_all("td")]
        for tr in table.select("tbody tr")
    }


def test_agency_pages_rank_as_the_package_says(peers_site: tuple[Path, Path]) -> None:
    package, site = peers_site
    data = package / "data"
    expected = duckdb.sql(
        f"""WITH v AS (
              SELECT r.agency_slug, r.province, r.agency_level, a.total AS new
              FROM '{data}/reports.parquet' r JOIN '{data}/applications.parquet' a USING (report_id)
              WHERE r.counted AND a."row" = 'new' AND r.agency_level <> '未知'
            )
            SELECT agency_slug, province || ' · ' || agency_level, new,
                   CASE WHEN new IS NULL THEN NULL ELSE
                     rank() OVER (PARTITION BY province, agency_level ORDER BY new DESC NULLS LAST)
                   END,
                   count(new) OVER (PARTITION BY province, agency_level),
                   count(*) OVER (PARTITION BY province, agency_level)
            FROM v"""
    ).fetchall()
    checked = 0
    for slug, group, new, place, ranked, members in expected:
        if members < 2:
            continue
        page = (site / "agencies" / slug / "index.html").read_text(encoding="utf-8")
        cells = _peer_rows(page)[group]
        assert cells[1] == str(members)
        assert cells[2] == ("空白" if new is None else f"{int(new):,}")
        assert cells[3] == ("—" if place is None else f"第 {place} / {ranked}")
        checked += 1
    assert checked >= 10


def test_province_page_compares_its_cities(peers_site: tuple[Path, Path]) -> None:
    package, site = peers_site
    data = package / "data"
    sums = dict(
        duckdb.sql(
            f"""SELECT r.city, sum(a.total)
                FROM '{data}/reports.parquet' r JOIN '{data}/applications.parquet' a USING (report_id)
                WHERE r.counted AND a."row" = 'new' AND r.province = '江苏省'
                  AND r.city IS NOT NULL GROUP BY 1"""
        ).fetchall()
    )
    assert set(sums) == {"南京市", "苏州市"}
    page = next((site / "provinces").glob("jiangsu*/index.html")).read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    box = soup.select_one("#places")
    assert box is not None and "2022 年度" in box.get_text()
    cities = {
        tr.find_all("td")[0].get_text(): tr.find_all("td")[2].get_text()
        for tr in box.select("table")[0].select("tbody tr")
    }
    assert cities == {city: f"{int(total):,}" for city, total in sums.items()}
    counties = [tr.find_all("td")[0].get_text() for tr in box.select("table")[1].select("tbody tr")]
    assert sorted(counties) == sorted(re.sub("^江苏省", "", p) for p in PLACES)
