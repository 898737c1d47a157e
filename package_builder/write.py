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

DATA_DIR, SCHEMA_DIR = "data", "schemas"
ZIP_NAME = "datapackage.zip"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the zip is the same bytes on every build
_COPY_CHUNK = 1 << 20


BATCH_REPORTS = 500  # reports whose rows are held at once; also the Parquet row-group size


def write_package(
    collection: Collection, out_dir: Path, config: PackageConfig = PACKAGE
) -> list[Path]:
    """Write the package into out_dir; return the files written (the zip last)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / DATA_DIR).mkdir(exist_ok=True)
    (out_dir / SCHEMA_DIR).mkdir(exist_ok=True)
    pairs = by_report_id(collection.reports)
    schemas = _settled_schemas(pairs)
    written: list[Path] = []
    resources: list[dict[str, Any]] = []
    writers: dict[str, ResourceWriter] = {}
    for spec in RESOURCES:
        paths = _paths(spec.name)
        written.append(_write_text(out_dir / paths["schema"], _json(schemas[spec.name])))
        writers[spec.name] = ResourceWriter(
            schemas[spec.name], out_dir / paths["csv"], out_dir / paths["parquet"]
        )
        written += [out_dir / paths["csv"], out_dir / paths["parquet"]]
        resources += _resource_descriptors(spec, paths["csv"], paths["parquet"], paths["schema"])
    try:
        writers["codes"].write(code_rows())
        writers["agencies"].write(agency_rows(pairs))
        for start in range(0, len(pairs), BATCH_REPORTS):
            batch = entries_of(pairs[start : start + BATCH_REPORTS])
            for name, rows_of in REPORT_RESOURCES.items():
                writers[name].write(rows_of(batch))
        writers["failures"].write(failure_rows(collection))
    finally:
        for writer in writers.values():
            writer.close()

    years = sorted({r.year for r in collection.reports if r.year is not None})
    descriptor = package_descriptor(config, resources, years)
    written.append(_write_text(out_dir / "datapackage.json", _json(descriptor)))
    readme = readme_text(config, descriptor, schemas, years)
    written.append(_write_text(out_dir / "README.md", readme))
    written.append(_write_zip(out_dir, sorted(written, key=lambda p: p.as_posix())))
    return written


def _paths(name: str) -> dict[str, str]:
    return {
        "schema": f"{SCHEMA_DIR}/{name}.json",
        "csv": f"{DATA_DIR}/{name}.csv",
        "parquet": f"{DATA_DIR}/{name}.parquet",
    }


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
    spec: ResourceSpec, csv_path: str, parquet_path: str, schema_path: str
) -> list[dict[str, Any]]:
    common = {"type": "table", "title": spec.title, "description": spec.description}
    return [
        {"name": spec.name, "path": csv_path, "format": "csv", "mediatype": "text/csv"}
        | {"encoding": "utf-8"}
        | common
        | {"schema": schema_path},
        {
            "name": f"{spec.name}-parquet",
            "path": parquet_path,
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
        }
        | common
        | {"title": f"{spec.title}（Parquet）", "schema": schema_path},
    ]


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
