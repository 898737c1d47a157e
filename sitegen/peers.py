"""An agency among its peers, a province's cities and counties among each other.

Pure functions over PeerRecord: one agency-year with its identity (key, level, place) and the
numbers the rankings need. The key is whatever identifies an agency across years — the agency
slug today, the package's agency_id once it has one — so the rankings do not depend on how
agencies are identified. Ranks go from the highest value down; ties share a rank (1, 2, 2, 4);
a blank value (or a rate whose denominator is blank or 0) is not ranked, never counted as 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

Number = int | float

UNKNOWN_LEVEL = "未知"


@dataclass(frozen=True)
class PeerRecord:
    key: str  # the agency's identity across years
    name: str
    level: str
    province: str | None
    city: str | None
    county: str | None
    year: int
    new: Number | None  # 本年新收 (总计)
    granted: Number | None  # 予以公开 (总计)
    outcomes: Number | None  # 办理结果总计
    corrected: Number | None  # 行政复议 结果纠正
    concluded: Number | None  # 行政复议 维持 + 纠正 + 其他 (审结)


def ratio(part: Number | None, whole: Number | None) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def _share(records: Iterable[PeerRecord], part: str, whole: str) -> float | None:
    """sum(part) / sum(whole) over the records printing both."""
    pairs = [(getattr(r, part), getattr(r, whole)) for r in records]
    pairs = [(p, w) for p, w in pairs if p is not None and w is not None]
    return ratio(sum(p for p, _ in pairs), sum(w for _, w in pairs)) if pairs else None


def _total(records: Iterable[PeerRecord], field: str) -> Number | None:
    values = [getattr(r, field) for r in records if getattr(r, field) is not None]
    return sum(values) if values else None


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    rate: bool
    of_agency: Callable[[PeerRecord], Number | None]
    of_group: Callable[[Sequence[PeerRecord]], Number | None]
    definition: str = ""


METRICS: tuple[Metric, ...] = (
    Metric("new", "本年新收申请", False, lambda r: r.new, lambda rs: _total(rs, "new")),
    Metric(
        "granted_rate",
        "予以公开率",
        True,
        lambda r: ratio(r.granted, r.outcomes),
        lambda rs: _share(rs, "granted", "outcomes"),
        "予以公开 ÷ 办理结果总计",
    ),
    Metric(
        "review_corrected_rate",
        "行政复议纠错率",
        True,
        lambda r: ratio(r.corrected, r.concluded),
        lambda rs: _share(rs, "corrected", "concluded"),
        "行政复议结果纠正 ÷（结果维持 + 结果纠正 + 其他结果）",
    ),
)


def rank(values: dict[str, Number | None], key: str) -> int | None:
    """The standard competition rank of values[key] among the values (highest first)."""
    mine = values.get(key)
    if mine is None:
        return None
    return 1 + sum(1 for v in values.values() if v is not None and v > mine)


@dataclass(frozen=True)
class Standing:
    metric: Metric
    value: Number | None
    rank: int | None
    ranked: int  # how many in the group have a value


@dataclass(frozen=True)
class PeerGroup:
    scope: str  # 同省 · 县级 …
    label: str  # 福建省 · 县级
    members: int
    standings: tuple[Standing, ...]


def standings(values_by_key: dict[str, dict[str, Number | None]], key: str) -> tuple[Standing, ...]:
    result = []
    for metric in METRICS:
        values = {k: v[metric.code] for k, v in values_by_key.items()}
        ranked = sum(1 for v in values.values() if v is not None)
        result.append(Standing(metric, values.get(key), rank(values, key), ranked))
    return tuple(result)


def _agency_values(records: Iterable[PeerRecord]) -> dict[str, dict[str, Number | None]]:
    return {r.key: {m.code: m.of_agency(r) for m in METRICS} for r in records}


class PeerIndex:
    """The records grouped once, so each agency page ranks in time proportional to its peers."""

    def __init__(self, records: Iterable[PeerRecord]) -> None:
        self._by_province: dict[tuple[int, str, str], list[PeerRecord]] = defaultdict(list)
        self._by_city: dict[tuple[int, str, str, str], list[PeerRecord]] = defaultdict(list)
        self._in_province: dict[str, list[PeerRecord]] = defaultdict(list)
        for record in records:
            if record.province:
                self._in_province[record.province].append(record)
                if record.level != UNKNOWN_LEVEL:
                    self._by_province[(record.year, record.province, record.level)].append(record)
                    if record.city:
                        key = (record.year, record.province, record.city, record.level)
                        self._by_city[key].append(record)

    def agency(self, record: PeerRecord) -> list[PeerGroup]:
        """The agency among the agencies of its level in its city, then in its province."""
        if not record.province or record.level == UNKNOWN_LEVEL:
            return []
        groups = []
        if record.city:
            members = self._by_city[(record.year, record.province, record.city, record.level)]
            groups.append(("同市同级", f"{record.province}{record.city} · {record.level}", members))
        members = self._by_province[(record.year, record.province, record.level)]
        groups.append(("同省同级", f"{record.province} · {record.level}", members))
        return [
            PeerGroup(scope, label, len(members), standings(_agency_values(members), record.key))
            for scope, label, members in groups
            if len(members) > 1
        ]

    def places(self, province: str) -> PlaceComparison | None:
        """The province's cities and counties side by side, in its latest year."""
        records = self._in_province.get(province, [])
        if not records:
            return None
        year = max(r.year for r in records)
        latest = [r for r in records if r.year == year]
        return PlaceComparison(
            year,
            _place_rows(latest, lambda r: r.city),
            _place_rows(latest, lambda r: f"{r.city or ''}{r.county}" if r.county else None),
        )


@dataclass(frozen=True)
class PlaceRow:
    place: str
    agencies: int
    standings: tuple[Standing, ...]


@dataclass(frozen=True)
class PlaceComparison:
    year: int
    cities: list[PlaceRow]
    counties: list[PlaceRow]


def _place_rows(
    records: Sequence[PeerRecord], place_of: Callable[[PeerRecord], str | None]
) -> list[PlaceRow]:
    grouped: dict[str, list[PeerRecord]] = defaultdict(list)
    for record in records:
        place = place_of(record)
        if place:
            grouped[place].append(record)
    values = {p: {m.code: m.of_group(rs) for m in METRICS} for p, rs in grouped.items()}
    rows = [PlaceRow(p, len(rs), standings(values, p)) for p, rs in grouped.items()]
    new_first = METRICS[0].code

    def order(row: PlaceRow) -> tuple[float, str]:
        value = values[row.place][new_first]
        return (-(value if value is not None else -1), row.place)

    return sorted(rows, key=order) if len(rows) > 1 else []
