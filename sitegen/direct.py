"""Report and agency pages written straight to HTML inside the theme's shell, over all cores.

The work is cut into tasks (slices of reports with their downloads, slices of agencies);
with more than one job they run in forked worker processes that inherit the site data, so
nothing large is pickled, and each task writes its own files."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sitegen.lists import ListPage
from sitegen.pages import SiteInfo, agency_parts, list_parts, report_parts
from sitegen.peers import PeerIndex
from sitegen.report_download import FILE_NAME, report_csv
from sitegen.shell import Shell
from sitegen.site_data import SiteData

SLICE = 250  # pages per task: small enough to balance two cores, large enough to be cheap
LIST_SLICE = 10  # list pages are each as large as tens of report pages


@dataclass
class Job:
    data: SiteData
    site: SiteInfo
    report_shell: Shell
    agency_shell: Shell
    built: Path
    lists: list[ListPage]
    list_shell: Shell
    data_root: str
    peers: PeerIndex | None = None  # the rankings of agency and province pages
    # where each searched page is also written as Pagefind reads it (sitegen/search.py)
    search_source: Path | None = None


def _write_page(job: Job, shell: Shell, path: str, title: str, body: str) -> None:
    folder = job.built / path
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(shell.page(title, body), encoding="utf-8")
    if job.search_source is not None:
        searched = job.search_source / path
        searched.mkdir(parents=True, exist_ok=True)
        (searched / "index.html").write_text(shell.search_page(title, body), encoding="utf-8")


_JOB: Job | None = None  # set in the parent before forking; the workers inherit it


def _reports(start: int, stop: int) -> int:
    job = _JOB
    assert job is not None
    for entry in job.data.entries[start:stop]:
        parts = report_parts(job.data, entry, job.site)
        _write_page(job, job.report_shell, entry.path, parts.title, parts.body)
        (job.built / entry.path / FILE_NAME).write_text(report_csv(entry.report), encoding="utf-8")
    return stop - start


def _agencies(start: int, stop: int) -> int:
    job = _JOB
    assert job is not None
    for agency in job.data.agencies[start:stop]:
        parts = agency_parts(agency, job.peers)
        body = job.agency_shell.body_html(parts.body)
        _write_page(job, job.agency_shell, agency.path, parts.title, body)
    return stop - start


def _lists(start: int, stop: int) -> int:
    job = _JOB
    assert job is not None
    for listed in job.lists[start:stop]:
        parts = list_parts(listed, job.data_root, job.peers)
        folder = job.built / listed.path
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(job.list_shell.page(parts.title, parts.body), "utf-8")
    return stop - start


_TASKS = {"reports": _reports, "agencies": _agencies, "lists": _lists}


def _run(task: tuple[str, int, int]) -> int:
    name, start, stop = task
    return _TASKS[name](start, stop)


def write_direct_pages(job: Job, jobs: int) -> None:
    global _JOB
    tasks = [("reports", i, i + SLICE) for i in range(0, len(job.data.entries), SLICE)]
    tasks += [("agencies", i, i + SLICE) for i in range(0, len(job.data.agencies), SLICE)]
    tasks += [("lists", i, i + LIST_SLICE) for i in range(0, len(job.lists), LIST_SLICE)]
    _JOB = job
    try:
        if jobs > 1 and len(tasks) > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
                list(pool.map(_run, tasks))
        else:
            for task in tasks:
                _run(task)
    finally:
        _JOB = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
