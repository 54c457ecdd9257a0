"""A throwaway PostgreSQL server for the tests, and the store URLs of both backends.

The session starts one PostgreSQL 15 server of Debian's ``postgresql`` package itself:
``initdb`` and ``pg_ctl`` into a temporary, world-writable folder, listening on a Unix socket
there only (no TCP port), run as the ``postgres`` system user when the tests run as root (the
server refuses to run as root). Every test gets a database of its own on it, created empty (or
from a migrated template) and dropped at the test's end; the server is stopped at the session's
end. Without the binaries the PostgreSQL runs are skipped with the reason, except in CI
(``CI=true``), where they fail: ``make test`` installs the package first (``make setup-postgres``).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("INCIDEX_PG_BIN", "/usr/lib/postgresql/15/bin"))
TEMPLATE = "incidex_migrated"  # a database at the migrations' head, copied by ``fresh_url``
BACKENDS = ("sqlite", "postgresql")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


class PostgresServer:
    """One running server; ``fresh_url`` gives a new database's SQLAlchemy URL."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data = folder / "data"
        self._numbers = itertools.count(1)
        self._template = False

    def _run(self, *args: str) -> None:
        """Run a PostgreSQL program; its output goes to a file (the server it starts keeps
        the descriptors open, so a pipe would never end)."""
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        output = self.folder / f"{args[0]}.out"
        with output.open("w") as sink:
            done = subprocess.run(command, stdout=sink, stderr=subprocess.STDOUT, cwd=self.folder)
        if done.returncode != 0:
            log = self.folder / "server.log"
            detail = output.read_text() + (log.read_text() if log.exists() else "")
            raise RuntimeError(f"{' '.join(command)} failed:\n{detail}")

    def start(self) -> None:
        self.folder.chmod(0o777)  # the postgres user writes its data and socket here
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-E", "UTF8", "--locale=C")
        options = f"-k {self.folder} -c listen_addresses='' -c fsync=off"
        log = self.folder / "server.log"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(log), "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}"

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host=str(self.folder), user="postgres", dbname="postgres") as conn:
            conn.autocommit = True
            conn.execute(sql)

    def fresh_url(self, migrated: bool = False) -> str:
        """A new, empty database (``migrated``: a copy of one at the migrations' head)."""
        name = f"test_{next(self._numbers)}"
        if migrated and not self._template:
            from incidex.store.database import Store

            self.execute(f"CREATE DATABASE {TEMPLATE}")
            Store(self.url(TEMPLATE)).close()
            self._template = True
        source = f" TEMPLATE {TEMPLATE}" if migrated else ""
        self.execute(f"CREATE DATABASE {name}{source}")
        return self.url(name)

    def drop(self, url: str) -> None:
        name = url.split("@/", 1)[1].split("?", 1)[0]
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def missing() -> str | None:
    """Why no server can be started here, or None."""
    if not (PG_BIN / "initdb").is_file():
        return f"PostgreSQL 15 is not installed ({PG_BIN}/initdb missing; make setup-postgres)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser to start PostgreSQL as the postgres user"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg driver is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (skipped without the binaries, failed in CI)."""
    reason = missing()
    if reason is not None:
        if in_ci():
            pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}")
        pytest.skip(reason)
    folder = Path(tempfile.mkdtemp(prefix="incidex-pg-"))
    server = PostgresServer(folder)
    try:
        server.start()
        yield server
    finally:
        if (server.data / "postmaster.pid").exists():
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


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
