"""Reads and writes of the store: documents and their mentions, incidents as the fusion service
hands them over (``replace_incidents``), and the queries it asks (``comparable_mentions``,
``incident_members``). The store persists; it does not fuse. Everything runs in the caller's
transaction (one per document on ingest), so a crash leaves either all of a write or none.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func, insert, select, union, update
from sqlalchemy.orm import Session, selectinload

from incidex.blocking import BlockKey
from incidex.errors import NotFoundError, UsageError
from incidex.kb.attribution import contested
from incidex.models import Document, FieldName, FieldValue, Incident, Mention
from incidex.store import decisions, knowledge
from incidex.store.convert import (
    document_from_row,
    document_row,
    incident_from_row,
    mention_from_row,
    mention_row,
)
from incidex.store.database import lock_knowledge
from incidex.store.eventids import EVENTID, UNDATED, EventIds, date_key
from incidex.store.listing import SORTS as SORTS
from incidex.store.listing import IncidentFilter as IncidentFilter
from incidex.store.listing import count_incidents as count_incidents
from incidex.store.listing import facets as facets
from incidex.store.listing import incident_ids as incident_ids
from incidex.store.listing import incident_pages as incident_pages
from incidex.store.listing import incident_query
from incidex.store.listing import list_incidents as list_incidents
from incidex.store.listing import list_page as list_page
from incidex.store.schema import (
    DocumentRow,
    FieldValueRow,
    IncidentDocumentRow,
    IncidentExtractedValueRow,
    IncidentRedirectRow,
    IncidentRow,
    IncidentValueRow,
    MentionRow,
)
from incidex.store.search import like_escape


class DocStatus(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"  # same id, same content
    DUPLICATE = "duplicate"  # another id, same content
    CHANGED = "changed"  # same id, new content


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def document_status(session: Session, doc: Document) -> tuple[DocStatus, str | None]:
    """Whether ``doc`` is already stored, under its id or, with the same content, another id."""
    stored_hash = session.scalar(select(DocumentRow.content_hash).where(DocumentRow.id == doc.id))
    if stored_hash == doc.hash:
        return DocStatus.UNCHANGED, doc.id
    if stored_hash is not None:
        return DocStatus.CHANGED, doc.id
    other = session.scalar(
        select(DocumentRow.id).where(DocumentRow.content_hash == doc.hash).limit(1)
    )
    if other is not None:
        return DocStatus.DUPLICATE, other
    return DocStatus.NEW, None


def documents_status(
    session: Session, docs: Sequence[Document]
) -> list[tuple[DocStatus, str | None]]:
    """``document_status`` of each of ``docs`` (two queries for all: a shard of an ingest)."""
    stored: dict[str, str] = {}
    holders: dict[str, str] = {}  # content hash -> the first stored id with it
    ids = sorted({d.id for d in docs})
    hashes = sorted({d.hash for d in docs})
    for chunk in _chunks(ids):
        rows = session.execute(
            select(DocumentRow.id, DocumentRow.content_hash).where(DocumentRow.id.in_(chunk))
        )
        stored.update((ident, digest) for ident, digest in rows)
    for chunk in _chunks(hashes):
        rows = session.execute(
            select(DocumentRow.content_hash, func.min(DocumentRow.id))
            .where(DocumentRow.content_hash.in_(chunk))
            .group_by(DocumentRow.content_hash)
        )
        holders.update((digest, ident) for digest, ident in rows)
    found: list[tuple[DocStatus, str | None]] = []
    for doc in docs:
        digest = stored.get(doc.id)
        if digest == doc.hash:
            found.append((DocStatus.UNCHANGED, doc.id))
        elif digest is not None:
            found.append((DocStatus.CHANGED, doc.id))
        elif doc.hash in holders:
            found.append((DocStatus.DUPLICATE, holders[doc.hash]))
        else:
            found.append((DocStatus.NEW, None))
    return found


def remove_document(session: Session, doc_id: str) -> None:
    """Delete a stored document with its mentions and what it taught the knowledge base.

    The incidents its mentions were in keep their rows until the fusion service re-fuses what
    is left of them (``fuse.service.FusionService.remove_document``)."""
    row = session.get(DocumentRow, doc_id)
    if row is not None:
        session.delete(row)
        session.flush()
        knowledge.prune(session)


def add_document(
    session: Session,
    doc: Document,
    mentions: Sequence[Mention],
    *,
    changed: bool = False,
    teach: bool = True,
) -> None:
    """Store a document and its mentions, not yet in any incident (the fusion service persists
    the incidents next), and what it teaches the knowledge base (unless ``teach`` is False: the
    caller then calls ``add_knowledge`` itself, last). ``changed``: the document replaces a
    stored version, whose review decisions follow its mentions by position."""
    session.add(document_row(doc, _now()))
    session.flush()
    if teach:
        add_knowledge(session, doc)
    if changed:
        decisions.reanchor(session, doc.id, mentions)
    session.add_all([mention_row(m) for m in mentions])
    session.flush()


def add_knowledge(session: Session, doc: Document) -> None:
    """Store what a stored document teaches the knowledge base (the gazetteer loaded first if
    the store holds another version of it). In a save under the narrow locks this takes the
    knowledge lock (``database.lock_knowledge``), held to the commit: call it last."""
    lock_knowledge(session)
    knowledge.sync_gazetteer(session)
    knowledge.save_document_knowledge(session, doc)


def document_mentions(session: Session, doc_id: str) -> list[Mention]:
    """A stored document's mentions, in document order."""
    rows = session.scalars(
        select(MentionRow)
        .where(MentionRow.doc_id == doc_id)
        .options(
            selectinload(MentionRow.values),
            selectinload(MentionRow.statements),
            selectinload(MentionRow.roles),
        )
        .order_by(MentionRow.position)
    )
    return [mention_from_row(r) for r in rows]


