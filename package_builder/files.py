"""Rows + Table Schema → a CSV file and a Parquet file, written a batch of rows at a time.

Both files are written by Arrow from the same typed columns (`typed_column`): a blank is empty in
the CSV and null in the Parquet, never 0, and a number reads back as the type the schema declares.
Each batch becomes one Arrow table, appended to both files, so memory is bounded by the batch, not
by the collection, and no Python loop formats a CSV field.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from parsers.record import is_fraction

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


def widen_to_number(schema: dict[str, Any], names: set[str]) -> dict[str, Any]:
    """The schema with the named integer fields declared as number.

    Counts are integers by the form; a fraction printed in a count is kept as printed rather than
    rounded away, and its field is then declared as number so the package stays valid."""
    settled = copy.deepcopy(schema)
    for field in settled["fields"]:
        if field["type"] == "integer" and field["name"] in names:
            field["type"] = "number"
    return settled


def _integer(value: Any) -> int:
    if is_fraction(value):
        # write_package widens such fields beforehand; truncating would change a printed number
        raise ValueError(f"a fraction ({value!r}) in an integer field")
    return int(value)


def _number(value: Any) -> int | float:
    return value if isinstance(value, float) else int(value)


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# (the type a value usually already has, converter for any other); a list comprehension per column
# with no call for the usual value: this runs for every cell of the package.
_CONVERTERS: dict[str, tuple[type, Callable[[Any], Any]]] = {
    "integer": (int, _integer),
    "number": (float, _number),
    "boolean": (bool, bool),
    "date": (date, _date),
    "string": (str, str),
}


def typed_column(values: list[Any], type_: str) -> list[Any]:
    """The values as the field's type declares them; None for a blank (an empty string is blank)."""
    usual, convert = _CONVERTERS[type_]
    return [
        None if value is None or value == "" else value if type(value) is usual else convert(value)
        for value in values
    ]


# Nullable pandas dtypes in the Parquet file's pandas metadata tell readers (pandas, and the
# frictionless validator, which reads Parquet through pandas) that an integer column with blanks
# is still an integer column, with nulls rather than NaN floats.
PANDAS_DTYPES: dict[str, str] = {
    "string": "object",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "object",
}


def arrow_schema(schema: dict[str, Any]) -> pa.Schema:
    """The Arrow schema of a Table Schema: declared types, field titles and descriptions, the
    pandas metadata of the nullable dtypes, and the Table Schema itself."""
    fields = pa.schema(
        [
            pa.field(
                field["name"],
                ARROW_TYPES[field["type"]],
                nullable=True,
                metadata={"title": field["title"], "description": field["description"]},
            )
            for field in schema["fields"]
        ]
    )
    empty = pd.DataFrame(
        {f["name"]: pd.Series([], dtype=PANDAS_DTYPES[f["type"]]) for f in schema["fields"]}
    )
    metadata = dict(
        pa.Table.from_pandas(empty, schema=fields, preserve_index=False).schema.metadata
    )
    metadata[b"table_schema"] = json.dumps(schema, ensure_ascii=False, sort_keys=True).encode()
    return fields.with_metadata(metadata)


_STRUCTURAL = r'[",\r\n]'  # a text value holding one of these must be quoted in a CSV


def _quoting(table: pa.Table) -> str:
    """ "none" when no text value of the batch needs quotes (most batches: codes and numbers),
    else "needed" (Arrow then quotes every text value of the batch). Both read back the same."""
    for column in table.columns:
        if (
            pa.types.is_string(column.type)
            and pc.any(pc.match_substring_regex(column, _STRUCTURAL)).as_py()
        ):
            return "needed"
    return "none"


class ResourceWriter:
    """One resource's CSV and Parquet files, appended to a batch of rows at a time, both from the
    same Arrow table. CSV: UTF-8 without BOM, "\n" line ends, a blank empty and unquoted (the
    schema's missingValues is [""]), text quoted only in a batch where some value needs it."""

    def __init__(self, schema: dict[str, Any], csv_path: Path, parquet_path: Path) -> None:
        self.fields = [(field["name"], field["type"]) for field in schema["fields"]]
        self.schema = arrow_schema(schema)
        self._csv = csv_path.open("wb")
        self._csv.write((",".join(name for name, _ in self.fields) + "\n").encode())
        self._parquet = pq.ParquetWriter(parquet_path, self.schema, compression="zstd")

    def write(self, rows: list[dict[str, Any]] | dict[str, list[Any]]) -> None:
        """Append rows, given as dicts or as columns (field name → values)."""
        if isinstance(rows, dict):
            given = rows
        else:
            given = {name: [row.get(name) for row in rows] for name, _ in self.fields}
        if not any(given.values()):
            return
        arrays = [
            pa.array(typed_column(given[name], type_), type=ARROW_TYPES[type_])
            for name, type_ in self.fields
        ]
        table = pa.Table.from_arrays(arrays, schema=self.schema)
        options = pacsv.WriteOptions(include_header=False, quoting_style=_quoting(table))
        pacsv.write_csv(table.replace_schema_metadata(None), self._csv, write_options=options)
        self._parquet.write_table(table)

    def close(self) -> None:
        self._csv.close()
        self._parquet.close()

    def __enter__(self) -> ResourceWriter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
