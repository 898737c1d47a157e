"""A progress bar on a terminal, plain log lines elsewhere (CI, pipes)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], total: int, description: str) -> Iterator[T]:
    if sys.stderr.isatty():
        from rich.progress import track

        yield from track(items, total=total, description=description, transient=True)
        return
    step = max(1, total // 10)
    for index, item in enumerate(items, 1):
        if index % step == 0 or index == total:
            print(f"[{description}] {index}/{total}", file=sys.stderr, flush=True)
        yield item
