"""The closing summary of a build: what was read, what failed and why, what was written."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from parsers.record import CHECK_STATUSES, FAIL
from pipeline.parse_folder import Collection, Failure


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


@dataclass
class Summary:
    """Counts, not the reports: a build that parses in a process of its own sends it back."""

    parsed: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)
    failed_checks: int = 0
    reports_failing: int = 0
    warnings: int = 0
    files: list[Path] = field(default_factory=list)
    timings: list[tuple[str, float]] = field(default_factory=list)

    def count(self, collection: Collection) -> None:
        failing = [r.check_counts()[CHECK_STATUSES.index(FAIL)] for r in collection.reports]
        self.parsed = len(collection.reports)
        self.failures = list(collection.failures)
        self.skipped = list(collection.skipped)
        self.failed_checks = sum(failing)
        self.reports_failing = sum(1 for count in failing if count)
        self.warnings = sum(len(r.warnings) for r in collection.reports)

    def add_files(self, written: list[Path], staging: Path, out: Path) -> None:
        """Files written into a staging folder, at the paths they have once it is moved to out."""
        self.files += [out / path.relative_to(staging) for path in written]

    def stage(self, name: str, seconds: float) -> None:
        self.timings.append((name, seconds))

    def lines(self, out: Path) -> list[str]:
        read = self.parsed + len(self.failures)
        lines = [
            "── summary ──",
            f"reports read: {read}   parsed: {self.parsed}   failed: {len(self.failures)}",
        ]
        lines += [f"  ✗ {f.file}: {f.reason}" for f in self.failures]
        if self.skipped:
            lines.append(f"files skipped (not reports): {len(self.skipped)}")
            lines += [f"  - {f.file}: {f.reason}" for f in self.skipped]
        lines.append(
            f"identity checks failed: {self.failed_checks} (in {self.reports_failing} reports)   "
            f"warnings: {self.warnings}"
        )
        if self.files:
            lines.append("files written:")
            for path in self.files:
                size = path.stat().st_size if path.is_file() else _tree_size(path)
                lines.append(f"  {human_size(size):>9}  {_display(path, out)}")
        lines.append("time: " + "   ".join(f"{name} {sec:.1f}s" for name, sec in self.timings))
        site = out / "site"
        if site.is_dir():
            lines.append(f"data package: {_display(out / 'datapackage', out)}/datapackage.json")
            lines.append(
                f"site: {_display(site, out)}/index.html — browse it with `make serve` "
                "(http://localhost:8000)"
            )
        return lines

    def print(self, out: Path) -> None:
        print("\n".join(self.lines(out)), file=sys.stderr)


def _tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _display(path: Path, out: Path) -> str:
    try:
        return path.relative_to(out).as_posix()
    except ValueError:
        return str(path)
