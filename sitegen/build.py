"""build_site: generate the pages, run MkDocs, add the data and the search index, swap it in."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from sitegen.package_files import cells_by_report, copy_package, csv_text, package_doc
from sitegen.pages import SiteInfo, all_pages
from sitegen.search import index_site
from sitegen.site_data import SiteData, site_data

if TYPE_CHECKING:
    from pipeline.collect import Collection

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"
DATA_FOLDER = "data"  # the package's files are served from site/data/


def build_site(collection: Collection, package_dir: Path, site_dir: Path) -> list[Path]:
    """Build the site for these reports into site_dir; the previous site stays until it is done."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=site_dir.parent))
    try:
        docs, built = staging / "docs", staging / "site"
        shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("overrides"))
        config = load_config(config_file=str(MKDOCS_YML), docs_dir=str(docs), site_dir=str(built))
        site = SiteInfo(name=config["site_name"], url=config.get("site_url") or "")
        data = site_data(collection)
        _write_pages(docs, all_pages(data, package_doc(package_dir), site))
        _write_report_downloads(docs, data, package_dir)
        mkdocs_build(config)
        copy_package(package_dir, built / DATA_FOLDER)
        index_site(built)
        _swap(built, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [site_dir]


def _write_pages(docs: Path, pages: dict[str, str]) -> None:
    for relative, text in pages.items():
        path = docs / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _write_report_downloads(docs: Path, data: SiteData, package_dir: Path) -> None:
    """Per report: its rows of the package's cells table (CSV) and its whole record (JSON)."""
    header, rows = cells_by_report(package_dir)
    for entry in data.entries:
        folder = docs / "reports" / entry.id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "cells.csv").write_text(
            csv_text(header, rows.get(entry.id, [])), encoding="utf-8"
        )
        record = {
            "report_id": entry.id,
            "agency_slug": entry.meta.agency_slug,
            "level": entry.meta.level,
        } | entry.report.to_dict()
        (folder / "report.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8"
        )


def _swap(built: Path, site_dir: Path) -> None:
    """Put the finished site in place; the old one is removed only after the new one is there."""
    old = site_dir.with_name(f".{site_dir.name}-old-{built.parent.name}")
    if site_dir.exists():
        site_dir.rename(old)
    built.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
