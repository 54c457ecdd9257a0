"""The analyst's decisions replayed on freshly fused incidents (pure: no database).

The store keeps decisions against mentions, never incident ids (``store.decisions``); the fusion
service hands the active ones here as ``Decision`` records each time it re-fuses:

- ``regroup`` re-applies merges and splits, oldest first, to the fused groups;
- ``apply_corrections`` puts the analyst's values in force (the latest correction of a field
  wins; an empty value clears the field) and keeps the values fusion chose beside them; a
  corrected country, province or city is geocoded again (latitude, longitude, specificity).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from incidex.fuse.fuser import canonical_key, incident_id
from incidex.fuse.reconcile import COORDINATES, PLACE_FIELDS, place_values, reconcile
from incidex.models import Decision, DecisionKind, FieldName, FieldValue, Incident

CORRECT, MERGE, SPLIT = DecisionKind.CORRECT, DecisionKind.MERGE, DecisionKind.SPLIT


def regroup(incidents: list[Incident], decisions: Sequence[Decision]) -> list[Incident]:
    """Re-apply the merges and splits among ``decisions`` (oldest first) to these incidents."""
    pool = {m.id: m for i in incidents for m in i.mentions}
    relevant = sorted(
        (d for d in decisions if d.kind in (MERGE, SPLIT) and d.mention_ids & pool.keys()),
        key=lambda d: d.id,
    )
    if not relevant:
        return incidents
    groups: dict[int, list[str]] = {n: [m.id for m in i.mentions] for n, i in enumerate(incidents)}
    fused_links = {m: link for i in incidents for m, link in i.links.items()}
    group_of = {m: n for n, members in groups.items() for m in members}
    changed: set[int] = set()
    for decision in relevant:
        if decision.kind == MERGE:
            targets = sorted(
                {group_of[r.mention_id] for r in decision.refs if r.mention_id in pool}
            )
            for other in targets[1:]:
                for member in groups.pop(other):
                    groups[targets[0]].append(member)
                    group_of[member] = targets[0]
                changed.add(targets[0])
        else:
            moved = [r.mention_id for r in decision.refs if r.role == "moved"]
            away = {r.mention_id for r in decision.refs if r.role == "from"}
            for mention_id in moved:
                if mention_id not in pool:
                    continue
                home = group_of[mention_id]
                if not away & (set(groups[home]) - {mention_id}):
                    continue
                groups[home].remove(mention_id)
                fresh = max(groups) + 1
                groups[fresh] = [mention_id]
                group_of[mention_id] = fresh
                changed |= {home, fresh}
    result = []
    for n, members in groups.items():
        if not members:
            continue
        if n not in changed and n < len(incidents):
            result.append(incidents[n])
            continue
        mentions = sorted((pool[m] for m in members), key=canonical_key)
        regrouped = Incident(id=incident_id(mentions[0]), mentions=mentions)
        # a report keeps the link that fused it while its partner is still with it
        regrouped.links = {
            m: link
            for m, link in fused_links.items()
            if m in members and link.mention_id in members
        }
        result.append(reconcile(regrouped))
    return result


def apply_corrections(incident: Incident, decisions: Sequence[Decision]) -> Incident:
    """The incident with the analyst's corrections (the ``CORRECT`` decisions about any of its
    mentions) in force. A corrected value has no evidence (the analyst is the source); the value
    fusion chose for a corrected field is kept in ``extracted``."""
    mine = {m.id for m in incident.mentions}
    found = sorted(
        (d for d in decisions if d.kind == CORRECT and d.mention_ids & mine), key=lambda d: d.id
    )
    values = dict(incident.values)
    extracted: dict[FieldName, FieldValue] = {}
    for decision in found:  # oldest first: the latest correction of a field wins
        name = FieldName(decision.field or "")
        if name in incident.values:
            extracted[name] = incident.values[name]
        if decision.value:
            values[name] = FieldValue(name=name, value=decision.value)
        else:
            values.pop(name, None)
    corrected = {FieldName(d.field or "") for d in found}
    if corrected & set(PLACE_FIELDS) and not corrected & set(COORDINATES):
        # a corrected place moves the point (unless the analyst corrected the point too)
        for name in COORDINATES:
            values.pop(name, None)
        values.update(place_values(values))
    return replace(incident, values=values, extracted=extracted)
