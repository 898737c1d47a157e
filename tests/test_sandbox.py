"""pipeline.sandbox on its own: one file at a time in a child process, with a time limit."""

from __future__ import annotations

import contextlib
import pickle
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from parsers.record import Report
from pipeline.options import DEFAULT_TARGET
from pipeline.sandbox import Sandbox, Stopped

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "sample"
REPORT = SAMPLE / "000_2dd00469ff465376.txt"


def test_a_child_parses_file_after_file():
    sandbox = Sandbox(DEFAULT_TARGET)
    try:
        first = pickle.loads(sandbox.call((REPORT, REPORT.name), time_limit=60))
        pid = sandbox.process.pid if sandbox.process else None
        second = pickle.loads(sandbox.call((REPORT, "again.txt"), time_limit=60))
        assert isinstance(first, Report) and first.agency == "慈峪镇"
        assert second.to_dict() == first.to_dict()
        assert sandbox.process is not None and sandbox.process.pid == pid  # the same child
    finally:
        sandbox.close()


def test_the_childs_start_up_is_not_counted_in_the_time_limit():
    sandbox = Sandbox("tests.slow_import:parse")  # its import takes 2 s; the limit is 1 s
    try:
        report = pickle.loads(sandbox.call((REPORT, REPORT.name), time_limit=1))
        assert isinstance(report, Report) and report.agency == "慈峪镇"
    finally:
        sandbox.close()


def test_a_child_that_cannot_start_says_so():
    sandbox = Sandbox("tests.no_such_module:parse")
    with pytest.raises(Stopped, match=r"the parser process did not start \(exit status 1\)"):
        sandbox.call((REPORT, REPORT.name), time_limit=60)


def test_a_hung_child_dies_with_the_worker_that_started_it(tmp_path):
    """A Dask worker killed from outside (out of memory, say) while its child is stuck in an
    endless parse must not leave the child spinning on the worker's cores."""
    hang = tmp_path / "reports" / "hang.txt"
    hang.parent.mkdir()
    hang.write_text("死循环", encoding="utf-8")
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(hang)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout is not None
        child = psutil.Process(int(worker.stdout.readline()))
        assert child.cmdline()[1:4] == ["-m", "pipeline.sandbox", "tests.cluster_hostile:parse"]
        time.sleep(0.5)  # the child is now in the endless loop
        assert child.status() == psutil.STATUS_RUNNING
    finally:
        worker.kill()
        worker.wait()
    with contextlib.suppress(psutil.NoSuchProcess):
        child.wait(timeout=10)  # reaped by whoever adopted it, or a zombie: gone either way
        assert child.status() == psutil.STATUS_ZOMBIE


# stands for a Dask worker: runs the hung file in a thread, says its child's pid, waits
WORKER = """
import sys, threading, time
from pathlib import Path
from pipeline.sandbox import Sandbox
sandbox = Sandbox("tests.cluster_hostile:parse")
path = Path(sys.argv[1])
threading.Thread(target=sandbox.call, args=((path, path.name), 3600), daemon=True).start()
while sandbox.process is None:
    time.sleep(0.05)
print(sandbox.process.pid, flush=True)
time.sleep(3600)
"""
