"""Parsed reports kept on disk while a build runs, so that memory does not grow with the collection.

A report's cells, sections and checks are nine tenths of its memory (≈ 38 of ≈ 41 KB); the
template's evidence and the governments it cites, used once, are another 1.3 KB. As soon as
a report is parsed they are appended to one file of the build, and what the later stages hold is a
StoredReport: the same Report, whose lists are read back from that file when asked for (≈ 0.1 ms;
the most recently read thousand stay in memory). Its name, year, source,
place and warnings stay in memory: the stages that change a report after the parse (manifest.csv,
places, duplicates) change only those. Sent to another process (a part of a split site, a page
writer), a StoredReport travels as the file's path and its place in it, not as its cells.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import pickle
import tempfile
import threading
from collections import OrderedDict
from dataclasses import fields
from pathlib import Path
from typing import Any

from parsers.record import (
    Cell,
    Check,
    Number,
    Report,
    SectionText,
    interned_codes,
    lists_as_fields,
    lists_from_fields,
)

# what the stages after the parse read one report at a time (the places stage reads the
# governments a report cites once; the template's evidence is for `build.py parse` only)
HEAVY = ("cells", "sections", "checks", "template_evidence", "cited_governments")
LIGHT = tuple(f.name for f in fields(Report) if f.name not in HEAVY)
RECENT = 1000  # reports whose lists stay in memory once read (≈ 40 KB each): a package batch
_PREFIX = "records-"
_MARSHAL, _PICKLE = b"m", b"p"

Where = tuple[str, int, int]  # (the store's file, offset, length)
Heavy = tuple[list[Cell], list[SectionText], list[Check], list[str], list[str]]


class ReportStore:
    """One build's files of cells, sections and checks; removed when the store is closed.

    Each process that keeps reports appends to a file of its own: a parser process forked from
    the build writes its reports' lists itself and sends back only the small StoredReport."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(folder)
        self.folder = folder
        self._owner = os.getpid()
        self._prefix = f"{_PREFIX}{self._owner}-"  # every file of this build, its forks' too
        self._file = _File(folder, self._prefix)
        self.path = self._file.path

    def keep(self, report: Report) -> StoredReport:
        """Write the report's HEAVY lists; the report that reads them back."""
        if isinstance(report, StoredReport) and not report._own:
            return report
        if self._file.pid != os.getpid():  # in a forked process: a file of its own
            self._file = _File(self.folder, self._prefix)
        blob = _dumps(report)
        return StoredReport.of(report, (self._file.path, self._file.append(blob), len(blob)))

    def close(self) -> None:
        if os.getpid() != self._owner:
            return
        self._file.close()
        for path in self.folder.glob(f"{self._prefix}*.bin"):
            _files.pop(str(path), None)
            with contextlib.suppress(OSError):
                path.unlink()

    def __enter__(self) -> ReportStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class _File:
    """One process's file of a store, appended to."""

    def __init__(self, folder: Path, prefix: str) -> None:
        self.pid = os.getpid()
        self.fd, self.path = tempfile.mkstemp(prefix=prefix, suffix=".bin", dir=folder)
        self.end = 0
        _files[self.path] = self.fd

    def append(self, blob: bytes) -> int:
        """Write the blob at the end; its offset."""
        offset = self.end
        os.pwrite(self.fd, blob, offset)
        self.end += len(blob)
        return offset

    def close(self) -> None:
        _files.pop(self.path, None)
        with contextlib.suppress(OSError):
            os.close(self.fd)


