"""A stage run in a process of its own (pipeline/child.py): what a split build's parse and
package hold goes with that process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pipeline.child import ChildFailed, in_child

ROOT = Path(__file__).resolve().parent.parent


def _resident_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def _hold(mib: int) -> int:
    held = [bytearray(1 << 20) for _ in range(mib)]
    for block in held:
        block[::4096] = b"x" * len(block[::4096])  # touched: resident
    return len(held)


def test_the_result_comes_back_and_the_memory_stays_behind() -> None:
    before = _resident_mib()
    assert in_child(_hold, 300) == 300
    assert _resident_mib() - before < 50


class _Unpicklable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.lock = threading.Lock()  # a lock cannot be pickled


def _fail(kind: str) -> None:
    if kind == "os":
        raise PermissionError(13, "Permission denied", "/nowhere")
    raise _Unpicklable("odd failure")


def test_an_error_in_the_child_is_raised_here_as_itself_or_as_its_traceback() -> None:
    with pytest.raises(PermissionError) as error:
        in_child(_fail, "os")
    assert error.value.errno == 13 and error.value.filename == "/nowhere"
    with pytest.raises(ChildFailed, match="odd failure"):
        in_child(_fail, "other")


def test_a_split_build_says_what_a_folder_without_reports_holds(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run(
        [sys.executable, "build.py", "--reports", str(empty), "--out", str(tmp_path / "out")]
        + ["--split-by", "year"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"error: no report files in {empty}")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "site").exists()


def test_a_child_that_dies_without_a_result_is_an_error_here() -> None:
    with pytest.raises(ChildFailed, match="_exit ended without a result .exit code 3"):
        in_child(os._exit, 3)
