"""A throwaway PostgreSQL server: Debian's PostgreSQL 15 started in a temporary folder.

``initdb`` and ``pg_ctl`` into a temporary, world-writable folder, listening on a Unix socket
there only (no TCP port), run as the ``postgres`` system user when the caller runs as root (the
server refuses to run as root); ``fresh_url`` creates a database on it. The tests' fixture
(``tests/postgres.py``) and ``make bench-scale`` (``benchmarks/ingest_dask.py``) both start
theirs with this class. No pytest here: the benchmarks import it too.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PG_BIN = Path(os.environ.get("INCIDEX_PG_BIN", "/usr/lib/postgresql/15/bin"))
TEMPLATE = "incidex_migrated"  # a database at the migrations' head, copied by ``fresh_url``


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

    def close(self) -> None:
        """Stop the server if it runs and remove its folder."""
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

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


def started() -> PostgresServer:
    """A new server in a new temporary folder (``close`` stops it and removes the folder)."""
    server = PostgresServer(Path(tempfile.mkdtemp(prefix="incidex-pg-")))
    try:
        server.start()
    except BaseException:
        server.close()
        raise
    return server
