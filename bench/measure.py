"""Run a command and record its wall time and the peak memory of its whole process tree.

Memory is sampled from /proc: the sum of RSS over the process and all its descendants (worker
processes included; shared pages are counted once per process, so this is an upper bound) every
RSS_EVERY seconds, and the sum of PSS (shared pages split between the processes sharing them)
every PSS_EVERY seconds while the RSS sum is above the highest PSS sum seen (PSS ≤ RSS: below
it, no new peak). Reading PSS makes the kernel walk every page of every process (≈ 30 ms for a
build's tree): read every 50 ms it took a third of a core from the 2-core build it measured."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes, summed over the tree
    peak_pss: int
    returncode: int
    stdout: str
    stderr: str


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _tree(root: int) -> list[int]:
    tree, found, stack = _children(), [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(tree.get(pid, []))
    return found


RSS_EVERY = 0.05
PSS_EVERY = 0.5
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _memory(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


def run_measured(command: list[str], cwd: Path | None = None) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak_rss = peak_pss = 0
    # Read the pipes in threads so a chatty child never blocks on a full pipe.
    import threading

    output: dict[str, str] = {}

    def drain(name: str, stream) -> None:  # noqa: ANN001
        output[name] = stream.read()

    threads = [
        threading.Thread(target=drain, args=("out", process.stdout)),
        threading.Thread(target=drain, args=("err", process.stderr)),
    ]
    for thread in threads:
        thread.start()
    pss_read = 0.0
    while process.poll() is None:
        tree = _tree(process.pid)
        rss = sum(_rss(pid) for pid in tree)
        peak_rss = max(peak_rss, rss)
        now = time.perf_counter()
        if rss > peak_pss and now - pss_read >= PSS_EVERY:
            peak_pss = max(peak_pss, sum(_memory(pid)[1] for pid in tree))
            pss_read = now
        time.sleep(RSS_EVERY)
    seconds = time.perf_counter() - started
    for thread in threads:
        thread.join()
    return Run(seconds, peak_rss, peak_pss, process.returncode, output["out"], output["err"])
