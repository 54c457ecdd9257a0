"""SQLAlchemy table definitions: documents, mentions, reported values with evidence, incidents,
and the analyst's review decisions with their audit log.

Alembic migrations in ``migrations/`` create these tables; keep the two in step.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


# Migration 0004's FTS5 tables (and their shadow tables), which the models do not declare.
SEARCH_TABLES = ("documents_fts", "incident_values_fts")
# Expression indexes made in SQL by migrations 0004 and 0008 (sort keys, lowered names, trigrams)
SQL_INDEXES = (
    "ix_incidents_sort_",
    "ix_incidents_country_lower",
    "ix_incidents_gname_lower",
    "ix_documents_title_trgm",
    "ix_documents_text_trgm",
    "ix_incident_values_value_trgm",
)


def autogenerate_includes(
    _obj: Any, name: str | None, type_: str, _reflected: bool, _compare_to: Any
) -> bool:
    """Alembic autogenerate filter: leave out the full-text tables and the expression indexes
    the migrations make in SQL, which the models do not declare (SQLite does not reflect
    expression indexes; PostgreSQL does)."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(SEARCH_TABLES)
    return not (type_ == "index" and name.startswith(SQL_INDEXES))


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    published_source: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    n_body_blocks: Mapped[int] = mapped_column(Integer, default=0)
    n_boilerplate_blocks: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)

    blocks: Mapped[list[BlockRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="BlockRow.position"
    )
    mentions: Mapped[list[MentionRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="MentionRow.position"
    )


class BlockRow(Base):
    __tablename__ = "blocks"

    doc_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(64))

    document: Mapped[DocumentRow] = relationship(back_populates="blocks")


class IncidentRow(Base):
    """One attack. The chosen values are copied into columns so lists filter and sort fast."""

    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    date: Mapped[str | None] = mapped_column(String(10), index=True)  # YYYY[-MM[-DD]]
    country: Mapped[str | None] = mapped_column(String(128))
    provstate: Mapped[str | None] = mapped_column(String(128))
    city: Mapped[str | None] = mapped_column(String(128))
    attacktype: Mapped[str | None] = mapped_column(String(64))
    weaptype: Mapped[str | None] = mapped_column(String(128))  # migration 0008, for filters
    targtype: Mapped[str | None] = mapped_column(String(64))
    gname: Mapped[str | None] = mapped_column(String(255), index=True)
    nkill: Mapped[float | None] = mapped_column(Float)
    nwound: Mapped[float | None] = mapped_column(Float)
    primary: Mapped[bool] = mapped_column(Boolean, default=False)
    contested: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )  # attribution disputed
    # Some report qualifies it as an incident (``extract.qualify``); the others, kept so that a
    # later report can qualify them, are hidden like dismissed ones.
    qualified: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # An active "not an incident" decision holds for it (migration 0009), kept in step by
    # ``store.decisions.sync_dismissed`` for SQL users; the view ``active_incidents`` is the
    # qualified incidents not dismissed.
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    mentions: Mapped[list[MentionRow]] = relationship(back_populates="incident")
    documents: Mapped[list[IncidentDocumentRow]] = relationship(
        back_populates="incident", cascade="all, delete-orphan"
    )
    values: Mapped[list[IncidentValueRow]] = relationship(
        back_populates="incident", cascade="all, delete-orphan"
    )
    extracted_values: Mapped[list[IncidentExtractedValueRow]] = relationship(
        back_populates="incident", cascade="all, delete-orphan"
    )

    # The incidents of a country over a date range. Migration 0004 adds, per sort key and
    # direction, an expression index on ((col IS NULL), col [DESC], id) for the incidents list.
    __table_args__ = (Index("ix_incidents_country_date", "country", "date"),)


