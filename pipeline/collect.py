"""Read and parse every report of a folder; one bad file never stops the others."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from parsers import parse_report
from parsers.record import NotAReport, Report
from pipeline.progress import progress
from readers import SUPPORTED_SUFFIXES, read_report_file


@dataclass
class Failure:
    file: str
    reason: str


@dataclass
class Collection:
    reports: list[Report] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)  # files in the folder that are not reports


def report_files(folder: Path) -> tuple[list[Path], list[Failure]]:
    """The report files of a folder (recursively), sorted, and the other files with why they are skipped."""
    files: list[Path] = []
    skipped: list[Failure] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.name == "manifest.csv":
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
    text, source = read_report_file(path)
    try:
        report = parse_report(text)
    except NotAReport as error:
        raise NotAReport(f"{path.name}: {error}") from error
    report.source = source
    return report


def _parse_one(path: Path) -> Report | Failure:
    try:
        return parse_file(path)
    except NotAReport as error:
        return Failure(path.name, str(error).removeprefix(f"{path.name}: "))
    except Exception as error:  # noqa: BLE001 - a parser bug must not lose the other reports
        return Failure(path.name, f"internal parser error: {type(error).__name__}: {error}")


def _results(files: list[Path], jobs: int) -> Iterator[Report | Failure]:
    if jobs <= 1 or len(files) < 8:
        yield from map(_parse_one, files)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_parse_one, files, chunksize=16)


def collect(folder: Path, jobs: int = 1) -> Collection:
    if not folder.is_dir():
        raise FileNotFoundError(f"reports folder not found: {folder}")
    files, skipped = report_files(folder)
    collection = Collection(skipped=skipped)
    for result in progress(_results(files, jobs), total=len(files), description="parse"):
        if isinstance(result, Failure):
            collection.failures.append(result)
        else:
            collection.reports.append(result)
    return collection
