"""Running casualty totals of one mention: a figure with its bounds, evidence and rule.

``Tally`` adds the parts of one statement (or an explicit addition) and keeps the higher of two
statements of the same count; ``KindState`` keeps the victims, the perpetrators and the
fallback figures (superseded, in hospital, claimed by the attackers) of one kind apart until
``casualties`` combines them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from incidex.extract.casualties.numbers import Quantity


@dataclass(slots=True)
class Tally:
    """A running total of one casualty kind, with its bounds and evidence span."""

    value: int = 0
    low: float | None = 0
    high: float | None = 0
    start: int | None = None
    end: int | None = None
    rule: str = ""
    confidence: float = 0.8
    found: bool = False
    parts: int = 0

    def add(self, q: Quantity, start: int, end: int, rule: str, confidence: float) -> None:
        """Add one count (parts of one statement, or an explicit addition)."""
        self.value += q.value or 0
        self.low = None if self.low is None or q.low is None else self.low + q.low
        self.high = None if self.high is None or q.high is None else self.high + q.high
        self.start = start if self.start is None else min(self.start, start)
        self.end = end if self.end is None else max(self.end, end)
        self.parts += 1
        self.rule = rule if self.parts == 1 else rule.removesuffix("-sum") + "-sum"
        self.confidence = min(self.confidence, confidence) if self.parts == 1 else 0.65
        self.found = True

    def merge_max(self, other: Tally) -> None:
        """Keep the higher of two statements of the same count (later reports raise tolls)."""
        if other.found and (not self.found or other.value > self.value):
            for name in ("value", "low", "high", "start", "end", "rule", "confidence", "parts"):
                setattr(self, name, getattr(other, name))
            self.found = True

    def merge_add(self, other: Tally) -> None:
        """Add another statement's total."""
        if other.found and other.start is not None and other.end is not None:
            q = Quantity(other.value, other.low, other.high)
            self.add(q, other.start, other.end, other.rule, other.confidence)


@dataclass(slots=True)
class KindState:
    """Victims and perpetrators of one kind, kept apart until the end."""

    victims: Tally = field(default_factory=Tally)
    perps: Tally = field(default_factory=Tally)
    vague: tuple[int, int] | None = None
    stale: Tally = field(default_factory=Tally)  # figures the text says were superseded
    hospital: Tally = field(default_factory=Tally)  # "N remain in hospital": wounded, at least
    breakdowns: list[int] = field(default_factory=list)  # victim totals summed from 2+ classes
    claimed: Tally = field(default_factory=Tally)  # the attackers' own figure: a last resort
    injured: Tally = field(default_factory=Tally)  # victims of "stabbed": wounded, as a fallback
