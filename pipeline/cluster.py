"""Parse files on a Dask cluster (build.py --dask ADDRESS).

The parse is a pure function of each file, so the files not served by the cache become Dask tasks
(a few files each) run by the cluster's workers, which read the files from a path they all share.
Results stream back as they finish, with a bounded number of tasks in flight, so this process
holds no more than a one-machine build does. Dask retries the tasks of a worker that dies; a file
that takes down every worker that tries it ends erred (KilledWorker) and is listed as a failure.
On the worker each parse runs in a child process with a time limit (pipeline.sandbox), so a file
that hangs or crashes the parser is a failure with its reason and the worker carries on."""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
import uuid
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from distributed import Client, Future, as_completed
from distributed.scheduler import KilledWorker

from parsers.record import Report
from pipeline.cache import ROOT, code_fingerprint
from pipeline.options import ClusterError, ClusterOptions
from pipeline.parse_folder import Failure
from pipeline.sandbox import Sandbox, Stopped
from readers.convert import converted

BATCH = 8  # files per task: a real PDF takes ~0.4 s, so ~3 s per task, ~125,000 tasks a million
TASKS_PER_THREAD = 2  # in flight per worker thread: one running, one ready behind it
REFRESH_EVERY = 100  # results between looks at how many worker threads the cluster has

KILLED_WORKER = (
    "every Dask worker that tried to parse it died (KilledWorker: in its batch of files, then "
    "alone, each time after the scheduler's distributed.scheduler.allowed-failures retries); "
    "given up"
)


# --- on the workers ------------------------------------------------------------------------------
_thread = threading.local()
_CONVERTED = Path(tempfile.gettempdir()) / f"gov-reports-converted-{os.getpid()}"


def parse_on_worker(path: str, relative: str, target: str, time_limit: float) -> bytes:
    """One file parsed in this worker thread's sandbox: the Report or Failure, pickled. The worker
    passes the child's bytes on rather than unpickling and pickling again (a Report is a few
    hundred objects); the build machine unpickles them once."""
    sandbox: Sandbox | None = getattr(_thread, "sandbox", None)
    if sandbox is None or sandbox.target != target:
        sandbox = _thread.sandbox = Sandbox(target)
    try:
        return sandbox.call((Path(path), relative), time_limit)
    except Stopped as reason:
        return pickle.dumps(Failure(relative, str(reason)), protocol=pickle.HIGHEST_PROTOCOL)


def parse_batch_on_worker(
    batch: list[tuple[str, str]], target: str, time_limit: float
) -> list[bytes]:
    """One Dask task: a few files, so that Dask's own cost per task (milliseconds) is shared by
    several parses; each file still has its own time limit. Its Word 97/WPS/RTF/ODT files are
    converted first by one LibreOffice process, into a folder of this worker process that its
    sandboxes know from their start."""
    with converted([Path(path) for path, _ in batch], _CONVERTED):
        return [parse_on_worker(path, relative, target, time_limit) for path, relative in batch]


def worker_facts(sample: str) -> tuple[str, bool]:
    """What the client checks before sending work: the worker's parser code, and whether it can
    read a report of the folder at the client's path."""
    return code_fingerprint(), os.access(sample, os.R_OK)


# --- on the machine that runs the build ----------------------------------------------------------
def parse_on_cluster(
    work: list[tuple[Path, str]], options: ClusterOptions
) -> Iterator[tuple[int, Report | Failure]]:
    """(position in work, result) for each (path, relative), in the order they finish."""
    if not work:
        return
    work = [(path.absolute(), relative) for path, relative in work]  # workers have other cwds
    try:
        client = Client(options.address, timeout=options.connect_timeout, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {options.address}: {error}"
        ) from None
    with client:
        check_workers(client, options, str(work[0][0]))
        yield from _stream(client, work, options)


