"""The closing summary of a build: what was read, what failed and why, what was written."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from parsers.record import CHECK_STATUSES, FAIL
from pipeline.parse_folder import Collection


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


@dataclass
class Summary:
    collection: Collection | None = None
    files: list[Path] = field(default_factory=list)
    timings: list[tuple[str, float]] = field(default_factory=list)

    def stage(self, name: str, seconds: float) -> None:
        self.timings.append((name, seconds))

    def lines(self, out: Path) -> list[str]:
        c = self.collection or Collection()
        read = len(c.reports) + len(c.failures)
        failing = [r.check_counts()[CHECK_STATUSES.index(FAIL)] for r in c.reports]
        failed_checks = sum(failing)
        reports_failing = sum(1 for count in failing if count)
        warnings = sum(len(r.warnings) for r in c.reports)
        lines = [
            "── summary ──",
            f"reports read: {read}   parsed: {len(c.reports)}   failed: {len(c.failures)}",
        ]
        lines += [f"  ✗ {f.file}: {f.reason}" for f in c.failures]
        if c.skipped:
            lines.append(f"files skipped (not reports): {len(c.skipped)}")
            lines += [f"  - {f.file}: {f.reason}" for f in c.skipped]
        lines.append(
            f"identity checks failed: {failed_checks} (in {reports_failing} reports)   "
            f"warnings: {warnings}"
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
