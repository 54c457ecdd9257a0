"""Geometry for the workbench's inline SVG charts, computed here so templates only place shapes.

Nothing here renders markup: each function returns plain numbers and labels, and the Jinja
templates (autoescaped) write the ``<svg>`` elements.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


@dataclass(slots=True)
class Tick:
    pos: float
    label: str
    anchor: str = "middle"  # SVG text-anchor


@dataclass(slots=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(slots=True)
class Series:
    name: str
    css: str
    points: list[Point] = field(default_factory=list)

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(slots=True)
class LineChart:
    width: int
    height: int
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    left: int = LEFT
    bottom: float = HEIGHT - BOTTOM
    right: float = WIDTH - RIGHT


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value``."""
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * factor >= value:
            return float(step * factor)
    return float(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def line_chart(data: dict[str, list[tuple[date, float]]]) -> LineChart | None:
    """Figures over time, one series per name (e.g. killed, wounded); None if nothing dated."""
    dated = [(d, v) for values in data.values() for d, v in values]
    if not dated:
        return None
    first = min(d for d, _ in dated)
    last = max(d for d, _ in dated)
    span = max((last - first).days, 1)
    top = _nice_max(max(v for _, v in dated))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        if first == last:
            return LEFT + inner_w / 2
        return LEFT + inner_w * (day - first).days / span

    def y(value: float) -> float:
        return TOP + inner_h * (1 - value / top)

    series = [
        Series(
            name,
            name.lower(),
            [
                Point(x(d), y(v), f"{name} {_number(v)}, reported {d.isoformat()}")
                for d, v in sorted(values)
            ],
        )
        for name, values in data.items()
        if values
    ]
    x_ticks = [Tick(x(first), first.isoformat(), "middle" if first == last else "start")]
    if last != first:
        x_ticks.append(Tick(x(last), last.isoformat(), "end"))
    y_ticks = [Tick(y(top * f), _number(top * f)) for f in (0, 0.5, 1)]
    return LineChart(WIDTH, HEIGHT, series, x_ticks, y_ticks)


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    since: str
    until: str


@dataclass(slots=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    unit: str  # "month" or "year"
    left: int = LEFT
    bottom: float = HEIGHT - BOTTOM
    right: float = WIDTH - RIGHT


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months, (year, month) = [], first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def per_month(dates: Sequence[str], max_bars: int = 240) -> BarChart | None:
    """Incidents per month (per year when the span is long) from "YYYY[-MM[-DD]]" dates.

    Dates known to the year only are left out (the page counts them separately).
    """
    keys = [(int(d[:4]), int(d[5:7])) for d in dates if len(d) >= 7]
    if not keys:
        return None
    months = _months(min(keys), max(keys))
    if len(months) > max_bars:
        counts = Counter(year for year, _ in keys)
        years = list(range(min(counts), max(counts) + 1))
        buckets = [(str(year), counts[year], f"{year}-01-01", f"{year}-12-31") for year in years]
        unit = "year"
    else:
        month_counts = Counter(keys)
        buckets = [
            (
                f"{calendar.month_abbr[m]} {y}",
                month_counts[(y, m)],
                f"{y:04d}-{m:02d}-01",
                f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}",
            )
            for y, m in months
        ]
        unit = "month"
    top = max(_nice_max(max(count for _, count, _, _ in buckets)), 1.0)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = inner_w / len(buckets)
    bars = []
    for n, (label, count, since, until) in enumerate(buckets):
        height = inner_h * count / top
        bars.append(
            Bar(
                x=LEFT + n * slot + slot * 0.1,
                y=TOP + inner_h - height,
                width=max(slot * 0.8, 1.0),
                height=height,
                label=label,
                count=count,
                since=since,
                until=until,
            )
        )
    if unit == "month" and len(bars) > 24:  # label each January with its year
        marks = [(b, b.label[-4:]) for b in bars if b.label.startswith("Jan")]
        step = max(1, len(marks) // 10)
        marks = marks[::step]
    else:
        marks = [(b, b.label) for b in bars[:: max(1, len(bars) // 8)]]
    x_ticks = [Tick(b.x + b.width / 2, label) for b, label in marks]
    for tick in x_ticks:
        if tick.pos > WIDTH - RIGHT - 30:
            tick.anchor = "end"
    steps = [0, top / 2, top] if top % 2 == 0 else [0, top]
    y_ticks = [Tick(TOP + inner_h * (1 - v / top), _number(v)) for v in steps]
    return BarChart(WIDTH, HEIGHT, bars, x_ticks, y_ticks, unit)
