"""A parse target for tests/test_cluster.py that misbehaves on purpose, chosen by file name.

Why a target and not real files: no report we have makes the parser segfault or loop forever
(the hostile-input and fuzz tests exist to keep it that way), and a mock would prove nothing
about processes. So this is the real parse (pipeline.parse_folder.parse_or_fail) run by the real
machinery — the Dask worker's sandbox child process — which for a few names does what a bad
file would do to that process, for real: a segfault, an endless pure-Python loop (which no
thread can interrupt), or killing the Dask worker process that runs it (the child's parent).
It also notes each file it is given, beside the reports folder, so a test can see which files
were sent to the cluster.
The cluster code takes the target by name (ClusterOptions.target); the build never names this one.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from parsers.record import Report
from pipeline.parse_folder import Failure, parse_or_fail


def parse(path: Path, relative: str) -> Report | Failure:
    beside = path.parents[len(Path(relative).parts)].absolute()  # the reports folder's parent
    with (beside / "parsed-on-workers.log").open("a", encoding="utf-8") as log:
        log.write(relative + "\n")  # which files reached the cluster (one write: O_APPEND)
    if path.stem == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    if path.stem == "hang":
        while True:
            pass
    if path.stem == "poison" or (path.stem == "kill-worker" and _first_time(beside / path.stem)):
        os.kill(os.getppid(), signal.SIGKILL)  # the Dask worker running this task
        os._exit(1)
    return parse_or_fail(path, relative)


def _first_time(flag: Path) -> bool:
    """True once per file: a flag beside the reports folder (not in it) marks the kill as done."""
    try:
        os.close(os.open(flag.with_suffix(".done"), os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return False
    return True