def load_mentions(
    session: Session, ids: Collection[str], *, statements: bool = True
) -> dict[str, Mention]:
    """Stored mentions by id, with their reported values (and statements and roles, unless not
    needed: fusion's comparisons read none). Ids not stored are left out."""
    found: dict[str, Mention] = {}
    wanted = sorted(set(ids))
    options = [selectinload(MentionRow.values)]
    if statements:
        options += [selectinload(MentionRow.statements), selectinload(MentionRow.roles)]
    for chunk in _chunks(wanted):
        rows = session.scalars(select(MentionRow).where(MentionRow.id.in_(chunk)).options(*options))
        for row in rows:
            found[row.id] = mention_from_row(row, statements=statements, roles=statements)
    return found


MAX_BRANCHES = 200


def comparable_mentions(
    session: Session, keys: Iterable[BlockKey], days: int, exclude: Collection[str] = ()
) -> set[str]:
    """Ids of the stored mentions, fused ones only (not ``--no-fuse``), of the country of a key
    with a date comparable to its date: for a day-precise key, a day at most ``days`` apart or
    a coarse date of its year; for a coarse key, any date of its year. One query of indexed
    range scans (``ix_mentions_country_day``, ``ix_mentions_country_date``)."""
    days_of: set[tuple[str, int]] = set()  # (country, day): the days around it
    years_of: dict[tuple[str, str, str], bool] = {}  # (country, year range): coarse dates only
    for key in keys:
        year = (key.country, *key.year_range())
        if key.day is None:
            years_of[year] = False
        else:
            days_of.add((key.country, key.day))
            years_of.setdefault(year, True)
    fused = select(MentionRow.id).where(MentionRow.fuse)
    branches = [
        fused.where(MentionRow.country == c, MentionRow.day.between(d - days, d + days))
        for c, d in sorted(days_of)
    ]
    for (country, lo, hi), coarse_only in sorted(years_of.items()):
        branch = fused.where(MentionRow.country == country, MentionRow.date >= lo)
        branch = branch.where(MentionRow.date < hi)
        branches.append(branch.where(MentionRow.day.is_(None)) if coarse_only else branch)
    found: set[str] = set()
    for first in range(0, len(branches), MAX_BRANCHES):  # SQLite compounds at most 500 selects
        part = branches[first : first + MAX_BRANCHES]
        found.update(session.scalars(union(*part) if len(part) > 1 else part[0]))
    return found - set(exclude)


def incident_members(session: Session, mention_ids: Collection[str]) -> dict[str, list[str]]:
    """The incidents holding any of ``mention_ids``, each with all its mention ids (in document
    order)."""
    members: dict[str, list[str]] = {}
    for chunk in _chunks(sorted(set(mention_ids))):
        held = select(MentionRow.incident_id).where(
            MentionRow.id.in_(chunk), MentionRow.incident_id.is_not(None)
        )
        rows = session.execute(
            select(MentionRow.incident_id, MentionRow.id)
            .where(MentionRow.incident_id.in_(held))
            .order_by(MentionRow.doc_id, MentionRow.position)
        )
        for incident_id_, mention_id in rows:
            if incident_id_ is not None:
                found = members.setdefault(incident_id_, [])
                if mention_id not in found:
                    found.append(mention_id)
    return members


def _chunks(items: Sequence[str], size: int = 5000) -> Iterator[Sequence[str]]:
    for first in range(0, len(items), size):
        yield items[first : first + size]


