"""Reads and writes of the store. Each document is written with its mentions and the incidents
they fuse into in the caller's transaction, so a crash leaves either all of it or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session

from incidex.errors import NotFoundError, UsageError
from incidex.fuse.dates import PartialDate
from incidex.fuse.fuser import fuse_mentions
from incidex.fuse.match import MAX_DAYS_APART, compare
from incidex.fuse.profile import build_profile
from incidex.fuse.reconcile import reconcile
from incidex.kb.attribution import contested
from incidex.models import Document, FieldName, Incident, Mention
from incidex.store import decisions, knowledge
from incidex.store.convert import document_from_row, document_row, incident_from_row, mention_row
from incidex.store.listing import SORTS as SORTS
from incidex.store.listing import IncidentFilter as IncidentFilter
from incidex.store.listing import count_incidents as count_incidents
from incidex.store.listing import incident_ids as incident_ids
from incidex.store.listing import incident_query
from incidex.store.listing import list_incidents as list_incidents
from incidex.store.listing import list_page as list_page
from incidex.store.schema import (
    DocumentRow,
    FieldValueRow,
    IncidentDocumentRow,
    IncidentRedirectRow,
    IncidentRow,
    IncidentValueRow,
    MentionRow,
)


class DocStatus(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"  # same id, same content
    DUPLICATE = "duplicate"  # another id, same content
    CHANGED = "changed"  # same id, new content


@dataclass(slots=True)
class SaveResult:
    incidents_new: set[str]
    incidents_updated: set[str]


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


def remove_document(session: Session, doc_id: str) -> set[str]:
    """Delete a stored document and its mentions; returns the incidents it supported."""
    affected = set(
        session.scalars(
            select(MentionRow.incident_id).where(
                MentionRow.doc_id == doc_id, MentionRow.incident_id.is_not(None)
            )
        )
    )
    row = session.get(DocumentRow, doc_id)
    if row is not None:
        session.delete(row)
        session.flush()
    return {i for i in affected if i}


def save_document(session: Session, doc: Document, mentions: Sequence[Mention]) -> SaveResult:
    """Store a document and its mentions, fusing each mention into a stored incident."""
    result = SaveResult(set(), set())
    status, _ = document_status(session, doc)
    now = _now()
    stale: set[str] = set()
    knowledge.sync_gazetteer(session)
    if status == DocStatus.CHANGED:
        stale = remove_document(session, doc.id)
        knowledge.prune(session)
        # Drop incidents left without reports before new mentions look for matches.
        stale = {i for i in stale if refresh_incident(session, i, now)}
    session.add(document_row(doc, now))
    session.flush()
    knowledge.save_document_knowledge(session, doc)
    if status == DocStatus.CHANGED:  # review decisions follow the re-extracted mentions
        decisions.reanchor(session, doc.id, mentions)
    for mention in mentions:
        for value in mention.values:
            value.reported = value.reported or doc.published
        session.add(mention_row(mention))
        session.flush()
        candidates = _with_merged(session, _candidates(session, mention), mention)
        pool = [m for c in candidates for m in c.mentions] + [mention]
        fused = decisions.regroup(session, fuse_mentions(pool))
        _replace_incidents(session, candidates, fused, now)
        for incident in fused:
            grew = len(incident.mentions) > 1 or incident.mentions[0].id != mention.id
            (result.incidents_updated if grew else result.incidents_new).add(incident.id)
    for stale_id in stale - result.incidents_new - result.incidents_updated:
        if refresh_incident(session, stale_id, now):
            result.incidents_updated.add(stale_id)
    result.incidents_updated -= result.incidents_new
    return result


def _replace_incidents(
    session: Session, old: list[Incident], incidents: list[Incident], now: datetime
) -> None:
    """Store the re-fused ``incidents`` in place of ``old``.

    An old id that disappears is redirected to the incident that now holds its first mention, so
    ids users have seen keep working (``get_incident``).
    """
    for incident in incidents:
        if session.get(IncidentRow, incident.id) is None:
            session.add(IncidentRow(id=incident.id, created_at=now, updated_at=now))
    session.flush()
    for incident in incidents:
        session.execute(
            update(MentionRow)
            .where(MentionRow.id.in_([m.id for m in incident.mentions]))
            .values(incident_id=incident.id)
        )
    holder = {m.id: i.id for i in incidents for m in i.mentions}
    gone = {o.id: holder[o.mentions[0].id] for o in old if o.id not in {i.id for i in incidents}}
    if gone:
        session.execute(delete(IncidentRow).where(IncidentRow.id.in_(list(gone))))
        for old_id, new_id in gone.items():
            session.execute(
                update(IncidentRedirectRow)
                .where(IncidentRedirectRow.new_id == old_id)
                .values(new_id=new_id)
            )
            session.merge(IncidentRedirectRow(old_id=old_id, new_id=new_id))
    session.expire_all()
    for incident in incidents:
        row = session.get(IncidentRow, incident.id)
        assert row is not None
        _write_incident(session, row, incident, now)


def _with_merged(session: Session, candidates: list[Incident], mention: Mention) -> list[Incident]:
    """The candidates plus the incidents an analyst merged with them (or with ``mention``)."""
    known = {c.id for c in candidates}
    tied = {m.id for c in candidates for m in c.mentions} | {mention.id}
    extra = sorted(decisions.linked_incident_ids(session, tied) - known)
    return candidates + [load_incident(session, i) for i in extra]


def _candidates(session: Session, mention: Mention) -> list[Incident]:
    """The stored incidents this mention could report (each scores a match).

    Candidates are blocked in SQL on the incidents table's indexed columns (same country; a date
    within the match window, or a coarser date that contains it) and exclude incidents already
    supported by the same document; only those few are loaded and scored.
    """
    country = mention.value(FieldName.COUNTRY)
    when = PartialDate.parse(mention.value(FieldName.DATE))
    if not country or when is None:
        return []
    stmt = select(IncidentRow.id).where(IncidentRow.country == country)
    coarse = [f"{when.year:04d}"] + ([f"{when.year:04d}-{when.month:02d}"] if when.month else [])
    day = when.as_date()
    if day is not None:
        window = timedelta(days=MAX_DAYS_APART)
        stmt = stmt.where(
            or_(
                IncidentRow.date.between((day - window).isoformat(), (day + window).isoformat()),
                IncidentRow.date.in_(coarse),
            )
        )
    else:
        stmt = stmt.where(IncidentRow.date.like(f"{coarse[-1]}%"))
    same_doc = exists().where(
        MentionRow.incident_id == IncidentRow.id, MentionRow.doc_id == mention.doc_id
    )
    ids = session.scalars(stmt.where(~same_doc).order_by(IncidentRow.id)).all()
    mine = build_profile(mention)
    loaded = (load_incident(session, i) for i in ids)
    return [c for c in loaded if any(compare(mine, build_profile(m)).links for m in c.mentions)]


def load_incident(session: Session, incident_id_: str) -> Incident:
    row = session.scalars(incident_query().where(IncidentRow.id == incident_id_)).one()
    return incident_from_row(row)


def refresh_incident(session: Session, incident_id_: str, now: datetime) -> bool:
    """Recompute an incident's chosen values from its mentions; delete it if none remain."""
    row = session.scalars(incident_query().where(IncidentRow.id == incident_id_)).one_or_none()
    if row is None:
        return False
    if not row.mentions:
        session.delete(row)
        session.flush()
        return False
    _write_incident(session, row, reconcile(incident_from_row(row)), now)
    return True


