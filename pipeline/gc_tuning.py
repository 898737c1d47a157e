"""How often CPython's cyclic garbage collector runs during a build."""

from __future__ import annotations

import gc


def collect_garbage_rarely() -> None:
    """A build holds hundreds of thousands of small objects for its whole length (every report's
    name, place and warnings; the pages' data) and reads each report's cells back many times; with
    CPython's default thresholds its cyclic collector walked all of them again and again: half
    the time of a 10,000-report build. The objects of a build form almost no cycles."""
    gc.set_threshold(100_000, 50, 1000)


def freeze_survivors() -> None:
    """What is alive now lives to the end of the build (the parsed collection): no collection
    walks it again."""
    gc.freeze()
