"""Which reports fusion may compare: a mention's blocking key (country and date).

Two reports can only be one attack when they name the same country and have comparable dates
(``fuse.cluster.comparable_pairs``): two day-precise dates at most ``fuse.match.MAX_DAYS_APART``
days apart, or a coarse date (YYYY or YYYY-MM) and any date of the same year. The store keeps
each mention's key in indexed columns (``mentions.country``, ``mentions.date``, ``mentions.day``)
so that the fusion service finds every stored report a new one could be compared with in one
indexed query. The key reads the country and the date exactly as ``fuse.profile`` does (lower
case, "Unknown" is no country; ``PartialDate``), so the query misses no pair fusion compares.
"""

from __future__ import annotations

from dataclasses import dataclass

from incidex.dates import PartialDate
from incidex.models import FieldName, Mention

UNKNOWN = frozenset({"", "unknown"})


@dataclass(frozen=True, slots=True)
class BlockKey:
    country: str  # lower case, as fusion compares it
    date: str  # YYYY[-MM[-DD]], the year written with at least four digits
    day: int | None  # the ordinal of a real calendar day; None for a coarse date
    year: int

    @property
    def year_prefix(self) -> str:
        """``date`` starts with this, then "-" or nothing (see ``year_range``)."""
        return f"{self.year:04d}"

    def year_range(self) -> tuple[str, str]:
        """Bounds ``lo <= date < hi`` of every key's ``date`` in the same year: the year, or the
        year then "-" ('.' follows '-' and precedes the digits, so "20240" is outside)."""
        return self.year_prefix, self.year_prefix + "."


def block_key(country: str | None, when: str | None) -> BlockKey | None:
    """The key of a report of ``country`` dated ``when``; None when either is missing (fusion
    then never compares the report with another)."""
    if country is None or country.strip().lower() in UNKNOWN:
        return None
    parsed = PartialDate.parse(when)
    if parsed is None:
        return None
    day = parsed.as_date()
    text = f"{parsed.year:04d}"
    if parsed.month or parsed.day:
        text += f"-{parsed.month:02d}"
    if parsed.day:
        text += f"-{parsed.day:02d}"
    return BlockKey(country.strip().lower(), text, day.toordinal() if day else None, parsed.year)


def mention_key(mention: Mention) -> BlockKey | None:
    return block_key(mention.value(FieldName.COUNTRY), mention.value(FieldName.DATE))
