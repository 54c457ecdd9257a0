"""SQL users see review decisions: ``incidents.dismissed`` and the ``active_incidents`` view
(migration 0009), read with plain sqlite3 on a real store file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy.orm import Session

from incidex.fuse.review import merge_incidents, set_dismissed
from incidex.fuse.service import FusionService
from incidex.models import FieldName
from incidex.store.database import Store, _alembic_config
from incidex.store.repository import IncidentFilter, list_incidents
from tests.factories import document, mention


def _save(store: Store, doc_id: str, city: str, day: str) -> None:
    m = mention(doc_id, date=day, country="Iran", city=city, attacktype="Bombing/Explosion")
    with store.session() as s:
        FusionService(s).save_document(document(doc_id), [m])


def _incident_of(store: Store, city: str) -> str:
    with store.session() as s:
        return next(
            i.id for i in list_incidents(s, IncidentFilter()) if i.value(FieldName.CITY) == city
        )


def _flags(path: Path) -> tuple[dict[str, int], set[str]]:
    """(city -> dismissed flag, cities of active_incidents), as a SQL user reads them."""
    with sqlite3.connect(path) as conn:
        flags = dict(conn.execute("SELECT city, dismissed FROM incidents").fetchall())
        active = {r[0] for r in conn.execute("SELECT city FROM active_incidents")}
    return flags, active


def test_dismiss_and_restore_show_in_the_column_and_the_view(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    store = Store(f"sqlite:///{path}")
    _save(store, "a", "Kerman", "2024-01-03")
    _save(store, "b", "Zahedan", "2024-02-20")
    assert _flags(path) == ({"Kerman": 0, "Zahedan": 0}, {"Kerman", "Zahedan"})
    kerman = _incident_of(store, "Kerman")
    with store.session() as s:
        set_dismissed(s, kerman, True, "ann", "a gas explosion")
    assert _flags(path) == ({"Kerman": 1, "Zahedan": 0}, {"Zahedan"})
    # a later report of the dismissed attack re-keys and rewrites it: still dismissed
    _save(store, "c", "Kerman", "2024-01-03")
    flags, active = _flags(path)
    assert flags["Kerman"] == 1 and active == {"Zahedan"}
    with store.session() as s:
        set_dismissed(s, _incident_of_any(s, "Kerman"), False, "ann")
    assert _flags(path) == ({"Kerman": 0, "Zahedan": 0}, {"Kerman", "Zahedan"})
    store.close()


def _incident_of_any(session: Session, city: str) -> str:
    """The incident of ``city``, dismissed ones included."""
    found = list_incidents(session, IncidentFilter(include_dismissed=True))
    return next(i.id for i in found if i.value(FieldName.CITY) == city)


def test_a_merge_into_a_dismissed_incident_keeps_the_flag_of_the_result(tmp_path: Path) -> None:
    path = tmp_path / "merge.db"
    store = Store(f"sqlite:///{path}")
    _save(store, "a", "Kerman", "2024-01-03")
    _save(store, "b", "Zahedan", "2024-02-20")
    with store.session() as s:
        set_dismissed(s, _incident_of(store, "Zahedan"), True, "ann")
    with store.session() as s:
        merged = merge_incidents(
            s, _incident_of(store, "Kerman"), _incident_of_any(s, "Zahedan"), "ann"
        )
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT id, dismissed FROM incidents").fetchall()
        active = conn.execute("SELECT count(*) FROM active_incidents").fetchone()[0]
    assert rows == [(merged.id, 1)] and active == 0
    store.close()


def test_migration_0009_fills_the_flag_from_stored_decisions_and_downgrades(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    url = f"sqlite:///{path}"
    store = Store(url)
    _save(store, "a", "Kerman", "2024-01-03")
    _save(store, "b", "Zahedan", "2024-02-20")
    with store.session() as s:
        set_dismissed(s, _incident_of(store, "Kerman"), True, "ann")
    store.close()
    config = _alembic_config()
    config.set_main_option("sqlalchemy.url", url)
    command.downgrade(config, "0007")
    with sqlite3.connect(path) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(incidents)")}
        views = conn.execute("SELECT name FROM sqlite_master WHERE type='view'").fetchall()
    assert "dismissed" not in columns and views == []
    command.upgrade(config, "head")
    assert _flags(path) == ({"Kerman": 1, "Zahedan": 0}, {"Zahedan"})
