"""Concurrent writers on one PostgreSQL store, with real ``incidex ingest`` processes (issue 14).

Two ingests at once of disjoint halves of a corpus (some reports of each half fuse with reports
of the other) must give the documents and incidents of one ingest of the whole, both exit 0 and
skip nothing; so must two ingests that each read both halves into a store holding one of them
(the same documents written by two at once). The write lock of ``store.database`` serializes the
save-and-fuse transactions; the extraction of the two runs overlaps.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text

from tests.postgres import PostgresServer
from tests.store.test_concurrent_writers import TOTAL, corpus, finished, ingest

State = tuple[list[tuple[str, str]], list[tuple[str, tuple[str, ...]]]]


def state(url: str) -> State:
    """The stored documents (id, content hash) and incidents (id, documents of its reports)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            docs = [
                (ident, digest)
                for ident, digest in conn.execute(
                    text("SELECT id, content_hash FROM documents ORDER BY id")
                )
            ]
            groups: dict[str, set[str]] = {}
            for incident, doc in conn.execute(text("SELECT incident_id, doc_id FROM mentions")):
                groups.setdefault(incident, set()).add(doc)
            incidents = set(conn.execute(text("SELECT id FROM incidents")).scalars())
            redirects = set(conn.execute(text("SELECT old_id FROM incident_redirects")).scalars())
    finally:
        engine.dispose()
    assert set(groups) == incidents  # no incident without reports, no report without one
    assert not redirects & incidents  # no retired id is still an incident
    return docs, sorted((i, tuple(sorted(d))) for i, d in groups.items())


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return corpus(tmp_path_factory.mktemp("pg-corpus"))


@pytest.fixture(scope="module")
def whole(files: tuple[Path, Path], postgres_server: PostgresServer) -> State:
    """One ingest of both halves, in one process."""
    url = postgres_server.fresh_url()
    finished(ingest(*files, db=url))
    found = state(url)
    docs, groups = found
    assert len(docs) == TOTAL and any(len(d) > 1 for _, d in groups)  # fused across halves
    postgres_server.drop(url)
    return found


def test_two_ingests_of_disjoint_halves_give_one_ingest_of_the_whole(
    files: tuple[Path, Path], whole: State, postgres_server: PostgresServer
) -> None:
    url = postgres_server.fresh_url()  # new: the two also race to create the schema
    first, second = ingest(files[0], db=url), ingest(files[1], db=url)
    finished(first), finished(second)
    assert state(url) == whole
    postgres_server.drop(url)


def test_two_ingests_of_the_same_documents_store_each_once(
    files: tuple[Path, Path], whole: State, postgres_server: PostgresServer
) -> None:
    url = postgres_server.fresh_url(migrated=True)
    finished(ingest(files[0], db=url))
    first = ingest(files[1], files[0], db=url)
    second = ingest(files[0], files[1], db=url)
    finished(first), finished(second)
    assert state(url) == whole
    postgres_server.drop(url)


def test_a_write_session_holds_the_store_write_lock(postgres_server: PostgresServer) -> None:
    """While a write session's transaction is open, another process's (here: connection's)
    attempt to take the write lock fails at once; after it ends, it succeeds. Nothing is locked
    before the session's first statement, so a session may be opened inside another's ``with``
    before that one runs anything (as on SQLite)."""
    from incidex.store.database import WRITE_LOCK, Store

    url = postgres_server.fresh_url(migrated=True)
    store = Store(url)
    engine = create_engine(url)
    try:
        with store.session() as writing, engine.connect() as other:
            writing.execute(text("SELECT 1"))  # its transaction begins: the lock is taken
            taken = other.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": WRITE_LOCK})
            assert taken.scalar() is False
        with engine.connect() as other:
            taken = other.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
            assert taken.scalar() is True
        with store.snapshot() as s:  # a read takes no lock
            s.execute(text("SELECT 1"))
            with engine.connect() as other:
                free = other.execute(
                    text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": WRITE_LOCK}
                )
                assert free.scalar() is True
    finally:
        engine.dispose()
        store.close()
        postgres_server.drop(url)


def _try(other: Connection, sql: str, **params: int) -> bool:
    return bool(other.execute(text(sql), params).scalar())


