"""build.py --dask on a real Dask cluster in the suite: two worker processes on 127.0.0.1.

The outputs of a cluster build must be byte-identical to a one-machine build of the same folder;
cached files must not be sent; a worker killed mid-build must lose nothing; a file that crashes,
hangs or keeps killing workers must be a failure with its reason while the build goes on."""

from __future__ import annotations

import filecmp
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster

from bench.corpus import write_corpus
from pipeline.cluster import KILLED_WORKER
from pipeline.options import ClusterError, ClusterOptions
from pipeline.parse_folder import Collection, parse_folder

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "sample"
HOSTILE = "tests.cluster_hostile:parse"


@pytest.fixture(scope="module")
def cluster():
    # allowed-failures 1: a task on a worker that dies is retried once by Dask, then erred;
    # keeps the test of a file that kills every worker short (Dask's default is 3)
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as local,
    ):
        yield local


def reports_folder(tmp_path: Path, generated: int = 6) -> Path:
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLE, folder)
    write_corpus(generated, seed=14, folder=folder / "generated")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def build(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "build.py"), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def identical_trees(left: Path, right: Path) -> list[str]:
    """Paths under left whose bytes differ from, or are missing in, right (and right's extras)."""
    names = {p.relative_to(left) for p in left.rglob("*") if p.is_file()}
    others = {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    problems = [str(name) for name in sorted(names ^ others)]
    _, mismatch, errors = filecmp.cmpfiles(left, right, sorted(map(str, names & others)), False)
    return problems + mismatch + errors


def as_records(collection: Collection) -> tuple[list[dict], list[tuple[str, str]]]:
    return (
        [report.to_dict() for report in collection.reports],
        [(failure.file, failure.reason) for failure in collection.failures],
    )


def test_cluster_build_is_byte_identical_to_one_machine_build(cluster, tmp_path):
    reports = reports_folder(tmp_path)
    one = build("site", "--no-cache", "--reports", str(reports), "--out", str(tmp_path / "one"))
    assert one.returncode == 0, one.stderr
    address = cluster.scheduler_address
    many = build(
        "site", "--dask", address, "--reports", str(reports), "--out", str(tmp_path / "dask")
    )
    assert many.returncode == 0, many.stderr
    assert "parsed: 11" in many.stderr and "failed: 1" in many.stderr
    assert "empty.txt: the file is empty" in many.stderr
    for output in ("datapackage", "site"):
        assert identical_trees(tmp_path / "one" / output, tmp_path / "dask" / output) == []
    assert len(list((tmp_path / "one" / "site" / "reports").glob("*/index.html"))) == 11


def test_cached_files_are_not_sent_to_the_cluster(cluster, tmp_path):
    reports = reports_folder(tmp_path, generated=2)
    cache = tmp_path / "cache"
    sent = tmp_path / "parsed-on-workers.log"
    options = ClusterOptions(cluster.scheduler_address, time_limit=60, target=HOSTILE)
    parse_folder(reports, cache_dir=cache, cluster=options)
    assert len(sent.read_text(encoding="utf-8").split()) == 8  # 5 sample, 2 generated, empty.txt
    changed = reports / "000_2dd00469ff465376.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n（更正）\n", encoding="utf-8")
    sent.unlink()
    again = parse_folder(reports, cache_dir=cache, cluster=options)
    # the changed file, and empty.txt, which failed and so was never cached
    assert sorted(sent.read_text(encoding="utf-8").split()) == [changed.name, "empty.txt"]
    assert as_records(again) == as_records(parse_folder(reports))


def test_the_cluster_path_fills_the_cache_for_a_one_machine_build(cluster, tmp_path):
    reports = reports_folder(tmp_path, generated=2)
    out = tmp_path / "out"
    first = build(
        "package", "--dask", cluster.scheduler_address, "--reports", str(reports), "--out", str(out)
    )
    assert first.returncode == 0, first.stderr
    assert len(list((out / ".cache" / "parse").rglob("*.pickle"))) == 7
    second = build("package", "--reports", str(reports), "--out", str(tmp_path / "out2"))
    cached = build("package", "--reports", str(reports), "--out", str(out))  # no cluster needed
    assert second.returncode == 0 and cached.returncode == 0, cached.stderr
    assert identical_trees(out / "datapackage", tmp_path / "out2" / "datapackage") == []


def test_a_worker_killed_mid_build_loses_nothing(cluster, tmp_path):
    reports = reports_folder(tmp_path)
    shutil.copy(next((reports / "generated").rglob("*.txt")), reports / "kill-worker.txt")
    with Client(cluster.scheduler_address) as client:
        workers_before = set(client.run(lambda: 0))
        options = ClusterOptions(cluster.scheduler_address, time_limit=60, target=HOSTILE)
        on_cluster = parse_folder(reports, cluster=options)
        workers_after = set(client.run(lambda: 0))
    assert (tmp_path / "kill-worker.done").exists()  # the worker running it was SIGKILLed
    assert workers_before != workers_after  # and the nanny started a new one in its place
    assert as_records(on_cluster) == as_records(parse_folder(reports))
    assert len(on_cluster.reports) == 12


def test_crash_and_hang_are_failures_with_reasons_and_the_build_goes_on(cluster, tmp_path):
    reports = reports_folder(tmp_path, generated=2)
    (reports / "crash.txt").write_text("崩溃", encoding="utf-8")
    (reports / "hang.txt").write_text("死循环", encoding="utf-8")
    options = ClusterOptions(cluster.scheduler_address, time_limit=3, target=HOSTILE)
    collection = parse_folder(reports, cluster=options)
    reasons = dict(as_records(collection)[1])
    assert reasons["crash.txt"] == (
        "the parser process died while reading this file (killed by signal SIGSEGV)"
    )
    assert reasons["hang.txt"] == (
        "no result after 3 s (the time limit per file): the parse was stopped"
    )
    assert reasons["empty.txt"] == "the file is empty"
    assert len(collection.reports) == 7


def test_a_file_that_kills_every_worker_is_a_failure(cluster, tmp_path):
    reports = reports_folder(tmp_path, generated=0)
    (reports / "poison.txt").write_text("毒", encoding="utf-8")
    options = ClusterOptions(cluster.scheduler_address, time_limit=60, target=HOSTILE)
    collection = parse_folder(reports, cluster=options)
    assert dict(as_records(collection)[1])["poison.txt"] == KILLED_WORKER
    assert len(collection.reports) == 5


def test_an_unreachable_scheduler_stops_the_build_with_the_reason(tmp_path):
    reports = reports_folder(tmp_path, generated=0)
    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    options = ClusterOptions(address, connect_timeout=2)
    with pytest.raises(ClusterError, match=f"cannot reach the Dask scheduler at {address}"):
        parse_folder(reports, cluster=options)
