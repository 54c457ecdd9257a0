"""What the actor pages show (the list, one actor with its ties drawn as a graph) and the
attribution statements grouped by stance, shared with the incident page.

Evidence sentences are untrusted article text: they become ``Markup`` only through
``render.highlight`` / ``render.excerpt``, which escape every piece.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from incidex.kb import lexicon
from incidex.kb.attribution import by_stance
from incidex.models import Document, Statement
from incidex.store.actors import ActorDetail, ActorSummary, actor_detail, list_actors
from incidex.store.convert import document_from_row
from incidex.store.repository import get_documents
from incidex.store.schema import ActorAliasRow, ActorRow
from incidex.web import graph
from incidex.web.render import excerpt, highlight


@dataclass(slots=True)
class StatementView:
    """One statement: ``source`` ``stance`` ``target``, with its evidence excerpt."""

    source: str
    stance: str
    target: str | None
    doc_id: str
    doc_title: str
    excerpt: Markup
    start: int
    end: int
    reported: date | None
    role: str = ""  # on an actor page: "made", "received" or "made and received"


def statement_views(
    statements: Iterable[Statement], docs: dict[str, Document], actor: str | None = None
) -> dict[str, list[StatementView]]:
    """Statements grouped by stance (claims, confirms, blames, suspects, denies), excerpts
    highlighted in their document when it is at hand, else in the stored sentence."""
    out: dict[str, list[StatementView]] = {}
    for stance, group in by_stance(statements).items():
        for s in group:
            ev = s.evidence
            doc = docs.get(ev.doc_id)
            if doc is not None and 0 <= ev.start < ev.end <= len(doc.text):
                shown = excerpt(doc.text, ev.start, ev.end, ev.sentence)
            else:
                shown = highlight(ev.sentence, 0, 0)
            role = ""
            if actor is not None:
                made, received = s.source == actor, s.target == actor
                role = "made and received" if made and received else "made" if made else "received"
            out.setdefault(stance, []).append(
                StatementView(
                    s.source,
                    stance,
                    s.target,
                    ev.doc_id,
                    (doc.title if doc else None) or ev.doc_id,
                    shown,
                    ev.start,
                    ev.end,
                    s.reported,
                    role,
                )
            )
    return out


@dataclass(slots=True)
class ActorListPage:
    actors: list[ActorSummary]
    q: str
    kind: str
    everyone: bool


def actor_list(session: Session, q: str, kind: str, everyone: bool) -> ActorListPage:
    """The actors, narrowed to those with a name or alias containing ``q``."""
    found = list_actors(session, kind or None, everyone or bool(q))
    if q:
        key = lexicon.normalize(q)
        ids = set(
            session.scalars(
                select(ActorAliasRow.actor_id).where(
                    ActorAliasRow.alias_key.contains(key, autoescape=True)
                )
            )
        ) | set(
            session.scalars(select(ActorRow.id).where(ActorRow.name.icontains(q, autoescape=True)))
        )
        found = [a for a in found if a.id in ids]
        if not everyone:  # a search reaches the whole gazetteer, the ones spoken of first
            found.sort(key=lambda a: (not (a.incidents or a.statements or a.relations), a.name))
    return ActorListPage(found, q, kind, everyone)


@dataclass(slots=True)
class AliasView:
    alias: str
    source: str  # gazetteer|text
    doc_id: str | None
    doc_title: str | None
    evidence: Markup | None
    rule: str | None


@dataclass(slots=True)
class RelationView:
    kind: str
    other: str
    direction: str
    doc_id: str
    doc_title: str
    evidence: Markup
    when: date | None


@dataclass(slots=True)
class ActorPage:
    actor: ActorDetail
    aliases: list[AliasView]
    relations: list[RelationView]
    graph: graph.Graph | None
    statements: dict[str, list[StatementView]] = field(default_factory=dict)


def _mark(sentence: str, words: str) -> Markup:
    """The sentence escaped, with ``words`` (any case) highlighted where it occurs."""
    at = sentence.lower().find(words.lower()) if words else -1
    return highlight(sentence, at, at + len(words)) if at >= 0 else highlight(sentence, 0, 0)


def actor_page(session: Session, name: str) -> ActorPage:
    """One actor (found by any alias) with evidence for every alias, tie and statement."""
    detail = actor_detail(session, name)
    doc_ids = {a.doc_id for a in detail.aliases if a.doc_id}
    doc_ids |= {r.doc_id for r in detail.relations}
    doc_ids |= {s.evidence.doc_id for s in detail.statements}
    docs = {k: document_from_row(r) for k, r in get_documents(session, sorted(doc_ids)).items()}

    def title(doc_id: str | None) -> str | None:
        doc = docs.get(doc_id) if doc_id else None
        return (doc.title if doc else None) or doc_id

    aliases = [
        AliasView(
            a.alias,
            a.source,
            a.doc_id,
            title(a.doc_id),
            _mark(a.sentence, a.alias) if a.sentence else None,
            a.rule,
        )
        for a in detail.aliases
    ]
    relations = [
        RelationView(
            r.kind, r.other, r.direction, r.doc_id, title(r.doc_id) or r.doc_id,
            _mark(r.sentence, r.other), r.when,
        )
        for r in detail.relations
    ]  # fmt: skip
    ties: dict[str, list[str]] = {}
    for r in detail.relations:
        if r.other != detail.name:
            ties.setdefault(r.other, []).append(r.kind)
    if detail.parent and detail.parent != detail.name:
        ties.setdefault(detail.parent, []).append("parent (branch-of)")
    for branch in detail.branches:
        ties.setdefault(branch, []).append("branch (branch-of)")
    return ActorPage(
        actor=detail,
        aliases=aliases,
        relations=relations,
        graph=graph.layout(detail.name, ties),
        statements=statement_views(detail.statements, docs, detail.name),
    )
