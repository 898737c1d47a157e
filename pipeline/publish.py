"""Outputs appear whole or not at all: stages write into a staging folder that is swapped into
place only when every stage has finished, so a build killed at any moment leaves the previous
datapackage/ and site/ as they were."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STAGING_PREFIX = ".build-"
PREVIOUS_SUFFIX = ".previous"


PLAN = "swap-plan"  # in a staging folder: the outputs its swap moves into place, one per line
DONE = "swap-done"  # in a staging folder: every output of the plan is in place
_DISCARDED_SUFFIX = ".discarded"


def recover(out: Path, names: tuple[str, ...]) -> None:
    """Undo what a build killed in the middle of its final swap left behind, and clear its litter.

    A swap that did not finish is rolled back (every output as it was before that build); one
    that finished is kept. Both old or both new, never a new package beside an old site."""
    if not out.is_dir():
        return
    for staging in sorted(out.glob(f"{STAGING_PREFIX}*")):
        if not (staging / DONE).exists() and _swap_started_unfinished(staging, names):
            _roll_back(out, staging, names)
        else:
            for name in names:  # finished, or never started: only put back a missing output
                previous = staging / f"{name}{PREVIOUS_SUFFIX}"
                if previous.is_dir() and not (out / name).exists():
                    os.replace(previous, out / name)
        shutil.rmtree(staging, ignore_errors=True)


def _planned(staging: Path) -> list[str]:
    plan = staging / PLAN
    return plan.read_text(encoding="utf-8").split() if plan.exists() else []


def _swap_started_unfinished(staging: Path, names: tuple[str, ...]) -> bool:
    started = (staging / PLAN).exists() or any(
        (staging / f"{name}{PREVIOUS_SUFFIX}").exists() for name in names
    )
    unmoved = any((staging / name).exists() for name in names)
    return started and unmoved


def _roll_back(out: Path, staging: Path, names: tuple[str, ...]) -> None:
    planned = _planned(staging)
    for name in names:
        previous = staging / f"{name}{PREVIOUS_SUFFIX}"
        moved_in = not (staging / name).exists() and (name in planned or previous.exists())
        if moved_in and (out / name).exists():
            os.replace(out / name, staging / f"{name}{_DISCARDED_SUFFIX}")
        if previous.exists() and not (out / name).exists():
            os.replace(previous, out / name)


@contextmanager
def staged(out: Path, names: tuple[str, ...]) -> Iterator[Path]:
    """Yield a staging folder; on success move each named output from it into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    recover(out, names)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    try:
        yield staging
        ready = [name for name in names if (staging / name).exists()]
        _write_durably(staging / PLAN, "\n".join(ready))
        for name in ready:
            target = out / name
            if target.exists():
                os.replace(target, staging / f"{name}{PREVIOUS_SUFFIX}")
            os.replace(staging / name, target)
        _write_durably(staging / DONE, "")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_durably(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
