"""Geometry for the workbench's inline SVG charts, computed here so templates only place shapes.

Nothing here renders markup: each function returns plain numbers and labels, and the Jinja
templates (autoescaped) write the ``<svg>`` elements.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
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
class Segment:
    """One series' part of a column: a rectangle stacked on the ones below it."""

    x: float
    y: float
    width: float
    height: float
    series: int  # index into ``StackedChart.series``
    value: float
    label: str  # the tooltip, e.g. "Mar 2023 · Taliban: 12 killed"


@dataclass(slots=True)
class Column:
    """One month (or year): its total, the dates it spans and its segments, bottom first."""

    label: str
    total: float
    since: str
    until: str
    x: float
    width: float
    segments: list[Segment] = field(default_factory=list)


@dataclass(slots=True)
class StackedChart:
    width: int
    height: int
    columns: list[Column]
    series: list[Series]  # legend order = stacking order (bottom first); points unused
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    unit: str  # "month" or "year"
    left: int = LEFT
    bottom: float = HEIGHT - BOTTOM
    right: float = WIDTH - RIGHT

    @property
    def total(self) -> float:
        return sum(c.total for c in self.columns)


OTHER = "Other"


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months, (year, month) = [], first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _periods(
    keys: Sequence[tuple[int, int]], max_bars: int
) -> tuple[str, list[tuple[tuple[int, int], str, str, str]]]:
    """The unit and the periods covering ``keys`` (year, month): each period's key (month 0 for
    a year), label and first and last day. Months, or years when there would be too many."""
    months = _months(min(keys), max(keys))
    if len(months) > max_bars:
        years = range(min(keys)[0], max(keys)[0] + 1)
        return "year", [((y, 0), str(y), f"{y}-01-01", f"{y}-12-31") for y in years]
    return "month", [
        (
            (y, m),
            f"{calendar.month_abbr[m]} {y}",
            f"{y:04d}-{m:02d}-01",
            f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}",
        )
        for y, m in months
    ]


def stacked(
    items: Sequence[tuple[str, str, float]],
    unit_name: str,
    styles: dict[str, str] | None = None,
    order: Sequence[str] = (),
    max_series: int = 8,
    max_bars: int = 240,
) -> StackedChart | None:
    """Per month (per year when the span is long), the sum of the values of each series, stacked.

    ``items`` are (date "YYYY-MM[-DD]", series name, value); dates known to the year only are
    left out (the page counts them); so is a series whose values are all 0, and the chart is
    None when every one is. The ``max_series`` largest series are drawn apart, the rest as one
    "Other" (``order`` ranks series first, so that two charts of a page stack and colour them
    alike). ``styles`` names the CSS class of a series (else ``s0``, ``s1``, ... by rank).
    ``unit_name`` words the tooltips ("incidents", "killed"). None if nothing is dated.
    """
    dated = [(int(d[:4]), int(d[5:7]), name, value) for d, name, value in items if len(d) >= 7]
    if not dated:
        return None
    totals: defaultdict[str, float] = defaultdict(float)
    for *_, name, value in dated:
        totals[name] += value
    first = {name: n for n, name in enumerate(order)}
    ranked = sorted(
        (n for n in totals if totals[n]), key=lambda n: (first.get(n, len(first)), -totals[n], n)
    )
    if not ranked:  # dated, but every value is 0 (no casualty figure)
        return None
    kept = ranked if len(ranked) <= max_series + 1 else ranked[:max_series]
    names = kept + ([OTHER] if len(kept) < len(ranked) else [])
    unit, periods = _periods([(y, m) for y, m, _, _ in dated], max_bars)
    sums = {key: defaultdict[str, float](float) for key, *_ in periods}
    for y, m, name, value in dated:
        sums[(y, 0) if unit == "year" else (y, m)][name if name in kept else OTHER] += value
    top = _nice_max(max((sum(c.values()) for c in sums.values()), default=0))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = inner_w / len(periods)
    columns = []
    for n, (key, label, since, until) in enumerate(periods):
        column = Column(label, sum(sums[key].values()), since, until, 0, 0)
        column.x, column.width = LEFT + n * slot + slot * 0.1, max(slot * 0.8, 1.0)
        base: float = TOP + inner_h
        for index, name in enumerate(names):
            value = sums[key][name]
            if not value:
                continue
            height = inner_h * value / top
            base -= height
            tip = f"{label} · {name}: {_number(value)}" + (f" {unit_name}" if unit_name else "")
            column.segments.append(Segment(column.x, base, column.width, height, index, value, tip))
        columns.append(column)
    styles = styles or {}
    rank = {name: n for n, name in enumerate([*order, *(n for n in names if n not in first)])}
    series = [
        Series(name, styles.get(name, "other" if name == OTHER else f"s{rank[name] % 9}"))
        for name in names
    ]
    if unit == "month" and len(columns) > 24:  # label each January with its year
        marks = [(c, c.label[-4:]) for c in columns if c.label.startswith("Jan")]
        marks = marks[:: max(1, len(marks) // 10)]
    else:
        marks = [(c, c.label) for c in columns[:: -(-len(columns) // 8)]]
    x_ticks = [Tick(c.x + c.width / 2, label) for c, label in marks]
    for tick in x_ticks:
        if tick.pos > WIDTH - RIGHT - 30:
            tick.anchor = "end"
    steps = [0, top / 2, top] if top % 2 == 0 else [0, top]
    y_ticks = [Tick(TOP + inner_h * (1 - v / top), _number(v)) for v in steps]
    return StackedChart(WIDTH, HEIGHT, columns, series, x_ticks, y_ticks, unit)