class MentionRow(Base):
    """One attack as one document reports it (the per-document incident)."""

    __tablename__ = "mentions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    incident_id: Mapped[str | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    primary: Mapped[bool] = mapped_column(Boolean, default=False)
    background: Mapped[bool] = mapped_column(Boolean, default=False)
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    trigger_sentence: Mapped[str] = mapped_column(Text)
    trigger_rule: Mapped[str] = mapped_column(String(64))
    trigger_confidence: Mapped[float] = mapped_column(Float)
    # Fusion's blocking key (``incidex.blocking``, migration 0005): the stored reports a new one
    # may be compared with are those of its country with a date in its window. NULL country or
    # date: never compared. ``fuse`` False (ingest --no-fuse): never fused with other reports.
    country: Mapped[str | None] = mapped_column(String(128))
    date: Mapped[str | None] = mapped_column(String(16))  # YYYY[-MM[-DD]]
    day: Mapped[int | None] = mapped_column(Integer)  # date ordinal; NULL for a coarse date
    fuse: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Why fusion put this report in its incident (``models.FusionLink``): the report it links to
    # most strongly there, that pair's score and its parts ("date +1.00; place +1.00").
    link_to: Mapped[str | None] = mapped_column(String(64))
    link_score: Mapped[float | None] = mapped_column(Float)
    link_reasons: Mapped[str | None] = mapped_column(Text)
    # Why the report is an incident (``models.Qualification`` as JSON, migration 0006): its
    # confidence and grounds. NULL for reports stored before.
    qualification: Mapped[str | None] = mapped_column(Text)

    document: Mapped[DocumentRow] = relationship(back_populates="mentions")
    incident: Mapped[IncidentRow | None] = relationship(back_populates="mentions")
    values: Mapped[list[FieldValueRow]] = relationship(
        back_populates="mention", cascade="all, delete-orphan", order_by="FieldValueRow.id"
    )
    statements: Mapped[list[StatementRow]] = relationship(
        back_populates="mention", cascade="all, delete-orphan", order_by="StatementRow.start"
    )
    roles: Mapped[list[RoleRow]] = relationship(
        back_populates="mention", cascade="all, delete-orphan", order_by="RoleRow.id"
    )

    __table_args__ = (
        Index("ix_mentions_country_day", "country", "day"),
        Index("ix_mentions_country_date", "country", "date"),
    )


class FieldValueRow(Base):
    """One value of one field as one document reported it, with its evidence."""

    __tablename__ = "field_values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mention_id: Mapped[str] = mapped_column(
        ForeignKey("mentions.id", ondelete="CASCADE"), index=True
    )
    doc_id: Mapped[str] = mapped_column(String(255))
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(Text)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    sentence: Mapped[str | None] = mapped_column(Text)
    rule: Mapped[str | None] = mapped_column(String(64))
    confidence: Mapped[float | None] = mapped_column(Float)
    reported: Mapped[date | None] = mapped_column(Date)

    mention: Mapped[MentionRow] = relationship(back_populates="values")


class RoleRow(Base):
    """One filler of one role of a mention's attack frame (migration 0006): a perpetrator
    individual or organization, a victim, a target or a weapon, with its evidence."""

    __tablename__ = "mention_roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mention_id: Mapped[str] = mapped_column(
        ForeignKey("mentions.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    doc_id: Mapped[str] = mapped_column(String(255))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(64))
    confidence: Mapped[float] = mapped_column(Float)

    mention: Mapped[MentionRow] = relationship(back_populates="roles")


class IncidentValueRow(Base):
    """The value chosen for one field of one incident, pointing at the report it came from."""

    __tablename__ = "incident_values"

    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    field_value_id: Mapped[int | None] = mapped_column(
        ForeignKey("field_values.id", ondelete="SET NULL")
    )

    incident: Mapped[IncidentRow] = relationship(back_populates="values")
    source: Mapped[FieldValueRow | None] = relationship()


class IncidentExtractedValueRow(Base):
    """The value fusion chose for a field whose value in force is an analyst's correction, with
    the report it came from: written with the incident, so pages show both without reconciling."""

    __tablename__ = "incident_extracted_values"

    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    field_value_id: Mapped[int | None] = mapped_column(
        ForeignKey("field_values.id", ondelete="SET NULL")
    )

    incident: Mapped[IncidentRow] = relationship(back_populates="extracted_values")
    source: Mapped[FieldValueRow | None] = relationship()


class IncidentDocumentRow(Base):
    """A document that supports an incident (kept in step with the incident's mentions)."""

    __tablename__ = "incident_documents"

    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    doc_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # A syndicated copy: the document (of the same incident) whose text this one repeats.
    copy_of: Mapped[str | None] = mapped_column(String(255))

    incident: Mapped[IncidentRow] = relationship(back_populates="documents")


class IncidentRedirectRow(Base):
    """An incident id that re-fusion retired, and the incident that now holds its reports."""

    __tablename__ = "incident_redirects"

    old_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    new_id: Mapped[str] = mapped_column(String(64), index=True)


class ReviewDecisionRow(Base):
    """An analyst's decision: correct a field, dismiss ("not an incident"), merge or split.

    Decisions are keyed on the mentions involved (``ReviewRefRow``), never on incident ids, which
    fusion re-keys; so re-ingesting or re-extracting never undoes them.
    """

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)  # correct|dismiss|merge|split
    field: Mapped[str | None] = mapped_column(String(32))
    value: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    analyst: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    refs: Mapped[list[ReviewRefRow]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="ReviewRefRow.id"
    )


