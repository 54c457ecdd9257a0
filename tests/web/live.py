"""A live workbench for the browser tests: uvicorn in a thread, and Chromium kept offline.

``serve`` runs an app on a free loopback port until the block ends. ``offline`` routes every
request of a browser context: those to the server's own origin go through, every other one
(a CDN, a tile server, a font host) is aborted and recorded, so a test can fail on it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import uvicorn

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """The app served on 127.0.0.1 while the block runs; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def is_local(url: str) -> bool:
    """A request the page may make with the network off: loopback, or data:/blob: URLs."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws") and (parts.hostname or "") in LOCAL


def offline(context: Any, blocked: list[str]) -> None:
    """Abort (and record in ``blocked``) every request of ``context`` that leaves the machine."""

    def route(handled: Any) -> None:
        url = handled.request.url
        if is_local(url):
            handled.continue_()
        else:
            blocked.append(url)
            handled.abort("internetdisconnected")

    context.route("**/*", route)


def chromium() -> Iterator[Any]:
    """Debian's Chromium, launched for a module's tests (a fixture yields from it) and closed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        opened = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield opened
        opened.close()
