"""Choose one value per field of an incident from every report of it, by stated rules.

- Counts: a figure doubted as implausible (``extract.casualties.bounds``) is never chosen; then
  the latest specific figure beats an earlier or hedged one; a main report beats a
  background mention; between equally specific figures, one that the other reports' ranges
  allow beats one they rule out ("at least 13" and "at least 182": 182 fits both).
- Dates: the most precise date of a main report wins.
- Other fields: a known value beats "Unknown"; then the most reported value, weighted by
  confidence, main reports first.
- Perpetrator (gname, claimed): the attribution statements of all reports decide when any is
  about a group (rules in ``kb.attribution.attribute``: a claim names the group and sets claimed;
  else the group most blamed or confirmed, not claimed; a branch beats its parent); the chosen
  value's evidence is the deciding statement's sentence. Without such statements the field
  readers' values are voted on like other fields.
- Syndicated copies (``fuse.syndication``): a value a copy repeats from its original is one
  report, not two; its statements likewise (``Incident.statements``).
Every reported value stays in ``Incident.mentions``; this only picks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from incidex.fuse.syndication import find_copies
from incidex.geo.geocode import CITY, CITY_NOT_FOUND, REGION, locate
from incidex.kb.attribution import RULE_PREFIX, attribute, attribution_values, family
from incidex.models import NUMERIC_FIELDS, FieldName, FieldValue, Incident, Mention, doubted

COUNT_FIELDS = frozenset({FieldName.NKILL, FieldName.NWOUND, FieldName.NPERPS, FieldName.NPERPCAP})


def _is_exact(value: FieldValue) -> bool:
    return value.low is None and value.high is None or value.low == value.high


def _confidence(value: FieldValue) -> float:
    return value.evidence.confidence if value.evidence else 0.0


INFERRED_RULES = frozenset({"casualties.silence-zero"})


def _stated(value: FieldValue) -> bool:
    """A figure the text gives, as opposed to one inferred from its silence."""
    return not (value.evidence and value.evidence.rule in INFERRED_RULES)


def _allows(value: FieldValue, number: float) -> bool:
    """Whether the range a report gives (exact, "at least", "about" ...) contains ``number``."""
    own = value.number
    if own is None:
        return False
    if _is_exact(value):
        return number == own
    low = value.low if value.low is not None else float("-inf")
    high = value.high if value.high is not None else float("inf")
    return low <= number <= high


def _count_key(
    mention: Mention, value: FieldValue, others: list[FieldValue]
) -> tuple[bool, bool, bool, int, date, float, float]:
    """Stated before inferred, main report before background, exact before hedged, then the
    figure most other reports allow, latest first; between equally ranked figures the larger."""
    number = value.number
    fits = sum(1 for o in others if o is not value and number is not None and _allows(o, number))
    return (
        _stated(value),
        not mention.background,
        _is_exact(value),
        fits,
        value.reported or date.min,
        value.number or 0.0,
        _confidence(value),
    )


def _date_key(mention: Mention, value: FieldValue) -> tuple[bool, int, float]:
    return (not mention.background, len(value.value), _confidence(value))


def choose(incident: Incident) -> dict[FieldName, FieldValue]:
    """The chosen value of every field any mention reports."""
    reports: dict[FieldName, list[tuple[Mention, FieldValue]]] = defaultdict(list)
    counted: set[tuple[str, FieldName, str]] = set()
    for mention in sorted(incident.mentions, key=lambda m: m.doc_id in incident.copies):
        source = incident.source_of(mention.doc_id)
        for value in mention.values:
            if _from_statements(value) or (source, value.name, value.value) in counted:
                continue  # a syndicated copy repeating its original is no second report
            counted.add((source, value.name, value.value))
            reports[value.name].append((mention, value))
    chosen: dict[FieldName, FieldValue] = {}
    for name, pairs in reports.items():
        if name in COUNT_FIELDS:
            pairs = [p for p in pairs if not doubted(p[1])]  # an implausible toll is no count
            if not pairs:
                continue
            stated = [v for _, v in pairs if _stated(v)]
            chosen[name] = max(pairs, key=lambda p: _count_key(p[0], p[1], stated))[1]
        elif name == FieldName.DATE:
            chosen[name] = max(pairs, key=lambda p: _date_key(*p))[1]
        elif name in NUMERIC_FIELDS:
            chosen[name] = max(
                pairs, key=lambda p: (not p[0].background, p[1].value, _confidence(p[1]))
            )[1]
        else:
            chosen[name] = _vote(pairs)
    _coordinates_of_the_chosen_place(incident, chosen)
    _attribution(incident, chosen)
    return chosen


def _from_statements(value: FieldValue) -> bool:
    """A gname or claimed a mention's attribution statements gave (not a field reader's)."""
    return bool(value.evidence and value.evidence.rule.startswith(RULE_PREFIX))


def _attribution(incident: Incident, chosen: dict[FieldName, FieldValue]) -> None:
    """gname and claimed from the statements of every report, when any is about a group.

    The chosen value is a report that points at the deciding statement when a mention holds one
    (so the store keeps its evidence), else one made from the statement."""
    read = [v.value for v in incident.reports(FieldName.GNAME) if not _from_statements(v)]
    found = attribute(incident.statements, read)
    if found is None:
        return
    stated = incident.reports(FieldName.GNAME) + incident.reports(FieldName.CLAIMED)
    for made in attribution_values(found):
        ev = made.evidence
        assert ev is not None
        same = [
            v
            for v in stated
            if v.name == made.name and v.value == made.value and _from_statements(v)
        ]
        same.sort(key=lambda v: not (v.evidence and v.evidence.sentence == ev.sentence))
        chosen[made.name] = same[0] if same else made
    second = chosen.get(FieldName.GNAME2)
    if second is not None and family(second.value) == family(found.group):
        del chosen[FieldName.GNAME2]
    if not found.claimed:
        chosen.pop(FieldName.CLAIMMODE, None)


PLACE_FIELDS = (FieldName.CITY, FieldName.PROVSTATE, FieldName.COUNTRY)
COORDINATES = (FieldName.LATITUDE, FieldName.LONGITUDE, FieldName.SPECIFICITY)


def _same(a: FieldValue | None, b: FieldValue | None) -> bool:
    return (a.value.strip().lower() if a else None) == (b.value.strip().lower() if b else None)


def _coordinates_of_the_chosen_place(
    incident: Incident, chosen: dict[FieldName, FieldValue]
) -> None:
    """Latitude, longitude and specificity are those of the chosen place, never voted on their
    own (a point is never half one town and half another, nor another town's): a report that
    names the chosen city, province and country gives its point (its context chose among towns
    of one name); else the geocoder places the chosen names (``place_values``)."""
    for name in COORDINATES:
        chosen.pop(name, None)
    if not any(p in chosen for p in PLACE_FIELDS):
        return
    for mention in incident.mentions:
        coords = [mention.get(c) for c in COORDINATES]
        if coords[0] is None or coords[1] is None:
            continue
        if all(_same(mention.get(p), chosen.get(p)) for p in PLACE_FIELDS):
            for name, value in zip(COORDINATES, coords, strict=True):
                if value is not None:
                    chosen[name] = value
            return
    chosen.update(place_values(chosen))


def place_values(values: dict[FieldName, FieldValue]) -> dict[FieldName, FieldValue]:
    """Latitude, longitude and specificity of the place ``values`` name (country, province,
    city), from the geocoder; their evidence is the name the point stands for, under the rule
    ``geo.<basis>``. Empty when no known country is named."""
    name_of = {p: values[p].value for p in PLACE_FIELDS if p in values and values[p].value}
    where = locate(
        name_of.get(FieldName.COUNTRY),
        name_of.get(FieldName.PROVSTATE),
        name_of.get(FieldName.CITY),
    )
    if where is None:
        return {}
    by_basis = {CITY: FieldName.CITY, REGION: FieldName.CITY, CITY_NOT_FOUND: FieldName.CITY}
    source = values.get(by_basis.get(where.basis, FieldName.PROVSTATE))
    source = source or values.get(FieldName.PROVSTATE) or values.get(FieldName.COUNTRY)
    ev = source.evidence if source is not None else None
    made = replace(ev, rule=f"geo.{where.basis}") if ev is not None else None
    out = {FieldName.SPECIFICITY: FieldValue(FieldName.SPECIFICITY, str(where.specificity), made)}
    if where.latitude is not None and where.longitude is not None:
        out[FieldName.LATITUDE] = FieldValue(FieldName.LATITUDE, f"{where.latitude:.6f}", made)
        out[FieldName.LONGITUDE] = FieldValue(FieldName.LONGITUDE, f"{where.longitude:.6f}", made)
    return out


def _vote(pairs: list[tuple[Mention, FieldValue]]) -> FieldValue:
    weight: dict[str, float] = defaultdict(float)
    best: dict[str, FieldValue] = {}
    for mention, value in pairs:
        key = value.value.strip().lower()
        known = key not in ("", "unknown")
        weight[key] += (
            (10.0 if known else 0.0) + (2.0 if not mention.background else 1.0) + _confidence(value)
        )
        if key not in best or _confidence(value) > _confidence(best[key]):
            best[key] = value
    winner = max(weight, key=lambda k: (weight[k], k))
    return best[winner]


def reconcile(incident: Incident) -> Incident:
    """Find the incident's syndicated copies, then choose its values."""
    incident.copies = find_copies(incident.mentions)
    incident.values = choose(incident)
    return incident
