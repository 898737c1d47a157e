"""The package's cells of one report joined to the code list: what its page's download holds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sitegen.report_download import HEADER


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> float | None:
    return float(text) if text else None


def labelled_cells(package: Path) -> dict[str, list[tuple[object, ...]]]:
    """report_id → its cells (package order) as the download's fields, value as a number."""
    codes = {
        (row["edition"], row["table"], row["row"], row["column"]): row
        for row in _read(package / "data" / "codes.csv")
    }
    grouped: dict[str, list[tuple[object, ...]]] = {}
    for cell in _read(package / "data" / "cells.csv"):
        code = codes[(cell["template"], cell["table"], cell["row"], cell["column"])]
        joined = code | cell
        grouped.setdefault(cell["report_id"], []).append(
            tuple(_number(joined[f]) if f == "value" else joined[f] for f in HEADER)
        )
    return grouped


def download_rows(text: str) -> list[tuple[object, ...]]:
    """A page's download read back the same way."""
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and list(rows[0]) == list(HEADER)
    return [tuple(_number(row[f]) if f == "value" else row[f] for f in HEADER) for row in rows]
