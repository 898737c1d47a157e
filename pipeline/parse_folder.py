"""Read and parse every report of a folder; one bad file never stops the others."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from parsers import parse_report
from parsers.ocr_gate import admit_ocr
from parsers.record import NotAReport, Report, Warning
from pipeline.cache import ParseCache, file_sha256
from pipeline.failure_text import failure_message
from pipeline.options import ClusterOptions
from pipeline.progress import progress
from pipeline.store import ReportStore
from places.overrides import AGENCIES_NAME, read_agencies
from places.stage import identify
from readers import SUPPORTED_SUFFIXES, read_document
from readers.convert import converted
from readers.manifest import COLLECTOR_STATE, MANIFEST_NAME, apply_entry, read_manifest

CACHE_WRITERS = 4  # threads writing the parse cache for results that come from a cluster


@dataclass
class Failure:
    file: str
    reason: str  # English, as the command line prints it

    @property
    def message(self) -> str:
        """The reason in Chinese, as the site and the package's failures table give it."""
        return failure_message(self.reason)


@dataclass
class Collection:
    reports: list[Report] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)  # files in the folder that are not reports


class NoReportFiles(FileNotFoundError):
    """A folder with nothing to build from: says what it holds instead."""

    def __init__(self, folder: Path, skipped: list[Failure]) -> None:
        found = "it is empty"
        if skipped:
            shown = "; ".join(f"{s.file} ({s.reason})" for s in skipped[:5])
            more = f"; and {len(skipped) - 5} more" if len(skipped) > 5 else ""
            found = f"found {len(skipped)} other file(s): {shown}{more}"
        super().__init__(f"no report files in {folder} ({' '.join(SUPPORTED_SUFFIXES)}): {found}")


def report_files(folder: Path) -> tuple[list[Path], list[Failure]]:
    """The report files of a folder (recursively), sorted, and the other files with why they are skipped."""
    files: list[Path] = []
    skipped: list[Failure] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if relative.startswith(COLLECTOR_STATE + "/"):  # build.py collect's own store
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            skipped.append(Failure(relative, "hidden file"))
            continue
        if relative in (MANIFEST_NAME, AGENCIES_NAME):  # applied by parse_folder()
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            files.append(path)
        else:
            skipped.append(
                Failure(relative, f"not a supported report format ({path.suffix or 'no suffix'})")
            )
    return files, skipped


def parse_file(path: Path) -> Report:
    """Read and parse one file; raises NotAReport with the file name and the reason."""
    text, source, ocr = read_document(path)
    try:
        report = parse_report(text)
    except NotAReport as error:
        how = "read by OCR, " if ocr is not None else ""
        raise NotAReport(f"{path.name}: {how}{error}") from error
    if ocr is not None:
        admit_ocr(report, ocr)  # an OCR'd number enters the data only where it is confirmed
    if report.source_url and not source.source_url:
        source.source_url = report.source_url  # the page's address, as a crawler's header gives it
    report.source = source
    return report


def parse_or_fail(path: Path, relative: str) -> Report | Failure:
    """One file's parse as a value: the report (its source.file still the bare name) or a Failure
    with the reason. Run in a parser process here, or on a cluster worker (pipeline.cluster)."""
    try:
        return parse_file(path)
    except NotAReport as error:
        return Failure(relative, str(error).removeprefix(f"{path.name}: "))
    except Exception as error:  # noqa: BLE001 - a parser bug must not lose the other reports
        return Failure(relative, f"internal parser error: {type(error).__name__}: {error}")


def finish(
    result: Report | Failure, path: Path, relative: str, cache_dir: Path | None
) -> Report | Failure:
    """Put a fresh report in the cache and give it its path within the folder."""
    if isinstance(result, Failure):
        return result
    try:
        if cache_dir:
            digest = result.source.sha256 if result.source else file_sha256(path)
            ParseCache(cache_dir).put(digest, result)
    except Exception as error:  # noqa: BLE001 - as for a parser bug: this file fails, not the build
        return Failure(relative, f"internal parser error: {type(error).__name__}: {error}")
    return _located(result, relative)


