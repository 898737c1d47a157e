#!/usr/bin/env python3
"""Benchmark: build a generated national corpus end to end and compare with the plain MkDocs way.

    python bench/run.py                          # N = 1,000 and 10,000; baseline at 1,000
    python bench/run.py --n 1000 --baseline 1000 2000
    python bench/run.py --n 10000 --keep /tmp/bench   # keep the corpus and outputs

For each N: writes N generated reports (generator.generate_corpus) into a temp folder, runs
`build.py site` as a subprocess (memory is that process tree's), and prints per stage wall time
and reports/s, peak memory, HTML bytes per report page, site size, the bytes a browser fetches
for a first Chinese search, and the rebuild time after one report changes. The baseline (every
page through MkDocs and in the nav, Material's search) is built for the --baseline sizes and
extrapolated linearly to larger N, labelled as such.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import change_one_report, write_corpus  # noqa: E402
from bench.measure import Run, run_measured  # noqa: E402
from bench.report import machine, print_result  # noqa: E402
from bench.search_payload import first_query  # noqa: E402
from bench.site_stats import site_stats  # noqa: E402

PY = sys.executable
QUERIES = ["街道", "行政复议", "慈峪"]  # the first is the headline figure


def stage_times(run: Run) -> dict[str, float]:
    match = re.findall(r"time: (.*)", run.stderr)
    if run.returncode != 0 or not match:
        raise RuntimeError(f"build failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return {name: float(sec) for name, sec in re.findall(r"(\w+) ([\d.]+)s", match[-1])}


def parse_rate(folder: Path, limit: int = 2000) -> float:
    """Reports parsed per second on one core, in this process (reading + parsing, no cache)."""
    from pipeline.parse_folder import parse_file

    files = sorted(folder.rglob("*.txt"))[:limit]
    started = time.process_time()
    for path in files:
        parse_file(path)
    return len(files) / (time.process_time() - started)


def build(command: list[str]) -> tuple[Run, dict[str, float]]:
    run = run_measured(command, cwd=ROOT)
    return run, stage_times(run)


def load() -> list[float]:
    """The load average (1, 5, 15 min), as `uptime` prints it: the machine is shared."""
    return [round(value, 2) for value in os.getloadavg()]


def largest_file(folder: Path) -> tuple[str, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    biggest = max(files, key=lambda p: p.stat().st_size)
    return biggest.relative_to(folder).as_posix(), biggest.stat().st_size


def bench_ours(n: int, reports: Path, out: Path, extra: list[str], rebuild: bool = True) -> dict:
    command = [PY, "build.py", "site", "--reports", str(reports), "--out", str(out), *extra]
    load_before = load()
    full, stages = build(command)
    load_after = load()
    stats = site_stats(out / "site")
    package_file = largest_file(out / "datapackage")
    split = "--split-by" in extra
    payloads = [] if split else first_query(out / "site", QUERIES)  # a split site's root is a list
    if rebuild:
        changed = change_one_report(reports)
        rebuild_load = load()
        again, rebuild_stages = build(command)
        rebuilt = {
            "changed": changed.name,
            "wall": again.seconds,
            "stages": rebuild_stages,
            "load": [rebuild_load, load()],
            "peak_pss": again.peak_pss,
        }
    else:
        rebuilt = {"changed": "", "wall": 0.0, "stages": {}}
    return {
        "n": n,
        "wall": full.seconds,
        "stages": stages,
        "peak_rss": full.peak_rss,
        "peak_pss": full.peak_pss,
        "site": asdict(stats),
        "search": [asdict(p) for p in payloads],
        "rebuild": rebuilt,
        "load": [load_before, load_after],
        "split": next((extra[i + 1] for i, a in enumerate(extra) if a == "--split-by"), None),
        "package_largest": package_file,
    }


def bench_baseline(n: int, reports: Path, out: Path) -> dict:
    load_before = load()
    run, stages = build([PY, "bench/baseline.py", "--reports", str(reports), "--out", str(out)])
    load_after = load()
    stats = site_stats(out / "site")
    payloads = first_query(out / "site", QUERIES[:1], material=True)
    return {
        "n": n,
        "wall": run.seconds,
        "stages": stages,
        "peak_rss": run.peak_rss,
        "peak_pss": run.peak_pss,
        "site": asdict(stats),
        "search": [asdict(p) for p in payloads],
        "load": [load_before, load_after],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    parser.add_argument(
        "--baseline", type=int, nargs="*", default=[1000], help="sizes to build the baseline at"
    )
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", type=Path, help="folder to keep corpora and outputs in")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument(
        "--build-arg", action="append", default=[], help="extra argument for build.py (repeat)"
    )
    parser.add_argument(
        "--split-by", choices=("year", "province"), help="build one site per part (build.py)"
    )
    parser.add_argument(
        "--no-rebuild", action="store_true", help="skip the rebuild after one changed report"
    )
    parser.add_argument(
        "--manifest", action="store_true", help="write manifest.csv with each file's region"
    )
    parser.add_argument(
        "--print", type=Path, metavar="JSON", help="print the figures of an earlier --json file"
    )
    args = parser.parse_args()
    if args.print:
        print_result(json.loads(args.print.read_text(encoding="utf-8")))
        return 0
    if args.split_by:
        args.build_arg += ["--split-by", args.split_by]
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    results: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M %Z")}
    results["ours"], results["baseline"] = [], []
    try:
        for n in sorted(set(args.n) | set(args.baseline)):
            reports = work / f"reports-{n}"
            shutil.rmtree(reports, ignore_errors=True)
            started = time.perf_counter()
            info = write_corpus(n, args.seed, reports, manifest=args.manifest)
            print(
                f"[bench] N={n}: corpus written in {time.perf_counter() - started:.1f}s "
                f"({info.agencies} agencies, {info.provinces} provinces, editions {info.editions}, "
                f"layouts {len(info.layouts)})",
                file=sys.stderr,
                flush=True,
            )
            if n in args.baseline:
                out = work / f"baseline-{n}"
                shutil.rmtree(out, ignore_errors=True)
                results["baseline"].append(bench_baseline(n, reports, out))
                if not args.keep:
                    shutil.rmtree(out, ignore_errors=True)
            if n in args.n:
                rate = parse_rate(reports)
                out = work / f"ours-{n}"
                shutil.rmtree(out, ignore_errors=True)
                result = bench_ours(n, reports, out, args.build_arg, rebuild=not args.no_rebuild)
                result["parse_per_core"] = rate
                result["corpus"] = asdict(info)
                results["ours"].append(result)
                if not args.keep:
                    shutil.rmtree(out, ignore_errors=True)
            if not args.keep:
                shutil.rmtree(reports, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_result(results)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