class ReviewRefRow(Base):
    """A mention a decision is about, with its role: anchor, member, moved or from.

    ``doc_id`` and ``position`` let a decision follow its mention when a changed document is
    re-extracted and the mention's content-derived id changes.
    """

    __tablename__ = "review_refs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("review_decisions.id", ondelete="CASCADE"), index=True
    )
    mention_id: Mapped[str] = mapped_column(String(64), index=True)
    doc_id: Mapped[str] = mapped_column(String(255), index=True)
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))

    decision: Mapped[ReviewDecisionRow] = relationship(back_populates="refs")


class AuditRow(Base):
    """One analyst action: who, when, what, on which incident, the value before and after."""

    __tablename__ = "review_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    analyst: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    incident_id: Mapped[str] = mapped_column(String(64), index=True)
    field: Mapped[str | None] = mapped_column(String(32))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decision_id: Mapped[int | None] = mapped_column(Integer)


class StatementRow(Base):
    """One attribution statement (who claims, confirms, blames, suspects or denies) in a mention."""

    __tablename__ = "statements"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # content hash
    mention_id: Mapped[str] = mapped_column(
        ForeignKey("mentions.id", ondelete="CASCADE"), index=True
    )
    doc_id: Mapped[str] = mapped_column(String(255), index=True)
    source: Mapped[str] = mapped_column(String(255), index=True)
    source_kind: Mapped[str] = mapped_column(String(32))
    stance: Mapped[str] = mapped_column(String(16))
    target: Mapped[str | None] = mapped_column(String(255), index=True)
    target_kind: Mapped[str | None] = mapped_column(String(32))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(64))
    confidence: Mapped[float] = mapped_column(Float)
    reported: Mapped[date | None] = mapped_column(Date)

    mention: Mapped[MentionRow] = relationship(back_populates="statements")


class ActorRow(Base):
    """A canonical actor: a group, state or agency of the gazetteer, or a person or organisation
    learned from text."""

    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # group|state|agency|person|organization
    parent: Mapped[str | None] = mapped_column(String(255))  # canonical name of the parent
    origin: Mapped[str] = mapped_column(String(16))  # gazetteer|text

    aliases: Mapped[list[ActorAliasRow]] = relationship(
        back_populates="actor", cascade="all, delete-orphan", order_by="ActorAliasRow.alias"
    )


class ActorAliasRow(Base):
    """A name of an actor: from the gazetteer, or learned from one document (with evidence)."""

    __tablename__ = "actor_aliases"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # content hash
    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(255))
    alias_key: Mapped[str] = mapped_column(String(255), index=True)  # normalised for lookups
    source: Mapped[str] = mapped_column(String(16))  # gazetteer|text
    is_name: Mapped[bool] = mapped_column(Boolean, default=False)  # the actor's own name
    doc_id: Mapped[str | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    sentence: Mapped[str | None] = mapped_column(Text)
    rule: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[ActorRow] = relationship(back_populates="aliases")


class ActorRelationRow(Base):
    """A tie between two actors stated in one document: rivalry, cooperation, negotiation,
    contact or branch-of."""

    __tablename__ = "actor_relations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # content hash
    source_id: Mapped[str] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[str] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(64))
    date: Mapped[date | None] = mapped_column(Date)


class KbMetaRow(Base):
    """Bookkeeping of the knowledge base (the hash of the gazetteer last loaded)."""

    __tablename__ = "kb_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
