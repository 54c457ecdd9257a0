"""Attack dates: absolute, GTD-prefixed and relative to publication, and the attack's own date.

Entry point of the stage (``dates``: the patterns, the date of a mention, the scope of a date
named in passing).
"""

from __future__ import annotations

from incidex.extract.dates.dates import (
    DateHit,
    attack_date,
    find_dates,
    gtd_prefix,
    referenced_scope,
)

__all__ = ["DateHit", "attack_date", "find_dates", "gtd_prefix", "referenced_scope"]
