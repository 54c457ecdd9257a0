"""How the analyst's review decisions shape the incidents the store writes and lists.

Decisions (``ReviewDecisionRow``) point at mentions (``ReviewRefRow``), never at incident ids,
because fusion re-keys incidents whenever a new report joins them. The repository calls these
hooks on every write, so a decision wins over extraction however often documents are re-ingested:

- ``reanchor`` after a changed document is re-extracted: refs follow the document's mention at
  the same position when the old mention (and so its content-derived id) is gone;
- ``linked_incident_ids`` adds the incidents an analyst merged with a candidate to the fusion pool;
- ``regroup`` re-applies merges and splits, in the order they were made, to freshly fused groups;
- ``apply_corrections`` overrides chosen values with the analyst's (latest decision wins);
- ``dismissed_clause`` (per row) and ``dismissed_ids`` (one query) hide incidents marked "not an
  incident" from lists and exports.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import ColumnElement, Select, exists, select, update
from sqlalchemy.orm import Session, aliased, selectinload

from incidex.fuse.fuser import canonical_key, incident_id
from incidex.fuse.reconcile import reconcile
from incidex.models import FieldName, FieldValue, Incident, Mention
from incidex.store.schema import IncidentRow, MentionRow, ReviewDecisionRow, ReviewRefRow

CORRECT, DISMISS, MERGE, SPLIT = "correct", "dismiss", "merge", "split"


def reanchor(session: Session, doc_id: str, mentions: Sequence[Mention]) -> None:
    """Point refs to a re-extracted document's mentions whose ids changed (same position)."""
    by_position = {m.index: m.id for m in mentions}
    live = set(by_position.values())
    refs = session.scalars(select(ReviewRefRow).where(ReviewRefRow.doc_id == doc_id)).all()
    for ref in refs:
        if ref.mention_id in live:
            continue
        new_id = by_position.get(ref.position)
        if new_id is not None:
            ref.mention_id = new_id
    session.flush()


def active_decisions(
    session: Session, kinds: Collection[str], mention_ids: Iterable[str]
) -> list[ReviewDecisionRow]:
    """Active decisions of ``kinds`` that refer to any of ``mention_ids``, oldest first."""
    ids = list(set(mention_ids))
    if not ids:
        return []
    touching = select(ReviewRefRow.decision_id).where(ReviewRefRow.mention_id.in_(ids)).distinct()
    stmt = (
        select(ReviewDecisionRow)
        .where(
            ReviewDecisionRow.active.is_(True),
            ReviewDecisionRow.kind.in_(list(kinds)),
            ReviewDecisionRow.id.in_(touching),
        )
        .options(selectinload(ReviewDecisionRow.refs))
        .order_by(ReviewDecisionRow.id)
    )
    return list(session.scalars(stmt))


def linked_incident_ids(session: Session, mention_ids: Iterable[str]) -> set[str]:
    """Incidents holding mentions that an active merge decision ties to ``mention_ids``."""
    seen = set(mention_ids)
    linked: set[str] = set()
    frontier = set(seen)
    while frontier:  # a merge of merges: follow the ties until nothing new turns up
        tied = {
            r.mention_id for d in active_decisions(session, [MERGE], frontier) for r in d.refs
        } - seen
        seen |= tied
        frontier = tied
    if seen:
        rows = session.scalars(
            select(MentionRow.incident_id).where(
                MentionRow.id.in_(list(seen)), MentionRow.incident_id.is_not(None)
            )
        )
        linked = {r for r in rows if r}
    return linked


def regroup(session: Session, incidents: list[Incident]) -> list[Incident]:
    """Re-apply the merges and splits that touch these freshly fused incidents, oldest first."""
    pool = {m.id: m for i in incidents for m in i.mentions}
    decisions = active_decisions(session, [MERGE, SPLIT], pool)
    if not decisions:
        return incidents
    groups: dict[int, list[str]] = {n: [m.id for m in i.mentions] for n, i in enumerate(incidents)}
    group_of = {m: n for n, members in groups.items() for m in members}
    changed: set[int] = set()
    for decision in decisions:
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
        result.append(reconcile(Incident(id=incident_id(mentions[0]), mentions=mentions)))
    return result


def apply_corrections(session: Session, incident: Incident) -> Incident:
    """The incident with the analyst's corrections in place of the chosen values.

    A corrected value has no evidence (the analyst is the source); an empty value clears the field.
    """
    decisions = active_decisions(session, [CORRECT], (m.id for m in incident.mentions))
    if not decisions:
        return incident
    values = dict(incident.values)
    for decision in decisions:  # oldest first: the latest correction of a field wins
        name = FieldName(decision.field or "")
        if decision.value:
            values[name] = FieldValue(name=name, value=decision.value)
        else:
            values.pop(name, None)
    return Incident(id=incident.id, mentions=incident.mentions, values=values)


def corrections(session: Session, incident: Incident) -> dict[FieldName, ReviewDecisionRow]:
    """The correction in force for each corrected field of ``incident``."""
    found: dict[FieldName, ReviewDecisionRow] = {}
    for decision in active_decisions(session, [CORRECT], (m.id for m in incident.mentions)):
        found[FieldName(decision.field or "")] = decision
    return found


def dismissal(session: Session, incident: Incident) -> ReviewDecisionRow | None:
    """The latest active "not an incident" decision on ``incident``, if any."""
    found = active_decisions(session, [DISMISS], (m.id for m in incident.mentions))
    return found[-1] if found else None


def dismissed_clause() -> ColumnElement[bool]:
    """SQL: the incident holds a mention that an active "not an incident" decision refers to."""
    mention = aliased(MentionRow)
    return exists().where(
        mention.incident_id == IncidentRow.id,
        ReviewRefRow.mention_id == mention.id,
        ReviewDecisionRow.id == ReviewRefRow.decision_id,
        ReviewDecisionRow.kind == DISMISS,
        ReviewDecisionRow.active.is_(True),
    )


def dismissed_ids() -> Select[str | None]:
    """SQL: the ids of incidents that ``dismissed_clause`` holds for, as one uncorrelated query."""
    return (
        select(MentionRow.incident_id)
        .join(ReviewRefRow, ReviewRefRow.mention_id == MentionRow.id)
        .join(ReviewDecisionRow, ReviewDecisionRow.id == ReviewRefRow.decision_id)
        .where(
            ReviewDecisionRow.kind == DISMISS,
            ReviewDecisionRow.active.is_(True),
            MentionRow.incident_id.is_not(None),
        )
    )


def deactivate(session: Session, decisions: Iterable[ReviewDecisionRow]) -> list[int]:
    ids = [d.id for d in decisions]
    if ids:
        session.execute(
            update(ReviewDecisionRow).where(ReviewDecisionRow.id.in_(ids)).values(active=False)
        )
        session.flush()
    return ids
