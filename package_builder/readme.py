"""datapackage/README.md, generated from the package descriptor and the schemas (never by hand)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from package_builder.config import PackageConfig
from package_builder.parts import file_path
from template.form import (
    ACTIVE_BLOCKS,
    APPLICATION_ROWS,
    EDITION_NOTICES,
    EDITIONS,
    Column,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"

# How 2019 columns of 第二十条第（一）项 relate to the 2021 ones: positions line up, meanings do not.
ACTIVE_COLUMN_NOTES: dict[tuple[str, str], str] = {
    ("new_made", "issued"): "相近：2019 计本年新制作，2021 计本年制发",
    ("new_published", "repealed"): "不可比：2019 计本年新公开，2021 计本年废止",
    ("total_published", "in_force"): "不可比：2019 计对外公开总数，2021 计现行有效件数",
    ("prior_items", "amount"): "不可比：2019 计项目数量（项），2021 计收费金额（万元）",
}


@dataclass(frozen=True)
class CrosswalkLine:
    item: str
    rows: str
    column_2019: str
    column_2021: str
    note: str


def _column_text(column: Column | None) -> str:
    return f"`{column.code}` {column.label}" if column else "—"


def active_crosswalk() -> list[CrosswalkLine]:
    """Table 二 block by block: a code in both editions pairs with itself, the rest by position."""
    first, second = EDITIONS
    lines: list[CrosswalkLine] = []
    for block in ACTIVE_BLOCKS:
        rows = "、".join(
            row.label + ("" if row.editions == EDITIONS else f"（仅 {'/'.join(row.editions)} 版）")
            for row in block.rows
        )
        old = block.columns.get(first, ())
        new = {column.code: column for column in block.columns.get(second, ())}
        pairs: list[tuple[Column | None, Column | None]] = [
            (column, new[column.code]) for column in old if column.code in new
        ]
        pairs += zip_longest(
            [column for column in old if column.code not in new],
            [column for code, column in new.items() if code not in {c.code for c in old}],
        )
        for old_column, new_column in pairs:
            lines.append(
                CrosswalkLine(
                    block.label,
                    rows,
                    _column_text(old_column),
                    _column_text(new_column),
                    _column_note(old_column, new_column),
                )
            )
    return lines


def _column_note(old: Column | None, new: Column | None) -> str:
    if old is None or new is None:
        return f"仅 {EDITIONS[0] if new is None else EDITIONS[1]} 版"
    if old.code == new.code:
        renamed = "" if old.label == new.label else f"（{EDITIONS[1]} 版称“{new.label}”）"
        return "同一代码，两版可比" + renamed
    return ACTIVE_COLUMN_NOTES.get((old.code, new.code), "不可比：两版含义不同")


def single_edition_rows() -> list[dict[str, str]]:
    """Rows of table 三 in one edition only, each with its counterpart rows in the other edition.

    The form groups 2021's 其他处理 rows under a heading printed like the 2019 row they replace.
    """
    result = []
    for row in APPLICATION_ROWS:
        if row.editions == EDITIONS:
            continue
        counterparts = [
            other
            for other in APPLICATION_ROWS
            if other.editions != row.editions
            and (other.group == row.printed_label or other.printed_label == row.group)
        ]
        result.append(
            {
                "code": row.code,
                "label": row.printed_label,
                "editions": "/".join(row.editions),
                "counterparts": "＋".join(f"`{other.code}`" for other in counterparts) or "—",
            }
        )
    return result


def constraint_text(field: dict[str, Any]) -> str:
    constraints = field.get("constraints", {})
    parts = []
    if constraints.get("required"):
        parts.append("必填")
    if "enum" in constraints:
        parts.append("取值：" + "、".join(f"`{v}`" for v in constraints["enum"]))
    if "pattern" in constraints:
        parts.append(f"格式：`{constraints['pattern']}`")
    if "summable" in field:
        parts.append("可跨报告加总" if field["summable"] else "不可加总（summable: false）")
    return "；".join(parts)


def readme_text(
    config: PackageConfig,
    descriptor: dict[str, Any],
    schemas: dict[str, dict[str, Any]],
    years: list[int],
) -> str:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML; every value comes from our own declarations
    )
    environment.filters["constraints"] = constraint_text
    environment.filters["cell"] = lambda text: str(text).replace("|", "\\|").replace("\n", " ")
    environment.filters["files"] = file_text
    template = environment.get_template("README.md.j2")
    csv_resources = [r for r in descriptor["resources"] if r["format"] == "csv"]
    return template.render(
        config=config,
        descriptor=descriptor,
        resources=csv_resources,
        schemas=schemas,
        years=years,
        citation_year=years[-1] if years else None,
        editions=EDITION_NOTICES,
        active_crosswalk=active_crosswalk(),
        single_edition_rows=single_edition_rows(),
        partitioned=any(isinstance(r["path"], list) for r in csv_resources),
    )


def file_text(resource: dict[str, Any], suffix: str = ".csv") -> str:
    """A resource's file, or the glob of its files and how many, in the README's table."""
    path = resource["path"]
    if isinstance(path, str):
        return f"`{path.removesuffix('.csv')}{suffix}`"
    return f"`{file_path(resource['name'], '*', suffix.lstrip('.'))}`（{len(path)} 个文件）"