def _parse_one(item: tuple[Path, str, Path | None]) -> Report | Failure:
    path, relative, cache_dir = item
    result = finish(parse_or_fail(path, relative), path, relative, cache_dir)
    if _STORE is not None and isinstance(result, Report):
        # in a parser process: its lists go to the store from here, the build gets a reference
        return _STORE.keep(result)
    return result


_STORE: ReportStore | None = None  # the build's store, set while its parser processes run


def _located(report: Report, relative: str) -> Report:
    if report.source is not None:
        report.source.file = relative  # unique within the folder, unlike the bare name
    return report


def _results(
    items: list[tuple[Path, str, Path | None]],
    jobs: int,
    cluster: ClusterOptions | None = None,
    store: ReportStore | None = None,
) -> Iterator[tuple[int, Report | Failure]]:
    """(position in items, result), cached reports first. Cache hits are read here: sending them
    through a worker would pickle each report twice more, which cost more than reading it.
    With a cluster, the files not in the cache are parsed on its workers instead of here."""
    misses: list[int] = []
    for index, (path, relative, cache_dir) in enumerate(items):
        report = ParseCache(cache_dir).get(file_sha256(path)) if cache_dir else None
        if report is None:
            misses.append(index)
        else:
            yield index, _located(report, relative)
    work = [items[index] for index in misses]
    # Word 97 & co.: one LibreOffice process per parser process, each converting a batch; on a
    # cluster each task's batch is converted on its worker (pipeline/cluster.py)
    with converted([path for path, _, _ in work] if cluster is None else [], processes=jobs):
        yield from _parsed(misses, work, jobs, cluster, store)


def _parsed(
    misses: list[int],
    work: list[tuple[Path, str, Path | None]],
    jobs: int,
    cluster: ClusterOptions | None,
    store: ReportStore | None = None,
) -> Iterator[tuple[int, Report | Failure]]:
    if cluster is not None:
        from pipeline.cluster import parse_on_cluster  # imports distributed: only when asked

        parsed = parse_on_cluster([(p, r) for p, r, _ in work], cluster)
        yield from _finished_in_threads(((misses[i], work[i], result) for i, result in parsed))
        return
    if jobs <= 1 or len(work) < 8:
        yield from zip(misses, map(_parse_one, work), strict=True)
        return
    global _STORE
    _STORE = store  # the parser processes are forked from here and inherit it
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from zip(misses, pool.map(_parse_one, work, chunksize=16), strict=True)
    finally:
        _STORE = None


def _finished_in_threads(
    results: Iterator[tuple[int, tuple[Path, str, Path | None], Report | Failure]],
) -> Iterator[tuple[int, Report | Failure]]:
    """finish() each result parsed elsewhere, a few at a time. On a cluster the cache writes are
    this process's one cost per file (a few ms each on a slow disk, where a one-machine build
    spreads them over its parser processes); the writes release the GIL, so threads overlap them."""
    with ThreadPoolExecutor(max_workers=CACHE_WRITERS) as pool:
        pending: deque[tuple[int, Future[Report | Failure]]] = deque()
        for index, (path, relative, cache_dir), result in results:
            pending.append((index, pool.submit(finish, result, path, relative, cache_dir)))
            while pending and (len(pending) > 8 * CACHE_WRITERS or pending[0][1].done()):
                first, future = pending.popleft()
                yield first, future.result()
        for index, future in pending:
            yield index, future.result()


