"""Word 97 `.doc`, WPS, RTF and ODT: converted by the real LibreOffice (installed by `make test`),
one process per batch with a time limit per file, then read as .docx."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from generator import generate_report
from generator.documents import to_docx
from parsers.record import NotAReport
from pipeline.failure_text import failure_message
from pipeline.parse_folder import parse_file, parse_folder
from readers.convert import INSTALL, convert_batch, converter

REAL_DOC = Path(__file__).resolve().parent / "fixtures" / "real" / "031_shuyang_fgj_2023_word97.doc"


def _as(kind: str, docx: bytes, folder: Path) -> Path:
    """The DOCX saved as another format by LibreOffice itself, as an agency's office suite would."""
    source = folder / "source.docx"
    source.write_bytes(docx)
    profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
    command = [converter(), profile, "--headless", "--convert-to", kind, "--outdir", str(folder)]
    subprocess.run([*command, str(source)], check=True, capture_output=True, timeout=120)
    return folder / f"source.{kind}"


@pytest.mark.parametrize("kind", ["odt", "rtf"])
def test_odt_and_rtf_read_back_every_cell(kind: str, tmp_path: Path) -> None:
    generated = generate_report(random.Random(5), edition="2021", layout="pipe_rows")
    path = _as(kind, to_docx(generated), tmp_path)
    report = parse_file(path)
    assert report.source is not None and report.source.format == "doc"
    wrong = [
        (c.row, c.column, c.value)
        for c in report.cells
        if c.value != generated.value(c.table, c.row, c.column)
    ]
    assert wrong == []
    assert report.agency == generated.agency and report.year == generated.year


def _contents(docx: bytes) -> dict[str, bytes]:
    """A DOCX's parts but its properties (which carry the time of the conversion)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if not n.startswith("docProps/")}


def test_one_process_converts_a_batch_even_when_names_collide(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "report.doc", tmp_path / "b" / "report.doc"
    for path in (first, second):
        path.parent.mkdir()
        shutil.copyfile(REAL_DOC, path)
    unreadable = tmp_path / "broken.odt"
    unreadable.write_bytes(b"PK\x03\x04" + bytes(200))  # a zip header and nothing else
    results = convert_batch([first, unreadable, second])
    assert isinstance(results[first], bytes) and isinstance(results[second], bytes)
    # the same document; the zips' timestamps differ when the two straddle a second
    assert _contents(results[first]) == _contents(results[second])
    assert results[unreadable] == "LibreOffice could not convert it to DOCX"


def test_a_file_over_the_time_limit_is_stopped_and_the_others_go_on(tmp_path: Path) -> None:
    paths = [tmp_path / f"{n}.doc" for n in range(2)]
    for path in paths:
        shutil.copyfile(REAL_DOC, path)
    results = convert_batch(paths, time_limit=0.05)  # LibreOffice cannot even start in 50 ms
    assert results == {path: "converting it to DOCX took longer than 0.05 s" for path in paths}


def test_without_libreoffice_the_reason_names_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without soffice on its PATH
    with pytest.raises(NotAReport) as error:
        parse_file(REAL_DOC)
    reason = str(error.value).split(": ", 1)[1]
    assert INSTALL in reason
    assert INSTALL in failure_message(reason) and "LibreOffice" in failure_message(reason)


def test_a_build_reads_word97_files_beside_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "copy").mkdir(parents=True)
    shutil.copyfile(REAL_DOC, folder / "shuyang.doc")
    shutil.copyfile(REAL_DOC, folder / "copy" / "shuyang.doc")
    shutil.copyfile(
        Path(__file__).resolve().parent.parent / "reports" / "sample" / "002_cfd2e18d46146604.txt",
        folder / "sample.txt",
    )
    collection = parse_folder(folder, jobs=2)
    assert collection.failures == []
    formats = sorted(r.source.format for r in collection.reports if r.source)
    assert formats == ["doc", "doc", "txt"]
    doc = next(r for r in collection.reports if r.source and r.source.format == "doc")
    assert doc.agency == "沭阳县发展和改革局" and sum(c.value is not None for c in doc.cells) >= 75