def check_workers(client: Client, options: ClusterOptions, sample: str) -> None:
    try:
        client.wait_for_workers(1, timeout=options.connect_timeout)
    except TimeoutError:
        raise ClusterError(f"no Dask worker joined {options.address}") from None
    try:
        # the scheduler unpickles each task too, so it needs the project's code as well
        scheduler: str = client.run_on_scheduler(code_fingerprint)
        facts: dict[str, tuple[str, bool]] = client.run(worker_facts, sample)
    except Exception as error:  # noqa: BLE001 - any failure here means the cluster cannot help
        raise ClusterError(
            f"the Dask cluster cannot run the project's code ({type(error).__name__}: {error}); "
            f"start the scheduler and the workers with the project on their path: "
            f"PYTHONPATH={ROOT} dask scheduler / dask worker ADDRESS"
        ) from None
    if scheduler != code_fingerprint():
        raise ClusterError(
            f"the scheduler runs different parser code ({scheduler}, here {code_fingerprint()})"
        )
    for worker, (fingerprint, readable) in sorted(facts.items()):
        if fingerprint != code_fingerprint():
            raise ClusterError(
                f"worker {worker} runs different parser code ({fingerprint}, here "
                f"{code_fingerprint()}): its results would not match this build"
            )
        if not readable:
            raise ClusterError(
                f"worker {worker} cannot read {sample}: the reports must be on a filesystem that "
                "every worker mounts at the same path as this machine"
            )


def _stream(
    client: Client, work: list[tuple[Path, str]], options: ClusterOptions
) -> Iterator[tuple[int, Report | Failure]]:
    run = uuid.uuid4().hex[:8]
    batches = (
        list(range(start, min(start + BATCH, len(work)))) for start in range(0, len(work), BATCH)
    )
    in_flight: dict[str, list[int]] = {}
    alone: set[str] = set()  # keys of the second round: one file each
    finished = as_completed(loop=client.loop)

    def send(positions: list[int], key: str) -> None:
        batch = [(str(work[p][0]), work[p][1]) for p in positions]
        future = client.submit(
            parse_batch_on_worker, batch, options.target, options.time_limit, key=key, pure=False
        )
        in_flight[future.key] = positions
        finished.add(future)

    def submit(count: int) -> None:
        for positions in islice(batches, count):
            send(positions, f"parse-{run}-{positions[0]}")

    submit(_window(client))
    for done, future in enumerate(finished, 1):
        positions = in_flight.pop(future.key)
        results = _outcome(future, work[positions[0]][1])
        future.release()
        if done % REFRESH_EVERY == 0:
            submit(max(0, _window(client) - len(in_flight)))
        if results is None and future.key not in alone:
            # Dask counts every task on a dying worker as suspect, also those that only waited
            # behind the file that killed it: a second round, one file per task, tells them apart
            for position in positions:
                alone.add(key := f"parse-{run}-{position}-alone")
                send([position], key)
            continue
        submit(1)
        for index, position in enumerate(positions):
            yield position, results[index] if results else Failure(work[position][1], KILLED_WORKER)


def _window(client: Client) -> int:
    threads = sum(client.nthreads().values())
    return max(8, TASKS_PER_THREAD * threads)


def _outcome(future: Future, relative: str) -> list[Report | Failure] | None:
    """The task's results, or None when it erred because the workers that ran it died.

    Every error of the file itself is caught in the sandbox and comes back as a Failure, so any
    other error is the cluster's (an environment that cannot unpickle the task, say) and stops
    the build rather than listing every file as failed. A result held by a worker that dies
    before it is fetched is "lost": Dask computes it again and result() waits for that."""
    try:
        blobs: list[bytes] = future.result()
    except KilledWorker:
        return None
    except Exception as error:  # noqa: BLE001 - reported as the cluster's, with the cause
        raise ClusterError(
            f"the cluster failed on the batch of {relative}: {type(error).__name__}: {error}"
        ) from error
    return [pickle.loads(blob) for blob in blobs]
