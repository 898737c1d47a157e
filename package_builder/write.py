"""Write the Frictionless data package: CSV + Parquet per resource, shared schemas, README, zip."""

from __future__ import annotations

import json
import multiprocessing
import pickle
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from package_builder.agencies import agency_rows
from package_builder.config import PACKAGE, PackageConfig
from package_builder.describe import ReportMeta
from package_builder.files import ResourceWriter, widen_to_number
from package_builder.parts import DATA_DIR, Part, file_path, partitioned, split_by_year
from package_builder.readme import readme_text
from package_builder.rows import (
    REPORT_RESOURCES,
    by_report_id,
    code_rows,
    entries_of,
    failure_rows,
)
from package_builder.schema import RESOURCES, WIDE_TABLES, ResourceSpec
from parsers.record import Report
from pipeline.gc_tuning import collect_garbage_rarely

if TYPE_CHECKING:
    from pipeline.parse_folder import Collection

SCHEMA_DIR = "schemas"
ZIP_NAME = "datapackage.zip"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the zip is the same bytes on every build
_COPY_CHUNK = 1 << 20
SPOOL_NAME = ".batches.pickle"  # the second process's batches, removed once written (_spool)


BATCH_REPORTS = 500  # reports whose rows are held at once; also the Parquet row-group size
# the two largest resources, written by a process of their own beside the others when the build
# has more than one core (each process reads the reports back from the build's store)
OWN_PROCESS = ("cells", "checks")


def write_package(
    collection: Collection,
    out_dir: Path,
    config: PackageConfig = PACKAGE,
    metas: list[ReportMeta] | None = None,
    jobs: int = 1,
) -> list[Path]:
    """Write the package into out_dir; return the files written (the zip last, when written).
    metas: the reports' descriptions (describe_reports), when the caller has them already;
    jobs: more than one writes the resources of OWN_PROCESS in a process of their own."""
    with _second_process(jobs > 1) as second:
        return _write_package(collection, out_dir, config, metas, second)


def _write_package(
    collection: Collection,
    out_dir: Path,
    config: PackageConfig,
    metas: list[ReportMeta] | None,
    second: ProcessPoolExecutor | None,
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / DATA_DIR).mkdir(exist_ok=True)
    (out_dir / SCHEMA_DIR).mkdir(exist_ok=True)
    pairs = by_report_id(collection.reports, metas)
    parts = split_by_year(pairs, [report.year for report, _ in pairs], config.part_reports)
    schemas = _settled_schemas(pairs)
    written: list[Path] = []
    files: dict[str, list[str]] = {}  # resource → its CSV files, in order
    for spec in RESOURCES:
        written.append(
            _write_text(out_dir / f"{SCHEMA_DIR}/{spec.name}.json", _json(schemas[spec.name]))
        )
        labels = [part.label for part in parts] if partitioned(spec.name, parts) else [""]
        files[spec.name] = [file_path(spec.name, label, "csv") for label in labels]
    written += _data_files(out_dir, files, parts)

    writer = _Writers(schemas, out_dir)
    with writer("codes", "") as codes:
        codes.write(code_rows())
    with writer("agencies", "") as agencies:
        agencies.write(agency_rows(pairs))
    labels = [part.label for part in parts]
    rest = tuple(name for name in REPORT_RESOURCES if name not in OWN_PROCESS)
    if second is not None:
        spool = out_dir / SPOOL_NAME
        try:
            _spool(_batches(parts), spool)
            first = second.submit(_write_spooled_rows, OWN_PROCESS, labels, spool, files, writer)
            _write_report_rows(rest, labels, _batches(parts), files, writer)
            first.result()
        finally:
            spool.unlink(missing_ok=True)
    else:
        _write_report_rows(OWN_PROCESS, labels, _batches(parts), files, writer)
        _write_report_rows(rest, labels, _batches(parts), files, writer)
    with writer("failures", "") as failures:
        failures.write(failure_rows(collection))

    resources = [
        descriptor
        for spec in RESOURCES
        for descriptor in _resource_descriptors(
            spec, files[spec.name], f"{SCHEMA_DIR}/{spec.name}.json"
        )
    ]
    years = sorted({r.year for r in collection.reports if r.year is not None})
    descriptor = package_descriptor(config, resources, years)
    written.append(_write_text(out_dir / "datapackage.json", _json(descriptor)))
    readme = readme_text(config, descriptor, schemas, years)
    written.append(_write_text(out_dir / "README.md", readme))
    if len(parts) == 1:
        # a partitioned package is published file by file (a year at a time), not as one archive
        written.append(_write_zip(out_dir, sorted(written, key=lambda p: p.as_posix())))
    return written