def test_a_save_locks_its_document_and_countries_and_shares_the_write_lock(
    postgres_server: PostgresServer,
) -> None:
    """A save session holds the write lock shared (another save may hold it too; a review
    action, exclusive, waits), its document's and its countries' locks (another country is
    free), and the knowledge lock only from ``lock_knowledge`` on."""
    from incidex.store.database import (
        COUNTRY_LOCKS,
        DOCUMENT_LOCKS,
        KNOWLEDGE_LOCK,
        WRITE_LOCK,
        Store,
        _int4,
        lock_knowledge,
        save_locks,
    )

    url = postgres_server.fresh_url(migrated=True)
    store = Store(url)
    engine = create_engine(url)
    pair = "SELECT pg_try_advisory_xact_lock(:space, :key)"
    try:
        with store.session(save_locks(["doc-1", "hash-1"], ["iraq"])) as saving:
            saving.execute(text("SELECT 1"))  # its transaction begins: the locks are taken
            with engine.connect() as other:
                assert _try(other, "SELECT pg_try_advisory_xact_lock_shared(:k)", k=WRITE_LOCK)
                assert not _try(other, "SELECT pg_try_advisory_xact_lock(:k)", k=WRITE_LOCK)
                other.rollback()
                for space, key, free in [
                    (COUNTRY_LOCKS, _int4("iraq"), False),
                    (COUNTRY_LOCKS, _int4("syria"), True),
                    (DOCUMENT_LOCKS, _int4("doc-1"), False),
                    (DOCUMENT_LOCKS, _int4("hash-1"), False),
                    (DOCUMENT_LOCKS, _int4("doc-2"), True),
                    (*KNOWLEDGE_LOCK, True),
                ]:
                    assert _try(other, pair, space=space, key=key) is free, (space, key)
                    other.rollback()
                lock_knowledge(saving)
                assert not _try(other, pair, space=KNOWLEDGE_LOCK[0], key=KNOWLEDGE_LOCK[1])
        with engine.connect() as other:  # all released at the commit
            assert _try(other, "SELECT pg_try_advisory_xact_lock(:k)", k=WRITE_LOCK)
            assert _try(other, pair, space=COUNTRY_LOCKS, key=_int4("iraq"))
    finally:
        engine.dispose()
        store.close()
        postgres_server.drop(url)


def test_a_save_that_may_reach_other_countries_asks_for_the_whole_store(
    postgres_server: PostgresServer,
) -> None:
    """A changed document (its old reports may be of other countries) and a store holding an
    analyst's merge (which may join countries) cannot be saved under the narrow locks; the
    ingest saves them again under the whole store's lock."""
    from incidex.fuse.review import merge_incidents
    from incidex.fuse.service import FusionService
    from incidex.models import IngestSummary
    from incidex.pipeline import _save
    from incidex.store.database import Store, WholeStoreNeeded, save_locks
    from incidex.store.repository import IncidentFilter, list_incidents
    from tests.factories import document, mention

    url = postgres_server.fresh_url(migrated=True)
    store = Store(url)
    summary = IngestSummary()
    try:
        old = mention("d1", date="2024-05-01", country="Iraq", city="Mosul")
        _save(store, document("d1"), [old], summary, True)
        changed = document("d1", "Gunmen attacked a checkpoint in Aleppo, Syria, on Monday.")
        new = [mention("d1", date="2024-05-02", country="Syria", city="Aleppo")]
        with pytest.raises(WholeStoreNeeded), store.session(save_locks(["d1"], ["syria"])) as s:
            FusionService(s).save_document(changed, new)
        _save(store, changed, new, summary, True)
        other = [mention("d2", date="2024-06-01", country="Iraq")]
        _save(store, document("d2"), other, summary, True)
        with store.session() as s:
            first, second = list_incidents(s, IncidentFilter())
            merge_incidents(s, first.id, second.id, "analyst")
        later = [mention("d3", date="2024-07-01", country="Iraq", city="Basra")]
        with pytest.raises(WholeStoreNeeded), store.session(save_locks(["d3"], ["iraq"])) as s:
            FusionService(s).save_document(document("d3"), later)
        _save(store, document("d3"), later, summary, True)
        assert summary.stored == 4 and summary.updated == 0 and not summary.failed
        with store.snapshot() as s:
            groups = sorted(sorted(i.doc_ids) for i in list_incidents(s, IncidentFilter()))
        assert groups == [["d1", "d2"], ["d3"]]  # the analyst's merge holds; Basra's apart
    finally:
        store.close()
        postgres_server.drop(url)
