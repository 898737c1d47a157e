"""What the generator returns: a report's text together with the exact truth it encodes."""

from __future__ import annotations

from dataclasses import dataclass, field

CellKey = tuple[str, str, str]  # (table, row, column), as in template/form.py
Number = int | float


@dataclass
class GeneratedReport:
    text: str
    layout: str  # one of generator.LAYOUTS, or generator.CRAWLED_LINE
    edition: str  # "2019" | "2021"
    agency: str  # as printed in the title and/or the signature
    year: int
    title: str | None  # on one line; None when the report prints no title
    published: str | None  # ISO date of the signature; None when unsigned
    region: tuple[str, str, str]  # province, city, county; "" above the agency's level
    # Every printed cell of the form: (value, text as printed). Value None with text "": a blank.
    # Value None with a text: printed, but the text does not let a reader know it (glued digits that
    # read more than one way, generator/glued.py), so a parser must leave it blank.
    # Amounts are in 万元 whatever unit is printed. Cells the form does not print are absent.
    cells: dict[CellKey, tuple[Number | None, str]]
    has_total_column: bool  # whether table 三 prints its 总计 column
    failing_identities: tuple[str, ...] = ()  # ids (template/identities.py) that do not hold
    level: str = ""  # "township" | "county" | "city" | "province"
    extras: dict[str, str] = field(default_factory=dict)  # printing habits, for debugging
    # Who published it and where (places/): the truth, and where the report gives its place when
    # its name alone does not (`clue`: "text" — the preamble names the superior government —,
    # "folder" — the file sits in province/city/county folders —, or "manifest" — its region).
    town: str = ""
    division_code: str = ""
    agency_id: str = ""
    clue: str = ""
    folder: tuple[str, ...] = ()
    manifest_region: str | None = None
    # Cells of table 三 rows that text places only by counting cells: blanks among the row's numbers
    # and no 总计 that confirms them. A reader of the text must leave them blank; a Word table's
    # header places them (see value_in_text).
    counted_only: frozenset[CellKey] = frozenset()

    def value(self, table: str, row: str, column: str) -> Number | None:
        cell = self.cells.get((table, row, column))
        return cell[0] if cell else None

    def value_in_text(self, table: str, row: str, column: str) -> Number | None:
        """The value a reader of `text` can know (None for the cells only counting would place)."""
        if (table, row, column) in self.counted_only:
            return None
        return self.value(table, row, column)
