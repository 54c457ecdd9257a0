"""Analyst review: correct a field, mark "not an incident", merge two incidents, split one.

Each action validates the request, records a decision keyed on the mentions involved
(``store.review``, ``store.decisions``), has the fusion service rewrite the incidents it changes
at once (``fuse.service``), and appends one row to the audit log (who, when, action, incident,
field, before, after, details). The review API calls these functions (the workbench's forms call
the API). Every function runs in the caller's transaction and raises ``UsageError`` or
``NotFoundError`` for requests that cannot be carried out.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from incidex.dates import PartialDate
from incidex.errors import UsageError
from incidex.fuse.service import FusionService
from incidex.models import NUMERIC_FIELDS, FieldName, Incident, Mention
from incidex.store import decisions
from incidex.store.repository import get_incident, load_incident
from incidex.store.review import move_anchors, record_audit, record_decision

MAX_VALUE = 2000
COUNTS = frozenset({FieldName.NKILL, FieldName.NWOUND, FieldName.NPERPS, FieldName.NPERPCAP})


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


def correct_field(
    session: Session, ident: str, field: str, value: str, analyst: str, note: str | None = None
) -> Incident:
    """Set a field of an incident to the analyst's value ("" clears it)."""
    name = _field(field)
    incident = get_incident(session, ident)
    clean = validate_value(name, value)
    before = incident.value(name)
    refs = [(m, "anchor") for m in incident.mentions]
    made = record_decision(session, decisions.CORRECT, analyst, note, refs, str(name), clean)
    FusionService(session).rewrite(incident.id)
    record_audit(
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
    FusionService(session).rewrite(incident.id)
    after = load_incident(session, incident.id)
    record_audit(
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
        made = record_decision(session, decisions.DISMISS, analyst, note, refs)
        record_audit(
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
        record_audit(
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
    made = record_decision(session, decisions.MERGE, analyst, note, refs)
    merged = FusionService(session).refuse(m.id for m in first.mentions + second.mentions)
    result = next(i for i in merged if _holds(i, first.mentions[0]))
    record_audit(
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
    made = record_decision(session, decisions.SPLIT, analyst, note, refs)
    move_anchors(session, moved, rest[0])
    fused = FusionService(session).refuse(m.id for m in incident.mentions)
    left = next(i for i in fused if _holds(i, rest[0]))
    alone = next(i for i in fused if _holds(i, moved))
    record_audit(
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


def _holds(incident: Incident, mention: Mention) -> bool:
    return any(m.id == mention.id for m in incident.mentions)


def _field(field: str) -> FieldName:
    try:
        return FieldName(field)
    except ValueError:
        names = ", ".join(f.value for f in FieldName)
        raise UsageError(f"no field {field!r}; use one of {names}") from None
