"""agencies.csv beside the reports: a publisher's corrections to who published a report and where.

Columns: `file` or `name` (the agency's name as printed), then `agency_id` and/or `region`
(a place, 浙江省杭州市富阳区). A row naming a file applies to that file; a row naming a printed
name applies to every report printed with it. Applied after the automatic rule and recorded as
the identity's source. UTF-8 with or without BOM, or GB18030.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from places.locate import fold
from readers.manifest import csv_rows, read_beside

AGENCIES_NAME = "agencies.csv"
COLUMNS: tuple[str, ...] = ("file", "name", "agency_id", "region")
AGENCY_ID = re.compile(r"^[0-9a-z]+(?:-[0-9a-z]+)*$")


@dataclass(frozen=True)
class AgencyEntry:
    line: int
    file: str | None
    name: str | None
    agency_id: str | None
    region: str | None


@dataclass
class AgencyTable:
    entries: list[AgencyEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what is wrong and where, one line each

    def entry_for(self, file: str | None, name: str | None) -> AgencyEntry | None:
        """A row naming the file (its path in the folder, or its bare name) wins over a row
        naming the printed name."""
        bare = file.rsplit("/", 1)[-1] if file else None
        for entry in self.entries:
            if entry.file and file and entry.file in (file, bare):
                return entry
        folded = fold(name) if name else None
        for entry in self.entries:
            if entry.name and folded and fold(entry.name) == folded:
                return entry
        return None


def parse_agencies(data: bytes) -> AgencyTable:
    rows, problems = csv_rows(data, COLUMNS, ("file", "name"))
    table = AgencyTable(problems=problems)
    for line, values in rows:
        file = values.get("file", "").replace("\\", "/").removeprefix("./") or None
        name = values.get("name") or None
        agency_id, region = values.get("agency_id") or None, values.get("region") or None
        if not file and not name:
            table.problems.append(f"line {line}: names neither a file nor an agency name")
        elif not agency_id and not region:
            table.problems.append(f"line {line}: gives neither an agency_id nor a region")
        elif agency_id and not AGENCY_ID.match(agency_id):
            table.problems.append(
                f"line {line}: agency_id '{agency_id}' is not lower-case letters, digits and "
                "hyphens; the line is not applied"
            )
        else:
            table.entries.append(AgencyEntry(line, file, name, agency_id, region))
    return table


def read_agencies(folder: Path) -> AgencyTable | None:
    return read_beside(
        folder, AGENCIES_NAME, parse_agencies, lambda reason: AgencyTable(problems=[reason])
    )
