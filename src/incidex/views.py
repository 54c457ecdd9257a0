"""Read-side helpers shared by the CLI and the API: incidents, documents and actors as views."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from incidex.config import Settings
from incidex.models import Document, Incident
from incidex.store.actors import ActorDetail, ActorSummary, actor_detail, list_actors
from incidex.store.database import Store
from incidex.store.repository import (
    IncidentFilter,
    documents_of,
    get_incident,
    incident_dates,
    list_documents,
    list_incidents,
)
from incidex.store.schema import DocumentRow


@dataclass(slots=True)
class IncidentView:
    """Incidents with the documents that support them (for citations and evidence)."""

    incidents: list[Incident]
    documents: dict[str, Document]
    # (id, date) of every incident of the store, for GTD eventids (``store.eventids``)
    dates: list[tuple[str, str | None]] = field(default_factory=list)


def incidents(settings: Settings, filters: IncidentFilter) -> IncidentView:
    store = Store(settings.db_url)
    try:
        with store.snapshot() as session:
            found = list_incidents(session, filters)
            docs = documents_of(session, found)
            dates = incident_dates(session, found)
    finally:
        store.close()
    return IncidentView(found, docs, dates)


def incident(settings: Settings, ident: str) -> IncidentView:
    store = Store(settings.db_url)
    try:
        with store.snapshot() as session:
            found = [get_incident(session, ident)]
            docs = documents_of(session, found)
            dates = incident_dates(session, found)
    finally:
        store.close()
    return IncidentView(found, docs, dates)


@dataclass(slots=True)
class DocumentInfo:
    id: str
    title: str | None
    source: str
    url: str | None
    published: date | None
    published_source: str | None
    language: str | None
    body_blocks: int
    boilerplate_blocks: int
    characters: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "published_source": self.published_source,
            "language": self.language,
            "body_blocks": self.body_blocks,
            "boilerplate_blocks": self.boilerplate_blocks,
            "characters": self.characters,
        }


def document_info(row: DocumentRow) -> DocumentInfo:
    return DocumentInfo(
        id=row.id,
        title=row.title,
        source=row.source,
        url=row.url,
        published=row.published,
        published_source=row.published_source,
        language=row.language,
        body_blocks=row.n_body_blocks,
        boilerplate_blocks=row.n_boilerplate_blocks,
        characters=len(row.text),
    )


def documents(settings: Settings) -> list[DocumentInfo]:
    store = Store(settings.db_url)
    try:
        with store.snapshot() as session:
            return [document_info(r) for r in list_documents(session)]
    finally:
        store.close()


def actors(
    settings: Settings, kind: str | None = None, everyone: bool = False
) -> list[ActorSummary]:
    """The actors of the knowledge base (those the stored documents speak of, unless
    ``everyone``)."""
    store = Store(settings.db_url)
    try:
        with store.session() as session:
            return list_actors(session, kind, everyone)
    finally:
        store.close()


def actor(settings: Settings, name: str) -> ActorDetail:
    """One actor, found by any of its names."""
    store = Store(settings.db_url)
    try:
        with store.session() as session:
            return actor_detail(session, name)
    finally:
        store.close()
