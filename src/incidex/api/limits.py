"""Bounds on what one request can make the server do, as ASGI middleware (outside FastAPI, so
they act before a route reads anything).

- ``RequestGuard``: a body longer than the limit (``Settings.max_request_bytes``,
  ``INCIDEX_MAX_REQUEST_BYTES``) is refused with 413 before a byte of it is read when the
  request gives its ``Content-Length``, else as soon as the bytes received pass the limit; a
  change (any method but GET/HEAD/OPTIONS under ``/api/``) without the review token is refused
  with 401, also before its body is read.
- ``ErrorShield``: an unexpected failure is a 500 in the app's one error shape (JSON for the
  API, an HTML page for the workbench) inside the security headers, its cause logged, never
  shown.
"""

from __future__ import annotations

import contextlib
import logging

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from incidex import web
from incidex.api.review import UNAUTHORIZED, token_ok
from incidex.config import MAX_REQUEST_BYTES

log = logging.getLogger(__name__)

MAX_BODY_BYTES = MAX_REQUEST_BYTES  # the default limit on a request body, in bytes
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class PayloadTooLarge(Exception):
    """A request body ran past the limit while it was read."""


def respond(
    path: str, status: int, kind: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    """The one error shape: ``{"error": {type, message}}`` for the API, an HTML page else."""
    if web.is_api_path(path):
        content = {"error": {"type": kind, "message": message}}
        return JSONResponse(status_code=status, content=content, headers=headers)
    page = web.error_page(status, kind, message)
    page.headers.update(headers or {})
    return page


class RequestGuard:
    """Refuse an oversize body (413) or an unauthenticated change (401) before reading it."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES, token: str = "") -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.token = token

    def _too_large(self, path: str) -> Response:
        message = (
            f"the request body is over {self.max_bytes:,} bytes, the server's limit "
            "(INCIDEX_MAX_REQUEST_BYTES); send less"
        )
        return respond(path, 413, "PayloadTooLarge", message, {"Connection": "close"})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                message = f"Content-Length {declared[:40]!r} is not a number of bytes"
                bad = respond(path, 400, "BadRequest", message, {"Connection": "close"})
                await bad(scope, receive, send)
                return
            if int(declared) > self.max_bytes:
                await self._too_large(path)(scope, receive, send)
                return
        if (
            self.token
            and scope.get("method", "GET") not in SAFE_METHODS
            and web.is_api_path(path)
            and not token_ok(headers.get("authorization"), self.token)
        ):
            refused = respond(path, 401, "Unauthorized", UNAUTHORIZED)
            refused.headers["WWW-Authenticate"] = "Bearer"
            await refused(scope, receive, send)
            return

        received = 0
        over = False
        started = False

        async def counted() -> Message:
            nonlocal received, over
            if over:
                raise PayloadTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    over = True
                    raise PayloadTooLarge
            return message

        async def sent(message: Message) -> None:
            nonlocal started
            if over:  # the app's own answer to the failed read gives way to the 413
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        with contextlib.suppress(PayloadTooLarge):  # a route that let the failed read escape
            await self.app(scope, counted, sent)
        if over and not started:
            await self._too_large(path)(scope, receive, send)


class ErrorShield:
    """An exception no handler took becomes a 500 in the error shape; its cause is logged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except PayloadTooLarge:
            raise
        except Exception:
            path: str = scope.get("path", "")
            log.exception("unexpected failure on %s %s", scope.get("method"), path)
            if started:  # too late to answer with an error: let the server end the response
                raise
            message = "the server failed on this request (the cause is logged); try again"
            await respond(path, 500, "InternalError", message)(scope, receive, send)
