"""Open a store from an SQLAlchemy URL, migrate it with Alembic, hand out transactional sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from incidex.errors import StoreError


def _alembic_config() -> Config:
    config = Config()
    location = resources.files("incidex.store") / "migrations"
    config.set_main_option("script_location", str(location))
    return config


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


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
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            parent = Path(parsed.database).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(
                    f"cannot open database {url!r}: folder {parent} does not exist; "
                    "create it or choose another --db"
                )
        try:
            self.engine: Engine = create_engine(url, future=True)
        except (ArgumentError, ImportError, SQLAlchemyError) as err:
            raise StoreError(
                f"cannot open database {url!r}: {_first_line(err)}; check --db or INCIDEX_DB"
            ) from err
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._migrate()

    def _migrate(self) -> None:
        config = _alembic_config()
        head = ScriptDirectory.from_config(config).get_current_head()
        try:
            with self.engine.begin() as connection:
                current = MigrationContext.configure(connection).get_current_revision()
                if current == head:
                    return
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except (OperationalError, SQLAlchemyError) as err:
            raise StoreError(
                f"cannot open database {self.url!r}: {_first_line(err)}; "
                "check the path or URL and that the file is an Incidex database"
            ) from err

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except OperationalError as err:
            raise StoreError(f"database error on {self.url!r}: {_first_line(err)}") from err
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _first_line(err: BaseException) -> str:
    text = str(getattr(err, "orig", None) or err)
    return text.strip().splitlines()[0] if text.strip() else type(err).__name__
