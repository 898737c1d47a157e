"""A build killed midway leaves the previous outputs as they were; the next build cleans up.

The kill is SIGKILL (no cleanup code runs), sent once the build has started writing into its
staging folder (`.build-*` in the output folder).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mutations import SAMPLE, SEED_NAMES

from pipeline.publish import PREVIOUS_SUFFIX, STAGING_PREFIX, recover, staged

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build.py"
OUTPUTS = ("datapackage", "site")
START_LIMIT = 300  # seconds for a build to get going: a bound against hangs, not a timing assert


def copies(folder: Path, rounds: int, start: int = 0) -> int:
    """`rounds` renamed copies of every seed in `folder`; returns how many files were written."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(start, start + rounds):
        for name in SEED_NAMES:
            shutil.copyfile(SAMPLE / name, folder / f"{number:04d}_{name}")
    return rounds * len(SEED_NAMES)


def snapshot(out: Path) -> dict[str, str]:
    """sha256 of every file under the outputs (plus the list of empty folders)."""
    files: dict[str, str] = {}
    for name in OUTPUTS:
        for path in sorted((out / name).rglob("*")):
            key = path.relative_to(out).as_posix()
            if path.is_file():
                files[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif path.is_dir() and not any(path.iterdir()):
                files[key] = "<empty folder>"
    return files


def build(command: str, reports: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable, str(BUILD), command, "--reports", str(reports), "--out", str(out),
        "--jobs", "1", *extra,
    ]  # fmt: skip


def commands() -> list[str]:
    found = ["package"]
    if importlib.util.find_spec("sitegen") is not None:
        found.append("site")
    return found


def staging_folders(out: Path) -> list[Path]:
    return sorted(out.glob(f"{STAGING_PREFIX}*"))


def kill_when_staging_is_written(args: list[str], out: Path) -> None:
    """Start the build; SIGKILL it as soon as its staging folder holds a file."""
    process = subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + START_LIMIT
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if any(any(p.is_file() for p in s.rglob("*")) for s in staging_folders(out)):
                os.killpg(process.pid, signal.SIGKILL)
                break
            time.sleep(0.01)
        else:
            status = process.poll()
            _, stderr = process.communicate(timeout=5) if status is not None else (None, b"")
            pytest.fail(
                f"the build was not caught writing its staging folder (exit status {status}): "
                f"{stderr.decode(errors='replace')[-2000:]}"
            )
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.slow
@pytest.mark.parametrize("command", commands())
def test_killed_build_leaves_previous_outputs_intact(command: str, tmp_path: Path) -> None:
    reports, out = tmp_path / "reports", tmp_path / "out"
    first = copies(reports, 4)
    done = subprocess.run(build(command, reports, out), cwd=ROOT, capture_output=True, timeout=900)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    before = snapshot(out)
    assert any(key.startswith("datapackage/") for key in before)
    if command == "site":
        assert any(key.startswith("site/") for key in before)
    assert not staging_folders(out)

    # A bigger corpus, so the interrupted build would write different outputs and take a while.
    total = first + copies(reports, 80, start=4)
    kill_when_staging_is_written(build(command, reports, out), out)
    assert staging_folders(out), "the killed build left no staging folder: it was not midway"
    assert snapshot(out) == before

    done = subprocess.run(build(command, reports, out), cwd=ROOT, capture_output=True, timeout=900)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    assert not staging_folders(out), "the next build left the staging litter behind"
    assert not list(out.glob(f"*{PREVIOUS_SUFFIX}"))
    rows = (out / "datapackage" / "data" / "reports.csv").read_text(encoding="utf-8")
    assert len(rows.strip().splitlines()) == 1 + total
    assert snapshot(out) != before


# ---------------------------------------------------------------------------------------------
# pipeline.publish: the swap and its recovery, killed between steps (simulated on disk)


def make_tree(folder: Path, label: str) -> Path:
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "cells.csv").write_text(f"{label}\n", encoding="utf-8")
    (folder / "datapackage.json").write_text(f'{{"name": "{label}"}}', encoding="utf-8")
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_recover_after_a_kill_between_the_two_renames_of_the_swap(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = tree(make_tree(out / "datapackage", "old"))
    site = tree(make_tree(out / "site", "old site"))
    staging = out / f"{STAGING_PREFIX}killed"
    make_tree(staging / "datapackage", "new")
    # the first rename happened (old → staging/datapackage.previous), the second did not
    os.replace(out / "datapackage", staging / f"datapackage{PREVIOUS_SUFFIX}")
    assert not (out / "datapackage").exists()

    recover(out, OUTPUTS)

    assert tree(out / "datapackage") == old
    assert tree(out / "site") == site
    assert not staging_folders(out)


def test_recover_keeps_a_finished_swap_and_clears_litter(tmp_path: Path) -> None:
    out = tmp_path / "out"
    new = tree(make_tree(out / "datapackage", "new"))
    make_tree(out / f"{STAGING_PREFIX}a" / f"datapackage{PREVIOUS_SUFFIX}", "old")
    (out / f"{STAGING_PREFIX}b").mkdir()  # killed before writing anything
    recover(out, OUTPUTS)
    assert tree(out / "datapackage") == new
    assert not (out / "site").exists()
    assert not staging_folders(out)


def test_staged_swaps_both_outputs_and_leaves_no_litter(tmp_path: Path) -> None:
    out = tmp_path / "out"
    make_tree(out / "datapackage", "old")
    with staged(out, OUTPUTS) as staging:
        new = tree(make_tree(staging / "datapackage", "new"))
        site = tree(make_tree(staging / "site", "new site"))
    assert tree(out / "datapackage") == new
    assert tree(out / "site") == site
    assert sorted(p.name for p in out.iterdir()) == ["datapackage", "site"]


def test_staged_keeps_the_previous_outputs_when_a_stage_fails(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = tree(make_tree(out / "datapackage", "old"))
    with pytest.raises(RuntimeError), staged(out, OUTPUTS) as staging:
        make_tree(staging / "datapackage", "new")
        raise RuntimeError("the site stage failed")
    assert tree(out / "datapackage") == old
    assert sorted(p.name for p in out.iterdir()) == ["datapackage"]


def test_recover_after_a_kill_between_the_datapackage_and_the_site_swap(tmp_path: Path) -> None:
    """Killed after datapackage/ was swapped in but before site/ was: the module promises the
    previous datapackage/ and site/ as they were (or both new), never a new package beside an
    old site."""
    out = tmp_path / "out"
    old = tree(make_tree(out / "datapackage", "old"))
    old_site = tree(make_tree(out / "site", "old site"))
    staging = out / f"{STAGING_PREFIX}killed"
    new_site = tree(make_tree(staging / "site", "new site"))
    os.replace(out / "datapackage", staging / f"datapackage{PREVIOUS_SUFFIX}")
    new = tree(make_tree(out / "datapackage", "new"))

    recover(out, OUTPUTS)

    after = (tree(out / "datapackage"), tree(out / "site"))
    assert after in ((old, old_site), (new, new_site))