def replace_incidents(
    session: Session, retired: Collection[str], incidents: Sequence[Incident]
) -> None:
    """Persist ``incidents`` (finished by the fusion service) in place of the incidents
    ``retired``, which are deleted.

    Each incident's mentions are pointed at it and its values, extracted values and documents
    rewritten. A retired id is redirected to the incident that now holds its first remaining
    mention (in document order), so ids users have seen keep working (``get_incident``); one
    left without mentions is dropped with the redirects to it.
    """
    now = _now()
    retired = set(retired) - {i.id for i in incidents}
    first_left: dict[str, str] = {}
    if retired:
        for incident_id_, mention_id in session.execute(
            select(MentionRow.incident_id, MentionRow.id)
            .where(MentionRow.incident_id.in_(list(retired)))
            .order_by(MentionRow.doc_id, MentionRow.position)
        ):
            if incident_id_ is not None:
                first_left.setdefault(incident_id_, mention_id)
    known = set(
        session.scalars(select(IncidentRow.id).where(IncidentRow.id.in_([i.id for i in incidents])))
    )
    fresh = [i for i in incidents if i.id not in known]
    if fresh:
        session.execute(
            insert(IncidentRow),
            [{"id": i.id, "created_at": now, "updated_at": now} for i in fresh],
        )
        # An id that comes back (its first report re-keys it again) is no longer retired.
        session.execute(
            delete(IncidentRedirectRow).where(IncidentRedirectRow.old_id.in_([i.id for i in fresh]))
        )
    for incident in incidents:
        session.execute(
            update(MentionRow)
            .where(MentionRow.id.in_([m.id for m in incident.mentions]))
            .values(incident_id=incident.id, link_to=None, link_score=None, link_reasons=None)
        )
        for mention_id, link in sorted(incident.links.items()):
            session.execute(
                update(MentionRow)
                .where(MentionRow.id == mention_id)
                .values(
                    link_to=link.mention_id,
                    link_score=link.score,
                    link_reasons="; ".join(link.reasons),
                )
            )
    holder = (
        {
            mention_id: incident_id_
            for mention_id, incident_id_ in session.execute(
                select(MentionRow.id, MentionRow.incident_id).where(
                    MentionRow.id.in_(list(first_left.values()))
                )
            )
        }
        if first_left
        else {}
    )
    for old_id in sorted(retired):
        new_id = holder.get(first_left.get(old_id, ""))
        if new_id is None or new_id in retired:  # its reports are gone
            session.execute(delete(IncidentRedirectRow).where(IncidentRedirectRow.new_id == old_id))
            continue
        session.execute(
            update(IncidentRedirectRow)
            .where(IncidentRedirectRow.new_id == old_id)
            .values(new_id=new_id)
        )
        session.merge(IncidentRedirectRow(old_id=old_id, new_id=new_id))
    if retired:
        session.execute(delete(IncidentRow).where(IncidentRow.id.in_(list(retired))))
    session.flush()
    session.expire_all()
    for incident in incidents:
        _write_incident(session, incident, now)
    if decisions.any_active(session, decisions.DISMISS):  # else every row is False already
        decisions.sync_dismissed(session, [i.id for i in incidents])


def _write_incident(session: Session, incident: Incident, now: datetime) -> None:
    """Write an incident's values in force and, for corrected fields, the values extraction
    chose (each pointing at the report it came from), its documents and list columns."""
    row = session.get(IncidentRow, incident.id)
    assert row is not None
    sources = {
        (doc_id, field, value, start, end): ident
        for ident, doc_id, field, value, start, end in session.execute(
            select(
                FieldValueRow.id,
                FieldValueRow.doc_id,
                FieldValueRow.field,
                FieldValueRow.value,
                FieldValueRow.start,
                FieldValueRow.end,
            )
            .join(MentionRow, FieldValueRow.mention_id == MentionRow.id)
            .where(MentionRow.incident_id == row.id)
        )
    }
    for table in (IncidentValueRow, IncidentExtractedValueRow, IncidentDocumentRow):
        session.execute(delete(table).where(table.incident_id == row.id))
    for table, chosen in (
        (IncidentValueRow, incident.values),
        (IncidentExtractedValueRow, incident.extracted),
    ):
        values = [_value_row(row.id, name, value, sources) for name, value in chosen.items()]
        if values:
            session.execute(insert(table), values)
    if incident.doc_ids:
        session.execute(
            insert(IncidentDocumentRow),
            [
                {"incident_id": row.id, "doc_id": d, "copy_of": incident.copies.get(d)}
                for d in incident.doc_ids
            ],
        )
    row.date = incident.value(FieldName.DATE)
    row.country = incident.value(FieldName.COUNTRY)
    row.provstate = incident.value(FieldName.PROVSTATE)
    row.city = incident.value(FieldName.CITY)
    row.attacktype = incident.value(FieldName.ATTACKTYPE)
    row.weaptype = incident.value(FieldName.WEAPTYPE)
    row.targtype = incident.value(FieldName.TARGTYPE)
    row.gname = incident.value(FieldName.GNAME)
    nkill, nwound = incident.values.get(FieldName.NKILL), incident.values.get(FieldName.NWOUND)
    row.nkill = nkill.number if nkill else None
    row.nwound = nwound.number if nwound else None
    row.primary = incident.primary
    row.contested = contested(incident.statements)
    qual = incident.qualification
    row.qualified = qual is None or qual.qualified
    row.updated_at = now
    session.flush()


