"""SQL users see review decisions: ``incidents.dismissed`` and the ``active_incidents`` view
(migration 0009), read with plain SQL on a real store, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from incidex.fuse.review import merge_incidents, set_dismissed
from incidex.fuse.service import FusionService
from incidex.models import FieldName
from incidex.store.database import Store, _alembic_config
from incidex.store.repository import IncidentFilter, list_incidents
from tests.factories import document, mention
from tests.postgres import StoreUrls


def _save(store: Store, doc_id: str, city: str, day: str) -> None:
    m = mention(doc_id, date=day, country="Iran", city=city, attacktype="Bombing/Explosion")
    with store.session() as s:
        FusionService(s).save_document(document(doc_id), [m])


def _incident_of(store: Store, city: str) -> str:
    with store.session() as s:
        return next(
            i.id for i in list_incidents(s, IncidentFilter()) if i.value(FieldName.CITY) == city
        )


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    """The rows of ``sql``, read as a SQL user would (a connection of its own)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def _flags(url: str) -> tuple[dict[str, int], set[str]]:
    """(city -> dismissed flag, cities of active_incidents), as a SQL user reads them."""
    flags = {
        str(city): int(flag) for city, flag in _rows(url, "SELECT city, dismissed FROM incidents")
    }
    active = {str(r[0]) for r in _rows(url, "SELECT city FROM active_incidents")}
    return flags, active


def test_dismiss_and_restore_show_in_the_column_and_the_view(store_url: str) -> None:
    path = store_url
    store = Store(store_url)
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


def test_a_merge_into_a_dismissed_incident_keeps_the_flag_of_the_result(store_url: str) -> None:
    store = Store(store_url)
    _save(store, "a", "Kerman", "2024-01-03")
    _save(store, "b", "Zahedan", "2024-02-20")
    with store.session() as s:
        set_dismissed(s, _incident_of(store, "Zahedan"), True, "ann")
    with store.session() as s:
        merged = merge_incidents(
            s, _incident_of(store, "Kerman"), _incident_of_any(s, "Zahedan"), "ann"
        )
    rows = [(i, int(d)) for i, d in _rows(store_url, "SELECT id, dismissed FROM incidents")]
    [(active,)] = _rows(store_url, "SELECT count(*) FROM active_incidents")
    assert rows == [(merged.id, 1)] and active == 0
    store.close()


def test_migration_0009_fills_the_flag_from_stored_decisions_and_downgrades(
    store_urls: StoreUrls,
) -> None:
    url = path = store_urls("old")
    store = Store(url)
    _save(store, "a", "Kerman", "2024-01-03")
    _save(store, "b", "Zahedan", "2024-02-20")
    with store.session() as s:
        set_dismissed(s, _incident_of(store, "Kerman"), True, "ann")
    store.close()
    config = _alembic_config()
    config.set_main_option("sqlalchemy.url", url)
    command.downgrade(config, "0007")
    engine = create_engine(url)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("incidents")}
        views = inspect(engine).get_view_names()
    finally:
        engine.dispose()
    assert "dismissed" not in columns and views == []
    command.upgrade(config, "head")
    assert _flags(path) == ({"Kerman": 1, "Zahedan": 0}, {"Zahedan"})
