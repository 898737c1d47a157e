#!/usr/bin/env python3
"""The baseline build for the benchmark: the same parse and package, then the site the plain
MkDocs way (every page through MkDocs, all listed in the nav, mkdocs-material's search).

    python bench/baseline.py --reports DIR --out DIR

Prints the same `time:` line as build.py's summary."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from package_builder import write_package  # noqa: E402
from pipeline.parse_folder import parse_folder  # noqa: E402
from sitegen import build_site  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    timings = []
    started = time.perf_counter()
    collection = parse_folder(args.reports, jobs=os.cpu_count() or 1)
    timings.append(("parse", time.perf_counter() - started))
    started = time.perf_counter()
    write_package(collection, args.out / "datapackage")
    timings.append(("package", time.perf_counter() - started))
    started = time.perf_counter()
    build_site(collection, args.out / "datapackage", args.out / "site", baseline=True)
    timings.append(("site", time.perf_counter() - started))
    print("time: " + "   ".join(f"{name} {sec:.1f}s" for name, sec in timings), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
