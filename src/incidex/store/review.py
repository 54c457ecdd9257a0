"""Analyst review: correct a field, mark "not an incident", merge two incidents, split one.

Each action stores a decision keyed on the mentions involved (see ``store.decisions``), rewrites
the incidents it changes at once, and appends one row to the audit log (who, when, action,
incident, field, before, after, details). Every function runs in the caller's transaction and
raises ``UsageError``/``NotFoundError`` for requests that cannot be carried out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from incidex.errors import UsageError
from incidex.fuse.dates import PartialDate
from incidex.fuse.fuser import fuse_mentions
from incidex.models import NUMERIC_FIELDS, FieldName, Incident, Mention
from incidex.store import decisions
from incidex.store.repository import (
    _replace_incidents,
    get_incident,
    load_incident,
    refresh_incident,
)
from incidex.store.schema import (
    AuditRow,
    IncidentRedirectRow,
    MentionRow,
    ReviewDecisionRow,
    ReviewRefRow,
)

MAX_VALUE = 2000
COUNTS = frozenset({FieldName.NKILL, FieldName.NWOUND, FieldName.NPERPS, FieldName.NPERPCAP})


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


def validate_value(name: FieldName, value: str) -> str:
    """The value, trimmed, if it suits the field; ``UsageError`` saying why not otherwise."""
    value = value.strip()
    if len(value) > MAX_VALUE:
        raise UsageError(f"the value of {name} is too long (at most {MAX_VALUE} characters)")
    if not value:
        return value
    if name == FieldName.DATE and not _is_partial_date(value):
        raise UsageError(f"date {value!r} is not a real YYYY, YYYY-MM or YYYY-MM-DD date")
    if name in NUMERIC_FIELDS:
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"{name} must be a number, not {value!r}") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise UsageError(f"{name} must be a finite number")
        if number < 0 and name in COUNTS:
            raise UsageError(f"{name} cannot be negative")
        value = str(int(number)) if number.is_integer() else str(number)
    return value


def _is_partial_date(value: str) -> bool:
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return False
    parsed = PartialDate.parse(value)
    if parsed is None or parsed.year < 1 or not 0 <= parsed.month <= 12:
        return False
    return not parsed.day or parsed.as_date() is not None


def _decision(
    session: Session,
    kind: str,
    analyst: str,
    note: str | None,
    refs: list[tuple[Mention, str]],
    field: str | None = None,
    value: str | None = None,
) -> ReviewDecisionRow:
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
    return row


def _audit(
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


def correct_field(
    session: Session, ident: str, field: str, value: str, analyst: str, note: str | None = None
) -> Incident:
    """Set a field of an incident to the analyst's value ("" clears it)."""
    name = _field(field)
    incident = get_incident(session, ident)
    clean = validate_value(name, value)
    before = incident.value(name)
    refs = [(m, "anchor") for m in incident.mentions]
    made = _decision(session, decisions.CORRECT, analyst, note, refs, str(name), clean)
    refresh_incident(session, incident.id, _now())
    _audit(
        session,
        analyst,
        "correct",
        incident.id,
        field=str(name),
        before=before,
        after=clean or None,
        decision=made,
        note=note,
    )
    return load_incident(session, incident.id)


def revert_field(
    session: Session, ident: str, field: str, analyst: str, note: str | None = None
) -> Incident:
    """Drop the analyst's corrections of a field: the extracted value is shown again."""
    name = _field(field)
    incident = get_incident(session, ident)
    found = [
        d
        for d in decisions.active_decisions(
            session, [decisions.CORRECT], (m.id for m in incident.mentions)
        )
        if d.field == str(name)
    ]
    if not found:
        raise UsageError(f"{name} of incident {incident.id} has no correction to revert")
    before = incident.value(name)
    ids = decisions.deactivate(session, found)
    refresh_incident(session, incident.id, _now())
    after = load_incident(session, incident.id)
    _audit(
        session,
        analyst,
        "revert",
        incident.id,
        field=str(name),
        before=before,
        after=after.value(name),
        decisions=ids,
        note=note,
    )
    return after


