"""Year-over-year continuity: last year's 结转下年度 should be this year's 上年结转."""

from __future__ import annotations

from dataclasses import dataclass

from parsers.record import Number
from sitegen.aggregate import CARRIED_FORWARD, CARRIED_OVER
from sitegen.site_data import Agency, Entry


@dataclass
class Link:
    previous: Entry
    current: Entry
    carried_forward: Number | None  # previous year's 结转下年度继续办理 (总计)
    carried_over: Number | None  # this year's 上年结转政府信息公开申请数量 (总计)

    @property
    def status(self) -> str:
        """ "match", "differ", or "blank" when either side is not printed."""
        if self.carried_forward is None or self.carried_over is None:
            return "blank"
        return "match" if self.carried_forward == self.carried_over else "differ"


def continuity(agency: Agency) -> list[Link]:
    """One link per pair of reports for consecutive years."""
    by_year = {e.year: e for e in agency.entries if e.year is not None}
    return [
        Link(
            by_year[year - 1],
            entry,
            by_year[year - 1].value(*CARRIED_FORWARD),
            entry.value(*CARRIED_OVER),
        )
        for year, entry in sorted(by_year.items())
        if year - 1 in by_year
    ]
