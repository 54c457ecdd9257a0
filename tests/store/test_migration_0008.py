"""Migration 0008: the incidents row carries the chosen weapon and target type (filled from the
chosen values for incidents stored before), the group filter's index; the downgrade drops them in
place, keeping every row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

from incidex.fuse.service import FusionService
from incidex.store.database import Store, _alembic_config
from incidex.store.repository import IncidentFilter, list_incidents
from tests.factories import document, mention

pytestmark = pytest.mark.sqlite_only(reason="an old SQLite file upgraded and read with sqlite3")

ROWS = "SELECT weaptype, targtype FROM incidents ORDER BY weaptype"


def _columns(conn: sqlite3.Connection) -> set[str]:
    return {row[1] for row in conn.execute("PRAGMA table_info(incidents)")}


def test_0008_fills_the_type_columns_and_downgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    url = f"sqlite:///{path}"
    store = Store(url)
    for doc_id, country, weapon, target in (
        ("w1", "Iraq", "Explosives", "Police"),
        ("w2", "Peru", "Incendiary", None),
    ):
        fields = {"date": "2022-04-04", "country": country, "weaptype": weapon}
        if target:
            fields["targtype"] = target
        with store.session() as s:
            FusionService(s).save_document(document(doc_id), [mention(doc_id, **fields)])
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute(ROWS).fetchall() == [("Explosives", "Police"), ("Incendiary", None)]
    config = _alembic_config()
    config.set_main_option("sqlalchemy.url", url)
    command.downgrade(config, "0007")
    with sqlite3.connect(path) as conn:
        assert not {"weaptype", "targtype"} & _columns(conn)
        assert conn.execute("SELECT count(*) FROM incidents").fetchone()[0] == 2
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "ix_incidents_gname_lower" not in indexes
    command.upgrade(config, "head")  # as a store written before 0008 is opened
    with sqlite3.connect(path) as conn:
        assert conn.execute(ROWS).fetchall() == [("Explosives", "Police"), ("Incendiary", None)]
    store = Store(url)
    with store.snapshot() as s:
        [found] = list_incidents(s, IncidentFilter(weapon="explosives", target="police"))
    store.close()
    assert found.doc_ids == ["w1"]
