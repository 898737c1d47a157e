"""A large package: resources with rows per report written one file per year, read as one table."""

from __future__ import annotations

import csv
import glob
import json
import shutil
from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import pyarrow.parquet as pq
import pytest

from package_builder import write_package
from package_builder.config import PackageConfig
from package_builder.parts import WHOLE
from package_builder.schema import RESOURCES
from pipeline.parse_folder import Collection, parse_folder

SAMPLE = Path(__file__).resolve().parent.parent / "reports" / "sample"
SMALL_PARTS = PackageConfig(part_reports=2)  # 5 sample reports of 2019, 2020 (three), 2023


@pytest.fixture(scope="module")
def sample() -> Collection:
    return parse_folder(SAMPLE)


@pytest.fixture(scope="module")
def whole(sample: Collection, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("whole")
    write_package(sample, out)
    return out


@pytest.fixture(scope="module")
def parted(sample: Collection, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parted")
    write_package(sample, out, SMALL_PARTS, jobs=2)  # cells and checks by a process of their own
    return out


def _contents(package: Path) -> dict[str, bytes]:
    return {p.relative_to(package).as_posix(): p.read_bytes() for p in package.rglob("*.*")}


@pytest.mark.parametrize("config", [PackageConfig(), SMALL_PARTS], ids=["whole", "parted"])
def test_two_processes_write_the_same_package_as_one(
    sample: Collection, config: PackageConfig, tmp_path: Path
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    written_one = write_package(sample, one, config, jobs=1)
    written_two = write_package(sample, two, config, jobs=2)
    assert [p.relative_to(one) for p in written_one] == [p.relative_to(two) for p in written_two]
    assert all(p.is_file() for p in written_two)
    assert sorted(p.relative_to(two).as_posix() for p in written_two) == sorted(_contents(two))
    assert _contents(one) == _contents(two)


def test_a_failure_in_the_second_process_fails_the_package(
    sample: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import package_builder.write as write

    settled = write._settled_schemas

    def broken(pairs: object) -> dict:
        schemas = settled(pairs)  # type: ignore[arg-type]
        schemas["cells"] = {**schemas["cells"], "fields": [{"name": "x", "type": "no-such-type"}]}
        return schemas

    # the schemas travel to the second process, which writes cells: it fails there
    monkeypatch.setattr(write, "_settled_schemas", broken)
    with pytest.raises(KeyError, match="no-such-type"):
        write_package(sample, tmp_path, jobs=2)
    assert not (tmp_path / write.SPOOL_NAME).exists()  # the second process's batches, removed


def _resources(package: Path) -> dict[str, dict]:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    return {resource["name"]: resource for resource in descriptor["resources"]}


def _errors(report: frictionless.Report) -> list[tuple[str, str]]:
    return [(error.type, error.note) for task in report.tasks for error in task.errors]


def test_per_report_resources_are_one_file_per_year_with_their_names(
    parted: Path, sample: Collection
) -> None:
    resources = _resources(parted)
    years = sorted({r.year for r in sample.reports})
    assert years == [2019, 2020, 2023] and [r.year for r in sample.reports].count(2020) == 3
    for spec in RESOURCES:
        csv_resource, parquet_resource = resources[spec.name], resources[f"{spec.name}-parquet"]
        if spec.name in WHOLE:
            assert csv_resource["path"] == f"data/{spec.name}.csv"
            continue
        # 2020 has three reports, more than a file may hold here (2): two files
        labels = ["2019", "2020-1", "2020-2", "2023"]
        assert csv_resource["path"] == [f"data/{spec.name}-{label}.csv" for label in labels]
        assert parquet_resource["path"] == [f"data/{spec.name}-{label}.parquet" for label in labels]
        assert all((parted / path).is_file() for path in parquet_resource["path"])
    assert not (parted / "data" / "cells.csv").exists()
    assert not (parted / "datapackage.zip").exists()  # published file by file


def test_the_validator_reads_every_part_with_the_foreign_keys(parted: Path, tmp_path: Path) -> None:
    report = frictionless.validate(parted / "datapackage.json")
    assert report.valid, _errors(report)[:10]
    cells = frictionless.Package(parted / "datapackage.json").get_resource("cells")
    assert (
        len(cells.read_rows())
        == pq.read_table(sorted(glob.glob(f"{parted}/data/cells-*.parquet"))).num_rows
    )

    broken = tmp_path / "broken"
    shutil.copytree(parted, broken)
    last = broken / "data" / "checks-2023.csv"  # a dangling report id in the last part
    with last.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    rows[0]["report_id"] = "no-such-report"
    with last.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    report = frictionless.validate(broken / "datapackage.json")
    assert "foreign-key" in {error for error, _ in _errors(report)}


def test_each_parquet_part_is_valid_on_its_own(parted: Path) -> None:
    """frictionless 5 reads only the first file of a multi-file Parquet resource: each is
    validated as a resource of its own (the README says so); the foreign keys are checked on
    the CSV files, which hold the same rows."""
    for name, resource in _resources(parted).items():
        if resource["format"] != "parquet" or isinstance(resource["path"], str):
            continue
        schema = json.loads((parted / resource["schema"]).read_text(encoding="utf-8"))
        schema.pop("foreignKeys", None)
        for path in resource["path"]:
            one = frictionless.Resource(
                {"name": "part", "path": path, "format": "parquet", "schema": schema},
                basepath=str(parted),
            )
            report = one.validate()
            assert report.valid, (name, path, _errors(report)[:5])


@pytest.mark.parametrize("name", [s.name for s in RESOURCES if s.name not in WHOLE])
def test_the_parts_read_as_the_one_table_of_a_small_package(
    whole: Path, parted: Path, name: str
) -> None:
    key = ["report_id"]
    one = pd.read_parquet(whole / "data" / f"{name}.parquet")
    files = sorted(glob.glob(f"{parted}/data/{name}-*.parquet"))
    by_pandas = pd.read_parquet(files)
    by_arrow = pq.read_table(files).to_pandas()
    by_duckdb = duckdb.sql(f"SELECT * FROM '{parted}/data/{name}-*.parquet'").df()
    columns = list(one.columns)
    for frame in (by_pandas, by_arrow, by_duckdb):
        assert list(frame.columns) == columns
        assert len(frame) == len(one)
        left = one.sort_values(key + columns[1:3], kind="stable").reset_index(drop=True)
        right = frame.sort_values(key + columns[1:3], kind="stable").reset_index(drop=True)
        assert left.astype(str).equals(right[columns].astype(str))
    year = duckdb.sql(f"SELECT count(*) FROM read_csv('{parted}/data/{name}-2020*.csv')")
    in_2020 = duckdb.sql(
        f"SELECT count(*) FROM '{whole}/data/{name}.parquet' t "
        f"JOIN '{whole}/data/reports.parquet' r USING (report_id) WHERE r.year = 2020"
    )
    assert year.fetchall() == in_2020.fetchall()


def test_readme_says_how_to_read_one_year_or_all(parted: Path, whole: Path) -> None:
    readme = (parted / "README.md").read_text(encoding="utf-8")
    assert "`data/cells-*.csv`（4 个文件）" in readme
    assert "data/cells-2024.csv" in readme and "'data/cells-*.parquet'" in readme
    assert "按年度分文件" not in (whole / "README.md").read_text(encoding="utf-8")


def test_a_small_package_is_unchanged(whole: Path) -> None:
    resources = _resources(whole)
    assert resources["cells"]["path"] == "data/cells.csv"
    assert resources["cells-parquet"]["path"] == "data/cells.parquet"
    assert (whole / "datapackage.zip").is_file()


def test_a_site_links_every_part_and_the_explorer_reads_them_as_one_view(
    sample: Collection, parted: Path, tmp_path: Path
) -> None:
    from sitegen import build_site

    site = tmp_path / "site"
    build_site(sample, parted, site, jobs=1)
    page = (site / "data" / "index.html").read_text(encoding="utf-8")
    for path in _resources(parted)["cells"]["path"] + _resources(parted)["checks-parquet"]["path"]:
        assert f'href="../data/{path}"' in page and (site / "data" / path).is_file()
    assert "CSV 2020-2" in page and "按年度分文件" in page
    assert "datapackage.zip" not in page
    quality = (site / "quality" / "index.html").read_text(encoding="utf-8")
    assert 'href="../data/#dict-checks"' in quality  # the complete list is in parts
    assert 'id="dict-checks"' in page

    explore = (site / "explore" / "index.html").read_text(encoding="utf-8")
    config = json.loads(
        explore.split('id="explore-config">', 1)[1].split("</script>", 1)[0].replace("<\\/", "</")
    )
    views = {view["name"]: view for view in config["tables"]}
    assert views["reports"]["url"] == "../data/data/reports.parquet"
    assert views["cells"]["urls"] == [
        f"../data/{path}" for path in _resources(parted)["cells-parquet"]["path"]
    ]
