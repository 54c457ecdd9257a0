"""The records of analyst review: decisions as they are made, and the audit log.

The review actions themselves (validate, record, re-fuse, audit) are ``fuse.review``'s; this
module only writes and reads their rows. Decisions are keyed on the mentions involved (see
``store.decisions``); every action appends one audit row (who, when, action, incident, field,
before, after, details). Everything runs in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from incidex.models import Mention
from incidex.store import decisions
from incidex.store.schema import (
    AuditRow,
    IncidentRedirectRow,
    MentionRow,
    ReviewDecisionRow,
    ReviewRefRow,
)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(slots=True)
class AuditEntry:
    id: int
    at: datetime
    analyst: str
    action: str
    incident_id: str
    field: str | None
    before: str | None
    after: str | None
    details: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(timespec="seconds") + "Z",
            "analyst": self.analyst,
            "action": self.action,
            "incident_id": self.incident_id,
            "field": self.field,
            "before": self.before,
            "after": self.after,
            "details": self.details,
        }


def record_decision(
    session: Session,
    kind: str,
    analyst: str,
    note: str | None,
    refs: list[tuple[Mention, str]],
    field: str | None = None,
    value: str | None = None,
) -> ReviewDecisionRow:
    """Store an active decision about ``refs`` (each mention with its role)."""
    row = ReviewDecisionRow(
        kind=kind,
        field=field,
        value=value,
        active=True,
        analyst=analyst,
        note=note,
        created_at=_now(),
        refs=[
            ReviewRefRow(mention_id=m.id, doc_id=m.doc_id, position=m.index, role=role)
            for m, role in refs
        ],
    )
    session.add(row)
    session.flush()
    if kind == decisions.DISMISS:
        decisions.sync_dismissed(session, decisions.incidents_of(session, (m.id for m, _ in refs)))
    return row


def record_audit(
    session: Session,
    analyst: str,
    action: str,
    incident_id: str,
    *,
    field: str | None = None,
    before: str | None = None,
    after: str | None = None,
    decision: ReviewDecisionRow | None = None,
    **details: Any,
) -> None:
    """Append one row to the audit log."""
    session.add(
        AuditRow(
            at=_now(),
            analyst=analyst,
            action=action,
            incident_id=incident_id,
            field=field,
            before=before,
            after=after,
            details=details,
            decision_id=decision.id if decision else None,
        )
    )
    session.flush()


def move_anchors(session: Session, moved: Mention, stay: Mention) -> None:
    """Corrections and dismissals anchored on ``moved`` stay with ``stay`` (the incident a split
    report leaves keeps them)."""
    rows = session.scalars(
        select(ReviewRefRow)
        .join(ReviewDecisionRow, ReviewDecisionRow.id == ReviewRefRow.decision_id)
        .where(
            ReviewRefRow.mention_id == moved.id,
            ReviewDecisionRow.kind.in_([decisions.CORRECT, decisions.DISMISS]),
            ReviewDecisionRow.active.is_(True),
        )
    ).all()
    for ref in rows:
        others = [r for r in ref.decision.refs if r.id != ref.id]
        if others:
            session.delete(ref)
        else:
            ref.mention_id, ref.doc_id, ref.position = stay.id, stay.doc_id, stay.index
    session.flush()


def audit_log(session: Session, ident: str | None = None, limit: int = 200) -> list[AuditEntry]:
    """The newest audit entries, all or those of one incident (under any of its past ids)."""
    stmt = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if ident is not None:
        old = select(IncidentRedirectRow.old_id).where(IncidentRedirectRow.new_id == ident)
        stmt = stmt.where(or_(AuditRow.incident_id == ident, AuditRow.incident_id.in_(old)))
    return [
        AuditEntry(
            r.id,
            r.at,
            r.analyst,
            r.action,
            r.incident_id,
            r.field,
            r.before,
            r.after,
            dict(r.details or {}),
        )
        for r in session.scalars(stmt)
    ]


def mention_incident(session: Session, mention_id: str) -> str | None:
    """The incident that now holds a mention."""
    return session.scalar(select(MentionRow.incident_id).where(MentionRow.id == mention_id))
