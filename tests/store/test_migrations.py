"""Migrations 0005, 0006 and 0007.

0005: the mentions' blocking columns are filled from their reported values, and the downgrade
takes the columns and the extracted-values table away keeping every row and the full-text index
of 0004 in step. 0006: the role spans of each mention's attack frame, dropped by the downgrade
with nothing else. 0007: each report's qualification is kept and read back, and the
downgrade drops the column in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import delete

from incidex.fuse.review import correct_field
from incidex.fuse.service import FusionService
from incidex.models import Evidence, Mention, Role, RoleKind
from incidex.store.database import Store, _alembic_config
from incidex.store.repository import IncidentFilter, get_incident, list_incidents
from incidex.store.schema import MentionRow
from tests.factories import document, mention

pytestmark = pytest.mark.sqlite_only(reason="old SQLite files upgraded and read with sqlite3")

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

    command.upgrade(config, "0005")
    with sqlite3.connect(path) as conn:
        assert conn.execute(BLOCKING).fetchall() == written  # filled from field_values
        assert conn.execute("SELECT count(*) FROM mentions WHERE NOT fuse").fetchone()[0] == 0
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0005"
    reopened = Store(url)
    try:
        _save(reopened, "e", "2024-01-03")  # finds its neighbours through the filled columns
        with reopened.session() as s:
            found = [i.doc_ids for i in list_incidents(s, IncidentFilter())]
        assert sorted(found) == [["a", "b", "c", "e"], ["d"]]
    finally:
        reopened.close()


ROLES = "SELECT role, text, doc_id, start, end, rule FROM mention_roles ORDER BY id"


def _with_roles(doc_id: str) -> Mention:
    m = mention(doc_id, date="2024-01-03", country="Ruritania", city="Strelsau")
    sentence = "Two gunmen of the Zenda Front hurled a grenade at the Strelsau post office."
    for kind, text, start in (
        (RoleKind.PERPETRATOR_INDIVIDUALS, "Two gunmen", 0),
        (RoleKind.PERPETRATOR_ORGANIZATIONS, "Zenda Front", 18),
        (RoleKind.WEAPONS, "grenade", 41),
        (RoleKind.TARGETS, "Strelsau post office", 53),
    ):
        m.roles.add(
            Role(kind, text, Evidence(doc_id, start, start + len(text), sentence, "t", 0.6))
        )
    return m


def test_0006_stores_role_spans_and_downgrades_to_0005(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    url = f"sqlite:///{path}"
    store = Store(url)
    with store.session() as s:
        FusionService(s).save_document(document("r1"), [_with_roles("r1")])
    store.close()
    with sqlite3.connect(path) as conn:
        stored = conn.execute(ROLES).fetchall()
        before = _counts(conn)
    assert [row[:2] for row in stored] == [
        ("perpetrator_individuals", "Two gunmen"),
        ("perpetrator_organizations", "Zenda Front"),
        ("weapons", "grenade"),
        ("targets", "Strelsau post office"),
    ]
    assert stored[2][2:] == ("r1", 41, 48, "t")

    config = _alembic_config()
    config.set_main_option("sqlalchemy.url", url)
    command.downgrade(config, "0005")
    with sqlite3.connect(path) as conn:
        assert not _columns(conn, "mention_roles")
        assert _counts(conn) == before  # the mentions and their values stay
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0005"

    command.upgrade(config, "0006")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM mention_roles").fetchone()[0] == 0
    reopened = Store(url)
    try:
        with reopened.session() as s:  # a 0005 store's mentions read back with empty frames
            FusionService(s).save_document(document("r2"), [_with_roles("r2")])
        with reopened.session() as s:
            incidents = list_incidents(s, IncidentFilter())
            [incident] = [get_incident(s, i.id) for i in incidents]
        assert incident.doc_ids == ["r1", "r2"]
        assert [r.text for r in incident.roles.of(RoleKind.WEAPONS)] == ["grenade"]
        assert {r.evidence.doc_id for r in incident.roles.roles} == {"r2"}
    finally:
        reopened.close()


def test_a_mention_deleted_takes_its_roles_along(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    store = Store(f"sqlite:///{path}")
    with store.session() as s:
        FusionService(s).save_document(document("r1"), [_with_roles("r1")])
    with store.session() as s:
        s.execute(delete(MentionRow))
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM mention_roles").fetchone()[0] == 0


def test_0007_keeps_each_reports_qualification_and_downgrades_in_place(tmp_path: Path) -> None:
    from incidex.models import Ground, Qualification

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
    command.downgrade(config, "0006")
    with sqlite3.connect(path) as conn:
        assert "qualification" not in _columns(conn, "mentions")
        assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 1
    command.upgrade(config, "head")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT qualification FROM mentions").fetchone()[0] is None
