"""The analyst's review decisions as the store keeps them, and the queries that read them.

Decisions (``ReviewDecisionRow``) point at mentions (``ReviewRefRow``), never at incident ids,
because fusion re-keys incidents whenever a new report joins them. The fusion service
(``fuse.service``) reads them on every write and replays them (``fuse.decisions``), so a decision
wins over extraction however often documents are re-ingested:

- ``reanchor`` after a changed document is re-extracted: refs follow the document's mention at
  the same position when the old mention (and so its content-derived id) is gone;
- ``merge_partners``: the mentions an analyst merged with given ones (the service adds them to
  the pool it re-fuses);
- ``decisions_about``: the active decisions on given mentions as typed ``Decision`` records;
- ``corrections`` and ``dismissal``: what an incident's page and the review API show;
- ``dismissed_clause`` (per row) and ``dismissed_ids`` (one query) hide incidents marked "not an
  incident" from lists and exports; ``sync_dismissed`` copies the verdict into the
  ``incidents.dismissed`` column that SQL tools read (and the ``active_incidents`` view).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import ColumnElement, Select, exists, select, update
from sqlalchemy.orm import Session, aliased, selectinload

from incidex.models import Decision, DecisionKind, DecisionRef, FieldName, Incident, Mention
from incidex.store.schema import IncidentRow, MentionRow, ReviewDecisionRow, ReviewRefRow

CORRECT, DISMISS, MERGE, SPLIT = (
    DecisionKind.CORRECT,
    DecisionKind.DISMISS,
    DecisionKind.MERGE,
    DecisionKind.SPLIT,
)


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


def any_active(session: Session, kind: str) -> bool:
    """Whether the store holds an active decision of ``kind`` (most stores hold no merge)."""
    stmt = select(
        exists().where(ReviewDecisionRow.kind == kind, ReviewDecisionRow.active.is_(True))
    )
    return bool(session.scalar(stmt))


def merge_partners(session: Session, mention_ids: Iterable[str]) -> set[str]:
    """Mentions that an active merge decision ties to any of ``mention_ids`` (one step; the
    fusion service follows the ties until nothing new turns up). Stored mentions only."""
    tied = {r.mention_id for d in active_decisions(session, [MERGE], mention_ids) for r in d.refs}
    if not tied:
        return set()
    return set(session.scalars(select(MentionRow.id).where(MentionRow.id.in_(list(tied)))))


def decisions_about(
    session: Session, kinds: Collection[str], mention_ids: Iterable[str]
) -> list[Decision]:
    """``active_decisions`` as typed records, for the fusion service to replay."""
    return [
        Decision(
            id=d.id,
            kind=DecisionKind(d.kind),
            field=d.field,
            value=d.value,
            refs=tuple(DecisionRef(r.mention_id, r.role) for r in d.refs),
        )
        for d in active_decisions(session, kinds, mention_ids)
    ]


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
    rows = list(decisions)
    ids = [d.id for d in rows]
    if ids:
        session.execute(
            update(ReviewDecisionRow).where(ReviewDecisionRow.id.in_(ids)).values(active=False)
        )
        session.flush()
        if any(d.kind == DISMISS for d in rows):
            sync_dismissed(
                session, incidents_of(session, (r.mention_id for d in rows for r in d.refs))
            )
    return ids


def incidents_of(session: Session, mention_ids: Iterable[str]) -> set[str]:
    """The incidents that hold any of ``mention_ids``."""
    ids = list(set(mention_ids))
    if not ids:
        return set()
    stmt = select(MentionRow.incident_id).where(
        MentionRow.id.in_(ids), MentionRow.incident_id.is_not(None)
    )
    return {i for i in session.scalars(stmt) if i is not None}


def sync_dismissed(session: Session, incident_ids: Collection[str]) -> None:
    """Set ``incidents.dismissed`` of ``incident_ids`` from the active "not an incident"
    decisions (``dismissed_clause``): SQL tools reading the store see the review's verdict."""
    ids = list(incident_ids)
    for at in range(0, len(ids), 5000):
        session.execute(
            update(IncidentRow)
            .where(IncidentRow.id.in_(ids[at : at + 5000]))
            .values(dismissed=dismissed_clause())
            .execution_options(synchronize_session=False)
        )
    session.flush()
