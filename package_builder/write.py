"""Write the Frictionless data package: CSV + Parquet per resource, shared schemas, README, zip."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from package_builder.config import PACKAGE, PackageConfig
from package_builder.files import arrow_table, csv_text, settle_types, typed_rows
from package_builder.readme import readme_text
from package_builder.rows import resource_rows
from package_builder.schema import RESOURCES, ResourceSpec

if TYPE_CHECKING:
    from pipeline.collect import Collection

DATA_DIR, SCHEMA_DIR = "data", "schemas"
ZIP_NAME = "datapackage.zip"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the zip is the same bytes on every build


def write_package(
    collection: Collection, out_dir: Path, config: PackageConfig = PACKAGE
) -> list[Path]:
    """Write the package into out_dir; return the files written (the zip last)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / DATA_DIR).mkdir(exist_ok=True)
    (out_dir / SCHEMA_DIR).mkdir(exist_ok=True)
    rows_by_resource = resource_rows(collection)
    written: list[Path] = []
    resources: list[dict[str, Any]] = []
    schemas: dict[str, dict[str, Any]] = {}
    for spec in RESOURCES:
        rows = rows_by_resource[spec.name]
        schema = settle_types(spec.schema, rows)
        schemas[spec.name] = schema
        typed = typed_rows(schema, rows)
        schema_path = f"{SCHEMA_DIR}/{spec.name}.json"
        written.append(_write_text(out_dir / schema_path, _json(schema)))
        csv_path = f"{DATA_DIR}/{spec.name}.csv"
        written.append(_write_text(out_dir / csv_path, csv_text(schema, typed)))
        parquet_path = f"{DATA_DIR}/{spec.name}.parquet"
        pq.write_table(arrow_table(schema, typed), out_dir / parquet_path, compression="zstd")
        written.append(out_dir / parquet_path)
        resources += _resource_descriptors(spec, csv_path, parquet_path, schema_path)

    years = sorted({r.year for r in collection.reports if r.year is not None})
    descriptor = package_descriptor(config, resources, years)
    written.append(_write_text(out_dir / "datapackage.json", _json(descriptor)))
    readme = readme_text(config, descriptor, schemas, years)
    written.append(_write_text(out_dir / "README.md", readme))
    written.append(_write_zip(out_dir, sorted(written, key=lambda p: p.as_posix())))
    return written


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
            archive.writestr(info, path.read_bytes())
    return zip_path
