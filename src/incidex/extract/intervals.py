"""Which of many character intervals holds a position, in logarithmic time, first listed first.

A mention of many sentences asks which of them holds each value's evidence, and the grouping asks
which block (paragraph) holds each unit: a scan of the list each time made both quadratic in the
document's length. Intervals may overlap and come in any order; the answer is the one a scan of
the list in its order would give.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate


class IntervalLookup:
    """The intervals ``(start, end)`` (end exclusive), sorted once by start."""

    def __init__(self, intervals: Sequence[tuple[int, int]]) -> None:
        self.size = len(intervals)
        order = sorted(range(len(intervals)), key=lambda k: intervals[k][0])
        self._order = order
        self._starts = [intervals[k][0] for k in order]
        self._ends = [intervals[k][1] for k in order]
        self._reach = list(accumulate(self._ends, max))  # the furthest end so far

    def first_holding(self, pos: int) -> int | None:
        """The list position of the first interval with ``start <= pos < end``, if any."""
        best: int | None = None
        k = bisect_right(self._starts, pos) - 1
        while k >= 0 and self._reach[k] > pos:
            if self._ends[k] > pos and (best is None or self._order[k] < best):
                best = self._order[k]
            k -= 1
        return best

    def starts_within(self, lo: int, hi: int) -> list[int]:
        """The interval starts ``s`` with ``lo < s < hi``."""
        return self._starts[bisect_right(self._starts, lo) : bisect_left(self._starts, hi)]
