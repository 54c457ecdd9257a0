"""A throwaway PostgreSQL server for the tests, and the store URLs of both backends.

The session starts one PostgreSQL 15 server of Debian's ``postgresql`` package itself
(``tests/pg_server.py``: ``initdb`` and ``pg_ctl`` into a temporary, world-writable folder,
listening on a Unix socket there only, run as the ``postgres`` system user when the tests run as
root). Every test gets a database of its own on it, created empty (or
from a migrated template) and dropped at the test's end; the server is stopped at the session's
end. Without the binaries the PostgreSQL runs are skipped with the reason, except in CI
(``CI=true``), where they fail: ``make test`` installs the package first (``make setup-postgres``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg_server import PostgresServer, missing, started

__all__ = ["BACKENDS", "PostgresServer", "StoreUrls", "missing"]

BACKENDS = ("sqlite", "postgresql")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (skipped without the binaries, failed in CI)."""
    reason = missing()
    if reason is not None:
        if in_ci():
            pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}")
        pytest.skip(reason)
    server = started()
    try:
        yield server
    finally:
        server.close()


class StoreUrls:
    """New store URLs of one backend: a file under ``folder`` or a database on the server."""

    def __init__(self, backend: str, folder: Path, server: PostgresServer | None) -> None:
        self.backend = backend
        self.folder = folder
        self.server = server
        self.made: list[str] = []

    def __call__(self, name: str = "store", migrated: bool = True) -> str:
        """The URL of a new, empty store (on PostgreSQL, ``migrated`` copies a migrated one)."""
        if self.server is None:
            return f"sqlite:///{self.folder / name}.db"
        url = self.server.fresh_url(migrated=migrated)
        self.made.append(url)
        return url

    def close(self) -> None:
        if self.server is not None:
            for url in self.made:
                self.server.drop(url)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): the test checks what only SQLite has; its PostgreSQL run is skipped",
    )


def _urls(request: pytest.FixtureRequest, folder: Path) -> StoreUrls:
    backend = request.param
    marker = request.node.get_closest_marker("sqlite_only")
    if backend != "sqlite" and marker is not None:
        pytest.skip(f"SQLite only: {marker.kwargs.get('reason') or marker.args[0]}")
    server = request.getfixturevalue("postgres_server") if backend == "postgresql" else None
    return StoreUrls(backend, folder, server)


@pytest.fixture(params=BACKENDS)
def store_urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreUrls]:
    """New store URLs on each backend in turn (the test runs once with each)."""
    urls = _urls(request, tmp_path)
    yield urls
    urls.close()


@pytest.fixture(scope="module", params=BACKENDS)
def module_store_urls(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StoreUrls]:
    """As ``store_urls``, for a store a whole module shares."""
    urls = _urls(request, tmp_path_factory.mktemp("stores"))
    yield urls
    urls.close()


@pytest.fixture
def store_url(store_urls: StoreUrls) -> str:
    """The URL of one new store, on each backend in turn."""
    return store_urls()
