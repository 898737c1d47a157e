"""What a report page says about its copies: which files are copies, and where they disagree."""

from __future__ import annotations

from dataclasses import dataclass

from package_builder.copies import COPY_KINDS, DISAGREES, differing_cells
from parsers.record import Number
from sitegen.site_data import Entry
from template.form import cell_title


@dataclass(frozen=True)
class CopyLink:
    entry: Entry
    kind: str  # the code: identical | agrees | disagrees
    kind_label: str  # the same in Chinese


@dataclass(frozen=True)
class Difference:
    title: str  # the cell named with the form's labels
    values: list[Number | None]  # the counted record's first, then each disagreeing copy's


@dataclass(frozen=True)
class CopiesView:
    links: list[CopyLink]
    files: list[Entry]  # the columns of the differences: the counted record, then each copy
    differences: list[Difference]
    not_shown: int = 0  # disagreeing copies beyond SIDE_BY_SIDE: linked, not in the table


# Disagreeing copies shown beside the counted record. A name shared by agencies in many places
# (西城街道) can gather a hundred "copies" in a national collection; a column each would grow
# the page with the collection. All copies stay linked above the table.
SIDE_BY_SIDE = 8


def copies_view(entry: Entry, copies: list[Entry]) -> CopiesView:
    links = [
        CopyLink(copy, copy.meta.copy_kind or "", COPY_KINDS.get(copy.meta.copy_kind or "", ""))
        for copy in copies
    ]
    every = [copy for copy in copies if copy.meta.copy_kind == DISAGREES]
    disagreeing = every[:SIDE_BY_SIDE]
    keys = sorted(
        {key for copy in disagreeing for key in differing_cells(entry.report, copy.report)},
        key=_form_order(entry),
    )
    differences = [
        Difference(cell_title(*key), [e.value(*key) for e in (entry, *disagreeing)]) for key in keys
    ]
    return CopiesView(links, [entry, *disagreeing], differences, len(every) - len(disagreeing))


def _form_order(entry: Entry):  # noqa: ANN202 - a sort key
    # the counted record's own cell order is the form's order; cells it lacks go last
    order = {key: index for index, key in enumerate(entry.cells)}
    return lambda key: (order.get(key, len(order)), key)
