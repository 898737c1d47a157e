"""What the site takes from the written data package: its file list, dictionary and rows.

The data dictionary is read from the package's own descriptor and Table Schemas, so it is never
written a second time.
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


def package_doc(package_dir: Path) -> PackageDoc:
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
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
            _download(package_dir, "datapackage.zip", "完整数据包（ZIP）", "zip"),
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
    """Copy the package's files (not folders of anything else) into the site."""
    for source in sorted(package_dir.rglob("*")):
        if source.is_file() and not any(
            p.startswith(".") for p in source.relative_to(package_dir).parts
        ):
            destination = target / source.relative_to(package_dir)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
