"""Per-report downloads: the report's rows of the package's cells table, and its whole record."""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from sitegen.package_files import CELLS_CSV

_SCALARS = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    return (
        tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
    )


def plain(value: Any) -> Any:
    """dataclasses.asdict without its deep copies: the same dicts and lists, several times faster."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [plain(item) for item in value]
    if kind is tuple:
        return tuple(plain(item) for item in value)
    if kind is dict:
        return {key: plain(item) for key, item in value.items()}
    names = _field_names(kind)
    if names is None:
        return value
    return {name: plain(getattr(value, name)) for name in names}


def record_json(record: dict[str, Any]) -> str:
    """A record made of plain() values as compact JSON."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def split_cells(package_dir: Path, folders: dict[str, Path]) -> int:
    """Stream the package's cells.csv into <folder>/cells.csv per report_id, without holding it.

    Every folder gets a file (the header alone when the report has no cells); returns rows."""
    source = package_dir / CELLS_CSV
    if not source.is_file():
        return 0
    written: set[str] = set()
    count = 0
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return 0
        column = header.index("report_id")
        current: str | None = None
        group: list[list[str]] = []
        for row in _with_end(reader):
            if row is None or row[column] != current:
                if current is not None and current in folders:
                    _write(folders[current] / "cells.csv", header, group, current in written)
                    written.add(current)
                if row is None:
                    break
                current, group = row[column], []
            group.append(row)
            count += 1
    for report_id, folder in folders.items():
        if report_id not in written:
            _write(folder / "cells.csv", header, [], False)
    return count


def _with_end(rows: Iterable[list[str]]) -> Iterable[list[str] | None]:
    yield from rows
    yield None


def _write(path: Path, header: list[str], rows: list[list[str]], append: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a" if append else "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        if not append:
            writer.writerow(header)
        writer.writerows(rows)
