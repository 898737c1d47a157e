"""The open data package: valid by the real validator, typed Parquet, nulls kept, reproducible."""

from __future__ import annotations

import copy
import csv
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import pytest

from package_builder import describe_reports, write_package
from package_builder.schema import RESOURCES
from parsers.record import Report, Source
from pipeline.parse_folder import Collection, Failure, parse_folder

SAMPLE = Path(__file__).resolve().parent.parent / "reports" / "sample"
PANDAS_DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean"}
DUCKDB_TYPES = {
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "string": "VARCHAR",
}


@pytest.fixture(scope="module")
def sample() -> Collection:
    collection = parse_folder(SAMPLE)
    assert collection.reports, "the sample corpus should parse"
    return collection


@pytest.fixture(scope="module")
def package(sample: Collection, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package")
    write_package(sample, out)
    return out


def _schemas(package: Path) -> dict[str, dict]:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    return {
        resource["name"]: json.loads((package / resource["schema"]).read_text(encoding="utf-8"))
        for resource in descriptor["resources"]
        if resource["format"] == "csv"
    }


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _query(sql: str) -> list[tuple]:
    return duckdb.sql(sql).fetchall()


def _errors(report: frictionless.Report) -> list[tuple[str, str]]:
    return [(error.type, error.note) for task in report.tasks for error in task.errors]


def test_sample_package_passes_the_frictionless_validator(package: Path) -> None:
    report = frictionless.validate(package / "datapackage.json")
    assert report.valid, _errors(report)[:10]
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    names = {resource["name"] for resource in descriptor["resources"]}
    for spec in RESOURCES:
        assert {spec.name, f"{spec.name}-parquet"} <= names


@pytest.mark.parametrize(
    ("resource", "break_rows", "error_type"),
    [
        ("cells", lambda rows: rows[1].__setitem__("value", "十二"), "type-error"),
        ("reports", lambda rows: rows.append(dict(rows[0])), "primary-key"),
        ("checks", lambda rows: rows[0].__setitem__("report_id", "no-such-report"), "foreign-key"),
        ("cells", lambda rows: rows[0].__setitem__("row", "not_a_row"), "constraint-error"),
        (
            "codes",
            lambda rows: rows.__setitem__(
                slice(None), [row for row in rows if row["table"] != "applications"]
            ),
            "foreign-key",
        ),
    ],
    ids=[
        "text-in-number",
        "duplicate-primary-key",
        "dangling-foreign-key",
        "unknown-row-code",
        "cell-without-its-code",
    ],
)
def test_validator_fails_on_a_broken_copy(
    package: Path, tmp_path: Path, resource: str, break_rows, error_type: str
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    path = broken / "data" / f"{resource}.csv"
    rows = _read_csv(path)
    break_rows(rows)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    report = frictionless.validate(broken / "datapackage.json")

    assert not report.valid
    assert error_type in {error for error, _ in _errors(report)}


def test_parquet_files_carry_the_declared_types(package: Path) -> None:
    for name, schema in _schemas(package).items():
        path = package / "data" / f"{name}.parquet"
        frame = pd.read_parquet(path)
        assert list(frame.columns) == [field["name"] for field in schema["fields"]]
        described = _query(f"DESCRIBE SELECT * FROM read_parquet('{path.as_posix()}')")
        duck_types = {row[0]: row[1] for row in described}
        for field in schema["fields"]:
            if field["type"] in PANDAS_DTYPES:
                assert str(frame[field["name"]].dtype) == PANDAS_DTYPES[field["type"]], (
                    name,
                    field["name"],
                )
            assert duck_types[field["name"]] == DUCKDB_TYPES[field["type"]], (name, field["name"])
        csv_rows = _query(
            f"SELECT count(*) FROM read_csv('{(package / 'data' / f'{name}.csv').as_posix()}',"
            " header=true, all_varchar=true)"
        )
        assert csv_rows == [(len(frame),)], name


def test_years_read_back_as_integers(package: Path, sample: Collection) -> None:
    reports = pd.read_parquet(package / "data" / "reports.parquet")
    assert sorted(reports["year"].dropna().tolist()) == sorted(
        r.year for r in sample.reports if r.year is not None
    )
    years = _query(
        f"SELECT DISTINCT typeof(year) FROM read_parquet('{package.as_posix()}/data/reports.parquet')"
    )
    assert years == [("BIGINT",)]


def test_a_blank_cell_stays_null_and_a_zero_stays_zero(package: Path, sample: Collection) -> None:
    metas = describe_reports(sample.reports)
    expected: dict[tuple[str, str, str, str], object] = {}
    for report, meta in zip(sample.reports, metas, strict=True):
        for cell in report.cells:
            expected[(meta.report_id, cell.table, cell.row, cell.column)] = cell.value
    blanks = [key for key, value in expected.items() if value is None]
    zeros = [key for key, value in expected.items() if value == 0]
    assert blanks and zeros, "the sample should hold both blank and zero cells"

    csv_values = {
        (row["report_id"], row["table"], row["row"], row["column"]): row["value"]
        for row in _read_csv(package / "data" / "cells.csv")
    }
    frame = pd.read_parquet(package / "data" / "cells.parquet")
    parquet_values = {
        (row.report_id, row.table, row.row, row.column): row.value
        for row in frame.itertuples(index=False)
    }
    for key in blanks:
        assert csv_values[key] == ""
        assert pd.isna(parquet_values[key])
    for key in zeros:
        assert csv_values[key] == "0"
        assert parquet_values[key] == 0
    null_count = _query(
        f"SELECT count(*) FROM read_parquet('{package.as_posix()}/data/cells.parquet') "
        "WHERE value IS NULL"
    )
    absent = len(frame) - len(expected)
    assert null_count == [(len(blanks) + absent,)]


def test_cells_name_their_labels_through_the_code_list(package: Path) -> None:
    schema = _schemas(package)["cells"]
    assert {
        "fields": ["template", "table", "row", "column"],
        "reference": {"resource": "codes", "fields": ["edition", "table", "row", "column"]},
    } in schema["foreignKeys"]
    names = {field["name"] for field in schema["fields"]}
    assert not names & {"table_label", "row_label", "column_label", "kind", "unit", "summable"}
    joined = _query(
        f"SELECT c.report_id, k.row_label, k.column_label, k.unit, k.summable, k.in_form "
        f"FROM read_parquet('{package.as_posix()}/data/cells.parquet') c "
        f"LEFT JOIN read_parquet('{package.as_posix()}/data/codes.parquet') k "
        "ON k.edition = c.template AND k.table = c.table AND k.row = c.row AND k.column = c.column"
    )
    assert len(joined) == len(pd.read_parquet(package / "data" / "cells.parquet"))
    assert all(row[1] and row[2] and row[3] and row[5] for row in joined)
    assert {row[4] for row in joined} == {True, False}  # counts and changes or amounts


def test_wide_tables_hold_the_same_numbers_as_the_cells(package: Path) -> None:
    cells = pd.read_parquet(package / "data" / "cells.parquet")
    applications = pd.read_parquet(package / "data" / "applications.parquet")
    long = cells[cells["table"] == "applications"].pivot(
        index=["report_id", "row"], columns="column", values="value"
    )
    wide = applications.set_index(["report_id", "row"])[long.columns].astype("Float64")
    pd.testing.assert_frame_equal(
        wide.sort_index(), long.sort_index().astype("Float64"), check_names=False
    )


def test_two_builds_are_byte_identical(sample: Collection, tmp_path: Path) -> None:
    first = write_package(sample, tmp_path / "first")
    second = write_package(copy.deepcopy(sample), tmp_path / "second")
    names = [path.relative_to(tmp_path / "first") for path in first]
    assert names == [path.relative_to(tmp_path / "second") for path in second]
    compared = [n for n in names if n.suffix in (".csv", ".json", ".md", ".zip", ".parquet")]
    assert any(n.suffix == ".csv" for n in compared) and Path("datapackage.json") in compared
    for name in compared:
        first_bytes = (tmp_path / "first" / name).read_bytes()
        assert first_bytes == (tmp_path / "second" / name).read_bytes(), name


def test_csv_is_utf8_without_bom(package: Path) -> None:
    for path in sorted((package / "data").glob("*.csv")):
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), path.name
        data.decode("utf-8")
        assert b"\r\n" not in data


def test_readme_documents_every_field_of_every_resource(package: Path) -> None:
    readme = (package / "README.md").read_text(encoding="utf-8")
    sections = re.split(r"^### ", readme, flags=re.MULTILINE)
    by_resource = {
        section.split("`")[1]: section for section in sections if section.startswith("`")
    }
    for name, schema in _schemas(package).items():
        assert name in by_resource, name
        for field in schema["fields"]:
            assert (
                f"| `{field['name']}` | {field['type']} | {field['title']} |" in (by_resource[name])
            ), (name, field["name"])
    for text in (
        "`new_made`",
        "`issued`",
        "`in_force`",
        "`other_no_correction`",
        "CC BY 4.0",
        "MIT",
    ):
        assert text in readme


def test_every_numeric_field_says_whether_it_may_be_summed(package: Path) -> None:
    for name, schema in _schemas(package).items():
        for field in schema["fields"]:
            if field["type"] in ("integer", "number"):
                assert isinstance(field.get("summable"), bool), (name, field["name"])
            assert field["title"] and field["description"], (name, field["name"])
            assert field["name"].isascii()
    active = {f["name"]: f for f in _schemas(package)["active_disclosure"]["fields"]}
    assert active["decisions"]["summable"] is True
    assert active["change"]["summable"] is False
    assert active["amount"]["summable"] is False


def test_zip_holds_every_file_of_the_package(package: Path) -> None:
    import zipfile

    with zipfile.ZipFile(package / "datapackage.zip") as archive:
        names = set(archive.namelist())
    on_disk = {
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file() and path.name != "datapackage.zip"
    }
    assert names == on_disk


def _with_source(report: Report, **changes: object) -> Report:
    source = replace(report.source or Source("x.txt", "0" * 64, 0, "txt"), **changes)
    # a new report: the places stage (run by describe_reports) gives it its own place and identity
    return replace(report, source=source, place=None, agency_id=None, identity_source=None)


def test_report_ids_are_unique_stable_and_url_safe(sample: Collection) -> None:
    template = sample.reports[0]
    gansu = replace(
        _with_source(template, sha256="a" * 64, file="a.txt"),
        agency="城关镇",
        region="甘肃省兰州市城关区",
    )
    tibet = replace(
        _with_source(template, sha256="b" * 64, file="b.txt"),
        agency="城关镇",
        region="西藏自治区拉萨市城关区",
    )
    nowhere = replace(_with_source(template, sha256="c" * 64, file="c.txt"), agency="城关镇")
    nowhere_too = replace(_with_source(template, sha256="d" * 64, file="d.txt"), agency="城关镇")
    hostile = replace(
        _with_source(template, sha256="e" * 64), agency="../../etc/<script>", year=None
    )
    unnamed = replace(_with_source(template, sha256="f" * 64), agency=None, year=None)
    reports = [*sample.reports, gansu, tibet, nowhere, nowhere_too, hostile, unnamed]

    metas = describe_reports(reports)
    ids = [meta.report_id for meta in metas]

    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", report_id) for report_id in ids)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", meta.agency_slug) for meta in metas)
    reversed_ids = [meta.report_id for meta in describe_reports(reports[::-1])][::-1]
    assert reversed_ids == ids
    by_report = dict(zip(map(id, reports), metas, strict=True))
    assert by_report[id(gansu)].agency_slug != by_report[id(tibet)].agency_slug
    assert by_report[id(gansu)].province == "甘肃省"
    assert by_report[id(gansu)].report_id.startswith(f"{template.year}-chengguanzhen")
    assert by_report[id(unnamed)].report_id.startswith("unknown")


