"""Parse results cached by file content, so re-running a build re-parses only what changed.

The key is the file's sha256 plus a fingerprint of the parser's and readers' own source and of the
OCR engine's version, so any change to the code that reads reports, or to what reads scans,
invalidates every entry."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from parsers.record import Report
from readers.ocr_engine import engine_version

ROOT = Path(__file__).resolve().parent.parent
_CODE_DIRS = ("parsers", "readers", "template")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    digest = hashlib.sha256(engine_version().encode())
    for folder in _CODE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class ParseCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder / code_fingerprint()

    def _path(self, content_sha256: str) -> Path:
        return self.folder / content_sha256[:2] / f"{content_sha256}.pickle"

    def get(self, content_sha256: str) -> Report | None:
        try:
            with self._path(content_sha256).open("rb") as handle:
                report = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return report if isinstance(report, Report) else None

    def put(self, content_sha256: str, report: Report) -> None:
        path = self._path(content_sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        # write then rename: a killed build never leaves a half-written entry
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(report, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
