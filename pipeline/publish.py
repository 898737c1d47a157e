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


def recover(out: Path, names: tuple[str, ...]) -> None:
    """Undo what a build killed in the middle of its final swap left behind, and clear its litter."""
    if not out.is_dir():
        return
    for staging in sorted(out.glob(f"{STAGING_PREFIX}*")):
        for name in names:
            previous = staging / f"{name}{PREVIOUS_SUFFIX}"
            if previous.is_dir() and not (out / name).exists():
                os.replace(previous, out / name)
        shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def staged(out: Path, names: tuple[str, ...]) -> Iterator[Path]:
    """Yield a staging folder; on success move each named output from it into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    recover(out, names)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    try:
        yield staging
        for name in names:
            new = staging / name
            if not new.exists():
                continue
            target = out / name
            if target.exists():
                os.replace(target, staging / f"{name}{PREVIOUS_SUFFIX}")
            os.replace(new, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
