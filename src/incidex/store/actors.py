"""Reads of the actor knowledge base: list actors, resolve a name (any alias, any case, fuzzy),
and one actor with its aliases, parent and branches, incidents, relations and statements.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from incidex.errors import NotFoundError, UsageError
from incidex.kb import lexicon
from incidex.kb.attribution import statement_json
from incidex.models import Statement
from incidex.store.convert import statement_from_row
from incidex.store.knowledge import actor_id, sync_gazetteer
from incidex.store.schema import (
    ActorAliasRow,
    ActorRelationRow,
    ActorRow,
    IncidentRow,
    MentionRow,
    StatementRow,
)

FUZZY_CUTOFF = 88


@dataclass(slots=True)
class ActorSummary:
    id: str
    name: str
    kind: str
    parent: str | None
    aliases: int
    incidents: int
    statements: int
    relations: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "parent": self.parent,
            "aliases": self.aliases,
            "incidents": self.incidents,
            "statements": self.statements,
            "relations": self.relations,
        }


@dataclass(slots=True)
class AliasInfo:
    alias: str
    source: str  # gazetteer|text
    doc_id: str | None = None
    sentence: str | None = None
    rule: str | None = None


@dataclass(slots=True)
class RelationInfo:
    kind: str
    other: str  # the other actor's name
    direction: str  # "out" (this actor is the subject) or "in"
    doc_id: str
    sentence: str
    when: date | None


@dataclass(slots=True)
class ActorDetail:
    """One actor with everything the store knows about it."""

    id: str
    name: str
    kind: str
    parent: str | None
    branches: list[str] = field(default_factory=list)
    aliases: list[AliasInfo] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    relations: list[RelationInfo] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "parent": self.parent,
            "branches": self.branches,
            "aliases": [vars_of(a) for a in self.aliases],
            "incidents": self.incidents,
            "relations": [
                {**vars_of(r), "when": r.when.isoformat() if r.when else None}
                for r in self.relations
            ],
            "statements": [statement_json(s) for s in self.statements],
        }


def vars_of(obj: Any) -> dict[str, Any]:
    return {k: getattr(obj, k) for k in obj.__slots__}


def list_actors(
    session: Session, kind: str | None = None, everyone: bool = False
) -> list[ActorSummary]:
    """Actors, by name. Unless ``everyone``, only those the stored documents speak of."""
    sync_gazetteer(session)
    aliases = dict(
        session.execute(
            select(ActorAliasRow.actor_id, func.count()).group_by(ActorAliasRow.actor_id)
        ).all()
    )
    text = dict(
        session.execute(
            select(ActorAliasRow.actor_id, func.count())
            .where(ActorAliasRow.source == "text")
            .group_by(ActorAliasRow.actor_id)
        ).all()
    )
    incidents = dict(
        session.execute(select(IncidentRow.gname, func.count()).group_by(IncidentRow.gname)).all()
    )
    said: dict[str, int] = {}
    for source, target in session.execute(select(StatementRow.source, StatementRow.target)):
        said[source] = said.get(source, 0) + 1
        if target and target != source:
            said[target] = said.get(target, 0) + 1
    related: dict[str, int] = {}
    for s, t in session.execute(select(ActorRelationRow.source_id, ActorRelationRow.target_id)):
        related[s] = related.get(s, 0) + 1
        related[t] = related.get(t, 0) + 1
    stmt = select(ActorRow).order_by(ActorRow.name)
    if kind:
        stmt = stmt.where(ActorRow.kind == kind)
    out = []
    for row in session.scalars(stmt):
        summary = ActorSummary(
            row.id,
            row.name,
            row.kind,
            row.parent,
            aliases.get(row.id, 0),
            incidents.get(row.name, 0),
            said.get(row.name, 0),
            related.get(row.id, 0),
        )
        if (
            everyone
            or text.get(row.id)
            or summary.incidents
            or summary.statements
            or summary.relations
        ):
            out.append(summary)
    return out


def resolve_actor(session: Session, name: str) -> ActorRow:
    """The actor called ``name``: any alias, any case, the parts of "Name (ACRONYM)", the
    gazetteer's noisy spellings, else the closest alias (fuzzy)."""
    if not name.strip():
        raise UsageError("give an actor name; list them with: incidex actors")
    sync_gazetteer(session)
    key = lexicon.normalize(name)
    row = _by_key(session, key)
    if row is None:
        canonical = lexicon.resolve(name)
        if canonical:
            row = session.get(ActorRow, actor_id(canonical, lexicon.kind_of(canonical) or "group"))
    if row is None and len(key) >= 5:
        keys = list(session.scalars(select(ActorAliasRow.alias_key).distinct()))
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is not None:
            row = _by_key(session, best[0])
    if row is None:
        raise NotFoundError(
            f"no actor called {name!r} (not an alias of any known actor); "
            "list them with: incidex actors --all"
        )
    return row


