"""Who published each report, and where: places from real evidence, one identity per agency.

Fixtures in tests/fixtures/places: two 城关镇 of one year in different counties (one names 灵寿县
in its text, the other sits in 浙江省/杭州市/富阳区/), the same two with no clue to their county,
and 洪泽区人民政府 (2023) / 淮安市洪泽区人民政府 (2024).
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest

from package_builder import describe_reports, write_package
from parsers import parse_report
from pipeline.parse_folder import parse_folder
from places.gazetteer import resolve_prefix
from places.locate import locate
from places.stage import identify
from sitegen import build_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "places"
REAL = ROOT / "tests" / "fixtures" / "real"
SAMPLE = ROOT / "reports" / "sample"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _package(reports: Path, out: Path) -> Path:
    write_package(parse_folder(reports), out)
    return out


@pytest.mark.parametrize(
    ("name", "place", "code"),
    [
        ("洪泽区人民政府", ("江苏省", "淮安市", "洪泽区", None), "320813"),
        ("淮安市洪泽区人民政府", ("江苏省", "淮安市", "洪泽区", None), "320813"),
        ("平潭综合实验区交通与建设局", ("福建省", "福州市", "平潭县", None), "350128"),
        ("富阳区里山镇", ("浙江省", "杭州市", "富阳区", "里山镇"), "330111"),
        ("张家港市商务局", ("江苏省", "苏州市", "张家港市", None), "320582"),
        ("淮安市人民政府", ("江苏省", "淮安市", None, None), "320800"),
        ("上海市浦东新区", ("上海市", "上海市", "浦东新区", None), "310115"),
        ("上海市上海市浦东新区", ("上海市", "上海市", "浦东新区", None), "310115"),
        ("国家税务总局淮安市洪泽区税务局", ("江苏省", "淮安市", "洪泽区", None), "320813"),
    ],
)
def test_the_gazetteer_places_a_name(name: str, place: tuple, code: str) -> None:
    found = locate(name, None)
    assert (found.province, found.city, found.county, found.town) == place
    assert (found.code, found.source) == (code, "name")


def test_a_name_of_many_places_is_narrowed_by_a_clue_or_left_unknown() -> None:
    assert len(resolve_prefix("城关镇").candidates) > 50
    bare = locate("城关镇", None)
    assert bare.code is None and bare.province is None and "地点不详" in (bare.note or "")
    cited = locate("城关镇", None, ("灵寿县",))
    assert (cited.county, cited.code, cited.source, cited.town) == (
        "灵寿县",
        "130126",
        "text",
        "城关镇",
    )
    filed = locate("城关镇", None, (), ("浙江省", "杭州市", "富阳区"))
    assert (filed.county, filed.source) == ("富阳区", "folder")
    listed = locate("城关镇", "甘肃省兰州市城关区")
    assert (listed.county, listed.source) == ("城关区", "manifest")
    assert locate("朝阳区财政局", None).code is None  # 北京 or 长春
    assert locate("朝阳区财政局", None, ("长春市",)).province == "吉林省"


def test_the_host_of_the_original_link_is_a_clue() -> None:
    place = locate("财政局", None, (), (), "https://www.pingtan.gov.cn/zwgk/t20220113_80600.htm")
    assert (place.county, place.source) == ("平潭县", "host")
    assert locate("财政局", None, (), (), "https://www.example.com/pingtan").code is None


def test_a_conjunction_before_a_county_is_not_a_two_character_county() -> None:
    # `…60号)和县政府办公室要求`: 和 + 县政府, not 安徽省和县
    text = (SAMPLE / "000_2dd00469ff465376.txt").read_text(encoding="utf-8")
    report = parse_report(text.replace("慈峪镇", "城关镇").replace("灵寿县", "县"))
    identify([report])
    assert report.place is not None and report.place.code is None


def test_two_chengguan_of_one_year_are_two_agencies_both_counted(tmp_path: Path) -> None:
    package = _package(FIXTURES / "two_chengguan", tmp_path / "pkg")
    agencies = {row["county"]: row for row in _rows(package / "data" / "agencies.csv")}
    assert set(agencies) == {"灵寿县", "富阳区"}
    assert agencies["灵寿县"]["place_source"] == "text"
    assert agencies["富阳区"]["place_source"] == "folder"
    assert agencies["灵寿县"]["agency_id"] != agencies["富阳区"]["agency_id"]
    reports = _rows(package / "data" / "reports.csv")
    assert [r["counted"] for r in reports] == ["true", "true"]
    assert {r["province"] for r in reports} == {"河北省", "浙江省"}


def test_unplaced_namesakes_whose_numbers_differ_both_count_with_a_warning(tmp_path: Path) -> None:
    package = _package(FIXTURES / "chengguan_no_clue", tmp_path / "pkg")
    reports = _rows(package / "data" / "reports.csv")
    assert [r["counted"] for r in reports] == ["true", "true"]
    assert len({r["agency_id"] for r in reports}) == 2
    assert all(r["province"] == "" and r["division_code"] == "" for r in reports)
    warnings = [
        w for w in _rows(package / "data" / "warnings.csv") if w["code"] == "maybe_same_agency"
    ]
    assert len(warnings) == 2 and all("可能是同一机关" in w["message"] for w in warnings)


def test_unplaced_copies_that_agree_stay_copies(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    text = (FIXTURES / "chengguan_no_clue" / "a.txt").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "a copy.txt").write_text(text + "\n", encoding="utf-8")
    reports = _rows(_package(folder, tmp_path / "pkg") / "data" / "reports.csv")
    assert sorted(r["counted"] for r in reports) == ["false", "true"]
    assert {r["copy_kind"] for r in reports} == {"", "agrees"}


def test_name_variants_of_one_agency_are_one_agency(tmp_path: Path) -> None:
    out = tmp_path / "out"
    collection = parse_folder(FIXTURES / "hongze")
    write_package(collection, out / "datapackage")
    build_site(collection, out / "datapackage", out / "site")
    agencies = _rows(out / "datapackage" / "data" / "agencies.csv")
    assert len(agencies) == 1
    agency = agencies[0]
    assert agency["agency_id"] == "320813-zhengfu"
    assert agency["name_variants"].split("；") == ["洪泽区人民政府", "淮安市洪泽区人民政府"]
    assert agency["years"] == "2023；2024"
    page = (out / "site" / "agencies" / agency["agency_slug"] / "index.html").read_text("utf-8")
    assert "洪泽区人民政府、淮安市洪泽区人民政府" in page
    assert "江苏省淮安市洪泽区" in page and "<code>320813</code>" in page


def test_real_and_sample_reports_have_their_province(tmp_path: Path) -> None:
    expected = {
        "020_hongze_district_2023.pdf": "江苏省",
        "023_pingtan_jiaojian_2019.txt": "福建省",
        "024_pingtan_guanweihui_office_2020.txt": "福建省",
        "025_pingtan_caijin_2021.txt": "福建省",
        "026_pingtan_shenpi_2022.txt": "福建省",
        "031_shuyang_fgj_2023_page_slice.html": "江苏省",
        "000_2dd00469ff465376.txt": "河北省",
        "001_23d160e7ec491542.txt": "四川省",
        "002_cfd2e18d46146604.txt": "宁夏回族自治区",
        "003_f237f57025bb66e2.txt": "江苏省",
        "004_4f48120707bf878b.txt": "浙江省",
    }
    found = {}
    for folder in (REAL, SAMPLE):
        for report in parse_folder(folder).reports:
            assert report.source is not None and report.place is not None
            found[report.source.file] = report.place.province
    assert {file: found.get(file) for file in expected} == expected


def test_the_agencies_foreign_key_is_checked_by_frictionless(tmp_path: Path) -> None:
    package = _package(SAMPLE, tmp_path / "pkg")
    report = frictionless.validate(package / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:5]
    descriptor = json.loads((package / "schemas" / "reports.json").read_text(encoding="utf-8"))
    assert {
        "fields": ["agency_id"],
        "reference": {"resource": "agencies", "fields": ["agency_id"]},
    } in (descriptor["foreignKeys"])
    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    path = broken / "data" / "agencies.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")  # an agency gone: its reports dangle
    report = frictionless.validate(broken / "datapackage.json")
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_agencies_csv_corrects_an_identity_and_reports_lines_naming_no_report(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(FIXTURES / "chengguan_no_clue", folder)
    (folder / "agencies.csv").write_text(
        "file,name,agency_id,region\n"
        "a.txt,,,河北省石家庄市灵寿县\n"
        ",不存在的机关,x-nothing,\n"
        "b.txt,,bad id!,\n",
        encoding="utf-8",
    )
    collection = parse_folder(folder)
    by_file = {r.source.file: r for r in collection.reports if r.source}
    placed = by_file["a.txt"]
    assert placed.place is not None
    assert (placed.place.county, placed.place.source) == ("灵寿县", "agencies.csv")
    assert placed.agency_id == "130126-chengguanzhen"
    assert placed.identity_source == "agencies.csv"
    assert by_file["b.txt"].identity_source == "automatic"
    problems = [
        f.reason for f in collection.failures + collection.skipped if f.file == "agencies.csv"
    ]
    assert any("不存在的机关" in p and "line 3" in p for p in problems), problems
    assert any("line 4" in p and "bad id!" in p for p in problems), problems
    assert not any(f.file == "agencies.csv" and "supported" in f.reason for f in collection.skipped)
    messages = [
        f.message for f in collection.failures + collection.skipped if f.file == "agencies.csv"
    ]
    assert any("第 3 行" in m and "不存在的机关" in m for m in messages), (
        messages
    )  # in Chinese on the site


def test_agencies_csv_names_a_printed_name(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(FIXTURES / "hongze", folder)
    (folder / "agencies.csv").write_text(
        "name,agency_id\n淮安市洪泽区人民政府,hongze-gov\n", encoding="utf-8"
    )
    ids = {r.agency: r.agency_id for r in parse_folder(folder).reports}
    assert ids == {"洪泽区人民政府": "320813-zhengfu", "淮安市洪泽区人民政府": "hongze-gov"}


def test_a_covering_letter_is_not_part_of_the_agency_or_the_title() -> None:
    text = (SAMPLE / "000_2dd00469ff465376.txt").read_text(encoding="utf-8").splitlines()
    letter = "平潭综合实验区苏平片区管理局关于报送2020年度政府信息公开工作年度报告的函"
    report = parse_report("\n".join([letter, *text[1:]]))
    assert report.agency == "平潭综合实验区苏平片区管理局"
    assert report.title == "平潭综合实验区苏平片区管理局2020年度政府信息公开工作年度报告"
    notice = "关于印发平潭综合实验区某某局2020年度政府信息公开工作年度报告的通知"
    assert parse_report("\n".join([notice, *text[1:]])).agency == "平潭综合实验区某某局"


def test_a_name_holding_a_one_character_predicate_word_is_read_whole() -> None:
    """将 begins a predicate (…镇将进一步…) and is part of names (洪雅县将军乡, 将乐县)."""
    text = (SAMPLE / "000_2dd00469ff465376.txt").read_text(encoding="utf-8").splitlines()
    body = [line for line in text[1:] if not any(w in line for w in ("年度报告", "联系", "慈峪"))]
    for agency in ("洪雅县将军乡", "将乐县万全乡", "平潭综合实验区苏平镇"):
        lead = (
            f"根据《中华人民共和国政府信息公开条例》规定，现将2021年度{agency}政府信息公开工作"
            f"年度报告如下。2021年，{agency}将进一步做好公开工作。"
        )
        assert parse_report("\n".join([lead, *body])).agency == agency


def test_a_title_run_into_the_first_sentence_ends_where_the_title_ends() -> None:
    text = (SAMPLE / "000_2dd00469ff465376.txt").read_text(encoding="utf-8").splitlines()
    run_on = "洪泽区人民政府2020年政府信息公开工作年度报告本年度报告根据《中华人民共和国政府信息公开条例》（以"
    report = parse_report("\n".join([run_on, *text[1:]]))
    assert report.title == "洪泽区人民政府2020年政府信息公开工作年度报告"
    assert report.agency == "洪泽区人民政府"


def test_parse_prints_the_place_and_the_agency_id() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "parse", str(SAMPLE / "000_2dd00469ff465376.txt")],
        capture_output=True,
        text=True,
        check=True,
    )
    record = json.loads(result.stdout)
    assert record["agency_id"] == "130126-ciyuzhen"
    assert record["place"]["county"] == "灵寿县" and record["place"]["code"] == "130126"
    assert any(run.endswith("灵寿县") for run in record["cited_governments"])


def _write_generated(folder: Path, reports: list) -> None:
    """Generated reports as a collector saves them: in their folders, with manifest.csv regions."""
    rows = ["file,region"]
    for index, generated in enumerate(reports):
        path = folder.joinpath(*generated.folder, f"report-{index}.txt")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generated.text, encoding="utf-8")
        if generated.manifest_region:
            rows.append(f"{path.relative_to(folder).as_posix()},{generated.manifest_region}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_generated_namesake_townships_of_one_year_are_each_counted(tmp_path: Path) -> None:
    from generator import generate_report
    from generator.places import Agency, counties

    chengguan = [county for county in counties() if "城关镇" in county.townships][:6]
    reports = []
    for number, county in enumerate(chengguan):
        agency = Agency(
            "城关镇",
            (county.province, county.city, county.name),
            "township",
            f"{county.city}{county.name}人民政府",
            "城关镇",
            county.code,
            "城关镇",
            ("城关镇", "城关镇人民政府"),
        )
        reports.append(generate_report(random.Random(number), agency=agency, year=2022))
    assert len({g.clue for g in reports}) > 1  # clues in the text, the folders and the manifest
    folder = tmp_path / "reports"
    _write_generated(folder, reports)
    collection = parse_folder(folder)
    found = {r.agency_id for r in collection.reports}
    assert found == {g.agency_id for g in reports} and len(found) == len(chengguan)
    metas = describe_reports(collection.reports)
    assert all(meta.counted for meta in metas)
