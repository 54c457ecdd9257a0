"""Partial dates ("2024", "2024-03", "2024-03-22") as GTD writes them, and how they compare.

Shared by fusion (``fuse``, ``incidex.blocking``), the store, the workbench and the exports, so
none of them imports another for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int
    month: int = 0  # 0: unknown, as GTD's imonth/iday
    day: int = 0

    @classmethod
    def parse(cls, value: str | None) -> PartialDate | None:
        if not value:
            return None
        try:
            parts = [int(p) for p in value.split("-")[:3]]
        except ValueError:
            return None
        parts += [0] * (3 - len(parts))
        return cls(*parts)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def as_date(self) -> date | None:
        if not (self.month and self.day):
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None

    def days_apart(self, other: PartialDate) -> int | None:
        """Days between two day-precise dates; 0 when the coarser one contains the other."""
        if self.year != other.year and not (self.as_date() and other.as_date()):
            return None
        mine, theirs = self.as_date(), other.as_date()
        if mine and theirs:
            return abs((mine - theirs).days)
        if self.month and other.month and self.month != other.month:
            return None
        return 0
