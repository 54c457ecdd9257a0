"""The analyst workbench: server-rendered pages (Jinja2, autoescaped) over the incident store.

``mount`` adds the pages, the API docs (``web.docs``) and the static files (CSS, JS, the vendored
map library, the country outlines; nothing from a CDN) to the FastAPI app; the review forms call
the token-protected API with ``fetch``.
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from incidex.store.database import Store
from incidex.web import docs
from incidex.web.routes import error_page, path_tail, router

__all__ = ["error_page", "is_api_path", "mount", "path_tail"]


def is_api_path(path: str) -> bool:
    """Paths whose errors are JSON; every other path is a page and gets an HTML error."""
    return path.startswith(("/api/", "/docs", "/redoc", "/openapi")) or path == "/api"


def mount(app: FastAPI, store: Store) -> None:
    static = resources.files("incidex.web") / "static"
    app.include_router(router(store))
    docs.mount(app)  # before /static: its assets are served under /static/docs
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
