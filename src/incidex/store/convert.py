"""Translate between the typed models and the table rows, in both directions."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from incidex.blocking import mention_key
from incidex.models import (
    Block,
    Document,
    Evidence,
    FieldName,
    FieldValue,
    Frame,
    FusionLink,
    Incident,
    Mention,
    Qualification,
    Role,
    RoleKind,
    Stance,
    Statement,
)
from incidex.store.schema import (
    BlockRow,
    DocumentRow,
    FieldValueRow,
    IncidentExtractedValueRow,
    IncidentRow,
    IncidentValueRow,
    MentionRow,
    RoleRow,
    StatementRow,
)


def document_row(doc: Document, now: datetime) -> DocumentRow:
    return DocumentRow(
        id=doc.id,
        source=doc.source,
        url=doc.url,
        title=doc.title,
        published=doc.published,
        published_source=doc.published_source,
        language=doc.language,
        text=doc.text,
        content_hash=doc.hash,
        n_body_blocks=len(doc.body_blocks()),
        n_boilerplate_blocks=len(doc.boilerplate_blocks()),
        ingested_at=now,
        blocks=[
            BlockRow(position=i, start=b.start, end=b.end, kind=b.kind, reason=b.reason)
            for i, b in enumerate(doc.blocks)
        ],
    )


def document_from_row(row: DocumentRow, with_blocks: bool = True) -> Document:
    blocks = (
        [Block(start=b.start, end=b.end, kind=b.kind, reason=b.reason) for b in row.blocks]  # type: ignore[arg-type]
        if with_blocks
        else []
    )
    return Document(
        id=row.id,
        source=row.source,
        text=row.text,
        title=row.title,
        url=row.url,
        published=row.published,
        published_source=row.published_source,
        language=row.language,
        blocks=blocks,
    )


def mention_row(mention: Mention) -> MentionRow:
    key = mention_key(mention)
    return MentionRow(
        id=mention.id,
        doc_id=mention.doc_id,
        position=mention.index,
        primary=mention.primary,
        background=mention.background,
        trigger_start=mention.trigger.start,
        trigger_end=mention.trigger.end,
        trigger_sentence=mention.trigger.sentence,
        trigger_rule=mention.trigger.rule,
        trigger_confidence=mention.trigger.confidence,
        country=key.country if key else None,
        date=key.date if key else None,
        day=key.day if key else None,
        fuse=mention.fuse,
        qualification=_qualification_text(mention.qualification),
        values=[field_value_row(mention, v) for v in mention.values],
        statements=[statement_row(s) for s in mention.statements],
        roles=[role_row(r) for r in mention.roles.roles],
    )


def role_row(role: Role) -> RoleRow:
    ev = role.evidence
    return RoleRow(
        role=str(role.kind),
        text=role.text,
        **_evidence_columns(ev),
    )


def _evidence_columns(ev: Evidence) -> dict[str, Any]:
    """The evidence columns a role or statement row shares (same names as ``Evidence``)."""
    return {
        "doc_id": ev.doc_id,
        "start": ev.start,
        "end": ev.end,
        "sentence": ev.sentence,
        "rule": ev.rule,
        "confidence": ev.confidence,
    }


def _evidence_of(row: Any) -> Evidence:
    """Evidence from a row's evidence columns (a role or statement row, or a query row)."""
    return Evidence(
        doc_id=row.doc_id,
        start=row.start,
        end=row.end,
        sentence=row.sentence,
        rule=row.rule,
        confidence=row.confidence,
    )


def role_from_row(row: RoleRow) -> Role:
    return Role(
        kind=RoleKind(row.role),
        text=row.text,
        evidence=_evidence_of(row),
    )


def statement_row(st: Statement) -> StatementRow:
    ev = st.evidence
    return StatementRow(
        id=st.id,
        source=st.source,
        source_kind=st.source_kind,
        stance=str(st.stance),
        target=st.target,
        target_kind=st.target_kind,
        reported=st.reported,
        **_evidence_columns(ev),
    )