def _data_files(out_dir: Path, files: dict[str, list[str]], parts: list[Part[Any]]) -> list[Path]:
    """Every CSV and Parquet file the package holds: the resources of one file first, then each
    part's files of the others."""
    whole = [spec.name for spec in RESOURCES if len(files[spec.name]) == 1]
    order = [(name, 0) for name in whole]
    order += [
        (name, number)
        for number in range(len(parts))
        for name in REPORT_RESOURCES
        if name not in whole
    ]
    return [
        out_dir / path
        for name, number in order
        for path in (files[name][number], files[name][number].removesuffix(".csv") + ".parquet")
    ]


Batch = tuple[int, list[tuple[Report, ReportMeta]]]  # (the part's number, its reports' pairs)


def _batches(parts: list[Part[tuple[Report, ReportMeta]]]) -> Iterator[Batch]:
    """Each part's reports, BATCH_REPORTS at a time, in order; an empty part once, empty."""
    for number, part in enumerate(parts):
        for start in range(0, max(len(part.members), 1), BATCH_REPORTS):
            yield number, part.members[start : start + BATCH_REPORTS]


def _write_report_rows(
    names: Sequence[str],
    labels: list[str],
    batches: Iterable[Batch],
    files: dict[str, list[str]],
    writer: Callable[[str, str], ResourceWriter],
) -> None:
    """These resources' rows for every report, a batch of reports at a time, each part's files
    open only while its batches come (memory and open files do not grow with the years)."""
    whole = {name: writer(name, "") for name in names if len(files[name]) == 1}
    own: dict[str, ResourceWriter] = {}
    current = None
    try:
        for number, members in batches:
            if number != current:
                _close(own)
                own = {name: writer(name, labels[number]) for name in names if name not in whole}
                current = number
            if not members:  # an empty part: its files, with no rows
                continue
            batch = entries_of(members)
            for name in names:
                (own.get(name) or whole[name]).write(REPORT_RESOURCES[name](batch))
    finally:
        _close(own)
        _close(whole)


def _close(writers: dict[str, ResourceWriter]) -> None:
    for each in writers.values():
        each.close()


@dataclass(frozen=True)
class _Writers:
    """Opens a resource's files (of one part, when label is not ""): sent to the second process."""

    schemas: dict[str, dict[str, Any]]
    out_dir: Path

    def __call__(self, name: str, label: str) -> ResourceWriter:
        csv_path, parquet_path = (file_path(name, label, suffix) for suffix in ("csv", "parquet"))
        return ResourceWriter(
            self.schemas[name], self.out_dir / csv_path, self.out_dir / parquet_path
        )


def _write_spooled_rows(
    names: Sequence[str],
    labels: list[str],
    spool: Path,
    files: dict[str, list[str]],
    writer: Callable[[str, str], ResourceWriter],
) -> None:
    with spool.open("rb") as file:
        _write_report_rows(names, labels, _unpickled(file), files, writer)


def _unpickled(file: BinaryIO) -> Iterator[Batch]:
    while True:
        try:
            yield pickle.load(file)
        except EOFError:
            return


