"""The incidents list's text filter: the FTS5 index of migration 0004 stays in step with every
write path (ingest, removal, re-ingest, review) and answers as the LIKE scan it replaces."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from incidex.fuse.review import correct_field, merge_incidents, revert_field, split_mention
from incidex.fuse.service import FusionService
from incidex.models import FieldName, Incident
from incidex.store.database import Store, _alembic_config
from incidex.store.repository import (
    IncidentFilter,
    count_incidents,
    list_incidents,
    list_page,
)
from incidex.store.schema import SQL_INDEXES, DocumentRow, IncidentRow
from incidex.store.search import INDEXED, backend, fts_phrase, text_match
from tests.factories import document, mention

TRIGRAM_INDEXES = {name for name in SQL_INDEXES if name.endswith("_trgm")}  # PostgreSQL's
HOSTILE = [
    *('"', '""', "AND (", "a OR b", "NEAR(x y)", "*", "col:val", "x'); --", "^start", "%_"),
    *("Zan\x00zibari", "\x00iB"),  # NUL ends a string in SQLite: dropped
]


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()


def _save(store: Store, doc_id: str, text: str, city: str = "Quillon", nkill: str = "4") -> None:
    day = {"Quillon": "2023-06-02", "Lowgate": "2023-09-14"}.get(city, "2022-03-30")
    m = mention(doc_id, date=day, country="Freedonia", city=city, nkill=nkill, gname="Red Hand")
    with store.session() as s:
        FusionService(s).save_document(document(doc_id, text, date(2023, 6, 3)), [m])


def _found(store: Store, query: str) -> list[list[str]]:
    """The documents of each incident the text filter finds (sorted), checking the count and
    that ``list_page`` (text looked up once for page and count) agrees."""
    with store.session() as s:
        filters = IncidentFilter(query=query)
        found = [i.doc_ids for i in list_incidents(s, filters, reports=False)]
        assert count_incidents(s, filters) == len(found)
        page, total = list_page(s, filters)
        assert [i.doc_ids for i in page] == found and total == len(found)
    return sorted(found)


def _all(store: Store) -> list[Incident]:
    with store.session() as s:
        return list_incidents(s, IncidentFilter())


def _fts_consistent(store: Store) -> None:
    """FTS5's own check that the index matches its content tables; on PostgreSQL, that the
    trigram indexes are there and valid (an ordinary index is kept in step by the server)."""
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            valid = conn.execute(
                text(
                    "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    "WHERE c.relname LIKE '%_trgm' AND i.indisvalid AND i.indisready"
                )
            ).scalars()
            assert set(valid) == set(TRIGRAM_INDEXES)
            return
        for table in ("documents_fts", "incident_values_fts"):
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


@contextmanager
def _plan(session: Session, use_index: bool) -> Iterator[None]:
    """On PostgreSQL, make the planner use the trigram indexes (or scan the tables) for the
    queries of the block, so both ways are run and compared; nothing on SQLite."""
    if session.get_bind().dialect.name != "postgresql":
        yield
        return
    settings = (
        ("enable_seqscan", "enable_indexscan")  # bitmap scans: of an index with a condition
        if use_index
        else ("enable_bitmapscan", "enable_indexscan", "enable_indexonlyscan")
    )
    for setting in settings:
        session.execute(text(f"SET LOCAL {setting} = off"))
    yield
    session.execute(text("RESET ALL"))


def _index_hits(store: Store, query: str) -> int:
    """How many documents the text index (not a scan) finds for ``query``."""
    with store.session() as s:
        if s.get_bind().dialect.name == "postgresql":
            with _plan(s, use_index=True):
                where = func.lower(DocumentRow.text).like(f"%{query}%")
                return int(s.scalar(select(func.count()).where(where)) or 0)
        return int(
            s.execute(
                text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :q"),
                {"q": fts_phrase(query)},
            ).scalar_one()
        )


def test_a_saved_document_is_found_by_its_text_title_and_values(store: Store) -> None:
    _save(store, "a", "A grenade was thrown into the Zanzibari bazaar at noon.")
    _save(store, "b", "Unrelated text about a quiet harbour.", city="Port Ellis")
    assert _found(store, "zanzibari") == [["a"]]  # any case
    assert _found(store, "ibari baz") == [["a"]]  # a substring across words
    assert _found(store, "Title of b") == [["b"]]  # the title
    assert _found(store, "Port Ell") == [["b"]]  # a chosen value, not in the text
    assert _found(store, "red hand") == [["a"], ["b"]]
    assert _found(store, "nowhere-to-be-seen") == []
    assert _found(store, "iB") == [["a"]]  # too short for trigrams: the LIKE scan
    assert _found(store, "zz") == []
    _fts_consistent(store)


def test_removal_and_reingest_leave_one_entry_per_document(store: Store) -> None:
    _save(store, "a", "Mortar rounds struck the Velmont depot.")
    _save(store, "a", "Mortar rounds struck the Carravan depot, officials said.")  # changed
    assert _found(store, "carravan") == [["a"]]
    assert _found(store, "velmont") == []
    assert _index_hits(store, "carravan") == 1
    with store.session() as s:
        FusionService(s).remove_document("a")
    assert _found(store, "carravan") == []
    _fts_consistent(store)


def test_review_corrections_merges_and_splits_are_searchable(store: Store) -> None:
    _save(store, "a", "Gunmen opened fire in the old quarter.")
    _save(store, "m", "A car bomb exploded near the ferry pier.", city="Lowgate", nkill="2")
    lowgate, quillon = sorted(_all(store), key=lambda i: i.value(FieldName.CITY) or "")
    with store.session() as s:
        correct_field(s, quillon.id, "gname", "Ochre Brigade", "ann")
    assert _found(store, "ochre brig") == [["a"]]
    assert _found(store, "red hand") == [["m"]]  # the corrected value no longer matches
    with store.session() as s:
        revert_field(s, quillon.id, "gname", "ann")
    assert _found(store, "ochre") == []
    with store.session() as s:
        merged = merge_incidents(s, quillon.id, lowgate.id, "ann")
    assert _found(store, "ferry pier") == [["a", "m"]]
    with store.session() as s:
        split_mention(s, merged.id, "ann", doc_id="m")
    assert _found(store, "ferry pier") == [["m"]]
    assert _found(store, "old quarter") == [["a"]]
    _fts_consistent(store)


@pytest.mark.parametrize("query", HOSTILE)
def test_fts_syntax_in_the_query_is_searched_for_literally(store: Store, query: str) -> None:
    text = 'He shouted "AND (" then a OR b, NEAR(x y) and *, col:val, x\'); -- ^start %_ ""'
    text += " in Zanzibari"
    _save(store, "a", text)
    _save(store, "b", "Nothing of the sort here.", city="Lowgate")
    assert _found(store, query) == [["a"]]


@pytest.mark.parametrize(
    "query", ["bazaar", "the", "a b", "BAZ", "é", "café", "xyz", "  ", "r h", "at no"]
)
def test_the_index_finds_what_the_like_scan_finds(store: Store, query: str) -> None:
    _save(store, "a", "A grenade was thrown into the bazaar at noon near the café.")
    _save(store, "b", "Rockets hit the airport.", city="Lowgate")
    _save(store, "c", "Riots in the capital; no one was hurt.", city="Dunmore")
    with store.session() as s:

        def ids(backend: str, use_index: bool = True) -> set[str]:
            with _plan(s, use_index):
                return set(s.scalars(select(IncidentRow.id).where(text_match(query, backend))))

        if s.get_bind().dialect.name == "postgresql":  # the trigram indexes, and the scan
            assert ids("postgresql") == ids("postgresql", use_index=False)
            return
        # SQLite's LIKE scan, and another database's: lower(column) LIKE '%query%'
        assert ids(INDEXED) == ids("sqlite") == ids("other")


def test_postgresql_answers_the_text_filter_from_its_trigram_indexes(store: Store) -> None:
    """The planner can use migration 0004's GIN trigram indexes for the filter's own SQL."""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's trigram indexes (SQLite's FTS5 is checked by the tests above)")
    _save(store, "a", "A grenade was thrown into the bazaar at noon.")
    with store.session() as s, _plan(s, use_index=True):
        query = select(IncidentRow.id).where(text_match("bazaar", backend(s)))
        compiled = query.compile(s.get_bind())
        explained = s.connection().exec_driver_sql(f"EXPLAIN {compiled}", compiled.params)
        plan = "\n".join(row[0] for row in explained)
    assert all(name in plan for name in TRIGRAM_INDEXES), plan


@pytest.mark.sqlite_only(reason="FTS5 tables of an SQLite file")
def test_a_0003_database_is_upgraded_with_its_rows_indexed(tmp_path: Path) -> None:
    """SQLite only: an SQLite file of 0003 gets the FTS5 tables filled from its rows."""
    path = tmp_path / "old.db"
    config = _alembic_config()
    config.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    command.upgrade(config, "0003")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO documents (id, source, title, text, content_hash, n_body_blocks, "
            "n_boilerplate_blocks, ingested_at) VALUES ('d', 'd.txt', 'Harbour blast', "
            "'A boat exploded beside the Kessel quay.', 'h', 1, 0, '2024-01-01')"
        )
        conn.execute(
            'INSERT INTO incidents (id, country, nkill, "primary", created_at, updated_at) '
            "VALUES ('old', 'Freedonia', 3, 0, '2024-01-01', '2024-01-01')"
        )
        conn.execute("INSERT INTO incident_documents VALUES ('old', 'd')")
        conn.execute(
            "INSERT INTO incident_values (incident_id, field, value) "
            "VALUES ('old', 'gname', 'Violet Circle')"
        )
    opened = Store(f"sqlite:///{path}")
    try:
        with opened.session() as s:
            for query in ("kessel quay", "harbour bl", "violet circ", "Kessel"):
                found = list_incidents(s, IncidentFilter(query=query), reports=False)
                assert [i.id for i in found] == ["old"], query
            assert list_incidents(s, IncidentFilter(query="nowhere")) == []
        _fts_consistent(opened)
        with opened.engine.connect() as conn:
            names = {
                r[0]
                for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='index'")
            }
        assert {"ix_incidents_sort_nkill_desc", "ix_incidents_sort_date_asc"} <= names
    finally:
        opened.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0009"
    command.downgrade(config, "0003")  # and back: the index and its triggers go
    with sqlite3.connect(path) as conn:
        left = conn.execute("SELECT name FROM sqlite_master WHERE name LIKE '%fts%'").fetchall()
        assert left == []
        conn.execute("DELETE FROM documents")  # no trigger left pointing at a missing table


def test_unknown_values_sort_last_in_either_direction(store: Store) -> None:
    _save(store, "a", "First report.", nkill="")
    _save(store, "b", "Second report.", city="Lowgate", nkill="7")
    _save(store, "c", "Third report.", city="Dunmore", nkill="2")
    with store.session() as s:
        for sort, expected in (("killed", ["c", "b", "a"]), ("-killed", ["b", "c", "a"])):
            found = list_incidents(s, IncidentFilter(sort=sort), reports=False)
            assert [i.doc_ids[0] for i in found] == expected


def test_a_text_filtered_page_counts_every_match_even_past_the_last_page(store: Store) -> None:
    _save(store, "a", "Shelling near the Orvell bridge.")
    _save(store, "b", "The Orvell market was hit.", city="Lowgate")
    _save(store, "c", "Orvell again: a checkpoint.", city="Dunmore")
    _save(store, "d", "Nothing to see.", city="Brask")
    with store.session() as s:
        for offset, size in ((0, 2), (2, 1), (3, 0), (9, 0)):
            page, total = list_page(s, IncidentFilter(query="orvell", limit=2, offset=offset))
            assert (len(page), total) == (size, 3), offset
        assert list_page(s, IncidentFilter(query="zzz-none")) == ([], 0)


@pytest.mark.sqlite_only(reason="FTS5 tables of an SQLite file")
def test_without_the_index_the_text_filter_scans(tmp_path: Path) -> None:
    """An SQLite without FTS5 trigrams gets no index from migration 0004: LIKE answers."""
    url = f"sqlite:///{tmp_path / 'plain.db'}"
    first = Store(url)
    _save(first, "a", "Sappers cleared the Tellmar road.")
    with first.session() as s:
        assert backend(s) == INDEXED
    with first.engine.begin() as conn:
        for table in ("documents_fts", "incident_values_fts"):
            for suffix in ("ai", "ad", "au"):
                conn.exec_driver_sql(f"DROP TRIGGER {table}_{suffix}")
            conn.exec_driver_sql(f"DROP TABLE {table}")
    first.close()
    plain = Store(url)
    try:
        _save(plain, "b", "Tellmar again, at the ford.", city="Lowgate")
        with plain.session() as s:
            assert backend(s) == "sqlite"
        assert _found(plain, "TELLMAR") == [["a"], ["b"]]
    finally:
        plain.close()