def statement_from_row(row: Any) -> Statement:
    """A statement from its ``StatementRow``, or from a column query row with the same names."""
    return Statement(
        source=row.source,
        stance=Stance(row.stance),
        target=row.target,
        evidence=_evidence_of(row),
        source_kind=row.source_kind,
        target_kind=row.target_kind,
        reported=row.reported,
    )


def field_value_row(mention: Mention, value: FieldValue) -> FieldValueRow:
    ev = value.evidence
    return FieldValueRow(
        doc_id=mention.doc_id,
        field=str(value.name),
        value=value.value,
        low=value.low,
        high=value.high,
        start=ev.start if ev else None,
        end=ev.end if ev else None,
        sentence=ev.sentence if ev else None,
        rule=ev.rule if ev else None,
        confidence=ev.confidence if ev else None,
        reported=value.reported,
    )


def field_value_from_row(row: FieldValueRow) -> FieldValue:
    evidence = None
    if row.start is not None and row.end is not None:
        evidence = Evidence(
            doc_id=row.doc_id,
            start=row.start,
            end=row.end,
            sentence=row.sentence or "",
            rule=row.rule or "",
            confidence=row.confidence if row.confidence is not None else 0.5,
        )
    return FieldValue(
        name=FieldName(row.field),
        value=row.value,
        evidence=evidence,
        low=row.low,
        high=row.high,
        reported=row.reported,
    )


def trigger_from_row(row: Any) -> Evidence:
    """A mention's trigger evidence from its ``MentionRow`` or a column query row of its names."""
    return Evidence(
        doc_id=row.doc_id,
        start=row.trigger_start,
        end=row.trigger_end,
        sentence=row.trigger_sentence,
        rule=row.trigger_rule,
        confidence=row.trigger_confidence,
    )


def mention_from_row(
    row: MentionRow, reports: bool = True, statements: bool = True, roles: bool = True
) -> Mention:
    """A stored mention; with ``reports=False`` without its reported values, with
    ``statements=False`` without its statements, with ``roles=False`` without its attack frame
    (not loaded)."""
    return Mention(
        doc_id=row.doc_id,
        index=row.position,
        trigger=trigger_from_row(row),
        values=[field_value_from_row(v) for v in row.values] if reports else [],
        primary=row.primary,
        background=row.background,
        statements=[statement_from_row(s) for s in row.statements] if statements else [],
        fuse=row.fuse,
        roles=Frame([role_from_row(r) for r in row.roles]) if roles else Frame(),
        qualification=_qualification(row.qualification),
    )


def _qualification_text(qual: Qualification | None) -> str | None:
    return json.dumps(qual.as_dict(), ensure_ascii=False) if qual is not None else None


def _qualification(text: str | None) -> Qualification | None:
    return Qualification.from_dict(json.loads(text)) if text else None


def _chosen(value: IncidentValueRow | IncidentExtractedValueRow) -> FieldValue:
    """A stored chosen value, with the evidence of the report it came from (if any)."""
    source = value.source
    chosen = (
        field_value_from_row(source)
        if source is not None
        else FieldValue(name=FieldName(value.field), value=value.value)
    )
    chosen.low, chosen.high = value.low, value.high
    return chosen


def incident_from_row(row: IncidentRow) -> Incident:
    mentions = sorted(
        (mention_from_row(m) for m in row.mentions), key=lambda m: (m.doc_id, m.index)
    )
    incident = Incident(id=row.id, mentions=mentions)
    for value in row.values:
        incident.values[FieldName(value.field)] = _chosen(value)
    for extracted in row.extracted_values:
        incident.extracted[FieldName(extracted.field)] = _chosen(extracted)
    incident.copies = {d.doc_id: d.copy_of for d in row.documents if d.copy_of}
    incident.links = {
        m.id: FusionLink(m.link_to, m.link_score or 0.0, tuple((m.link_reasons or "").split("; ")))
        for m in row.mentions
        if m.link_to
    }
    return incident
