"""What the site takes from the written data package: its file list, dictionary and rows.

The data dictionary is read from the package's own descriptor and Table Schemas, so it is never
written a second time.

A site that holds the package (no `--data-url`) holds every file of it once, in the zip, and
beside the zip each file that is worth downloading on its own: a CSV larger than the whole zip
(`cells.csv`, `checks.csv` of any sizeable collection: ≈ 7× the zip) stays in the zip only, the
smaller download that holds it. Every Parquet file stays (the explorer reads them over HTTP), and
so do the files the site's pages link by name (the reports and failures lists).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from package_builder.parts import resource_paths
from sitegen.safety import web_url


@dataclass
class Download:
    title: str
    path: str  # relative to the package root
    format: str
    size: int
    part: str = ""  # the year (or "2024-2") a file of a resource written in parts holds
    zip_only: bool = False  # the site holds this file in the zip only (see zip_only)


@dataclass
class Field:
    name: str
    title: str
    type: str
    description: str


@dataclass
class ResourceDoc:
    name: str
    title: str
    description: str
    downloads: list[Download]
    fields: list[Field]


@dataclass
class PackageDoc:
    title: str
    description: str
    version: str
    licenses: list[dict[str, str]]
    resources: list[ResourceDoc]
    extras: list[Download]  # datapackage.json, README.md, the zip

    @property
    def in_parts(self) -> frozenset[str]:
        """The resources written one file per year."""
        return frozenset(r.name for r in self.resources if any(d.part for d in r.downloads))

    @property
    def zip_only(self) -> frozenset[str]:
        """The resources whose CSV the site holds in the zip only."""
        return frozenset(r.name for r in self.resources if any(d.zip_only for d in r.downloads))

    @property
    def by_entry(self) -> frozenset[str]:
        """The resources whose complete list a page links through the data page's entry for it
        (`#dict-checks`) rather than as one CSV: written in parts, or in the zip only."""
        return self.in_parts | self.zip_only

    @property
    def zip(self) -> Download | None:
        return next((d for d in self.extras if d.path == ZIP), None)


ZIP = "datapackage.zip"
# linked by name from the site's list pages (sitegen/lists.py, the templates): never zip-only
LINKED_BY_NAME = frozenset({"data/reports.csv", "data/failures.csv"})


def zip_only(package_dir: Path) -> frozenset[str]:
    """The package's CSV files (paths relative to it) a site holds in the zip only: each larger
    than the whole zip, which holds it compressed with everything else. None without a zip (a
    package in parts is published file by file)."""
    archive = package_dir / ZIP
    if not archive.is_file():
        return frozenset()
    limit = archive.stat().st_size
    larger = (p for p in package_dir.glob("data/*.csv") if p.stat().st_size > limit)
    return frozenset(p.relative_to(package_dir).as_posix() for p in larger) - LINKED_BY_NAME


def _load_schema(package_dir: Path, schema: Any) -> dict[str, Any]:
    if isinstance(schema, dict):
        return schema
    if isinstance(schema, str) and not web_url(schema):
        return json.loads((package_dir / schema).read_text(encoding="utf-8"))
    return {"fields": []}


def _download(package_dir: Path, path: str, title: str, fmt: str) -> Download | None:
    file = package_dir / path
    if not file.is_file() or ".." in Path(path).parts or Path(path).is_absolute():
        return None
    return Download(title, Path(path).as_posix(), fmt, file.stat().st_size)


def package_doc(package_dir: Path, in_site: bool = False) -> PackageDoc:
    """in_site: the site holds the package (copy_package), so the files zip_only names are
    downloaded in the zip; otherwise (a package published at --data-url) every file is linked."""
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    in_zip = zip_only(package_dir) if in_site else frozenset()
    by_schema: dict[str, ResourceDoc] = {}
    for resource in descriptor.get("resources", []):
        schema_ref = resource.get("schema")
        key = schema_ref if isinstance(schema_ref, str) else resource["name"]
        paths = resource_paths(resource)
        downloads = [
            d
            for path in paths
            if (
                d := _download(
                    package_dir, path, resource.get("title", ""), resource.get("format", "")
                )
            )
        ]
        for d in downloads:
            d.zip_only = d.path in in_zip
        if len(paths) > 1:
            stem = resource["name"].removesuffix("-parquet") + "-"
            for d in downloads:
                d.part = Path(d.path).stem.removeprefix(stem)
        if key not in by_schema:
            schema = _load_schema(package_dir, schema_ref)
            by_schema[key] = ResourceDoc(
                name=resource["name"],
                title=resource.get("title", resource["name"]),
                description=resource.get("description", ""),
                downloads=[],
                fields=[
                    Field(
                        f["name"], f.get("title", ""), f.get("type", ""), f.get("description", "")
                    )
                    for f in schema.get("fields", [])
                ],
            )
        by_schema[key].downloads += downloads
        schema = (
            _download(package_dir, schema_ref, "", "json") if isinstance(schema_ref, str) else None
        )
        if schema and all(d.path != schema.path for d in by_schema[key].downloads):
            by_schema[key].downloads.append(schema)
    extras = [
        d
        for d in (
            _download(package_dir, "datapackage.json", "数据包描述（datapackage.json）", "json"),
            _download(package_dir, "README.md", "数据说明（README.md）", "md"),
            _download(package_dir, ZIP, "完整数据包（ZIP）", "zip"),
        )
        if d
    ]
    return PackageDoc(
        title=descriptor.get("title", ""),
        description=descriptor.get("description", ""),
        version=str(descriptor.get("version", "")),
        licenses=descriptor.get("licenses", []),
        resources=list(by_schema.values()),
        extras=extras,
    )


def copy_package(package_dir: Path, target: Path) -> None:
    """Copy the package's files (not folders of anything else) into the site, each once: the
    CSV files zip_only names are in the copied zip."""
    skip = zip_only(package_dir)
    for source in sorted(package_dir.rglob("*")):
        relative = source.relative_to(package_dir)
        if (
            source.is_file()
            and not any(p.startswith(".") for p in relative.parts)
            and relative.as_posix() not in skip
        ):
            destination = target / source.relative_to(package_dir)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
