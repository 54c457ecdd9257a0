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
its first statement, as SQLite's ``BEGIN IMMEDIATE`` takes the write lock: writers (a review
action, the migrations' data) follow one another whole, and each, at READ COMMITTED, reads
everything committed before it got the lock. The save of a new document takes less
(``Store.session(locks=...)``, from ``save_locks``): ``WRITE_LOCK`` shared, then exclusive locks
on its id and content hash and on the countries of its reports (fusion only ever compares and
groups reports of one country, so a save reads and writes the incidents of those countries
only), and, last, just before it writes what the article teaches the knowledge base (rows every
document may share), the knowledge lock (``lock_knowledge``), held to the commit. So saves of
documents about different countries run side by side, saves of one country follow one another
whole, and a review action (exclusive ``WRITE_LOCK``) waits for every save and every save for
it. Every transaction takes its locks in one order (the write lock, documents, countries, the
knowledge lock, each group sorted), so no two wait for each other. A save that finds it needs
more (its document changed, whose old reports may be of other countries; an analyst's merge,
which may join countries) raises ``WholeStoreNeeded`` and is done again under the whole lock.
So several processes (``incidex ingest``, or the Dask workers of ``ingest --workers``) writing
one PostgreSQL store at once neither lose nor duplicate a document or an incident. A lock is
waited for up to ``LOCK_WAIT_S`` (``lock_timeout``); past that the session fails with a
``StoreError``. Read sessions (``snapshot``) take no lock.
"""

from __future__ import annotations

import fcntl
import logging
import time
import zlib
from collections.abc import Collection, Iterable, Iterator
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


# PostgreSQL, the narrower locks of a document's save: (namespace, key) pairs of the two-integer
# advisory locks (a key space apart from the one-integer locks above), taken in sorted order.
DOCUMENT_LOCKS, COUNTRY_LOCKS, KNOWLEDGE_LOCK = 1, 2, (3, 0)
SAVE_LOCKS = "incidex_save_locks"  # Session.info: the locks of a save session


class WholeStoreNeeded(Exception):
    """A save under the narrow locks found it needs the whole store's write lock (raised by the
    fusion service; the caller does the save again in ``Store.session()``)."""


def _int4(value: str) -> int:
    key = zlib.crc32(value.encode("utf-8"))
    return key - (1 << 32) if key >= 1 << 31 else key


def save_locks(documents: Iterable[str], countries: Iterable[str]) -> list[tuple[int, int]]:
    """The advisory locks of a save: each document key (id, content hash) and each country of
    its reports (as fusion compares it), in the order they are taken."""
    keys = {(DOCUMENT_LOCKS, _int4(d)) for d in documents}
    keys |= {(COUNTRY_LOCKS, _int4(c)) for c in countries}
    return sorted(keys)


def narrow(session: Session) -> bool:
    """Whether ``session`` is a save under the narrow locks (not the whole store's)."""
    return session.info.get(SAVE_LOCKS) is not None


def lock_knowledge(session: Session) -> None:
    """Take the knowledge lock in a narrow save (nothing otherwise: the session holds the whole
    store's lock); call it right before the knowledge base's writes, the last of a save."""
    if narrow(session):
        _advisory(session.connection(), [KNOWLEDGE_LOCK])


class LockClock:
    """Seconds this process has waited for the PostgreSQL write lock, and how often it took it
    (read by ``ingest --workers`` to tell lock waiting from work)."""

    waited: float = 0.0
    taken: int = 0


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
    def session(self, locks: Collection[tuple[int, int]] | None = None) -> Iterator[Session]:
        """A write session in one transaction: committed on success, rolled back on any error.

        On SQLite and PostgreSQL it holds the store's write lock from its first statement to its
        end. ``locks`` (``save_locks``: the save of a document): on PostgreSQL the write lock is
        shared and these are held instead (see the module docstring); elsewhere ignored."""
        session = self._sessions()
        if locks is not None and self.engine.dialect.name == "postgresql":
            session.info[SAVE_LOCKS] = sorted(locks)
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


def _postgresql_write_lock(session: Session, _transaction: Any, connection: Connection) -> None:
    """Wait (up to LOCK_WAIT_S) for the store's write lock, held to the transaction's end;
    taken when a write session's transaction begins (its first statement), like SQLite's. A
    save session takes it shared, then its own locks (``save_locks``), in the same statement
    (one round trip; PostgreSQL evaluates the select list in order)."""
    locks = session.info.get(SAVE_LOCKS)
    calls = [f"set_config('lock_timeout', '{int(LOCK_WAIT_S)}s', true)"]
    if locks is None:
        calls.append(f"pg_advisory_xact_lock({WRITE_LOCK})")
    else:
        calls.append(f"pg_advisory_xact_lock_shared({WRITE_LOCK})")
        calls += [f"pg_advisory_xact_lock({int(space)}, {int(key)})" for space, key in locks]
    asked = time.perf_counter()
    connection.exec_driver_sql("SELECT " + ", ".join(calls))
    LockClock.waited += time.perf_counter() - asked
    LockClock.taken += 1


def _advisory(connection: Connection, locks: Iterable[tuple[int, int]]) -> None:
    asked = time.perf_counter()
    for space, key in locks:  # one at a time, in the order given
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:space, :key)"), {"space": space, "key": key}
        )
    LockClock.waited += time.perf_counter() - asked


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
