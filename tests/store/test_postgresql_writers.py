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
from sqlalchemy import create_engine, text

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