def test_sample_reports_are_described_from_their_names(sample: Collection) -> None:
    described = describe_reports(sample.reports)
    metas = {report.agency: meta for report, meta in zip(sample.reports, described, strict=True)}
    assert metas["慈峪镇"].report_id == "2020-ciyuzhen"
    assert metas["慈峪镇"].level == "乡镇街道"
    assert metas["冯记沟乡人民政府"].agency_slug == "fengjigouxiang"
    assert metas["张家港市商务局"].level == "部门"
    assert metas["张家港市商务局"].level_inferred
    assert metas["富阳区里山镇"].county == "富阳区"


def test_odd_reports_and_failures_still_make_a_valid_package(
    sample: Collection, tmp_path: Path
) -> None:
    template = sample.reports[0]
    odd = [
        replace(_with_source(template, sha256="e" * 64), agency="<script>", year=None),
        replace(
            _with_source(template, sha256="f" * 64), agency=None, template=None, published="去年"
        ),
    ]
    collection = Collection(
        reports=[*sample.reports, *odd],
        failures=[Failure("broken.txt", "不是政府信息公开工作年度报告")],
        skipped=[Failure("photo.jpg", "not a supported report format (.jpg)")],
    )
    write_package(collection, tmp_path)

    report = frictionless.validate(tmp_path / "datapackage.json")

    assert report.valid, _errors(report)[:10]
    failures = _read_csv(tmp_path / "data" / "failures.csv")
    assert {(row["file"], row["outcome"]) for row in failures} == {
        ("broken.txt", "failed"),
        ("photo.jpg", "skipped"),
    }
    reports = _read_csv(tmp_path / "data" / "reports.csv")
    assert len(reports) == len(collection.reports)
    assert "" in {row["published"] for row in reports}  # "去年" is not a date: left blank
