"""Review endpoints: correct, revert, dismiss/restore, merge and split, each behind a token.

Every change needs ``Authorization: Bearer <token>``; a missing or wrong token is a 401 in the
app's one JSON error shape. Reads (the review state of an incident, the audit log) stay open.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from incidex.export.jsonl import incident_json
from incidex.fuse.review import (
    correct_field,
    merge_incidents,
    revert_field,
    set_dismissed,
    split_mention,
)
from incidex.models import Incident
from incidex.store import decisions
from incidex.store.database import Store
from incidex.store.repository import documents_of, get_incident
from incidex.store.review import audit_log

Analyst = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\w .@'-]+$")]
Note = Annotated[str | None, Field(max_length=1000)]
Ident = Annotated[str, Path(min_length=1, max_length=64)]


class Unauthorized(Exception):
    """A change was requested without the right bearer token."""


class Action(BaseModel):
    analyst: Analyst = "analyst"
    note: Note = None


class Correction(Action):
    value: Annotated[str, Field(max_length=2000)]


class Status(Action):
    not_incident: bool


class Merge(Action):
    other: Annotated[str, Field(min_length=1, max_length=64)]


class Split(Action):
    mention_id: Annotated[str | None, Field(min_length=4, max_length=64)] = None
    doc_id: Annotated[str | None, Field(min_length=1, max_length=255)] = None


UNAUTHORIZED = (
    "this change needs the workbench token: send 'Authorization: Bearer <token>' "
    "(incidex serve prints it; set INCIDEX_TOKEN to choose it)"
)


def token_ok(authorization: str | None, token: str) -> bool:
    """Whether an Authorization header value is ``Bearer <token>`` (compared in constant time)."""
    scheme, _, given = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(
        given.strip().encode(), token.encode()
    )


def token_check(token: str) -> Callable[[str | None], None]:
    """A dependency that accepts only ``Authorization: Bearer <token>``.

    The app's ``RequestGuard`` middleware checks the same before a change's body is read; this
    keeps each route safe on its own."""

    def check(authorization: Annotated[str | None, Header()] = None) -> None:
        if not token_ok(authorization, token):
            raise Unauthorized(UNAUTHORIZED)

    return check


def router(store: Store, token: str) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["review"])
    guarded = [Depends(token_check(token))]

    def result(session: Session, incident: Incident, **more: Incident) -> dict[str, Any]:
        docs = documents_of(session, [incident, *more.values()])
        body = {"incident": incident_json(incident, docs)}
        body.update({k: incident_json(v, docs) for k, v in more.items()})
        return body

    @api.put(
        "/incidents/{ident}/fields/{field}",
        dependencies=guarded,
        summary="Correct one field of an incident (an empty value clears it)",
    )
    def correct(ident: Ident, field: Ident, body: Correction) -> dict[str, Any]:
        with store.session() as s:
            found = correct_field(s, ident, field, body.value, body.analyst, body.note)
            return result(s, found)

    @api.post(
        "/incidents/{ident}/fields/{field}/revert",
        dependencies=guarded,
        summary="Drop the corrections of a field: show the extracted value again",
    )
    def revert(ident: Ident, field: Ident, body: Action) -> dict[str, Any]:
        with store.session() as s:
            return result(s, revert_field(s, ident, field, body.analyst, body.note))

    @api.put(
        "/incidents/{ident}/status",
        dependencies=guarded,
        summary='Mark an incident "not an incident" (hidden from lists and exports) or restore it',
    )
    def status(ident: Ident, body: Status) -> dict[str, Any]:
        with store.session() as s:
            found = set_dismissed(s, ident, body.not_incident, body.analyst, body.note)
            return result(s, found)

    @api.post(
        "/incidents/{ident}/merge",
        dependencies=guarded,
        summary="Merge another incident into this one",
    )
    def merge(ident: Ident, body: Merge) -> dict[str, Any]:
        with store.session() as s:
            return result(s, merge_incidents(s, ident, body.other, body.analyst, body.note))

    @api.post(
        "/incidents/{ident}/split",
        dependencies=guarded,
        summary="Move one report (mention, or the mention of a document) into its own incident",
    )
    def split(ident: Ident, body: Split) -> dict[str, Any]:
        with store.session() as s:
            left, alone = split_mention(
                s,
                ident,
                body.analyst,
                mention_id=body.mention_id,
                doc_id=body.doc_id,
                note=body.note,
            )
            return result(s, left, new=alone)

    @api.get("/incidents/{ident}/review", summary="Corrections, status and history of an incident")
    def review(ident: Ident) -> dict[str, Any]:
        with store.snapshot() as s:
            incident = get_incident(s, ident)
            corrected = decisions.corrections(s, incident)
            dismissed = decisions.dismissal(s, incident)
            history = audit_log(s, incident.id)
            return {
                "id": incident.id,
                "not_incident": dismissed is not None,
                "corrections": {
                    str(name): {
                        "value": d.value,
                        "analyst": d.analyst,
                        "at": d.created_at.isoformat(timespec="seconds") + "Z",
                        "note": d.note,
                    }
                    for name, d in corrected.items()
                },
                "history": [e.as_json() for e in history],
            }

    @api.get("/audit", summary="The review audit log, newest first")
    def audit(limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict[str, Any]]:
        with store.snapshot() as s:
            return [e.as_json() for e in audit_log(s, limit=limit)]

    return api