class StoredReport(Report):
    """A Report whose HEAVY lists are read from its store when asked for.

    Not a dataclass of its own: Report's generated __init__, __eq__ and __repr__ reach them
    through the properties below. Assigning one keeps the new value in memory with the report."""

    _where: Where
    _own: dict[str, Any]
    # computed once, as it is stored: read for every report by the lists, totals and summary
    _check_counts: tuple[int, int, int]
    _summed: tuple[Number | None, ...]
    _fractions: tuple[tuple[str, str], ...]  # read by the package's schemas

    @classmethod
    def of(cls, report: Report, where: Where) -> StoredReport:
        light = [getattr(report, name) for name in LIGHT]
        kept = (report.check_counts(), report.summed_values(), report.fraction_columns())
        return _restore(where, light, {}, *kept)

    def __reduce__(self) -> tuple[Any, ...]:
        light = [getattr(self, name) for name in LIGHT]
        kept = (self._check_counts, self._summed, self._fractions)
        return (_restore, (self._where, light, self._own, *kept))

    def check_counts(self) -> tuple[int, int, int]:
        return super().check_counts() if "checks" in self._own else self._check_counts

    def summed_values(self) -> tuple[Number | None, ...]:
        return super().summed_values() if "cells" in self._own else self._summed

    def fraction_columns(self) -> tuple[tuple[str, str], ...]:
        return super().fraction_columns() if "cells" in self._own else self._fractions


def _heavy_field(index: int) -> property:
    name = HEAVY[index]

    def get(self: StoredReport) -> Any:
        own = self._own
        return own[name] if name in own else _load(self._where)[index]

    def put(self: StoredReport, value: Any) -> None:
        self._own[name] = value

    return property(get, put)


StoredReport.cells = _heavy_field(0)  # type: ignore[assignment]
StoredReport.sections = _heavy_field(1)  # type: ignore[assignment]
StoredReport.checks = _heavy_field(2)  # type: ignore[assignment]
StoredReport.template_evidence = _heavy_field(3)  # type: ignore[assignment]
StoredReport.cited_governments = _heavy_field(4)  # type: ignore[assignment]


def _restore(
    where: Where,
    light: list[Any],
    own: dict[str, Any],
    check_counts: tuple[int, int, int],
    summed: tuple[Number | None, ...],
    fractions: tuple[tuple[str, str], ...],
) -> StoredReport:
    stored = StoredReport.__new__(StoredReport)
    stored.__dict__.update(zip(LIGHT, light, strict=True))
    stored._where = where
    stored._own = own
    stored._check_counts = check_counts
    stored._summed = summed
    stored._fractions = fractions
    return stored


# --- reading back, in any process ---------------------------------------------------------------
_files: dict[str, int] = {}  # store file → this process's descriptor (or one inherited by a fork)
_recent: OrderedDict[Where, Heavy] = OrderedDict()
_lock = threading.Lock()


def _load(where: Where) -> Heavy:
    with _lock:
        heavy = _recent.get(where)
        if heavy is not None:
            _recent.move_to_end(where)
            return heavy
    path, offset, length = where
    heavy = _loads(os.pread(_descriptor(path), length, offset))
    with _lock:
        _recent[where] = heavy
        while len(_recent) > RECENT:
            _recent.popitem(last=False)
    return heavy


def _descriptor(path: str) -> int:
    """This process's descriptor of the file (pread on one inherited by a fork is safe too)."""
    known = _files.get(path)
    if known is None:
        known = _files[path] = os.open(path, os.O_RDONLY)
    return known


def _dumps(report: Report) -> bytes:
    # marshal: the lists as plain tuples read back four times faster than pickle's objects
    cells, sections, checks = lists_as_fields(report)
    # codes interned here are read back interned (marshal), so reading needs no intern() calls
    cells, checks = interned_codes(cells, checks)
    parts = (
        cells,
        sections,
        checks,
        list(report.template_evidence),
        list(report.cited_governments),
    )
    try:
        return _MARSHAL + marshal.dumps(parts)
    except ValueError:  # a value marshal cannot hold: pickle takes anything
        return _PICKLE + pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)


def _loads(blob: bytes) -> Heavy:
    body = memoryview(blob)[1:]
    marshalled = blob[:1] == _MARSHAL
    cells, sections, checks, evidence, cited = (
        marshal.loads(body) if marshalled else pickle.loads(body)
    )
    return (*lists_from_fields(cells, sections, checks, marshalled), evidence, cited)


def _remove_abandoned(folder: Path) -> None:
    """Files of builds that were killed (their process is gone) take disk, nothing else."""
    for path in folder.glob(f"{_PREFIX}*.bin"):
        pid = path.name.removeprefix(_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