def _value_row(
    incident_id_: str,
    name: FieldName,
    value: FieldValue,
    sources: dict[tuple[str, str, str, int | None, int | None], int],
) -> dict[str, Any]:
    ev = value.evidence
    return {
        "incident_id": incident_id_,
        "field": str(name),
        "value": value.value,
        "low": value.low,
        "high": value.high,
        "field_value_id": sources.get((ev.doc_id, str(name), value.value, ev.start, ev.end))
        if ev
        else None,
    }


def load_incident(session: Session, incident_id_: str) -> Incident:
    row = session.scalars(incident_query().where(IncidentRow.id == incident_id_)).one()
    return incident_from_row(row)


def get_incident(session: Session, ident: str) -> Incident:
    """An incident by id or unique id prefix."""
    if not ident.strip():
        raise UsageError("give an incident id; list them with: incidex incidents")
    if EVENTID.fullmatch(ident.strip()):  # a GTD eventid, as the exports number incidents
        found = EventIds(incident_dates(session)).incident_of(ident.strip())
        if found is not None:
            return load_incident(session, found)
    prefix = like_escape(ident.strip()) + "%"  # "%" or "_" in the id matches only itself
    ids = session.scalars(
        select(IncidentRow.id).where(IncidentRow.id.like(prefix, escape="\\")).limit(2)
    ).all()
    if not ids:  # an id from before a merge
        ids = session.scalars(
            select(IncidentRedirectRow.new_id)
            .where(IncidentRedirectRow.old_id.like(prefix, escape="\\"))
            .distinct()
            .limit(2)
        ).all()
    if not ids:
        raise NotFoundError(f"no incident {ident!r}; list them with: incidex incidents")
    if len(ids) > 1:
        raise UsageError(f"incident id {ident!r} is ambiguous; give more characters")
    return load_incident(session, ids[0])


MAX_DATES_LISTED = 500  # more dates than this: one scan beats a long IN list


def incident_dates(
    session: Session, of: Sequence[Incident] | None = None
) -> list[tuple[str, str | None]]:
    """(id, date) of every incident of the store, dismissed and unqualified ones included: what
    the GTD export numbers its eventids by, so a review decision renumbers nothing. With ``of``,
    only the incidents that share a date with one of them: all an eventid of theirs depends on
    (a page of the list need not read the whole store)."""
    stmt = select(IncidentRow.id, IncidentRow.date)
    if of is not None:
        values = {i.value(FieldName.DATE) for i in of}
        dated = all(v is not None and date_key(v) != UNDATED for v in values)
        if dated and len(values) <= MAX_DATES_LISTED:
            stmt = stmt.where(IncidentRow.date.in_(sorted(v for v in values if v is not None)))
    return [(i, d) for i, d in session.execute(stmt)]


def list_documents(session: Session) -> list[DocumentRow]:
    return list(session.scalars(select(DocumentRow).order_by(DocumentRow.id)))


def documents_of(session: Session, incidents: Sequence[Incident]) -> dict[str, Document]:
    """The documents (without their blocks) that support any of ``incidents``, by id."""
    ids = sorted({d for i in incidents for d in i.doc_ids})
    rows = get_documents(session, ids)
    return {k: document_from_row(v, with_blocks=False) for k, v in rows.items()}


def get_documents(session: Session, ids: Sequence[str]) -> dict[str, DocumentRow]:
    rows = session.scalars(select(DocumentRow).where(DocumentRow.id.in_(list(ids))))
    return {r.id: r for r in rows}


def count_rows(session: Session) -> dict[str, int]:
    return {
        "documents": session.scalar(select(func.count()).select_from(DocumentRow)) or 0,
        "incidents": session.scalar(select(func.count()).select_from(IncidentRow)) or 0,
        "mentions": session.scalar(select(func.count()).select_from(MentionRow)) or 0,
        "field_values": session.scalar(select(func.count()).select_from(FieldValueRow)) or 0,
    }
