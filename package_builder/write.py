"""Write the Frictionless data package: CSV + Parquet per resource, shared schemas, README, zip."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from package_builder.agencies import agency_rows
from package_builder.config import PACKAGE, PackageConfig
from package_builder.describe import ReportMeta
from package_builder.files import ResourceWriter, is_fraction, widen_to_number
from package_builder.parts import DATA_DIR, file_path, partitioned, split_by_year
from package_builder.readme import readme_text
from package_builder.rows import (
    REPORT_RESOURCES,
    by_report_id,
    code_rows,
    entries_of,
    failure_rows,
)
from package_builder.schema import RESOURCES, WIDE_TABLES, ResourceSpec
from parsers.record import Report

if TYPE_CHECKING:
    from pipeline.parse_folder import Collection

SCHEMA_DIR = "schemas"
ZIP_NAME = "datapackage.zip"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the zip is the same bytes on every build
_COPY_CHUNK = 1 << 20


BATCH_REPORTS = 500  # reports whose rows are held at once; also the Parquet row-group size


def write_package(
    collection: Collection,
    out_dir: Path,
    config: PackageConfig = PACKAGE,
    metas: list[ReportMeta] | None = None,
) -> list[Path]:
    """Write the package into out_dir; return the files written (the zip last, when written).
    metas: the reports' descriptions (describe_reports), when the caller has them already."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / DATA_DIR).mkdir(exist_ok=True)
    (out_dir / SCHEMA_DIR).mkdir(exist_ok=True)
    pairs = by_report_id(collection.reports, metas)
    parts = split_by_year(pairs, [report.year for report, _ in pairs], config.part_reports)
    schemas = _settled_schemas(pairs)
    written: list[Path] = []
    files: dict[str, list[str]] = {}  # resource → its CSV files, in order
    for spec in RESOURCES:
        written.append(
            _write_text(out_dir / f"{SCHEMA_DIR}/{spec.name}.json", _json(schemas[spec.name]))
        )
        labels = [part.label for part in parts] if partitioned(spec.name, parts) else [""]
        files[spec.name] = [file_path(spec.name, label, "csv") for label in labels]

    def open_writer(name: str, label: str) -> ResourceWriter:
        csv_path, parquet_path = (file_path(name, label, suffix) for suffix in ("csv", "parquet"))
        written.extend((out_dir / csv_path, out_dir / parquet_path))
        return ResourceWriter(schemas[name], out_dir / csv_path, out_dir / parquet_path)

    whole = {
        spec.name: open_writer(spec.name, "") for spec in RESOURCES if len(files[spec.name]) == 1
    }
    try:
        whole["codes"].write(code_rows())
        whole["agencies"].write(agency_rows(pairs))
        for part in parts:
            # one part's files open at a time: memory and open files do not grow with the years
            own = {
                name: open_writer(name, part.label)
                for name in REPORT_RESOURCES
                if name not in whole
            }
            try:
                for start in range(0, len(part.members), BATCH_REPORTS):
                    batch = entries_of(part.members[start : start + BATCH_REPORTS])
                    for name, rows_of in REPORT_RESOURCES.items():
                        (own.get(name) or whole[name]).write(rows_of(batch))
            finally:
                for writer in own.values():
                    writer.close()
        whole["failures"].write(failure_rows(collection))
    finally:
        for writer in whole.values():
            writer.close()

    resources = [
        descriptor
        for spec in RESOURCES
        for descriptor in _resource_descriptors(
            spec, files[spec.name], f"{SCHEMA_DIR}/{spec.name}.json"
        )
    ]
    years = sorted({r.year for r in collection.reports if r.year is not None})
    descriptor = package_descriptor(config, resources, years)
    written.append(_write_text(out_dir / "datapackage.json", _json(descriptor)))
    readme = readme_text(config, descriptor, schemas, years)
    written.append(_write_text(out_dir / "README.md", readme))
    if len(parts) == 1:
        # a partitioned package is published file by file (a year at a time), not as one archive
        written.append(_write_zip(out_dir, sorted(written, key=lambda p: p.as_posix())))
    return written


def _settled_schemas(pairs: list[tuple[Report, ReportMeta]]) -> dict[str, dict[str, Any]]:
    """Every resource's schema, with the count columns of a wide table that holds a printed
    fraction declared as number. Only the wide tables' count columns can: every other integer
    field is a line number, a position, a year or a count the package makes itself."""
    fractions: dict[str, set[str]] = {name: set() for name in WIDE_TABLES}
    for report, _ in pairs:
        for cell in report.cells:
            if is_fraction(cell.value):
                for name, (table, _columns) in WIDE_TABLES.items():
                    if cell.table == table:
                        fractions[name].add(cell.column)
    return {
        spec.name: widen_to_number(spec.schema, fractions.get(spec.name, set()))
        for spec in RESOURCES
    }


def package_descriptor(
    config: PackageConfig, resources: list[dict[str, Any]], years: list[int]
) -> dict[str, Any]:
    """datapackage.json; no clock time in it, so equal inputs give equal bytes."""
    license_ = config.data_license
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": config.name,
        "title": config.title,
        "description": config.description,
        "version": config.version,
        "homepage": config.homepage,
        "keywords": list(config.keywords),
        "licenses": [{"name": license_.name, "title": license_.title, "path": license_.path}],
        "contributors": [{"title": config.publisher, "roles": ["publisher"]}],
        "resources": resources,
    }
    if years:
        # Custom property: the report years covered (instead of a build timestamp).
        descriptor["temporalCoverage"] = {"start": years[0], "end": years[-1]}
    return descriptor


def _resource_descriptors(
    spec: ResourceSpec, csv_files: list[str], schema_path: str
) -> list[dict[str, Any]]:
    """The CSV and the Parquet resource; `path` a list when the resource is in several files."""
    parquet_files = [path.removesuffix(".csv") + ".parquet" for path in csv_files]
    common = {"type": "table", "title": spec.title, "description": spec.description}
    return [
        {"name": spec.name, "path": _path_value(csv_files), "format": "csv"}
        | {"mediatype": "text/csv", "encoding": "utf-8"}
        | common
        | {"schema": schema_path},
        {
            "name": f"{spec.name}-parquet",
            "path": _path_value(parquet_files),
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
        }
        | common
        | {"title": f"{spec.title}（Parquet）", "schema": schema_path},
    ]


def _path_value(files: list[str]) -> str | list[str]:
    return files[0] if len(files) == 1 else files


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _write_text(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))  # bytes: no platform newline translation, no BOM
    return path


def _write_zip(out_dir: Path, files: list[Path]) -> Path:
    zip_path = out_dir / ZIP_NAME
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(out_dir).as_posix(), date_time=_ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            # streamed: cells.csv runs to hundreds of MB for a national collection
            with path.open("rb") as source, archive.open(info, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, _COPY_CHUNK)
    return zip_path
