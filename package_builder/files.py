"""Rows + Table Schema → CSV text and a typed Arrow table (for Parquet), the same values in both.

Both writers go through `typed_value`, so a blank is empty in the CSV and null in the Parquet,
never 0, and a number reads back as the type the schema declares.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import date
from typing import Any

import pandas as pd
import pyarrow as pa

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


def settle_types(schema: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The schema, with an integer field widened to number if the data holds a fraction there.

    Counts are integers by the form; a fraction in a count is kept as printed rather than
    rounded away, and the field is then declared as number so the package stays valid.
    """
    settled = copy.deepcopy(schema)
    for field in settled["fields"]:
        if field["type"] != "integer":
            continue
        name = field["name"]
        if any(_is_fraction(row.get(name)) for row in rows):
            field["type"] = "number"
    return settled


def _is_fraction(value: Any) -> bool:
    return isinstance(value, float) and not value.is_integer()


def typed_value(value: Any, type_: str) -> Any:
    """The value as the field's type declares it; None for a blank (an empty string is blank)."""
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if type_ == "integer":
        return int(value)
    if type_ == "number":
        return float(value) if isinstance(value, float) else int(value)
    if type_ == "boolean":
        return bool(value)
    if type_ == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    return str(value)


def csv_cell(value: Any) -> str:
    """How a typed value is written in the CSV (the schema's missingValues is [""])."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def typed_rows(schema: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    fields = [(field["name"], field["type"]) for field in schema["fields"]]
    return [{name: typed_value(row.get(name), type_) for name, type_ in fields} for row in rows]


def csv_text(schema: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    names = [field["name"] for field in schema["fields"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([csv_cell(row[name]) for name in names])
    return buffer.getvalue()


# Nullable pandas dtypes: the Parquet file's pandas metadata then tells readers (pandas, and the
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
    return pa.schema(
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


def arrow_table(schema: dict[str, Any], rows: list[dict[str, Any]]) -> pa.Table:
    """Typed rows → an Arrow table with the declared types, field titles and the Table Schema."""
    columns = {
        field["name"]: pd.Series(
            [row[field["name"]] for row in rows], dtype=PANDAS_DTYPES[field["type"]]
        )
        for field in schema["fields"]
    }
    frame = pd.DataFrame(columns)
    table = pa.Table.from_pandas(frame, schema=arrow_schema(schema), preserve_index=False)
    metadata = dict(table.schema.metadata or {})
    metadata[b"table_schema"] = json.dumps(schema, ensure_ascii=False, sort_keys=True).encode()
    return table.replace_schema_metadata(metadata)
