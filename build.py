#!/usr/bin/env python3
"""政府信息公开工作年度报告 → 开放数据包与静态网站。

Reads a folder of annual reports, parses each into the cells of the national form, checks the
form's identities, writes a Frictionless data package and builds a searchable static site.

    python build.py                      # everything: parse → data package → site
    python build.py collect URL... --into DIR   # gather reports from agencies' sites first
    python build.py parse FILE...        # print each parsed report as JSON
    python build.py package              # parse → data package only
    python build.py site                 # parse → data package → site
"""

from __future__ import annotations

import argparse
import errno
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

DEFAULT_REPORTS = ROOT / "reports" / "sample"

from pipeline.options import DEFAULT_TIME_LIMIT  # noqa: E402  (after the sys.path line above)
from readers import SUPPORTED_SUFFIXES  # noqa: E402

if TYPE_CHECKING:
    from package_builder import ReportMeta
    from pipeline.options import ClusterOptions
    from pipeline.parse_folder import Collection
    from pipeline.store import ReportStore
    from pipeline.summary import Summary
    from sitegen.split import PartFile


def _add_common(parser: argparse.ArgumentParser, defaults: bool = True) -> None:
    """Options accepted before or after the command. A subcommand's parser must not set defaults:
    argparse would let them overwrite values given before the command."""

    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    parser.add_argument(
        "--reports",
        type=Path,
        default=default(DEFAULT_REPORTS),
        metavar="DIR",
        help=f"folder of reports: {' '.join(SUPPORTED_SUFFIXES)}, searched recursively (other "
        "files are listed as skipped); an optional manifest.csv "
        "gives agency/region/year/source_url per file. Default: reports/sample",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=default(ROOT),
        metavar="DIR",
        help="where to write datapackage/ and site/. Default: the project folder",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=default(0),
        metavar="N",
        help="parser processes (default: one per CPU core)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        default=default(False),
        help="parse every report again instead of reusing results cached by file content "
        "(the cache lives in OUT/.cache and is invalidated when the parser changes)",
    )
    parser.add_argument(
        "--split-by",
        choices=("year", "province"),
        default=default(None),
        help="build one site per year or per province under site/<key>/ (with site/index.html "
        "listing them), for collections larger than one site should hold (GitHub Pages: 1 GB)",
    )
    parser.add_argument(
        "--data-url",
        default=default(None),
        metavar="URL",
        help="where the data package's files are published (e.g. a release's assets): the "
        "site links there and does not copy them into site/data/",
    )
    parser.add_argument(
        "--dask",
        default=default(None),
        metavar="ADDRESS",
        help="read and parse the reports on the workers of a Dask cluster whose scheduler is at "
        "ADDRESS (e.g. tcp://10.0.0.5:8786; start one with `PYTHONPATH=<this project> dask "
        "scheduler` and `PYTHONPATH=<this project> dask worker ADDRESS` on each machine: both "
        "need the project's code). The workers read the "
        "files themselves: the reports folder must be on a shared filesystem, mounted at the same "
        "path on every worker as here. Cached files are not sent; the data package and the site "
        "are written here, identical to a build without --dask",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=default(DEFAULT_TIME_LIMIT),
        metavar="SECONDS",
        help="with --dask: a file whose parse takes longer is stopped and listed as a failure. "
        f"Default: {DEFAULT_TIME_LIMIT:g}",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        default=default(False),
        help="exit non-zero when any report could not be parsed (by default the build goes on "
        "and lists the failures in the summary and on the data-quality page)",
    )


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="政府信息公开工作年度报告 → open data package + static site. "
        "Without a command: parse every report, write the data package, build the site.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  python build.py                          build everything from reports/sample\n"
        "  python build.py --reports my_reports/    build from your own folder\n"
        "  python build.py parse report.txt         print one report's cells, checks and warnings\n"
        "  python build.py collect https://www.example.gov.cn/zfxxgk/nb/index.html --into reports/\n"
        "                                           gather reports from an agency's site first\n"
        "  python build.py --reports /shared/reports --dask tcp://10.0.0.5:8786\n"
        "                                           parse on a Dask cluster's workers\n",
    )
    _add_common(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    parse = commands.add_parser(
        "parse",
        help="parse report files and print each as JSON",
        description="Parse each FILE and print its record as JSON on stdout: agency, year, "
        "the agency's place and agency_id (from its name and text), "
        "template edition, publication date, title, every cell of tables 二/三/四 (value and raw "
        "text), the prose sections, every identity check and the warnings. A file that is not a "
        "readable report gives a one-line error on stderr naming the file and the reason, and "
        "the exit status is 1.",
    )
    parse.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help=f"report file(s): {' '.join(SUPPORTED_SUFFIXES)}",
    )
    parse.add_argument(
        "--compact", action="store_true", help="one JSON object per line instead of indented"
    )

    _add_collect(commands)

    for name, text in (
        ("package", "parse the reports and write the data package (datapackage/)"),
        ("site", "parse the reports, write the data package and build the site (site/)"),
    ):
        sub = commands.add_parser(name, help=text, description=text)
        _add_common(sub, defaults=False)
    return parser


