"""The actor knowledge base in the store: statements and learned knowledge saved once, names
independent of ingest order, resolution of any alias, and the upgrade of a 0002 database."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from alembic import command
from sqlalchemy import func, select

from incidex.errors import NotFoundError
from incidex.fuse.service import FusionService
from incidex.models import Evidence, Stance, Statement
from incidex.store.actors import actor_detail, list_actors, resolve_actor
from incidex.store.database import Store, _alembic_config
from incidex.store.knowledge import sync_gazetteer
from incidex.store.repository import IncidentFilter, list_incidents
from incidex.store.schema import (
    ActorAliasRow,
    ActorRelationRow,
    ActorRow,
    IncidentRow,
    StatementRow,
)
from tests.factories import document, mention

ISIL = "Islamic State of Iraq and the Levant (ISIL)"
TEXT = (
    "Gunmen attacked a market in Kandahar. The Taliban, also known as Talibs, denied it. "
    "The Taliban are in contact with commander Mahmoud Rahimi. "
)


@pytest.fixture
def store(store_url):  # type: ignore[no-untyped-def]
    opened = Store(store_url)
    yield opened
    opened.close()


def _statement(doc_id: str, source: str, stance: Stance, target: str, kind: str) -> Statement:
    ev = Evidence(doc_id, 0, 10, "The sentence of the statement.", f"test.{stance}")
    return Statement(source, stance, target, ev, "state", kind, date(2023, 1, 2))


def _save(store: Store, doc_id: str, text: str = TEXT, extra: str = "") -> None:
    m = mention(doc_id, date="2023-01-01", country="Afghanistan", city="Kandahar", gname="Taliban")
    m.statements = [
        _statement(doc_id, "Afghanistan", Stance.BLAMES, "Taliban", "group"),
        _statement(doc_id, "Taliban", Stance.DENIES, "Taliban", "group"),
    ]
    with store.session() as s:
        FusionService(s).save_document(
            document(doc_id, text=text + extra, published=date(2023, 1, 2)), [m]
        )


def _counts(store: Store) -> dict[str, int]:
    with store.session() as s:
        return {
            t.__tablename__: s.scalar(select(func.count()).select_from(t)) or 0
            for t in (StatementRow, ActorRow, ActorAliasRow, ActorRelationRow)
        }


def test_statements_and_knowledge_are_saved_with_the_contested_flag(store: Store) -> None:
    _save(store, "a")
    with store.session() as s:
        [incident] = list_incidents(s, IncidentFilter())
        assert {(st.source, str(st.stance)) for st in incident.statements} == {
            ("Afghanistan", "blames"),
            ("Taliban", "denies"),
        }
        assert s.scalar(select(IncidentRow.contested)) is True
        detail = actor_detail(s, "talibs")
        assert detail.name == "Taliban"
        assert any(a.alias == "Talibs" and a.source == "text" for a in detail.aliases)
        assert [(r.kind, r.other) for r in detail.relations] == [("contact", "Mahmoud Rahimi")]
        assert {str(st.stance) for st in detail.statements} == {"blames", "denies"}
        assert detail.incidents and detail.incidents[0]["contested"]


def test_a_changed_document_saved_again_duplicates_nothing(store: Store) -> None:
    _save(store, "a")
    before = _counts(store)
    _save(store, "a", extra="The market reopened.")
    assert _counts(store) == before
    with store.session() as s:
        sync_gazetteer(s)
    assert _counts(store) == before


def test_a_person_is_named_by_the_spelling_most_reported_in_any_order(store_urls) -> None:  # type: ignore[no-untyped-def]
    texts = {
        "x": "Guards shot commander Mahmoud Rahimi near Herat.",
        "y": "Troops met commander Mahmud Rahimi in Herat.",
        "z": "Officials said commander Mahmud Rahimi left Herat.",
    }
    names = []
    for order in (["x", "y", "z"], ["z", "y", "x"]):
        opened = Store(store_urls("".join(order)))
        for doc_id in order:
            with opened.session() as s:
                FusionService(s).save_document(document(doc_id, text=texts[doc_id]), [])
        with opened.session() as s:
            names.append(resolve_actor(s, "Mahmoud Rahimi").name)
        opened.close()
    assert names == ["Mahmud Rahimi", "Mahmud Rahimi"]


def test_resolution_by_any_alias_case_and_spelling(store: Store) -> None:
    with store.session() as s:
        assert resolve_actor(s, "iskp").name == "Khorasan Chapter of the Islamic State"
        assert resolve_actor(s, "Boku Haram").name == "Boko Haram"
        assert resolve_actor(s, "the Islamic State (IS)").name == ISIL
        assert resolve_actor(s, "IRGC").kind == "agency"
        with pytest.raises(NotFoundError, match="no actor called"):
            resolve_actor(s, "Brigade of Nobody")


def test_listing_shows_the_actors_the_documents_speak_of(store: Store) -> None:
    _save(store, "a")
    with store.session() as s:
        named = {a.name for a in list_actors(s)}
        everyone = list_actors(s, everyone=True)
    assert {"Taliban", "Afghanistan", "Mahmoud Rahimi"} <= named
    assert len(everyone) > 300 and ISIL not in named


@pytest.mark.sqlite_only(reason="an old SQLite file upgraded")
def test_a_0002_database_is_upgraded_keeping_its_incidents(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.db"
    config = _alembic_config()
    config.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    command.upgrade(config, "0002")
    with sqlite3.connect(path) as conn:
        conn.execute(
            'INSERT INTO incidents (id, "primary", created_at, updated_at) '
            "VALUES ('old', 0, '2024-01-01', '2024-01-01')"
        )
    opened = Store(f"sqlite:///{path}")
    with opened.session() as s:
        assert s.scalar(select(IncidentRow.contested).where(IncidentRow.id == "old")) is False
        assert resolve_actor(s, "Taliban").name == "Taliban"
    opened.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0009"
