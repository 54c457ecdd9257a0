"""The interactive API docs, served offline: Swagger UI at /docs.

FastAPI's own page loads its script from a CDN with an inline bootstrap; this one loads Swagger UI
from the ``fastapi-offline`` package (served at /static/docs/) and starts it from
``static/docs.js``, so it works with no network and under a policy with no inline script.
ReDoc is not offered: its bundle always loads a logo from its vendor's CDN.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from incidex.web.render import environment

ASSETS = "/static/docs"  # Swagger UI and ReDoc, as the fastapi-offline package ships them

_env = environment()


def assets() -> str:
    """The folder of ``swagger-ui-bundle.js`` and ``swagger-ui.css``."""
    return str(resources.files("fastapi_offline") / "static")


def mount(app: FastAPI) -> None:
    """Add /docs (the app is created with FastAPI's own docs pages turned off)."""
    assert app.openapi_url, "the docs need the OpenAPI schema"
    context = {"title": app.title, "openapi": app.openapi_url, "assets": ASSETS}
    pages = APIRouter(include_in_schema=False)

    @pages.get("/docs", response_class=HTMLResponse)
    def swagger() -> HTMLResponse:
        return HTMLResponse(_env.get_template("docs.html").render(**context))

    app.include_router(pages)
    app.mount(ASSETS, StaticFiles(directory=assets()), name="docs-assets")
