"""Small static SVG charts, computed here and drawn by templates (no JavaScript, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.render import render

PALETTE = ("#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037")
Number = int | float


@dataclass
class Series:
    name: str
    values: list[Number | None]  # one per x; None is a gap, not a zero


def _nice_max(value: Number) -> Number:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(title: str, items: list[tuple[str, Number]], unit: str = "件") -> str:
    """Horizontal bars, one per (label, value)."""
    label_width, bar_width, row_height = 190, 300, 22
    top = max((value for _, value in items), default=0)
    scale = bar_width / _nice_max(top) if top else 0
    bars = [
        {
            "label": label,
            "value": value,
            "y": 8 + i * row_height,
            "width": value * scale,
            "color": PALETTE[i % len(PALETTE)],
        }
        for i, (label, value) in enumerate(items)
    ]
    return render(
        "chart_bars.svg.j2",
        title=title,
        bars=bars,
        unit=unit,
        label_width=label_width,
        width=label_width + bar_width + 80,
        height=16 + len(items) * row_height,
        row_height=row_height,
    )


def line_chart(title: str, xs: list[int], series: list[Series]) -> str:
    """Lines over years, each year placed by its value: a year with no report is a gap on the
    axis (2020 → 2023 is three steps, not one) and breaks the line, as a missing value does."""
    left, right, top_pad, bottom = 48, 16, 12, 28
    width, height = 520, 220
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    values = [v for s in series for v in s.values if v is not None]
    y_max = _nice_max(max(values, default=0))
    first, last = (min(xs), max(xs)) if xs else (0, 0)

    def x_at(year: int) -> float:
        return left + ((year - first) / (last - first) * plot_w if last > first else plot_w / 2)

    def y_at(v: Number) -> float:
        return top_pad + plot_h - (v / y_max) * plot_h

    lines = []
    for n, s in enumerate(series):
        segments: list[list[tuple[float, float]]] = [[]]
        points = []
        previous: int | None = None
        for year, v in zip(xs, s.values, strict=True):
            if v is None or (previous is not None and year - previous > 1):
                segments.append([])
            previous = year if v is not None else None
            if v is None:
                continue
            point = (round(x_at(year), 1), round(y_at(v), 1))
            segments[-1].append(point)
            points.append({"x": point[0], "y": point[1], "value": v, "year": year})
        lines.append(
            {
                "name": s.name,
                "color": PALETTE[n % len(PALETTE)],
                "paths": [" ".join(f"{x},{y}" for x, y in seg) for seg in segments if len(seg) > 1],
                "points": points,
            }
        )
    ticks = [{"value": y_max * k / 4, "y": round(y_at(y_max * k / 4), 1)} for k in range(5)]
    return render(
        "chart_lines.svg.j2",
        title=title,
        width=width,
        height=height,
        left=left,
        right=width - right,
        bottom=top_pad + plot_h,
        xs=[{"label": x, "x": round(x_at(x), 1)} for x in xs],
        ticks=ticks,
        lines=lines,
        table={"years": xs, "series": series},
    )
