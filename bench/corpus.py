"""Write a generated corpus of N reports into a folder, one sub-folder per province."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator import generate_corpus


@dataclass
class CorpusInfo:
    reports: int
    agencies: int
    provinces: int
    editions: dict[str, int]
    layouts: dict[str, int]
    bytes: int


def write_corpus(n: int, seed: int, folder: Path, manifest: bool = False) -> CorpusInfo:
    """manifest: also write manifest.csv giving each file's region, as a collector who knows
    which province's site a report came from would (the generated agency names often do not say:
    without it most reports have no province, and a split by province has one huge part)."""
    folder.mkdir(parents=True, exist_ok=True)
    regions: list[tuple[str, str]] = []
    agencies: set[str] = set()
    provinces: set[str] = set()
    editions: Counter[str] = Counter()
    layouts: Counter[str] = Counter()
    total = 0
    for index, report in enumerate(generate_corpus(n, seed=seed)):
        province = report.region[0] or "中央"
        target = folder / province / f"{index:06d}.txt"
        target.parent.mkdir(exist_ok=True)
        data = report.text.encode("utf-8")
        target.write_bytes(data)
        regions.append((f"{province}/{target.name}", "".join(part or "" for part in report.region)))
        total += len(data)
        agencies.add(report.agency)
        provinces.add(province)
        editions[report.edition] += 1
        layouts[report.layout] += 1
    if manifest:
        with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["file", "region"])
            writer.writerows(regions)
    return CorpusInfo(n, len(agencies), len(provinces), dict(editions), dict(layouts), total)


def change_one_report(folder: Path) -> Path:
    """Edit one report the way a correction would: a different figure in its text."""
    path = sorted(folder.rglob("*.txt"))[len(list(folder.rglob("*.txt"))) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n（更正：本报告于发布后修订。）\n", encoding="utf-8")
    return path
