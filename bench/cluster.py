#!/usr/bin/env python3
"""Benchmark: the same corpus parsed on one machine and on a 2-worker Dask cluster (issue 14).

    python bench/cluster.py                 # N = 500
    python bench/cluster.py --n 1000 --workers 2

Writes N generated reports, then runs `build.py package` as a subprocess: on one machine (--jobs
= CPU cores) without the parse cache and with an empty one (filled as it goes); then with --dask
on a LocalCluster of --workers processes (one thread each) started here on 127.0.0.1, the same
two ways, and once more on the full cache (nothing is sent). Prints each run's parse stage,
end-to-end wall time and the peak memory of the build's own process tree (the cluster's workers
are not in it: they belong to this process), and whether the cluster's data package is
byte-identical to the one-machine package."""

from __future__ import annotations

import argparse
import filecmp
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from bench.measure import Run, run_measured  # noqa: E402
from bench.report import machine  # noqa: E402


def parse_seconds(run: Run) -> float:
    match = re.findall(r"time: parse ([\d.]+)s", run.stderr)
    if run.returncode != 0 or not match:
        raise RuntimeError(f"build failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return float(match[-1])


def same_files(left: Path, right: Path) -> bool:
    names = sorted(str(p.relative_to(left)) for p in left.rglob("*") if p.is_file())
    others = sorted(str(p.relative_to(right)) for p in right.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(left, right, names, shallow=False)
    return names == others and not mismatch and not errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="corpus size")
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    from distributed import LocalCluster

    work = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    try:
        reports = work / "reports"
        info = write_corpus(args.n, args.seed, reports)
        build = [sys.executable, "build.py", "package", "--reports", str(reports)]
        runs: list[tuple[str, Run]] = []

        def measure(name: str, *extra: str) -> None:
            runs.append((name, run_measured([*build, *extra], cwd=ROOT)))

        measure("one machine, --no-cache", "--no-cache", "--out", str(work / "one"))
        measure("one machine, empty cache", "--out", str(work / "one-cached"))
        started = time.perf_counter()
        with LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster:
            startup = time.perf_counter() - started
            dask = ["--dask", cluster.scheduler_address]
            measure("--dask, --no-cache", *dask, "--no-cache", "--out", str(work / "dask-nc"))
            measure("--dask, empty cache", *dask, "--out", str(work / "dask"))
            measure("--dask, every file cached", *dask, "--out", str(work / "dask"))
        identical = same_files(work / "one" / "datapackage", work / "dask" / "datapackage")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}   machine: {machine()}")
    print(f"corpus: {info.reports} reports, {info.bytes / 1e6:.1f} MB, seed {args.seed}")
    print(
        f"cluster: LocalCluster, {args.workers} worker processes × 1 thread, started in {startup:.1f} s"
    )
    print(f"{'':34} {'parse':>8} {'reports/s':>10} {'wall':>8} {'peak PSS':>9}")
    for name, run in runs:
        seconds = parse_seconds(run)
        rate = f"{info.reports / seconds:.0f}" if seconds else "—"
        print(
            f"{name:34} {seconds:>7.1f}s {rate:>10} {run.seconds:>7.1f}s "
            f"{run.peak_pss / 2**20:>6.0f} MB"
        )
    print(f"data package byte-identical to the one-machine build: {'yes' if identical else 'NO'}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