def _by_key(session: Session, key: str) -> ActorRow | None:
    """The actor an alias key names; a canonical name first, then an alias learned from text,
    then a gazetteer alias, then a person's own name as written."""
    rows = session.execute(
        select(ActorAliasRow.actor_id, ActorAliasRow.source, ActorAliasRow.is_name).where(
            ActorAliasRow.alias_key == key
        )
    ).all()
    if not rows:
        return None

    def rank(r: Any) -> tuple[int, str]:
        order = {("gazetteer", True): 0, ("text", False): 1, ("gazetteer", False): 2}
        return order.get((r.source, bool(r.is_name)), 3), r.actor_id

    return session.get(ActorRow, min(rows, key=rank).actor_id)


def actor_detail(session: Session, name: str) -> ActorDetail:
    """Everything about the actor ``name`` resolves to."""
    row = resolve_actor(session, name)
    detail = ActorDetail(row.id, row.name, row.kind, row.parent)
    detail.branches = list(
        session.scalars(
            select(ActorRow.name).where(ActorRow.parent == row.name).order_by(ActorRow.name)
        )
    )
    for a in sorted(
        row.aliases, key=lambda a: (a.source != "gazetteer", a.alias.lower(), a.doc_id or "")
    ):
        if a.is_name and a.source == "gazetteer":
            continue
        detail.aliases.append(AliasInfo(a.alias, a.source, a.doc_id, a.sentence, a.rule))
    names = {row.name, *detail.branches}
    stated = (
        select(MentionRow.incident_id)
        .join(StatementRow, StatementRow.mention_id == MentionRow.id)
        .where(or_(StatementRow.source == row.name, StatementRow.target == row.name))
    )
    incidents = session.scalars(
        select(IncidentRow)
        .where(or_(IncidentRow.gname.in_(names), IncidentRow.id.in_(stated)))
        .order_by(IncidentRow.date.desc().nulls_last(), IncidentRow.id)
    )
    detail.incidents = [
        {
            "id": i.id,
            "date": i.date,
            "country": i.country,
            "city": i.city,
            "attacktype": i.attacktype,
            "gname": i.gname,
            "nkill": i.nkill,
            "contested": i.contested,
        }
        for i in incidents
    ]
    detail.relations = _relations(session, row)
    detail.statements = [
        statement_from_row(s)
        for s in session.scalars(
            select(StatementRow)
            .where(or_(StatementRow.source == row.name, StatementRow.target == row.name))
            .order_by(StatementRow.doc_id, StatementRow.start)
        )
    ]
    return detail


def _relations(session: Session, row: ActorRow) -> list[RelationInfo]:
    rels = session.scalars(
        select(ActorRelationRow)
        .where(or_(ActorRelationRow.source_id == row.id, ActorRelationRow.target_id == row.id))
        .order_by(ActorRelationRow.date, ActorRelationRow.doc_id, ActorRelationRow.start)
    ).all()
    others = _names(session, {r.source_id for r in rels} | {r.target_id for r in rels})
    return [
        RelationInfo(
            r.kind,
            others.get(r.target_id if r.source_id == row.id else r.source_id, "?"),
            "out" if r.source_id == row.id else "in",
            r.doc_id,
            r.sentence,
            r.date,
        )
        for r in rels
    ]


def _names(session: Session, ids: Iterable[str]) -> dict[str, str]:
    return dict(
        session.execute(select(ActorRow.id, ActorRow.name).where(ActorRow.id.in_(list(ids)))).all()
    )  # type: ignore[arg-type]