def set_dismissed(
    session: Session, ident: str, dismissed: bool, analyst: str, note: str | None = None
) -> Incident:
    """Mark an incident "not an incident" (hidden from lists and exports), or restore it."""
    incident = get_incident(session, ident)
    current = decisions.active_decisions(
        session, [decisions.DISMISS], (m.id for m in incident.mentions)
    )
    if dismissed:
        if current:
            raise UsageError(f"incident {incident.id} is already marked not an incident")
        refs = [(m, "anchor") for m in incident.mentions]
        made = _decision(session, decisions.DISMISS, analyst, note, refs)
        _audit(
            session,
            analyst,
            "dismiss",
            incident.id,
            before="incident",
            after="not an incident",
            decision=made,
            note=note,
        )
    else:
        if not current:
            raise UsageError(f"incident {incident.id} is not marked not an incident")
        ids = decisions.deactivate(session, current)
        _audit(
            session,
            analyst,
            "restore",
            incident.id,
            before="not an incident",
            after="incident",
            decisions=ids,
            note=note,
        )
    return incident


def merge_incidents(
    session: Session, ident: str, other: str, analyst: str, note: str | None = None
) -> Incident:
    """Merge incident ``other`` into ``ident``: one incident with the reports of both."""
    first, second = get_incident(session, ident), get_incident(session, other)
    if first.id == second.id:
        raise UsageError(f"{ident!r} and {other!r} are the same incident; nothing to merge")
    refs = [(m, "member") for m in first.mentions + second.mentions]
    made = _decision(session, decisions.MERGE, analyst, note, refs)
    merged = _refuse(session, [first, second])
    result = next(i for i in merged if _holds(i, first.mentions[0]))
    _audit(
        session,
        analyst,
        "merge",
        first.id,
        before=f"{first.id} + {second.id}",
        after=result.id,
        decision=made,
        merged=[first.id, second.id],
        result=result.id,
        note=note,
    )
    return load_incident(session, result.id)


def split_mention(
    session: Session,
    ident: str,
    analyst: str,
    *,
    mention_id: str | None = None,
    doc_id: str | None = None,
    note: str | None = None,
) -> tuple[Incident, Incident]:
    """Move one mention (given by id, or by its document) out of an incident into its own.

    Returns (the incident it left, the new incident). Corrections and dismissals stay with the
    incident the mention left.
    """
    incident = get_incident(session, ident)
    if len(incident.mentions) < 2:
        raise UsageError(f"incident {incident.id} has one report only; nothing to split")
    moved = _pick_mention(incident, mention_id, doc_id)
    rest = [m for m in incident.mentions if m.id != moved.id]
    refs = [(moved, "moved")] + [(m, "from") for m in rest]
    made = _decision(session, decisions.SPLIT, analyst, note, refs)
    _keep_with(session, moved, rest[0])
    fused = _refuse(session, [incident])
    left = next(i for i in fused if _holds(i, rest[0]))
    alone = next(i for i in fused if _holds(i, moved))
    _audit(
        session,
        analyst,
        "split",
        incident.id,
        before=incident.id,
        after=f"{left.id} + {alone.id}",
        decision=made,
        mention=moved.id,
        doc=moved.doc_id,
        left=left.id,
        new=alone.id,
        note=note,
    )
    return load_incident(session, left.id), load_incident(session, alone.id)


def _pick_mention(incident: Incident, mention_id: str | None, doc_id: str | None) -> Mention:
    if mention_id:
        found = [m for m in incident.mentions if m.id.startswith(mention_id)]
    elif doc_id:
        found = [m for m in incident.mentions if m.doc_id == doc_id]
    else:
        raise UsageError("give the mention (or the document) to move out of the incident")
    if not found:
        raise UsageError(
            f"incident {incident.id} has no report {mention_id or doc_id!r}; "
            "see its mentions with GET /api/incidents/{id}"
        )
    if len(found) > 1:
        raise UsageError(f"{mention_id or doc_id!r} names several reports; give the mention id")
    return found[0]


def _keep_with(session: Session, moved: Mention, stay: Mention) -> None:
    """Corrections and dismissals anchored on ``moved`` stay with the incident it leaves."""
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


def _refuse(session: Session, old: list[Incident]) -> list[Incident]:
    """Fuse the mentions of ``old`` again, under the decisions, and store the result."""
    fused = decisions.regroup(session, fuse_mentions(m for i in old for m in i.mentions))
    _replace_incidents(session, old, fused, _now())
    return fused


def _holds(incident: Incident, mention: Mention) -> bool:
    return any(m.id == mention.id for m in incident.mentions)


def _field(field: str) -> FieldName:
    try:
        return FieldName(field)
    except ValueError:
        names = ", ".join(f.value for f in FieldName)
        raise UsageError(f"no field {field!r}; use one of {names}") from None


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
