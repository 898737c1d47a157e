"""manifest.csv: what the publisher knows about each file, overriding what the parser inferred.

Columns: file, agency, region, year, source_url (all but `file` optional; an empty cell overrides
nothing). `build.py collect` adds fetched_at and sha256 (when and what was downloaded), which the
build accepts and does not need. UTF-8 with or without BOM, or GB18030 as Excel saves it on a Chinese Windows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from parsers.record import Report

T = TypeVar("T")

MANIFEST_NAME = "manifest.csv"
COLUMNS: tuple[str, ...] = ("file", "agency", "region", "year", "source_url")
COLLECTOR_COLUMNS: tuple[str, ...] = (*COLUMNS, "fetched_at", "sha256")  # as `collect` writes it
COLLECTOR_STATE = ".collect"  # the collector's own store inside the folder; not reports
_YEAR = re.compile(r"^(\d{4})\s*年?$")
_YEARS = range(2000, 2101)


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    line: int
    agency: str | None = None
    region: str | None = None
    year: int | None = None
    source_url: str | None = None


@dataclass
class Manifest:
    entries: dict[str, ManifestEntry] = field(default_factory=dict)  # by file, as written
    problems: list[str] = field(default_factory=list)  # one line each: what is wrong and where

    def entry_for(self, relative: str) -> ManifestEntry | None:
        """The row naming this file: by its path relative to the folder, else by its name."""
        if relative in self.entries:
            return self.entries[relative]
        name = relative.rsplit("/", 1)[-1]
        return self.entries.get(name)


def decode_csv(data: bytes) -> str:
    """UTF-8 with or without BOM, or GB18030 as Excel saves it on a Chinese Windows."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def csv_rows(
    data: bytes, columns: tuple[str, ...], required: tuple[str, ...]
) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """(line number, values by column) of each non-empty row of a CSV beside the reports, and the
    problems found (undecodable bytes, a header without any of `required`, unknown columns)."""
    problems: list[str] = []
    try:
        text = decode_csv(data)
    except UnicodeDecodeError:
        return [], ["the file is neither UTF-8 nor GB18030 text"]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if not any(name in header for name in required):
        wanted = " or ".join(f"'{name}'" for name in required)
        return [], [f"no {wanted} column in the header (columns: {', '.join(columns)})"]
    unknown = [name for name in header if name and name not in columns]
    if unknown:
        problems.append(
            f"unknown column(s) {', '.join(unknown)} ignored (columns: {', '.join(columns)})"
        )
    rows = []
    for row in reader:
        if any(cell.strip() for cell in row):
            values = {name: cell.strip() for name, cell in zip(header, row, strict=False) if name}
            rows.append((reader.line_num, values))
    return rows, problems


def parse_manifest(data: bytes) -> Manifest:
    """Rows of the manifest; unreadable rows and values become problems, never silent drops."""
    rows, problems = csv_rows(data, COLLECTOR_COLUMNS, ("file",))
    manifest = Manifest(problems=problems)
    for line, values in rows:
        _add_row(manifest, values, line)
    return manifest


def _add_row(manifest: Manifest, values: dict[str, str], line: int) -> None:
    file = values.get("file", "").replace("\\", "/").removeprefix("./")
    if not file:
        manifest.problems.append(f"line {line}: no file named")
        return
    if file in manifest.entries:
        manifest.problems.append(
            f"line {line}: {file} is already described on line {manifest.entries[file].line}"
        )
        return
    year: int | None = None
    if values.get("year"):
        match = _YEAR.match(values["year"])
        if match and int(match[1]) in _YEARS:
            year = int(match[1])
        else:
            manifest.problems.append(
                f"line {line}: year '{values['year']}' for {file} is not a year "
                f"({_YEARS.start}–{_YEARS.stop - 1}); the year inferred from the report is kept"
            )
    manifest.entries[file] = ManifestEntry(
        file=file,
        line=line,
        agency=values.get("agency") or None,
        region=values.get("region") or None,
        year=year,
        source_url=values.get("source_url") or None,
    )


def read_beside(
    folder: Path, name: str, parse: Callable[[bytes], T], unreadable: Callable[[str], T]
) -> T | None:
    """A CSV the publisher puts beside the reports (manifest.csv, agencies.csv), parsed; None when
    the folder has none; `unreadable(reason)` when it cannot be read."""
    path = folder / name
    if not path.is_file():
        return None
    try:
        return parse(path.read_bytes())
    except (OSError, csv.Error) as error:
        return unreadable(f"cannot be read ({error})")


def read_manifest(folder: Path) -> Manifest | None:
    """The folder's manifest.csv, or None when it has none."""
    return read_beside(
        folder, MANIFEST_NAME, parse_manifest, lambda reason: Manifest(problems=[reason])
    )


def apply_entry(report: Report, entry: ManifestEntry) -> None:
    """What the manifest states replaces what was inferred from the text."""
    settled: set[str] = set()  # warnings the manifest answers
    if entry.agency:
        report.agency = entry.agency
        report.agency_source = "manifest"
        settled.add("no_agency")
    if entry.region:
        report.region = entry.region
    if entry.year is not None:
        report.year = entry.year
        report.year_source = "manifest"
        settled.add("no_year")
    report.warnings = [w for w in report.warnings if w.code not in settled]
    if entry.source_url and report.source is not None:
        report.source.source_url = entry.source_url
