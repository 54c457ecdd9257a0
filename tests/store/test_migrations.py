"""Migration 0005: the mentions' blocking columns are filled from their reported values, and the
downgrade takes the columns and the extracted-values table away keeping every row and the
full-text index of 0004 in step. Migration 0006: each report's qualification is kept and read
back, and the downgrade drops the column in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from incidex.fuse.review import correct_field
from incidex.fuse.service import FusionService
from incidex.store.database import Store, _alembic_config
from incidex.store.repository import IncidentFilter, list_incidents
from tests.factories import document, mention

BLOCKING = "SELECT id, country, date, day FROM mentions ORDER BY id"
COUNTED = ("documents", "mentions", "field_values", "incidents", "incident_values")


def _save(store: Store, doc_id: str, when: str, city: str = "Kerman", fuse: bool = True) -> None:
    m = mention(doc_id, date=when, country="Iran", city=city, attacktype="Bombing/Explosion")
    with store.session() as s:
        FusionService(s).save_document(document(doc_id), [m], fuse=fuse)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}


def test_0005_fills_the_blocking_columns_and_downgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    url = f"sqlite:///{path}"
    store = Store(url)
    _save(store, "a", "2024-01-03")
    _save(store, "b", "2024-01")
    _save(store, "c", "2024-01-04", fuse=False)
    _save(store, "d", "not a date")
    with store.session() as s:
        [incident] = [i for i in list_incidents(s, IncidentFilter()) if len(i.doc_ids) == 2]
        correct_field(s, incident.id, "city", "Bam", "ann")
    store.close()
    with sqlite3.connect(path) as conn:
        written = conn.execute(BLOCKING).fetchall()
        before = _counts(conn)
    assert sorted((c or "", d or "", day is None) for _, c, d, day in written) == [
        ("", "", True),
        ("iran", "2024-01", True),
        ("iran", "2024-01-03", False),
        ("iran", "2024-01-04", False),
    ]

    config = _alembic_config()
    config.set_main_option("sqlalchemy.url", url)
    command.downgrade(config, "0004")
    with sqlite3.connect(path) as conn:
        assert not {"country", "date", "day", "fuse"} & _columns(conn, "mentions")
        assert not _columns(conn, "incident_extracted_values")
        assert _counts(conn) == before  # nothing cascaded away
        for fts in ("documents_fts", "incident_values_fts"):
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")

    command.upgrade(config, "head")
    with sqlite3.connect(path) as conn:
        assert conn.execute(BLOCKING).fetchall() == written  # filled from field_values
        assert conn.execute("SELECT count(*) FROM mentions WHERE NOT fuse").fetchone()[0] == 0
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0006"
    reopened = Store(url)
    try:
        _save(reopened, "e", "2024-01-03")  # finds its neighbours through the filled columns
        with reopened.session() as s:
            found = [i.doc_ids for i in list_incidents(s, IncidentFilter())]
        assert sorted(found) == [["a", "b", "c", "e"], ["d"]]
    finally:
        reopened.close()


def test_0006_keeps_each_reports_qualification_and_downgrades_in_place(tmp_path: Path) -> None:
    from incidex.models import Ground, Qualification
    from incidex.store.repository import get_incident

    path = tmp_path / "q.db"
    url = f"sqlite:///{path}"
    store = Store(url)
    m = mention("q", date="2024-01-03", country="Iran", city="Kerman")
    m.qualification = Qualification(
        0.9, [Ground("trigger", "a bomb", 0.8), Ground("device", "d", 0.6)]
    )
    with store.session() as s:
        FusionService(s).save_document(document("q"), [m])
    with store.session() as s:
        [incident] = list_incidents(s, IncidentFilter())
        stored = get_incident(s, incident.id).mentions[0].qualification
    store.close()
    assert stored == m.qualification
    config = _alembic_config()
    config.set_main_option("sqlalchemy.url", url)
    command.downgrade(config, "0005")
    with sqlite3.connect(path) as conn:
        assert "qualification" not in _columns(conn, "mentions")
        assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 1
    command.upgrade(config, "head")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT qualification FROM mentions").fetchone()[0] is None
