"""`build.py parse` as a user runs it: JSON out, or one clear line naming the file and the reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.parse_folder import parse_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "sample"
SEEDS = sorted(SAMPLE.glob("*.txt"))


def run_build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_parse_prints_the_record_for_every_seed():
    result = run_build("parse", "--compact", *map(str, SEEDS))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"]["file"] for r in records] == [p.name for p in SEEDS]
    for record in records:
        assert {
            "agency",
            "year",
            "template",
            "published",
            "title",
            "cells",
            "sections",
            "checks",
            "warnings",
        } <= set(record)
        assert record["agency"] and isinstance(record["year"], int)
        assert record["template"] in ("2019", "2021")
        assert all({"table", "row", "column", "value", "raw"} <= set(c) for c in record["cells"])
        assert len(record["source"]["sha256"]) == 64


def _cells(path: Path):
    return [(c.table, c.row, c.column, c.value) for c in parse_file(path).cells]


@pytest.mark.parametrize(
    "encoding,newline",
    [("utf-8-sig", "\n"), ("gb18030", "\n"), ("gbk", "\r\n"), ("utf-8", "\r\n"), ("utf-16", "\n")],
)
def test_encodings_and_line_ends_read_the_same(tmp_path, encoding, newline):
    checked = 0
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        target = tmp_path / seed.name
        try:
            target.write_bytes(text.replace("\n", newline).encode(encoding))
        except UnicodeEncodeError:
            continue  # GBK lacks "¥" (seed 003) and U+00A0 (seed 004); GB18030 has both
        assert _cells(target) == _cells(seed), (seed.name, encoding)
        assert parse_file(target).agency == parse_file(seed).agency
        checked += 1
    assert checked >= len(SEEDS) - 2


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t\n", "empty"),
        ("binary.txt", bytes(range(256)) * 20, "binary"),
        (
            "news.txt",
            "今天天气很好，我们去公园散步。\n晚上吃了饺子。\n".encode(),
            "no annual-report structure",
        ),
        ("latin1.txt", "caf\xe9 na\xefve \xff\xfe\xfd".encode("latin-1") * 3, ""),
        ("report.xlsx", b"PK\x03\x04 not really", "unsupported file type"),
    ],
)
def test_bad_input_gives_one_clear_line(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    result = run_build("parse", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and reason in lines[0]


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = run_build("parse", "--compact", str(bad), str(SEEDS[0]))
    assert result.returncode == 1
    assert "bad.txt" in result.stderr
    assert json.loads(result.stdout)["agency"] == "慈峪镇"


def test_help_is_clear():
    top = run_build("--help")
    assert top.returncode == 0
    for word in ("parse", "package", "site", "--reports", "--out"):
        assert word in top.stdout
    parse = run_build("parse", "--help")
    assert parse.returncode == 0
    assert "JSON" in parse.stdout and "FILE" in parse.stdout