def _add_collect(commands: argparse._SubParsersAction) -> None:
    from collector.options import (
        DEFAULT_CONTACT,
        DEFAULT_DELAY,
        DEFAULT_MAX_PAGES,
        DEFAULT_MAX_SIZE_MB,
        DEFAULT_TIMEOUT,
    )

    collect = commands.add_parser(
        "collect",
        help="gather annual reports from agencies' sites into a folder the build reads",
        description="Fetch each URL (an agency's annual-report list page, or one report's page), "
        "follow the list's paging on the same site, open every link that names an annual report "
        "with a year, keep each report page and its attachments (.pdf .doc .docx .wps .ofd .xls "
        ".xlsx, images of tables) in DIR as served, and write DIR/manifest.csv (file, agency, "
        "region, year, source_url, fetched_at, sha256). robots.txt (with Crawl-delay) is obeyed. "
        "Run it again to fetch only what is new or changed (conditional requests); a stopped run "
        "continues. Then: python build.py --reports DIR --out OUT",
    )
    collect.add_argument("urls", nargs="*", metavar="URL", help="list page or report page")
    collect.add_argument(
        "--into", type=Path, required=True, metavar="DIR", help="folder to collect into"
    )
    collect.add_argument(
        "--urls",
        dest="url_list",
        type=Path,
        metavar="FILE",
        help="CSV of url,region (region optional; it goes into the manifest) for many sites",
    )
    collect.add_argument(
        "--delay",
        type=float,
        default=DEFAULT_DELAY,
        metavar="SECONDS",
        help=f"least time between two requests to one site (default {DEFAULT_DELAY:g}; "
        "a larger robots.txt Crawl-delay wins)",
    )
    collect.add_argument(
        "--max-pages",
        type=int,
        default=DEFAULT_MAX_PAGES,
        metavar="N",
        help=f"list pages followed from one URL (default {DEFAULT_MAX_PAGES})",
    )
    collect.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per request (default {DEFAULT_TIMEOUT:g})",
    )
    collect.add_argument(
        "--max-size",
        type=float,
        default=DEFAULT_MAX_SIZE_MB,
        metavar="MB",
        help=f"larger files are dropped, not saved (default {DEFAULT_MAX_SIZE_MB:g})",
    )
    collect.add_argument(
        "--contact",
        default=DEFAULT_CONTACT,
        metavar="URL",
        help="a page or address about your crawl, sent in the User-Agent",
    )
    collect.add_argument("--verbose", action="store_true", help="show Scrapy's log")


def command_collect(args: argparse.Namespace) -> int:
    from collector.options import UsageError, read_url_list, start_url
    from collector.run import collect

    try:
        if args.delay < 0 or args.timeout <= 0 or args.max_size <= 0 or args.max_pages < 1:
            raise UsageError("--delay must be ≥ 0; --timeout, --max-size and --max-pages > 0")
        starts = [start_url(url) for url in args.urls]
        if args.url_list:
            starts += read_url_list(args.url_list)
        if not starts:
            raise UsageError("no URL: give list or report pages, or --urls FILE")
        return collect(
            starts,
            args.into,
            delay=args.delay,
            max_pages=args.max_pages,
            timeout=args.timeout,
            max_size_mb=args.max_size,
            contact=args.contact,
            verbose=args.verbose,
        )
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def command_parse(files: list[Path], compact: bool) -> int:
    from parsers.record import NotAReport
    from pipeline.parse_folder import parse_file
    from places.stage import identify

    status = 0
    for path in files:
        try:
            report = parse_file(path)
        except NotAReport as error:
            message = str(error)
            if not message.startswith(path.name):
                message = f"{path.name}: {message}"
            print(f"error: {message}", file=sys.stderr)
            status = 1
            continue
        identify([report])  # its place and agency_id, from its own name and text
        indent = None if compact else 2
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=indent))
    return status


def command_build(args: argparse.Namespace, stages: tuple[str, ...]) -> int:
    import os

    from pipeline.gc_tuning import collect_garbage_rarely
    from pipeline.options import ClusterOptions
    from pipeline.store import ReportStore
    from pipeline.summary import Summary

    out: Path = args.out
    unwritable = cannot_write(out)
    if unwritable:
        print(f"error: {unwritable}", file=sys.stderr)
        return 2
    jobs = args.jobs or os.cpu_count() or 1
    collect_garbage_rarely()
    cluster = ClusterOptions(args.dask, time_limit=args.time_limit) if args.dask else None
    # the parsed reports' cells on disk for the length of the build: memory holds the rest
    with ReportStore(out / ".cache" / "records") as store:
        try:
            if args.split_by and "site" in stages:
                summary = _build_split(args, store, jobs, cluster)
            else:
                summary = Summary()
                collection = _parse(args, store, summary, jobs, cluster)
                _write_outputs(args, stages, collection, summary, jobs)
        except CannotParse as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        except OSError as error:
            if error.errno not in CANNOT_WRITE:
                raise
            print(f"error: {cannot_write_message(error, out)}", file=sys.stderr)
            return 2
        summary.print(out)
    if args.strict and (summary.failures or summary.skipped):
        return 1
    return 0


