"""How to parse on a Dask cluster (build.py --dask); kept apart so that a build without a cluster
never imports distributed."""

from __future__ import annotations

from dataclasses import dataclass

# Seconds per file. A real 6-page text PDF takes about 0.4 s; a scan is read by OCR at 6–11 s a
# page on one core, so a 20-page scan needs up to about 220 s, more on a busy worker.
DEFAULT_TIME_LIMIT = 900.0
DEFAULT_TARGET = "pipeline.parse_folder:parse_or_fail"


@dataclass(frozen=True)
class ClusterOptions:
    address: str  # a scheduler address such as tcp://10.0.0.5:8786
    time_limit: float = DEFAULT_TIME_LIMIT
    # "module:function" run on the workers for each (path, relative); tests name a hostile one
    target: str = DEFAULT_TARGET
    connect_timeout: float = 30.0


class ClusterError(Exception):
    """The cluster cannot do the build (unreachable, wrong code, cannot read the reports)."""
