"""Decide whether a mention reports the same attack as an existing incident.

Candidates are blocked by country and year before this is called; here the date must be
compatible (within ``MAX_DAYS_APART`` at day precision, containment at coarser precision) and
at least one of place, group or attack type must agree.
"""

from __future__ import annotations

from incidex.fuse.dates import PartialDate
from incidex.models import FieldName, Incident, Mention

MAX_DAYS_APART = 3
MIN_SCORE = 1.0


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.lower() == b.lower() and a.lower() != "unknown")


def match_score(mention: Mention, incident: Incident) -> float | None:
    """A score of how well ``mention`` fits ``incident``; None when it cannot be the same attack."""
    if any(m.doc_id == mention.doc_id for m in incident.mentions):
        return None  # one document's mentions are distinct attacks by construction
    country = mention.value(FieldName.COUNTRY)
    if not country or not _same(country, incident.value(FieldName.COUNTRY)):
        return None
    mine = PartialDate.parse(mention.value(FieldName.DATE))
    theirs = PartialDate.parse(incident.value(FieldName.DATE))
    if mine is None or theirs is None:
        return None
    gap = mine.days_apart(theirs)
    if gap is None or gap > MAX_DAYS_APART:
        return None
    score = 1.0 - gap / (MAX_DAYS_APART + 1)
    evidence = 0.0
    # The store pre-filters candidates on city, group and attack type (repository._find_incident):
    # keep that in step with what can reach MIN_SCORE here.
    for name, weight in (
        (FieldName.CITY, 1.0),
        (FieldName.GNAME, 1.0),
        (FieldName.ATTACKTYPE, 0.5),
        (FieldName.TARGTYPE, 0.25),
    ):
        if _same(mention.value(name), incident.value(name)):
            evidence += weight
    if evidence < MIN_SCORE / 2:
        return None
    return score + evidence


def best_match(mention: Mention, candidates: list[Incident]) -> Incident | None:
    scored = [(s, c.id, c) for c in candidates if (s := match_score(mention, c)) is not None]
    if not scored:
        return None
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored[0][2]
