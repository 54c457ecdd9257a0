"""GTD's 12-digit ``eventid`` for Incidex incidents: the date as YYYYMMDD (00 for an unknown month
or day, 0000 for an unknown year, as GTD writes them) and a 4-digit sequence within that date.

The sequence is the rank (from 0001) of the incident's id among the ids of every incident of the
store that has the same date key, so exporting the same store again gives the same eventids, and a
filtered export gives each incident the eventid it has in the full one. A date with more than 9,999
incidents would need a fifth digit: it keeps counting (the id is then 13 digits)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from incidex.dates import PartialDate

UNDATED = "00000000"  # the date key of an incident with no (readable) date


def date_key(value: str | None) -> str:
    """YYYYMMDD of an Incidex date value ("2024", "2024-03", "2024-03-22"); zeros where unknown."""
    when = PartialDate.parse(value) if value else None
    if when is None:
        return UNDATED
    return f"{when.year:04d}{when.month or 0:02d}{when.day or 0:02d}"


class EventIds:
    """Incident id -> eventid, from the (id, date value) pairs of every incident of a store."""

    def __init__(self, pairs: Iterable[tuple[str, str | None]] = ()) -> None:
        by_key: dict[str, list[str]] = {}
        self._key: dict[str, str] = {}
        for ident, value in pairs:
            key = date_key(value)
            self._key[ident] = key
            by_key.setdefault(key, []).append(ident)
        self._ids: dict[str, str] = {}
        self._count: dict[str, int] = {}
        for key, idents in by_key.items():
            for n, ident in enumerate(sorted(set(idents)), start=1):
                self._ids[ident] = f"{key}{n:04d}"
            self._count[key] = len(set(idents))

    def __call__(self, ident: str, value: str | None) -> str:
        """The eventid of incident ``ident`` dated ``value``. An incident the pairs did not hold
        (stored after they were read) takes the next free sequence of its date."""
        key = date_key(value)
        found = self._ids.get(ident)
        if found is not None and self._key.get(ident) == key:
            return found
        self._count[key] = self._count.get(key, 0) + 1
        self._key[ident] = key
        self._ids[ident] = f"{key}{self._count[key]:04d}"
        return self._ids[ident]

    def incident_of(self, eventid: str) -> str | None:
        """The incident id an eventid names, if any incident of the pairs has it."""
        return next((i for i, e in self._ids.items() if e == eventid), None)


EVENTID = re.compile(r"\d{12,13}")  # YYYYMMDD and a 4-digit sequence (a fifth past 9,999)
