"""Writes of the actor knowledge base: the gazetteer (loaded again whenever it changes) and what
each document teaches (aliases, people, relations), keyed on content hashes so a rerun writes
nothing twice. Learned rows belong to their document and go with it.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from sqlalchemy import delete, exists, insert, select
from sqlalchemy.orm import Session

from incidex.kb import lexicon
from incidex.kb.learn import learn_document, person_key
from incidex.kb.lexicon import PERSON
from incidex.models import ActorAlias, Document, content_hash
from incidex.store.schema import ActorAliasRow, ActorRelationRow, ActorRow, KbMetaRow

GAZETTEER = "gazetteer"


def actor_id(name: str, kind: str) -> str:
    """The id of an actor: a person by surname and initial (spellings meet), others by name."""
    if kind == PERSON:
        return content_hash("person", person_key(name))
    return content_hash("actor", name)


@cache
def _gazetteer_version() -> str:
    parts = [
        f"{e.name}|{e.kind}|{e.parent or ''}|{'|'.join(e.aliases)}"
        for e in lexicon.entries().values()
    ]
    return content_hash(*sorted(parts), length=32)


def sync_gazetteer(session: Session) -> None:
    """Load the gazetteer's actors and aliases when the store holds another version of it."""
    version = _gazetteer_version()
    meta = session.get(KbMetaRow, GAZETTEER)
    if meta is not None and meta.value == version:
        return
    session.execute(delete(ActorAliasRow).where(ActorAliasRow.source == GAZETTEER))
    known = set(session.scalars(select(ActorRow.id)))
    actors, aliases = [], []
    for entry in lexicon.entries().values():
        ident = actor_id(entry.name, entry.kind)
        row = {
            "id": ident,
            "name": entry.name,
            "kind": entry.kind,
            "parent": entry.parent,
            "origin": GAZETTEER,
        }
        if ident in known:
            session.merge(ActorRow(**row))
        else:
            actors.append(row)
            known.add(ident)
        for alias in {entry.name, *entry.aliases}:
            aliases.append(
                {
                    "id": content_hash("alias", ident, alias),
                    "actor_id": ident,
                    "alias": alias,
                    "alias_key": lexicon.normalize(alias),
                    "source": GAZETTEER,
                    "is_name": alias == entry.name,
                }
            )
    if actors:
        session.execute(insert(ActorRow), actors)
    unique = {a["id"]: a for a in aliases}
    session.execute(insert(ActorAliasRow), list(unique.values()))
    set_meta(session, GAZETTEER, version)
    if meta is not None:
        session.expire(meta)  # read before the upsert
    session.flush()


def set_meta(session: Session, key: str, value: str) -> None:
    """Set a ``kb_meta`` value: one upsert, so two writers setting it never collide on the key
    (SQLite, PostgreSQL, MySQL; another database: a merge, which its own locking orders)."""
    dialect = session.get_bind().dialect.name
    values = {"key": key, "value": value}
    if dialect in ("sqlite", "postgresql"):
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        make = sqlite_insert if dialect == "sqlite" else pg_insert
        stmt = make(KbMetaRow).values(values)
        session.execute(
            stmt.on_conflict_do_update(index_elements=[KbMetaRow.key], set_={"value": value})
        )
    elif dialect in ("mysql", "mariadb"):
        from sqlalchemy.dialects.mysql import insert as mysql_insert

        session.execute(mysql_insert(KbMetaRow).values(values).on_duplicate_key_update(value=value))
    else:
        session.merge(KbMetaRow(**values))


def _ensure_actor(session: Session, name: str, kind: str) -> str:
    ident = actor_id(name, kind)
    if session.get(ActorRow, ident) is None:
        session.add(ActorRow(id=ident, name=name, kind=kind, parent=None, origin="text"))
        session.flush()
    return ident


def save_document_knowledge(session: Session, doc: Document) -> None:
    """Store the aliases, people and relations ``doc`` states (once: ids are content hashes)."""
    learned = learn_document(doc)
    people: set[str] = set()
    for alias in learned.aliases:
        ident = _ensure_actor(session, alias.actor, alias.kind)
        if alias.kind == PERSON:
            people.add(ident)
        _save_alias(session, ident, alias)
    for rel in learned.relations:
        source = _ensure_actor(session, rel.source, rel.source_kind)
        target = _ensure_actor(session, rel.target, rel.target_kind)
        if session.get(ActorRelationRow, rel.id) is not None:
            continue
        ev = rel.evidence
        session.add(
            ActorRelationRow(
                id=rel.id,
                source_id=source,
                kind=rel.kind,
                target_id=target,
                doc_id=ev.doc_id,
                start=ev.start,
                end=ev.end,
                sentence=ev.sentence,
                rule=ev.rule,
                date=rel.when,
            )
        )
    session.flush()
    for ident in people:
        _rename(session, ident)


def _save_alias(session: Session, ident: str, alias: ActorAlias) -> None:
    ev = alias.evidence
    key = content_hash(
        "alias", ident, alias.alias, ev.doc_id if ev else "", str(ev.start if ev else "")
    )
    if session.get(ActorAliasRow, key) is not None:
        return
    session.add(
        ActorAliasRow(
            id=key,
            actor_id=ident,
            alias=alias.alias,
            alias_key=lexicon.normalize(alias.alias),
            source="text",
            is_name=alias.alias == alias.actor,
            doc_id=ev.doc_id if ev else None,
            start=ev.start if ev else None,
            end=ev.end if ev else None,
            sentence=ev.sentence if ev else None,
            rule=ev.rule if ev else None,
        )
    )


def _rename(session: Session, ident: str) -> None:
    """A learned actor is called by its most reported own name (then the shortest, then A-Z), so
    the name does not depend on the order documents arrived in."""
    names = session.scalars(
        select(ActorAliasRow.alias).where(
            ActorAliasRow.actor_id == ident, ActorAliasRow.is_name.is_(True)
        )
    ).all()
    row = session.get(ActorRow, ident)
    if row is None or not names:
        return
    counts = Counter(names)
    row.name = min(counts, key=lambda n: (-counts[n], len(n), n))


def prune(session: Session) -> None:
    """Drop learned actors no document names any more, and rename the rest."""
    orphan = ~exists().where(ActorAliasRow.actor_id == ActorRow.id)
    unrelated = ~exists().where(
        (ActorRelationRow.source_id == ActorRow.id) | (ActorRelationRow.target_id == ActorRow.id)
    )
    session.execute(delete(ActorRow).where(ActorRow.origin == "text", orphan, unrelated))
    for ident in session.scalars(select(ActorRow.id).where(ActorRow.origin == "text")):
        _rename(session, ident)
    session.flush()
