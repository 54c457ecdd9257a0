"""The FastAPI application: the read API, the review API (token-protected, ``api.review``) and
the analyst workbench pages (``incidex.web``). Every API error is one JSON shape:
{"error": {type, message}}; pages get the same errors as HTML.

Core code knows nothing of FastAPI: routes call ``views``, ``store`` and ``export`` and map
``IncidexError`` subclasses to HTTP statuses. Every response carries the security headers of
``web.security`` (Content-Security-Policy, nosniff), errors included: an unexpected one is a 500
in the same shape (``api.limits.ErrorShield``). Request bodies are capped and a change's token
checked before its body is read (``api.limits.RequestGuard``). Every query and path parameter
is bounded, so a bad one is a 422, never a failure deeper down.

Each read response is built from one snapshot of the store (``Store.snapshot``), so an ingest
committing between two of its queries cannot make it inconsistent; exports stream a page of
incidents at a time from one snapshot.
"""

from __future__ import annotations

import gc
import os
import secrets
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from incidex import __version__, web
from incidex.api.limits import ErrorShield, RequestGuard, respond
from incidex.api.review import Unauthorized
from incidex.api.review import router as review_router
from incidex.api.schemas import Facets, FacetValue, IncidentItem, IncidentPage, incident_item
from incidex.config import Settings
from incidex.errors import IncidexError, NotFoundError, StoreError, UsageError
from incidex.export.jsonl import incident_json
from incidex.export.stream import (
    Page,
    gtd_csv_pieces,
    gtd_xlsx_pieces,
    jsonl_pieces,
    stix_pieces,
)
from incidex.models import FieldName
from incidex.store.actors import actor_detail, list_actors
from incidex.store.convert import document_from_row
from incidex.store.database import Store
from incidex.store.eventids import EventIds
from incidex.store.filters import Filters, resolve
from incidex.store.knowledge import sync_gazetteer
from incidex.store.repository import (
    SORTS,
    IncidentFilter,
    count_incidents,
    documents_of,
    facets,
    get_documents,
    get_incident,
    incident_dates,
    incident_pages,
    list_documents,
    list_page,
)
from incidex.views import document_info
from incidex.web.security import SecurityHeaders

STATUS = {NotFoundError: 404, UsageError: 422, StoreError: 503}
SortKey = Literal[tuple(k for key in SORTS for k in (key, f"-{key}"))]  # type: ignore[valid-type]
MAX_INT = 2**31 - 1  # bound of every integer parameter (an offset past it is no page)
EXPORT_PAGE = 50  # incidents loaded at a time by a streamed export
IncidentId = Annotated[str, Path(min_length=1, max_length=64)]
DocumentId = Annotated[str, Path(min_length=1, max_length=255)]
Pieces = Callable[[Iterable[Page], EventIds | None], Iterator[str] | Iterator[bytes]]
EXPORTS: dict[str, tuple[Pieces, str, str]] = {  # format: (pieces, media type, file name)
    "jsonl": (jsonl_pieces, "application/x-ndjson", "incidents.jsonl"),
    "gtd-csv": (gtd_csv_pieces, "text/csv", "incidents.csv"),
    "gtd-xlsx": (
        gtd_xlsx_pieces,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "incidents.xlsx",
    ),
    "stix": (stix_pieces, "application/json", "incidents.stix.json"),
}


def _error(status: int, kind: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"type": kind, "message": message}})


def _respond(request: Request, status: int, kind: str, message: str) -> Response:
    """JSON for the API, an HTML page for the workbench."""
    return respond(request.url.path, status, kind, message)


@asynccontextmanager
async def _frozen_heap(_: FastAPI) -> AsyncIterator[None]:
    """Once the server has started, exempt everything built so far from garbage collection.

    The app's own objects (SQLAlchemy, FastAPI, Pydantic) are ~100,000 that live as long as the
    process; a full collection walks them all, adding ~80 ms to whichever request triggers it.
    """
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


