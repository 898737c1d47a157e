"""One site per year or per province, for collections larger than one site should hold.

GitHub Pages publishes at most 1 GB; a national collection over several years is more. Each part
is a complete site under site/<key>/ (its own search index), the package is copied once to
site/data/ (or linked at --data-url and not copied), and site/index.html lists the parts."""

from __future__ import annotations

import multiprocessing
import pickle
import shutil
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from package_builder import ReportMeta, describe_reports
from package_builder.describe import slugify
from pipeline.gc_tuning import collect_garbage_rarely
from sitegen.build import DATA_FOLDER, _swap, build_site
from sitegen.explorer import EXPLORE_FOLDER, write_explorer
from sitegen.lists import province_slugs
from sitegen.package_files import copy_package
from sitegen.pages import data_file
from sitegen.render import render
from sitegen.search import site_bundles

if TYPE_CHECKING:
    from parsers.record import Report
    from pipeline.parse_folder import Collection

SPLITS = ("year", "province")
UNKNOWN = "unknown"


def _key(
    split_by: str, report: Report, meta: ReportMeta, provinces: dict[str, str]
) -> tuple[str, str]:
    """(folder, label) of the part a report belongs to."""
    if split_by == "year":
        return (str(report.year), f"{report.year}年度") if report.year else (UNKNOWN, "年度不详")
    slug = provinces.get(meta.province or "", "")
    return (slug, meta.province or "") if slug else (UNKNOWN, "省份不详")


def part_builder() -> ProcessPoolExecutor:
    """A fresh process per part, started from a fork server (a small process started before any
    report is sent, not a copy of this one). It holds only its part's reports, and the page
    writers it forks copy only those: were they forked from here, they would share the whole
    collection's memory and, touching it (reference counts, the garbage collector), copy it."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["sitegen.build"])
    return ProcessPoolExecutor(
        max_workers=1,
        mp_context=context,
        max_tasks_per_child=1,
        initializer=collect_garbage_rarely,  # a fresh process: the build's setting is not inherited
    )


@dataclass(frozen=True)
class PartFile:
    """A part of a split site: its folder, its label, the reports it counts, and the file
    holding its reports and their descriptions until its site is built."""

    folder: str
    label: str
    reports: int
    path: Path


def write_parts(
    collection: Collection, metas: list[ReportMeta], split_by: str, folder: Path
) -> list[PartFile]:
    """Each part's reports (the failures and skipped files with every part) in a file of its
    own, in the order the parts are built: nothing needs the whole collection after this."""
    from pipeline.parse_folder import Collection

    if split_by not in SPLITS:
        raise ValueError(f"split_by must be one of {SPLITS}, not {split_by!r}")
    groups: dict[tuple[str, str], list[tuple[Report, ReportMeta]]] = defaultdict(list)
    # 山西省 and 陕西省 are both "shanxisheng": each province gets a folder of its own
    provinces = province_slugs(m.province for m in metas if m.province and slugify(m.province))
    for report, meta in zip(collection.reports, metas, strict=True):
        groups[_key(split_by, report, meta, provinces)].append((report, meta))
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    for number, ((key, label), members) in enumerate(sorted(groups.items())):
        part = Collection(
            reports=[report for report, _ in members],
            failures=list(collection.failures),
            skipped=list(collection.skipped),
        )
        path = folder / f"{number:03d}-{key}.pickle"
        with path.open("wb") as file:
            pickle.dump((part, [meta for _, meta in members]), file, pickle.HIGHEST_PROTOCOL)
        counted = sum(1 for _, meta in members if meta.counted)  # copies are not counted
        parts.append(PartFile(key, label, counted, path))
    return parts


def build_split_sites(
    collection: Collection,
    package_dir: Path,
    site_dir: Path,
    split_by: str,
    *,
    metas: list[ReportMeta] | None = None,
    **options: Any,
) -> list[Path]:
    """write_parts, then build_parts (options: its keyword arguments); metas:
    describe_reports(collection.reports), when the caller has them already."""
    metas = describe_reports(collection.reports) if metas is None else metas
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(
        prefix=f".{site_dir.name}-parts-", dir=site_dir.parent
    ) as held:
        parts = write_parts(collection, metas, split_by, Path(held))
        return build_parts(parts, package_dir, site_dir, split_by, **options)


def _build_part(path: Path, package_dir: Path, site: Path, **options: Any) -> list[Path]:
    with path.open("rb") as file:
        part, metas = pickle.load(file)
    path.unlink()
    return build_site(part, package_dir, site, metas=metas, **options)


def build_parts(
    parts: list[PartFile],
    package_dir: Path,
    site_dir: Path,
    split_by: str,
    *,
    data_url: str | None = None,
    jobs: int = 0,
    search_cache: Path | None = None,
) -> list[Path]:
    """The site of each part (write_parts), one at a time, and the index of the parts."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-split-", dir=site_dir.parent))
    try:
        built = staging / "site"
        built.mkdir()
        with part_builder() as builder:
            for part in parts:
                builder.submit(
                    _build_part,
                    part.path,
                    package_dir,
                    built / part.folder,
                    data_url=data_url,
                    data_root=f"../{DATA_FOLDER}/",
                    copy_data=False,
                    jobs=jobs,
                    explore_root=f"../{EXPLORE_FOLDER}/",
                    explorer=False,
                    search_cache=search_cache / part.folder if search_cache else None,
                ).result()
        if not data_url:
            copy_package(package_dir, built / DATA_FOLDER)
        data_href = data_url.rstrip("/") + "/" if data_url else f"{DATA_FOLDER}/"
        write_explorer(built, package_dir, data_href if data_url else f"../{DATA_FOLDER}/")
        index = render(
            "split_index.html.j2",
            parts=parts,
            data_href=data_href,
            data_file=data_file,
            by=split_by,
            whole_zip=(package_dir / "datapackage.zip").is_file(),  # not for a package in parts
            bundles=[
                [part.folder, bundle]
                for part in parts
                for bundle in site_bundles(built / part.folder)
            ],
        )
        (built / "index.html").write_text(index, encoding="utf-8")
        _swap(built, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [site_dir]