def _write_incident(session: Session, row: IncidentRow, incident: Incident, now: datetime) -> None:
    """Write an incident's chosen values (pointing at the reports they came from) and documents.

    The analyst's corrections replace the chosen values here, on every write, so they survive
    re-ingest and re-fusion.
    """
    incident = decisions.apply_corrections(session, incident)
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
    session.execute(delete(IncidentValueRow).where(IncidentValueRow.incident_id == row.id))
    session.execute(delete(IncidentDocumentRow).where(IncidentDocumentRow.incident_id == row.id))
    values = []
    for name, value in incident.values.items():
        ev = value.evidence
        key = (ev.doc_id, str(name), value.value, ev.start, ev.end) if ev else None
        values.append(
            {
                "incident_id": row.id,
                "field": str(name),
                "value": value.value,
                "low": value.low,
                "high": value.high,
                "field_value_id": sources.get(key) if key else None,
            }
        )
    if values:
        session.execute(insert(IncidentValueRow), values)
    session.execute(
        insert(IncidentDocumentRow),
        [{"incident_id": row.id, "doc_id": d} for d in incident.doc_ids],
    )
    row.date = incident.value(FieldName.DATE)
    row.country = incident.value(FieldName.COUNTRY)
    row.provstate = incident.value(FieldName.PROVSTATE)
    row.city = incident.value(FieldName.CITY)
    row.attacktype = incident.value(FieldName.ATTACKTYPE)
    row.gname = incident.value(FieldName.GNAME)
    nkill, nwound = incident.values.get(FieldName.NKILL), incident.values.get(FieldName.NWOUND)
    row.nkill = nkill.number if nkill else None
    row.nwound = nwound.number if nwound else None
    row.primary = incident.primary
    row.contested = contested(incident.statements)
    row.updated_at = now
    session.flush()


def get_incident(session: Session, ident: str) -> Incident:
    """An incident by id or unique id prefix."""
    if not ident.strip():
        raise UsageError("give an incident id; list them with: incidex incidents")
    ids = session.scalars(
        select(IncidentRow.id).where(IncidentRow.id.like(f"{ident.strip()}%")).limit(2)
    ).all()
    if not ids:  # an id from before a merge
        ids = session.scalars(
            select(IncidentRedirectRow.new_id)
            .where(IncidentRedirectRow.old_id.like(f"{ident.strip()}%"))
            .distinct()
            .limit(2)
        ).all()
    if not ids:
        raise NotFoundError(f"no incident {ident!r}; list them with: incidex incidents")
    if len(ids) > 1:
        raise UsageError(f"incident id {ident!r} is ambiguous; give more characters")
    return load_incident(session, ids[0])


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
