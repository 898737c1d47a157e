"""`build.py package` as a user runs it: options before or after the command, the parse cache."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "sample"


def build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def agencies(out: Path) -> list[str]:
    with (out / "datapackage" / "data" / "reports.csv").open(encoding="utf-8") as handle:
        return sorted(row["agency"] for row in csv.DictReader(handle))


def test_options_before_or_after_the_command(tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(SAMPLE, reports)
    (reports / "empty.txt").write_bytes(b"")
    first = build("package", "--reports", str(reports), "--out", str(tmp_path / "a"))
    second = build("--reports", str(reports), "--out", str(tmp_path / "b"), "package")
    for result in (first, second):
        assert result.returncode == 0, result.stderr
        assert "parsed: 5" in result.stderr and "failed: 1" in result.stderr
        assert "empty.txt: the file is empty" in result.stderr
    assert agencies(tmp_path / "a") == agencies(tmp_path / "b")
    assert len(agencies(tmp_path / "a")) == 5
    strict = build("package", "--strict", "--reports", str(reports), "--out", str(tmp_path / "c"))
    assert strict.returncode == 1


def test_cache_serves_unchanged_files_and_reparses_changed_ones(tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(SAMPLE, reports)
    out = tmp_path / "out"
    assert build("package", "--reports", str(reports), "--out", str(out)).returncode == 0
    cached = list((out / ".cache" / "parse").rglob("*.pickle"))
    assert len(cached) == 5
    seed = reports / "000_2dd00469ff465376.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("慈峪镇2020年", "慈峪新镇2020年", 1),
        encoding="utf-8",
    )
    result = build("package", "--reports", str(reports), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "慈峪新镇" in agencies(out) and "慈峪镇" not in agencies(out)
    assert len(list((out / ".cache" / "parse").rglob("*.pickle"))) == 6
    uncached = build(
        "package", "--no-cache", "--reports", str(reports), "--out", str(tmp_path / "fresh")
    )
    assert uncached.returncode == 0
    assert (out / "datapackage" / "data" / "cells.csv").read_bytes() == (
        tmp_path / "fresh" / "datapackage" / "data" / "cells.csv"
    ).read_bytes()
