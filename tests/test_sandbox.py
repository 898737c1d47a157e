"""pipeline.sandbox on its own: one file at a time in a child process, with a time limit."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from parsers.record import Report
from pipeline.options import DEFAULT_TARGET
from pipeline.sandbox import Sandbox, Stopped

SAMPLE = Path(__file__).resolve().parent.parent / "reports" / "sample"
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
