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

from dataclasses import replace

from incidex.models import FieldName, FieldValue

# No recorded attack killed more than about 3,000 people (New York and Washington, 11 September
# 2001) nor wounded more than some thousands: a larger figure is no one attack's toll.
MAX_KILLED = 3_000
MAX_WOUNDED = 10_000
DOUBTED_CONFIDENCE = 0.05
DOUBTED_PREFIX = "casualties.doubted-"
LIMITS = {FieldName.NKILL: MAX_KILLED, FieldName.NWOUND: MAX_WOUNDED}


def doubted(value: FieldValue) -> bool:
    """Whether ``value`` is a casualty figure marked implausible."""
    return value.evidence is not None and value.evidence.rule.startswith(DOUBTED_PREFIX)


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


def _population(values: list[FieldValue]) -> int | None:
    """The population of the mention's town, when the gazetteer knows it."""
    from incidex.extract.gazetteer import city_in  # fusion imports this module: no spaCy there

    city = next((v.value for v in values if v.name is FieldName.CITY), None)
    country = next((v.value for v in values if v.name is FieldName.COUNTRY), None)
    if not city or not country:
        return None
    found = city_in(city, country)
    return found.population if found is not None and found.population > 0 else None


def doubt_counts(values: list[FieldValue]) -> None:
    """Mark in place the killed and wounded figures of one mention that are implausible."""
    counts = [i for i, v in enumerate(values) if v.name in LIMITS and v.number is not None]
    if not counts:
        return
    population: int | None = None
    if any((values[i].number or 0) > 0 for i in counts):
        population = _population(values)
    for i in counts:
        value = values[i]
        why = implausible(value.name, value.number or 0, population)
        if why is None or value.evidence is None or doubted(value):
            continue
        rule = f"{DOUBTED_PREFIX}{why}:{value.evidence.rule}"  # the reason, then the reading
        evidence = replace(value.evidence, rule=rule, confidence=DOUBTED_CONFIDENCE)
        values[i] = replace(value, evidence=evidence)
