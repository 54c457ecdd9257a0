"""Open a store from an SQLAlchemy URL, migrate it with Alembic, hand out transactional sessions.

Several processes may use one store at once (two ingests, a server reading while an ingest
writes), so on SQLite:

- Incidex issues the transactions itself (the driver's implicit ``BEGIN`` before the first
  write only is turned off). A write session begins ``BEGIN IMMEDIATE``: it takes the write lock
  before it reads anything, so writers follow one another whole and none decides on what another
  is changing. A read session (``Store.snapshot``) begins a plain ``BEGIN``: in WAL mode its
  first read fixes a snapshot that every later query of the session sees, whatever commits
  meanwhile, and it never waits for a writer.
- A lock held by another process is waited for (``BUSY_TIMEOUT_S`` per attempt) and the begin
  retried for up to ``LOCK_WAIT_S``; past that the session fails with a ``StoreError`` naming
  the cause, which the commands turn into a non-zero exit.
- The migrations run in one transaction under the write lock, and, for a file, under an
  exclusive file lock beside it (``<db>.lock``) taken before the first connection, so two
  processes opening a new store neither race the schema nor the switch to WAL, and a process
  killed half-way leaves the schema whole or absent. PostgreSQL and MySQL take an advisory lock.

On PostgreSQL a write session takes one transaction-scoped advisory lock (``WRITE_LOCK``) before
its first statement, as SQLite's ``BEGIN IMMEDIATE`` takes the write lock: writers (each
``incidex ingest`` saving a document and re-fusing its neighbourhood, a review action) follow one
another whole, and each, at READ COMMITTED, reads everything committed before it got the lock.
So several processes ingesting into one PostgreSQL store at once neither lose nor duplicate a
document or an incident, while their reading and extraction, outside the transaction, run side
by side. The lock is waited for up to ``LOCK_WAIT_S`` (``lock_timeout``); past that the session
fails with a ``StoreError``. Read sessions (``snapshot``) take no lock.
"""

from __future__ import annotations

import fcntl
import logging
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from incidex.errors import StoreError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 10.0  # one attempt to take a lock another process holds (SQLite busy_timeout)
LOCK_WAIT_S = 300.0  # all attempts of one transaction to begin, before it is given up
BEGIN = "incidex_begin"  # execution option: how an SQLite transaction begins
MIGRATION_LOCK = zlib.crc32(b"incidex migrations")  # the advisory lock key of other databases
WRITE_LOCK = zlib.crc32(b"incidex writes")  # PostgreSQL: the advisory lock of a write session


def _alembic_config() -> Config:
    config = Config()
    location = resources.files("incidex.store") / "migrations"
    config.set_main_option("script_location", str(location))
    return config


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN: ``_sqlite_begin`` issues it
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """Begin a transaction: IMMEDIATE (writes) unless the session asked for a snapshot read;
    a lock another process holds past the busy timeout is tried again, up to LOCK_WAIT_S."""
    mode = connection.get_execution_options().get(BEGIN, "IMMEDIATE")
    deadline = time.monotonic() + LOCK_WAIT_S
    pause = 0.05
    while True:
        try:
            connection.exec_driver_sql(f"BEGIN {mode}")
            return
        except OperationalError as err:
            if not is_busy(err) or time.monotonic() >= deadline:
                raise
            log.info("store busy (another process writes); trying again")
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


def is_busy(err: BaseException) -> bool:
    """Whether a database error is another process holding a lock (worth waiting for)."""
    message = str(getattr(err, "orig", None) or err).lower()
    return any(
        cause in message
        for cause in ("database is locked", "database is busy", "canceling statement due to lock")
    )