def create_app(settings: Settings | None = None, token: str | None = None) -> FastAPI:
    """An app bound to one store (opened and migrated once, at creation).

    Review changes need ``token`` (else $INCIDEX_TOKEN, else a random one: ``app.state.token``).
    """
    settings = settings or Settings.from_env()
    store = Store(settings.db_url)
    with store.session() as writing:  # once here, so reads of the actors never need to write
        sync_gazetteer(writing)
    app = FastAPI(
        title="Incidex API",
        version=__version__,
        description="Evidence-backed incidents extracted from news reports, coded in GTD's scheme.",
        lifespan=_frozen_heap,
        # /docs is the workbench's (``web.docs``, assets from the package); FastAPI's use a CDN
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.store = store
    app.state.token = token or os.environ.get("INCIDEX_TOKEN") or secrets.token_urlsafe(18)
    app.add_middleware(ErrorShield)
    app.add_middleware(RequestGuard, max_bytes=settings.max_request_bytes, token=app.state.token)
    app.add_middleware(SecurityHeaders)  # the outermost: on every response, errors included

    @contextmanager
    def session() -> Iterator[Session]:
        """A read of one snapshot of the store."""
        with store.snapshot() as opened:
            yield opened

    @app.exception_handler(IncidexError)
    async def incidex_error(request: Request, error: IncidexError) -> Response:
        status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)
        return _respond(request, status, type(error).__name__, str(error))

    @app.exception_handler(Unauthorized)
    async def unauthorized(_: Request, error: Unauthorized) -> JSONResponse:
        response = _error(401, "Unauthorized", str(error))
        response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        parts = [
            f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}"
            for e in error.errors()
        ]
        return _respond(request, 422, "ValidationError", "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return _respond(request, error.status_code, "HTTPError", str(error.detail))

    # The list is validated by its pydantic model and returned as a ready response, so FastAPI
    # does not validate and encode it a second time (a third of a page's time).
    @app.get(
        "/api/incidents",
        summary="Incidents, filtered, sorted and paged",
        response_model=IncidentPage,
    )
    def incidents(
        filters: Annotated[Filters, Query()],
        sort: SortKey = "-date",  # type: ignore[valid-type]
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
    ) -> Response:
        paged = IncidentFilter(**filters.model_dump(), sort=sort, limit=limit, offset=offset)
        with session() as s:
            notes = resolve(s, paged).notes
            found, total = list_page(s, paged)
            ids = EventIds(incident_dates(s, found))
        page = IncidentPage.model_validate(
            {
                "total": total,
                "limit": limit,
                "offset": offset,
                "filters": notes,
                "items": [incident_item(i, ids(i.id, i.value(FieldName.DATE))) for i in found],
            }
        )
        return Response(page.model_dump_json(), media_type="application/json")

    @app.get(
        "/api/facets",
        summary="Counts of the filtered incidents by country, GTD region, group and attack type",
        response_model=Facets,
    )
    def facet_counts(filters: Annotated[Filters, Query()]) -> Facets:
        chosen = IncidentFilter(**filters.model_dump())
        with session() as s:
            notes = resolve(s, chosen).notes
            counted = facets(s, chosen)
            total = count_incidents(s, chosen)
        values = {
            name: [FacetValue(value=v, count=n) for v, n in found]
            for name, found in counted.items()
        }
        return Facets(total=total, filters=notes, **values)

    @app.get("/api/incidents/{ident}", summary="One incident with every value and its evidence")
    def incident(ident: IncidentId) -> dict[str, Any]:
        with session() as s:
            found = get_incident(s, ident)
            docs = documents_of(s, [found])
            ids = EventIds(incident_dates(s, [found]))
        item = incident_item(found, ids(found.id, found.value(FieldName.DATE)))
        return {**incident_json(found, docs, ids), "gtd": IncidentItem(**item)}

    @app.get("/api/documents", summary="Stored documents")
    def documents() -> list[dict[str, Any]]:
        with session() as s:
            return [document_info(r).as_json() for r in list_documents(s)]

    @app.get("/api/documents/{ident:path}", summary="One document with its text and blocks")
    def document(request: Request, ident: DocumentId) -> dict[str, Any]:
        ident = web.path_tail(request, "/api/documents/", ident)
        with session() as s:
            row = get_documents(s, [ident]).get(ident)
            if row is None:
                raise NotFoundError(f"no document {ident!r}")
            doc = document_from_row(row)
        return {
            "id": doc.id,
            "title": doc.title,
            "url": doc.url,
            "source": doc.source,
            "published": doc.published.isoformat() if doc.published else None,
            "published_source": doc.published_source,
            "language": doc.language,
            "text": doc.text,
            "blocks": [
                {"start": b.start, "end": b.end, "kind": b.kind, "reason": b.reason}
                for b in doc.blocks
            ],
        }

    @app.get(
        "/api/search",
        summary="Incidents whose values or articles contain the text",
        response_model=IncidentPage,
    )
    def search(
        q: Annotated[str, Query(min_length=1, max_length=200)],
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> Response:
        return incidents(Filters(query=q), limit=limit)

    @app.get(
        "/api/export/{fmt}",
        summary="The filtered incidents (all by default): GTD CSV or XLSX, JSONL, STIX 2.1",
    )
    def export(
        fmt: Literal["gtd-csv", "gtd-xlsx", "jsonl", "stix"], filters: Annotated[Filters, Query()]
    ) -> StreamingResponse:
        pieces, media, name = EXPORTS[fmt]
        chosen = IncidentFilter(**filters.model_dump())
        with session() as s:
            resolve(s, chosen)  # an unknown name is a 422 before the download starts
            ids = EventIds(incident_dates(s))  # eventids number every incident of the store

        def pages() -> Iterator[Page]:
            with store.snapshot() as s:  # held while the response streams
                for found in incident_pages(s, chosen, EXPORT_PAGE):
                    yield found, documents_of(s, found)

        disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
        return StreamingResponse(pieces(pages(), ids), media_type=media, headers=disposition)

    @app.get("/api/actors", summary="Actors of the knowledge base, with their counts")
    def actors(
        kind: Literal["group", "state", "agency", "person", "organization"] | None = None,
        everyone: Annotated[bool, Query(alias="all")] = False,
    ) -> list[dict[str, Any]]:
        with session() as s:
            return [a.as_json() for a in list_actors(s, kind, everyone)]

    @app.get(
        "/api/actors/{name}",
        summary="One actor by any alias: aliases, branches, incidents, relations, statements",
    )
    def actor(name: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
        with session() as s:
            return actor_detail(s, name).as_json()

    @app.get("/api/health", summary="Liveness")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.include_router(review_router(store, app.state.token))
    web.mount(app, store)
    return app
