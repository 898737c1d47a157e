"""How to parse on a Dask cluster (build.py --dask); kept apart so that a build without a cluster
never imports distributed."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TIME_LIMIT = 300.0  # seconds per file; a real 6-page PDF takes about 0.4 s
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