class Store:
    """A database holding documents and incidents; migrated to the latest schema on open."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            parsed = make_url(url)
        except ArgumentError as err:
            raise StoreError(
                f"database URL {url!r} is not valid; give a file path or an SQLAlchemy URL "
                "such as sqlite:///incidex.db"
            ) from err
        self._file: Path | None = None
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            self._file = Path(parsed.database).expanduser().resolve()
            if not self._file.parent.is_dir():
                raise StoreError(
                    f"cannot open database {url!r}: folder {self._file.parent} does not exist; "
                    "create it or choose another --db"
                )
        try:
            self.engine: Engine = create_engine(url)
        except (ArgumentError, ImportError, SQLAlchemyError) as err:
            raise StoreError(
                f"cannot open database {url!r}: {_first_line(err)}; check --db or INCIDEX_DB"
            ) from err
        reads = self.engine
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
            reads = self.engine.execution_options(**{BEGIN: "DEFERRED"})
        elif self.engine.dialect.name in ("postgresql", "mysql", "mariadb"):
            reads = self.engine.execution_options(isolation_level="REPEATABLE READ")
        self._reads = reads
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if self.engine.dialect.name == "postgresql":  # at the first statement, as SQLite's BEGIN
            event.listen(self._sessions, "after_begin", _postgresql_write_lock)
        self._snapshots = sessionmaker(reads, expire_on_commit=False)
        self._migrate()

    def _migrate(self) -> None:
        config = _alembic_config()
        head = ScriptDirectory.from_config(config).get_current_head()
        try:
            if self._at(head):
                return
            with self._file_lock(), self.engine.begin() as connection:  # BEGIN IMMEDIATE
                self._advisory_lock(connection)
                current = MigrationContext.configure(connection).get_current_revision()
                if current == head:  # another process migrated it meanwhile
                    return
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except (OperationalError, SQLAlchemyError) as err:
            raise StoreError(
                f"cannot open database {self.url!r}: {_error_text(err)}; "
                "check the path or URL and that the file is an Incidex database"
            ) from err

    def _at(self, head: str | None) -> bool:
        """Whether the store is at ``head`` already (read without any lock, as most opens are);
        a new SQLite file is not even connected to before the file lock is held."""
        if self._file is not None and (not self._file.exists() or not self._file.stat().st_size):
            return False
        with self._reads.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            connection.rollback()
        return current == head

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        """An exclusive lock on ``<db>.lock`` (SQLite files only) while the schema is made."""
        if self._file is None:
            yield
            return
        lock = self._file.with_name(self._file.name + ".lock")
        try:
            handle = lock.open("a")
        except OSError:  # a read-only folder: nothing can be migrated there anyway
            yield
            return
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _advisory_lock(self, connection: Connection) -> None:
        name = connection.dialect.name
        if name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        elif name in ("mysql", "mariadb"):
            connection.execute(
                text("SELECT GET_LOCK(:key, :wait)"),
                {"key": f"incidex-{MIGRATION_LOCK}", "wait": int(LOCK_WAIT_S)},
            )

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write session in one transaction: committed on success, rolled back on any error.

        On SQLite and PostgreSQL it holds the store's write lock from its first statement to its
        end."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except OperationalError as err:
            raise StoreError(f"database error on {self.url!r}: {_error_text(err)}") from err
        finally:
            session.close()

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read session: every query sees the store as it was at the first one (on SQLite a
        WAL read transaction, elsewhere REPEATABLE READ), never waits for a writer, and is
        closed (rolled back) at the end. For a response built from several queries."""
        session = self._snapshots()
        try:
            yield session
        except OperationalError as err:
            raise StoreError(f"database error on {self.url!r}: {_error_text(err)}") from err
        finally:
            session.close()  # ends the read transaction; loaded objects stay readable

    def close(self) -> None:
        self.engine.dispose()


def _postgresql_write_lock(_session: Session, _transaction: Any, connection: Connection) -> None:
    """Wait (up to LOCK_WAIT_S) for the store's write lock, held to the transaction's end;
    taken when a write session's transaction begins (its first statement), like SQLite's."""
    connection.execute(text(f"SET LOCAL lock_timeout = '{int(LOCK_WAIT_S)}s'"))
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
    connection.execute(text("SET LOCAL lock_timeout = 0"))


def _error_text(err: BaseException) -> str:
    if is_busy(err):
        return (
            f"the database is busy: another process held its write lock for over "
            f"{int(LOCK_WAIT_S)} s; run the command again when it is done"
        )
    return _first_line(err)


def _first_line(err: BaseException) -> str:
    text = str(getattr(err, "orig", None) or err)
    return text.strip().splitlines()[0] if text.strip() else type(err).__name__
