"""The stacked bars of the timeline (``web.charts.stacked``): sums, stacking order, "Other"."""

from __future__ import annotations

from incidex.web.charts import OTHER, stacked


def _values(chart: object) -> dict[tuple[str, str], float]:
    """(period label, series name) -> value, from the chart's segments."""
    from incidex.web.charts import StackedChart

    assert isinstance(chart, StackedChart)
    return {
        (col.label, chart.series[seg.series].name): seg.value
        for col in chart.columns
        for seg in col.segments
    }


def test_each_month_sums_each_series_and_the_segments_stack_without_gaps() -> None:
    chart = stacked(
        [
            ("2023-01-05", "A", 3),
            ("2023-01-20", "B", 2),
            ("2023-01", "A", 1),  # a month without its day counts in its month
            ("2023-03-02", "B", 4),
            ("2023", "A", 100),  # known to the year only: not drawn
        ],
        "killed",
    )
    assert chart is not None and chart.unit == "month"
    assert [c.label for c in chart.columns] == ["Jan 2023", "Feb 2023", "Mar 2023"]
    assert [c.total for c in chart.columns] == [6, 0, 4]
    assert _values(chart) == {("Jan 2023", "A"): 4, ("Jan 2023", "B"): 2, ("Mar 2023", "B"): 4}
    january = chart.columns[0]
    low, high = january.segments  # bottom first: the series larger over the whole chart
    assert chart.series[low.series].name == "B" and chart.series[high.series].name == "A"
    assert high.y + high.height == low.y  # A sits on B
    assert low.y + low.height == chart.bottom
    assert high.label == "Jan 2023 · A: 4 killed"
    assert chart.columns[1].segments == []


def test_small_series_beyond_the_largest_are_drawn_as_other() -> None:
    items = [("2023-05-01", f"group {n}", float(20 - n)) for n in range(12)]
    chart = stacked(items, "incidents", max_series=3)
    assert chart is not None
    assert [s.name for s in chart.series] == ["group 0", "group 1", "group 2", OTHER]
    assert chart.series[-1].css == "other"
    assert _values(chart)[("May 2023", OTHER)] == sum(20 - n for n in range(3, 12))


def test_a_given_order_stacks_and_colours_two_charts_alike() -> None:
    counts = [("2023-01-01", "A", 1), ("2023-01-02", "A", 1), ("2023-01-03", "B", 1)]
    tolls = [("2023-01-01", "A", 1), ("2023-01-03", "B", 50)]
    first = stacked(counts, "incidents")
    assert first is not None
    order = [s.name for s in first.series]
    second = stacked(tolls, "killed", order=order)
    assert second is not None
    assert [(s.name, s.css) for s in second.series] == [(s.name, s.css) for s in first.series]
    assert [(s.name, s.css) for s in stacked(tolls, "killed").series] == [  # type: ignore[union-attr]
        ("B", "s0"),
        ("A", "s1"),
    ]


def test_zero_series_are_left_out_and_all_zero_is_no_chart() -> None:
    chart = stacked([("2023-01-01", "Killed", 0), ("2023-02-01", "Wounded", 5)], "")
    assert chart is not None
    assert [s.name for s in chart.series] == ["Wounded"]
    assert len(chart.columns) == 2  # the months of the zero values are still on the axis
    assert stacked([("2023-01-01", "Killed", 0)], "") is None
    assert stacked([("2023", "A", 1)], "") is None  # nothing dated to the month


def test_a_long_span_is_drawn_per_year() -> None:
    chart = stacked([("1970-01-01", "A", 1), ("2021-12-31", "A", 2)], "incidents")
    assert chart is not None and chart.unit == "year"
    assert len(chart.columns) == 52
    assert chart.columns[0].since == "1970-01-01" and chart.columns[-1].until == "2021-12-31"
