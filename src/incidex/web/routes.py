"""The workbench's pages: server-rendered HTML over the same store as the API.

Query parameters are validated here; a bad one is a 422 page with the reason, never a 500.
Each page is read from one snapshot of the store (``Store.snapshot``): an ingest committing
meanwhile never shows half of its change to a page.
Review actions are not routes of this module: the pages' forms call the token-protected API.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import unquote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from incidex.errors import NotFoundError, UsageError
from incidex.store.database import Store
from incidex.store.repository import SORTS, IncidentFilter
from incidex.web import actor_pages, pages
from incidex.web.render import environment

PAGE_SIZE = 25
SortKey = Literal[tuple(k for key in SORTS for k in (key, f"-{key}"))]  # type: ignore[valid-type]
Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")]
Mark = Annotated[str | None, Query(pattern=r"^\d{1,9}-\d{1,9}$", description="start-end")]
Kind = Literal["", "group", "state", "agency", "person", "organization"]
Stack = Literal["", "group", "attacktype"]  # what the timeline's bars are stacked by
Toll = Literal["casualties", "killed", "wounded"]  # the figures of its casualties chart

_env = environment()


def render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("nav", "")
    html = _env.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status)


def error_page(status: int, kind: str, message: str) -> HTMLResponse:
    return render("error.html", status=status, code=status, kind=kind, message=message)


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name}: {value!r} is not a date; use YYYY-MM-DD") from None


def _filters(
    country: str | None,
    group: str | None,
    since: str | None,
    until: str | None,
    q: str | None,
    **more: Any,
) -> tuple[IncidentFilter, dict[str, Any]]:
    filters = IncidentFilter(
        country=(country or "").strip() or None,
        group=(group or "").strip() or None,
        since=_day(since, "since"),
        until=_day(until, "until"),
        query=(q or "").strip() or None,
        **more,
    )
    if filters.since and filters.until and filters.since > filters.until:
        raise UsageError("since is after until; swap them")
    params = {
        "country": filters.country,
        "group": filters.group,
        "since": filters.since.isoformat() if filters.since else None,
        "until": filters.until.isoformat() if filters.until else None,
        "q": filters.query,
    }
    return filters, params


def path_tail(request: Request, prefix: str, decoded: str) -> str:
    """The part of the request's path after ``prefix``, percent-decoded once from the raw path
    (so ``%252F`` is ``%2F``, as sent), else the path parameter as the framework decoded it."""
    raw: bytes | None = request.scope.get("raw_path")
    if raw:
        _, found, tail = raw.partition(prefix.encode())
        if found:
            return unquote(tail.decode("latin-1"), errors="replace")
    return decoded


def router(store: Store) -> APIRouter:
    web = APIRouter(include_in_schema=False)

    @web.get("/", response_class=HTMLResponse)
    def incidents(
        country: Text = None,
        group: Text = None,
        since: Day = None,
        until: Day = None,
        q: Text = None,
        sort: SortKey = "-date",  # type: ignore[valid-type]
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
        dismissed: bool = False,
    ) -> HTMLResponse:
        filters, params = _filters(
            country,
            group,
            since,
            until,
            q,
            sort=sort,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
            include_dismissed=dismissed,
        )
        with store.snapshot() as session:
            found = pages.incident_list(session, filters)
        last = max(1, -(-found.total // PAGE_SIZE))
        params.update(dismissed=dismissed)
        return render(
            "incidents.html",
            nav="incidents",
            page=found,
            params=params,
            sort=sort,
            number=page,
            last=last,
            size=PAGE_SIZE,
        )

    @web.get("/incidents/{ident}", response_class=HTMLResponse)
    def incident(ident: Annotated[str, Path(max_length=64)]) -> Response:
        with store.snapshot() as session:
            found = pages.incident_page(session, ident)
        if found.incident.id != ident:  # a prefix, or an id retired by re-fusion
            return RedirectResponse(f"/incidents/{found.incident.id}", status_code=303)
        return render("incident.html", nav="incidents", page=found)

    def document_page(doc_id: str, mark: str | None) -> HTMLResponse:
        span = None
        if mark:
            found = re.fullmatch(r"(\d+)-(\d+)", mark)
            assert found is not None
            span = (int(found[1]), int(found[2]))
        with store.snapshot() as session:
            page = pages.document_page(session, doc_id, span)
        return render("document.html", nav="incidents", page=page)

    # A document id is any text ("jan/report.txt", "a b#c%2F"): links encode it as one path
    # segment (``render.document_url``); the route takes the rest of the path, slashes and all.
    @web.get("/documents/{doc_id:path}", response_class=HTMLResponse)
    def document(
        request: Request, doc_id: Annotated[str, Path(max_length=255)], mark: Mark = None
    ) -> HTMLResponse:
        return document_page(path_tail(request, "/documents/", doc_id), mark)

    @web.get("/documents", response_class=HTMLResponse)
    def document_by_query(
        ident: Annotated[str, Query(alias="id", max_length=255)], mark: Mark = None
    ) -> HTMLResponse:
        """A document whose id is no path segment ("." or ".."): ``/documents?id=..``."""
        return document_page(ident, mark)

    @web.get("/timeline", response_class=HTMLResponse)
    def timeline(
        country: Text = None,
        group: Text = None,
        since: Day = None,
        until: Day = None,
        q: Text = None,
        stack: Stack = "",
        toll: Toll = "casualties",
    ) -> HTMLResponse:
        filters, params = _filters(country, group, since, until, q)
        with store.snapshot() as session:
            page = pages.timeline_page(session, filters, stack, toll)
        return render(
            "timeline.html",
            nav="timeline",
            page=page,
            params=params,
            stacks=pages.STACKS,
            tolls=pages.TOLLS,
        )

    @web.get("/map", response_class=HTMLResponse)
    def world_map(
        country: Text = None,
        group: Text = None,
        since: Day = None,
        until: Day = None,
        q: Text = None,
    ) -> HTMLResponse:
        filters, params = _filters(country, group, since, until, q)
        with store.snapshot() as session:
            page = pages.map_page(session, filters)
        return render("map.html", nav="map", page=page, params=params)

    @web.get("/actors", response_class=HTMLResponse)
    def actor_list(q: Text = None, kind: Kind = "", everyone: bool = False) -> HTMLResponse:
        with store.snapshot() as session:
            page = actor_pages.actor_list(session, (q or "").strip(), kind, everyone)
        return render("actors.html", nav="actors", page=page)

    @web.get("/actors/{name:path}", response_class=HTMLResponse)
    def actor(name: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
        try:
            with store.snapshot() as session:
                page = actor_pages.actor_page(session, name)
        except NotFoundError:
            message = (
                f"No actor called {name!r}: it is neither the name nor an alias of any known "
                "actor. Search the actor list for another spelling."
            )
            return render(
                "error.html", status=404, code=404, kind="Unknown actor", message=message,
                back=("/actors?" + urlencode({"q": name}), "Search the actors"), nav="actors",
            )  # fmt: skip
        return render("actor.html", nav="actors", page=page)

    @web.get("/review", response_class=HTMLResponse)
    def review_log(limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> HTMLResponse:
        from incidex.store.review import audit_log

        with store.snapshot() as session:
            entries = audit_log(session, limit=limit)
        return render("review.html", nav="review", entries=entries)

    return web
