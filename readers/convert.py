"""Word 97 `.doc`, WPS, RTF and ODT files → DOCX with LibreOffice headless, then read by the DOCX
reader.

LibreOffice takes a second or two to start and converts a small file in a fraction of that, so
files are converted in batches by one process: `soffice --convert-to docx f1 f2 …` converts them in
order. A file that hangs the converter must not hold up the others: when no file finishes within
the time limit, the process is killed, the first file without a finished DOCX is a failure, and a
new process takes the rest. Each process has its own LibreOffice profile, so converters running in
parallel (one per parser process or cluster worker) never hand their work to each other.

A build converts every such file of the folder before parsing (pipeline/parse_folder.py), in one batch
per parser process, and leaves the results in a folder named by the environment variable
CONVERTED_VARIABLE, keyed by the file's sha256; the reader takes the result from there, and converts the file itself (a batch
of one) when it is not there (`build.py parse FILE.doc`). On a Dask cluster each task converts its
files in one batch on its worker before parsing them (pipeline/cluster.py).
"""

from __future__ import annotations

import hashlib
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from parsers.record import NotAReport

SUFFIXES = (".doc", ".wps", ".rtf", ".odt")
INSTALL = "apt-get install -y libreoffice-writer-nogui"
TIME_LIMIT = 120.0  # seconds for one file's conversion; a real report takes well under one
CONVERTED_VARIABLE = "GOV_REPORTS_CONVERTED"
_FAILED = ".failed"


def converter() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_converter(name: str) -> NotAReport:
    return NotAReport(
        f"{name}: a Word 97/WPS/RTF/ODT file is read by converting it with LibreOffice, "
        f"which is not installed; install it with: {INSTALL}"
    )


def _finished(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            return "word/document.xml" in package.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _run(program: str, inputs: list[Path], out: Path, profile: Path, time_limit: float) -> bool:
    """One LibreOffice process over inputs: True when it ended by itself, False when no file
    finished within time_limit and it was killed."""
    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out),
        *map(str, inputs),
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its helper processes are killed with it
    )
    assert process.stdout is not None
    deadline = time.monotonic() + time_limit
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([process.stdout], [], [], left)
            if not ready:
                break
            line = process.stdout.readline()
            if not line:  # the process has ended
                process.wait(timeout=time_limit)
                return True
            if line.startswith(b"convert "):  # one more file loaded: the clock starts again
                deadline = time.monotonic() + time_limit
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()
    return False


def convert_batch(paths: list[Path], time_limit: float = TIME_LIMIT) -> dict[Path, bytes | str]:
    """Each file's DOCX bytes, or the reason it could not be converted (English)."""
    program = converter()
    if program is None:
        return {path: str(missing_converter(path.name)).split(": ", 1)[1] for path in paths}
    results: dict[Path, bytes | str] = {}
    with tempfile.TemporaryDirectory(prefix="gov-reports-convert-") as work:
        folder = Path(work)
        inputs = []
        for index, path in enumerate(paths):  # numbered copies: two files may share a name
            staged = folder / "in" / f"{index}{path.suffix.lower()}"
            staged.parent.mkdir(exist_ok=True)
            shutil.copyfile(path, staged)
            inputs.append(staged)
        out = folder / "out"
        pending = list(range(len(paths)))
        while pending:
            ended = _run(program, [inputs[i] for i in pending], out, folder / "profile", time_limit)
            for i in pending:
                if _finished(out / f"{i}.docx"):
                    results[paths[i]] = (out / f"{i}.docx").read_bytes()
            left = [i for i in pending if paths[i] not in results]
            if ended or not left:
                for i in left:
                    results[paths[i]] = "LibreOffice could not convert it to DOCX"
                break
            results[paths[left[0]]] = f"converting it to DOCX took longer than {time_limit:g} s"
            pending = left[1:]
    return results


def _prepare(paths: list[Path], folder: Path, time_limit: float) -> list[Path]:
    """Convert the files in one batch into folder, keyed by content, for convert_one to find."""
    written = []
    for path, result in convert_batch(paths, time_limit).items():
        key = folder / hashlib.sha256(path.read_bytes()).hexdigest()
        if isinstance(result, bytes):
            written.append(key.with_suffix(".docx"))
            written[-1].write_bytes(result)
        else:
            written.append(key.with_suffix(_FAILED))
            written[-1].write_text(result, encoding="utf-8")
    return written


@contextmanager
def converted(
    paths: list[Path],
    folder: Path | None = None,
    time_limit: float = TIME_LIMIT,
    processes: int = 1,
) -> Iterator[None]:
    """While open, the convertible files among paths are converted — one batch for each of up to
    `processes` LibreOffice processes side by side — and the readers of this process and of the
    processes it starts find them (CONVERTED_VARIABLE names folder, a temporary one by default).
    Nothing happens for a batch without such files."""
    batch = [path for path in paths if path.suffix.lower() in SUFFIXES]
    if folder is not None:  # named even for a batch without such files: children start with it
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[CONVERTED_VARIABLE] = str(folder)
    if not batch or converter() is None:
        yield
        return
    with tempfile.TemporaryDirectory(prefix="gov-reports-converted-") as temporary:
        home = folder or Path(temporary)
        home.mkdir(parents=True, exist_ok=True)
        before = os.environ.get(CONVERTED_VARIABLE)
        os.environ[CONVERTED_VARIABLE] = str(home)
        shares = [batch[i :: max(processes, 1)] for i in range(min(max(processes, 1), len(batch)))]
        with ThreadPoolExecutor(max_workers=len(shares)) as pool:
            written = [
                path
                for paths_written in pool.map(
                    lambda share: _prepare(share, home, time_limit), shares
                )
                for path in paths_written
            ]
        try:
            yield
        finally:
            for path in written:
                path.unlink(missing_ok=True)
            if folder is None:  # a fixed folder stays named: child processes keep their env
                if before is None:
                    os.environ.pop(CONVERTED_VARIABLE, None)
                else:
                    os.environ[CONVERTED_VARIABLE] = before


def convert_one(data: bytes, name: str) -> bytes:
    """The file as DOCX: from the build's batch when it converted it, else converted now."""
    if not data.strip():
        raise NotAReport(f"{name}: the file is empty")
    prepared = os.environ.get(CONVERTED_VARIABLE)
    if prepared:
        key = Path(prepared) / hashlib.sha256(data).hexdigest()
        docx, failed = key.with_suffix(".docx"), key.with_suffix(_FAILED)
        if docx.is_file():
            return docx.read_bytes()
        if failed.is_file():
            raise NotAReport(f"{name}: {failed.read_text(encoding='utf-8')}")
    if converter() is None:
        raise missing_converter(name)
    with tempfile.TemporaryDirectory(prefix="gov-reports-one-") as work:
        path = Path(work) / f"report{Path(name).suffix.lower()}"
        path.write_bytes(data)
        result = convert_batch([path])[path]
    if isinstance(result, str):
        raise NotAReport(f"{name}: {result}")
    return result
