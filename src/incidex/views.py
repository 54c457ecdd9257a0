"""Read-side helpers shared by the CLI (and later the API): incidents and documents as views."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from incidex.config import Settings
from incidex.models import Document, Incident
from incidex.store.convert import document_from_row
from incidex.store.database import Store
from incidex.store.repository import (
    IncidentFilter,
    get_documents,
    get_incident,
    list_documents,
    list_incidents,
)


@dataclass(slots=True)
class IncidentView:
    """Incidents with the documents that support them (for citations and evidence)."""

    incidents: list[Incident]
    documents: dict[str, Document]


def incidents(settings: Settings, filters: IncidentFilter) -> IncidentView:
    store = Store(settings.db_url)
    try:
        with store.session() as session:
            found = list_incidents(session, filters)
            docs = _documents_of(session, found)
    finally:
        store.close()
    return IncidentView(found, docs)


def incident(settings: Settings, ident: str) -> IncidentView:
    store = Store(settings.db_url)
    try:
        with store.session() as session:
            found = [get_incident(session, ident)]
            docs = _documents_of(session, found)
    finally:
        store.close()
    return IncidentView(found, docs)


def _documents_of(session: Any, found: Sequence[Incident]) -> dict[str, Document]:
    ids = sorted({d for i in found for d in i.doc_ids})
    rows = get_documents(session, ids)
    return {k: document_from_row(v, with_blocks=False) for k, v in rows.items()}


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


def documents(settings: Settings) -> list[DocumentInfo]:
    store = Store(settings.db_url)
    try:
        with store.session() as session:
            return [
                DocumentInfo(
                    id=r.id,
                    title=r.title,
                    source=r.source,
                    url=r.url,
                    published=r.published,
                    published_source=r.published_source,
                    language=r.language,
                    body_blocks=r.n_body_blocks,
                    boilerplate_blocks=r.n_boilerplate_blocks,
                    characters=len(r.text),
                )
                for r in list_documents(session)
            ]
    finally:
        store.close()
