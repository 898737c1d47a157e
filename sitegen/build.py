"""build_site: generate the pages, run MkDocs, add the data and the search index, swap it in.

MkDocs renders the hand-written pages, the indexes, stats, data and quality pages, and one
placeholder page per kind; report and agency pages — thousands — are written straight to HTML
inside the placeholder's theme shell (sitegen/shell.py), over all cores (sitegen/direct.py).
`baseline=True` builds the same pages the plain MkDocs way instead, for the benchmark: every page
through MkDocs, listed in the nav, with mkdocs-material's built-in search and no Pagefind.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from sitegen.compare_view import peer_index
from sitegen.direct import Job, default_jobs, write_direct_pages
from sitegen.explorer import EXPLORE_FOLDER, write_explorer
from sitegen.lists import site_lists
from sitegen.package_files import copy_package, package_doc
from sitegen.pages import AGENCY_META, LIST_META, REPORT_META, SiteInfo, all_pages, site_pages
from sitegen.report_download import FILE_NAME, report_csv
from sitegen.search import CHUNK_PAGES, index_site
from sitegen.shell import SHELL_NAME, read_shell, shell_markdown
from sitegen.site_data import SiteData, site_data
from sitegen.sitemap import fix_sitemap

if TYPE_CHECKING:
    from package_builder import ReportMeta
    from pipeline.parse_folder import Collection

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"
DATA_FOLDER = "data"  # the package's files are served from site/data/
# the `## ` headings of agency.md.j2
AGENCY_HEADINGS = ("各年度报告", "趋势", "年度衔接", "比较")


def build_site(
    collection: Collection,
    package_dir: Path,
    site_dir: Path,
    *,
    data_url: str | None = None,
    data_root: str = f"{DATA_FOLDER}/",
    copy_data: bool = True,
    baseline: bool = False,
    jobs: int = 0,
    metas: list[ReportMeta] | None = None,
    explore_root: str = f"{EXPLORE_FOLDER}/",
    explorer: bool = True,
    search_chunk: int = CHUNK_PAGES,
    search_cache: Path | None = None,
) -> list[Path]:
    """Build the site for these reports into site_dir; the previous site stays until it is done.

    data_url: a web address where the package's files are published (e.g. release assets); the
    data page links there and the files are not copied into the site.
    explorer: write the SQL explorer (explore/) into this site; a part of a split site links to
    the one explorer of the whole collection at explore_root instead.
    search_chunk: the most pages one run of Pagefind indexes; search_cache: where the search
    index's chunks are kept for the next build (sitegen/search.py)."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=site_dir.parent))
    if data_url:
        data_root, copy_data = data_url.rstrip("/") + "/", False
    try:
        docs, built, searched = staging / "docs", staging / "site", staging / "search"
        shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("overrides"))
        data = site_data(collection, metas)
        package = package_doc(package_dir, in_site=not data_url)
        if baseline:
            config = load_config(**_baseline_config(docs, built, data))
            site = SiteInfo(name=config["site_name"], url=config.get("site_url") or "")
            _write_pages(docs, all_pages(data, package, site, data_root))
            mkdocs_build(config)
            _write_downloads(built, data)
        else:
            config = load_config(
                config_file=str(MKDOCS_YML), docs_dir=str(docs), site_dir=str(built)
            )
            site = SiteInfo(name=config["site_name"], url=config.get("site_url") or "")
            lists = site_lists(data, package.by_entry)
            pages = site_pages(data, package, lists, data_root, explore_root)
            _write_pages(docs, pages | _shell_pages())
            mkdocs_build(config)
            shells = {kind: built / kind / SHELL_NAME for kind in SHELL_FOLDERS}
            job = Job(
                data,
                site,
                read_shell(shells["reports"] / "index.html"),
                read_shell(shells["agencies"] / "index.html"),
                built,
                lists.pages,
                read_shell(shells[LIST_SHELL_FOLDER] / "index.html"),
                data_root,
                peer_index(data),
                search_source=searched,
            )
            for folder in shells.values():
                shutil.rmtree(folder)
            (built / LIST_SHELL_FOLDER).rmdir()
            write_direct_pages(job, jobs or default_jobs())
            fix_sitemap(
                built,
                [e.path for e in data.entries]
                + [a.path for a in data.agencies]
                + [p.path for p in lists.pages],
            )
        if copy_data:
            copy_package(package_dir, built / DATA_FOLDER)
        if not baseline:
            index_site(built, search_chunk, search_cache, source=searched)
        if explorer:  # the baseline too: its home page links the explorer as well
            write_explorer(built, package_dir, data_root if data_url else f"../{DATA_FOLDER}/")
        _swap(built, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [site_dir]


# A folder one below the root without a page of the nav (the shell's links to the nav pages are
# relative, "../../quality/", and so hold two folders down anywhere); removed once read.
LIST_SHELL_FOLDER = "lists"
SHELL_FOLDERS = ("reports", "agencies", LIST_SHELL_FOLDER)


def _shell_pages() -> dict[str, str]:
    return {
        f"reports/{SHELL_NAME}.md": shell_markdown(REPORT_META),
        f"agencies/{SHELL_NAME}.md": shell_markdown(AGENCY_META, AGENCY_HEADINGS),
        f"{LIST_SHELL_FOLDER}/{SHELL_NAME}.md": shell_markdown(LIST_META),
    }


def _baseline_config(docs: Path, built: Path, data: SiteData) -> dict[str, Any]:
    """mkdocs.yml as a first attempt would have it: every page in the nav, Material's search."""
    with MKDOCS_YML.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    theme = {key: value for key, value in raw["theme"].items() if key != "custom_dir"}
    nav = list(raw["nav"])
    nav.append({"机关页": [{a.name: f"agencies/{a.slug}.md"} for a in data.agencies]})
    nav.append({"报告页": [{e.meta.display_title: f"reports/{e.id}.md"} for e in data.entries]})
    return {
        "config_file": str(MKDOCS_YML),
        "docs_dir": str(docs),
        "site_dir": str(built),
        "theme": theme,
        "plugins": ["search"],
        "nav": nav,
    }


def _write_pages(docs: Path, pages: dict[str, str]) -> None:
    for relative, text in pages.items():
        path = docs / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _write_downloads(built: Path, data: SiteData) -> None:
    """Per report: its cells with labels and values, the report page's one download."""
    for entry in data.entries:
        (built / entry.path / FILE_NAME).write_text(report_csv(entry.report), encoding="utf-8")


def _swap(built: Path, site_dir: Path) -> None:
    """Put the finished site in place; the old one is removed only after the new one is there."""
    old = site_dir.with_name(f".{site_dir.name}-old-{built.parent.name}")
    if site_dir.exists():
        site_dir.rename(old)
    built.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
