"""Plausibility of casualty figures: a toll no attack ever reached is doubted, not believed.

A figure over the largest toll on record (``MAX_KILLED``, ``MAX_WOUNDED``), or over the
population of the town the attack is placed in (the gazetteer's cities carry it), is read from
the text and kept, with its evidence, but its rule becomes ``casualties.doubted-<why>:<rule>``
(``over-record`` or ``over-population``, then the rule that read it) and its confidence
``DOUBTED_CONFIDENCE``: it is a misreading ("1e308 killed"), a war's or a country's toll, or a
hoax. Fusion never chooses a doubted figure as the incident's count
(``fuse.reconcile``); the casualty history still lists it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from incidex.models import DOUBTED_PREFIX, FieldName, FieldValue, doubted

__all__ = ["DOUBTED_PREFIX", "TownPopulation", "doubt_counts", "doubted", "implausible"]

TownPopulation = Callable[[str, str], "int | None"]  # (town, country) -> inhabitants, if known

# No recorded attack killed more than about 3,000 people (New York and Washington, 11 September
# 2001) nor wounded more than some thousands: a larger figure is no one attack's toll.
MAX_KILLED = 3_000
MAX_WOUNDED = 10_000
DOUBTED_CONFIDENCE = 0.05
LIMITS = {FieldName.NKILL: MAX_KILLED, FieldName.NWOUND: MAX_WOUNDED}


def implausible(name: FieldName, number: float, population: int | None) -> str | None:
    """Why a killed or wounded figure cannot be one attack's toll, else ``None``."""
    limit = LIMITS.get(name)
    if limit is None:
        return None
    if number > limit:
        return "over-record"
    if population and number > population:
        return "over-population"
    return None


def _population(values: list[FieldValue], towns: TownPopulation | None) -> int | None:
    """The population of the mention's town, when the gazetteer (``towns``) knows it."""
    city = next((v.value for v in values if v.name is FieldName.CITY), None)
    country = next((v.value for v in values if v.name is FieldName.COUNTRY), None)
    if not city or not country or towns is None:
        return None
    found = towns(city, country)
    return found if found is not None and found > 0 else None


def doubt_counts(values: list[FieldValue], towns: TownPopulation | None = None) -> None:
    """Mark in place the killed and wounded figures of one mention that are implausible;
    ``towns`` gives a town's population (the places stage's gazetteer, passed by the pipeline:
    this stage comes before it)."""
    counts = [i for i, v in enumerate(values) if v.name in LIMITS and v.number is not None]
    if not counts:
        return
    population: int | None = None
    if any((values[i].number or 0) > 0 for i in counts):
        population = _population(values, towns)
    for i in counts:
        value = values[i]
        why = implausible(value.name, value.number or 0, population)
        if why is None or value.evidence is None or doubted(value):
            continue
        rule = f"{DOUBTED_PREFIX}{why}:{value.evidence.rule}"  # the reason, then the reading
        evidence = replace(value.evidence, rule=rule, confidence=DOUBTED_CONFIDENCE)
        values[i] = replace(value, evidence=evidence)