class CannotParse(Exception):
    """The reports cannot be read at all (no such folder, no report in it, no cluster)."""


def _parse(
    args: argparse.Namespace,
    store: ReportStore,
    summary: Summary,
    jobs: int,
    cluster: ClusterOptions | None,
) -> Collection:
    from pipeline.gc_tuning import freeze_survivors
    from pipeline.options import ClusterError
    from pipeline.parse_folder import parse_folder

    started = time.perf_counter()
    try:
        cache_dir = None if args.no_cache else args.out / ".cache" / "parse"
        collection = parse_folder(
            args.reports, jobs=jobs, cache_dir=cache_dir, cluster=cluster, store=store
        )
    except (FileNotFoundError, ClusterError) as error:
        raise CannotParse(str(error)) from None
    summary.stage("parse", time.perf_counter() - started)
    summary.count(collection)
    freeze_survivors()
    return collection


# what the file system answers when the output cannot be written (anything else is a bug: traceback)
CANNOT_WRITE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.ENOTDIR}


def cannot_write(out: Path) -> str | None:
    """Why the output folder cannot be written, in one line, or None when it can."""
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as error:
        return cannot_write_message(error, out)
    return None


def cannot_write_message(error: OSError, out: Path) -> str:
    where = error.filename or out
    return f"cannot write to {where}: {error.strerror or error}"


def _write_outputs(
    args: argparse.Namespace,
    stages: tuple[str, ...],
    collection: Collection,
    summary: Summary,
    jobs: int,
) -> None:
    from pipeline.publish import staged

    out: Path = args.out
    with staged(out, ("datapackage", "site")) as staging:
        metas = _package(args, collection, summary, jobs, staging)
        if "site" in stages:
            from sitegen import build_site

            started = time.perf_counter()
            written = build_site(
                collection,
                staging / "datapackage",
                staging / "site",
                **_site_options(args, jobs),
                metas=metas,
            )
            summary.add_files(written, staging, out)
            summary.stage("site", time.perf_counter() - started)


def _package(
    args: argparse.Namespace, collection: Collection, summary: Summary, jobs: int, staging: Path
) -> list[ReportMeta]:
    """The package stage: the reports' descriptions (once, for the package and the site alike)
    and the package in staging/datapackage; returns the descriptions."""
    from package_builder import describe_reports, write_package

    started = time.perf_counter()  # the package stage's time includes the descriptions
    metas = describe_reports(collection.reports)
    written = write_package(collection, staging / "datapackage", metas=metas, jobs=jobs)
    summary.add_files(written, staging, args.out)
    summary.stage("package", time.perf_counter() - started)
    return metas


def _site_options(args: argparse.Namespace, jobs: int) -> dict[str, Any]:
    return {
        "data_url": args.data_url,
        "jobs": jobs,
        # the search index's chunks, so a rebuild re-indexes only what changed
        "search_cache": None if args.no_cache else args.out / ".cache" / "search",
    }


def _build_split(
    args: argparse.Namespace, store: ReportStore, jobs: int, cluster: ClusterOptions | None
) -> Summary:
    """A split build: the parse, the package and the parts' files in a process of its own,
    which ends before the sites are built. This process never holds the collection, so what
    it holds while the parts are built does not grow with the collection."""
    from pipeline.child import in_child
    from pipeline.publish import staged
    from sitegen.split import build_parts

    out: Path = args.out
    with staged(out, ("datapackage", "site")) as staging:
        summary, parts, parts_seconds = in_child(
            _parse_and_package, args, store, jobs, cluster, staging
        )
        started = time.perf_counter()
        written = build_parts(
            parts,
            staging / "datapackage",
            staging / "site",
            args.split_by,
            **_site_options(args, jobs),
        )
        summary.add_files(written, staging, out)
        summary.stage("site", parts_seconds + time.perf_counter() - started)
    return summary


def _parse_and_package(
    args: argparse.Namespace,
    store: ReportStore,
    jobs: int,
    cluster: ClusterOptions | None,
    staging: Path,
) -> tuple[Summary, list[PartFile], float]:
    from pipeline.summary import Summary
    from sitegen.split import write_parts

    summary = Summary()
    collection = _parse(args, store, summary, jobs, cluster)
    metas = _package(args, collection, summary, jobs, staging)
    started = time.perf_counter()
    parts = write_parts(collection, metas, args.split_by, staging / "parts")
    return summary, parts, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if args.command == "collect":
        return command_collect(args)
    if args.command == "parse":
        return command_parse(args.files, args.compact)
    if args.command == "package":
        return command_build(args, ("package",))
    return command_build(args, ("package", "site"))


if __name__ == "__main__":
    sys.exit(main())