@contextmanager
def _second_process(wanted: bool) -> Iterator[ProcessPoolExecutor | None]:
    """The process that writes OWN_PROCESS's resources, a fresh interpreter, not forked from
    this one: it shares none of this process's memory, so touching the reports here (their
    reference counts) copies nothing, and it holds a batch of reports at a time (_spool), not
    the collection. Started first, so it imports the writers while this process sorts."""
    if not wanted:
        yield None
        return
    context = multiprocessing.get_context("spawn")
    # a fresh process: the build's collector thresholds are not inherited
    with ProcessPoolExecutor(
        max_workers=1, mp_context=context, initializer=collect_garbage_rarely
    ) as pool:
        pool.submit(_ready)
        yield pool


def _ready() -> None:
    """Nothing: sent first, it has the second process import this module."""


def _spool(batches: Iterable[Batch], spool: Path) -> None:
    """The batches in a file, for the second process to read (_write_spooled_rows)."""
    with spool.open("wb") as file:
        for batch in batches:
            pickle.dump(batch, file, protocol=pickle.HIGHEST_PROTOCOL)


def _settled_schemas(pairs: list[tuple[Report, ReportMeta]]) -> dict[str, dict[str, Any]]:
    """Every resource's schema, with the count columns of a wide table that holds a printed
    fraction declared as number. Only the wide tables' count columns can: every other integer
    field is a line number, a position, a year or a count the package makes itself."""
    fractions: dict[str, set[str]] = {name: set() for name in WIDE_TABLES}
    for report, _ in pairs:
        for table, column in report.fraction_columns():
            for name, (wide_table, _columns) in WIDE_TABLES.items():
                if table == wide_table:
                    fractions[name].add(column)
    return {
        spec.name: widen_to_number(spec.schema, fractions.get(spec.name, set()))
        for spec in RESOURCES
    }


def package_descriptor(
    config: PackageConfig, resources: list[dict[str, Any]], years: list[int]
) -> dict[str, Any]:
    """datapackage.json; no clock time in it, so equal inputs give equal bytes."""
    license_ = config.data_license
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": config.name,
        "title": config.title,
        "description": config.description,
        "version": config.version,
        "homepage": config.homepage,
        "keywords": list(config.keywords),
        "licenses": [{"name": license_.name, "title": license_.title, "path": license_.path}],
        "contributors": [{"title": config.publisher, "roles": ["publisher"]}],
        "resources": resources,
    }
    if years:
        # Custom property: the report years covered (instead of a build timestamp).
        descriptor["temporalCoverage"] = {"start": years[0], "end": years[-1]}
    return descriptor


def _resource_descriptors(
    spec: ResourceSpec, csv_files: list[str], schema_path: str
) -> list[dict[str, Any]]:
    """The CSV and the Parquet resource; `path` a list when the resource is in several files."""
    parquet_files = [path.removesuffix(".csv") + ".parquet" for path in csv_files]
    common = {"type": "table", "title": spec.title, "description": spec.description}
    return [
        {"name": spec.name, "path": _path_value(csv_files), "format": "csv"}
        | {"mediatype": "text/csv", "encoding": "utf-8"}
        | common
        | {"schema": schema_path},
        {
            "name": f"{spec.name}-parquet",
            "path": _path_value(parquet_files),
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
        }
        | common
        | {"title": f"{spec.title}（Parquet）", "schema": schema_path},
    ]


def _path_value(files: list[str]) -> str | list[str]:
    return files[0] if len(files) == 1 else files


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _write_text(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))  # bytes: no platform newline translation, no BOM
    return path


def _write_zip(out_dir: Path, files: list[Path]) -> Path:
    zip_path = out_dir / ZIP_NAME
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(out_dir).as_posix(), date_time=_ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            # streamed: cells.csv runs to hundreds of MB for a national collection
            with path.open("rb") as source, archive.open(info, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, _COPY_CHUNK)
    return zip_path