def mark_duplicates_and_conflicts(reports: list[Report]) -> None:
    """Keep every report, but say so when two files are the same bytes, or when two different files
    claim the same agency and year: which one is right is for a reader to judge, not for us."""
    by_hash: dict[str, list[Report]] = {}
    by_agency_year: dict[tuple[str, int], list[Report]] = {}  # by agency_id
    for report in reports:
        if report.source is not None:
            by_hash.setdefault(report.source.sha256, []).append(report)
        if report.agency and report.year:
            agency = report.agency_id or report.agency
            by_agency_year.setdefault((agency, report.year), []).append(report)
    for group in by_hash.values():
        for report in group:
            others = [r.source.file for r in group if r is not report and r.source]
            if others:
                report.warnings.append(
                    Warning(
                        "duplicate_file",
                        f"同一文件内容还以 {'、'.join(others)} 给出（字节完全相同）",
                    )
                )
    for (_, year), group in by_agency_year.items():
        hashes = {r.source.sha256 for r in group if r.source}
        if len(hashes) < 2:
            continue
        for report in group:
            # a byte-identical copy is a duplicate (said above), not a conflicting account
            own = report.source.sha256 if report.source else None
            others = [
                r.source.file
                for r in group
                if r is not report and r.source and r.source.sha256 != own
            ]
            report.warnings.append(
                Warning(
                    "conflict",
                    f"{report.agency} {year} 年度还有其他文件：{'、'.join(others)}；全部保留，"
                    "统计只计其中选定的一份（见报告页）",
                )
            )


def parse_folder(
    folder: Path,
    jobs: int = 1,
    cache_dir: Path | None = None,
    cluster: ClusterOptions | None = None,
    store: ReportStore | None = None,
) -> Collection:
    """Parse every report of the folder; with a cache_dir, unchanged files are not parsed again;
    with a cluster, the others are parsed on its workers; with a store, each report's cells,
    sections and checks go to disk as it arrives (pipeline/store.py), so that memory holds only
    what the later stages change."""
    if not folder.is_dir():
        raise FileNotFoundError(f"reports folder not found: {folder}")
    files, skipped = report_files(folder)
    if not files:
        raise NoReportFiles(folder, skipped)
    collection = Collection(skipped=skipped)
    items = [(path, path.relative_to(folder).as_posix(), cache_dir) for path in files]
    results: list[Report | Failure | None] = [None] * len(items)
    for index, result in progress(
        _results(items, jobs, cluster, store), total=len(files), description="parse"
    ):
        results[index] = store.keep(result) if store and isinstance(result, Report) else result
    for result in results:  # in file order, whichever finished first
        if isinstance(result, Failure):
            collection.failures.append(result)
        elif result is not None:
            collection.reports.append(result)
    apply_manifest(folder, [relative for _, relative, _ in items], collection)
    apply_places(folder, collection)
    mark_duplicates_and_conflicts(collection.reports)
    return collection


# --- manifest.csv beside the reports (readers/manifest.py) --------------------------------------
def apply_manifest(folder: Path, relatives: list[str], collection: Collection) -> None:
    """Override what was inferred with the manifest's rows; what cannot be applied is reported."""
    manifest = read_manifest(folder)
    if manifest is None:
        return
    for report in collection.reports:
        entry = manifest.entry_for(report.source.file) if report.source else None
        if entry is not None:
            apply_entry(report, entry)
    for problem in manifest.problems:
        collection.failures.append(Failure(MANIFEST_NAME, problem))
    present = set(relatives) | {relative.rsplit("/", 1)[-1] for relative in relatives}
    for entry in manifest.entries.values():
        if entry.file not in present:
            reason = (
                f"line {entry.line}: names {entry.file}, which is not a report file in the folder"
            )
            collection.skipped.append(Failure(MANIFEST_NAME, reason))


# --- places: where each agency is and which agency it is (places/) ---------------------------
def apply_places(folder: Path, collection: Collection) -> None:
    """A place and an agency_id for every report, corrected by agencies.csv where it says so;
    what the file gets wrong, or names that no report has, is reported."""
    table = read_agencies(folder)
    unmatched = identify(collection.reports, table)
    for problem in table.problems if table else []:
        collection.failures.append(Failure(AGENCIES_NAME, problem))
    for problem in unmatched:
        collection.skipped.append(Failure(AGENCIES_NAME, problem))
