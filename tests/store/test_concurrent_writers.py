"""Concurrent writers on one SQLite file, with real ``incidex ingest`` processes (issue 12, case 8),
and kill -9 at random points of an ingest.

Two ingests at once, into a new store or an existing one, must give the documents and incident
groups of one sequential run, both exit 0, and leave a file that passes ``PRAGMA
integrity_check``. SIGKILLs at random moments, each followed by a rerun, must end in the store
an uninterrupted run gives.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from incidex.store.database import Store
from tests.conftest import generated_reports

pytestmark = pytest.mark.sqlite_only(
    reason="SQLite's file locks and integrity check (PostgreSQL: test_postgresql_writers.py)"
)

INCIDEX = [sys.executable, "-m", "incidex"]
TOTAL = 24  # documents in the two files of ``corpus``


def follow_up(report: dict[str, str], n: int) -> dict[str, str]:
    """Another outlet's report of the attack of ``report`` (a later toll): it fuses with it."""
    text = report["text"]
    city, country = text.split(" in ", 1)[1].split(",")[:2]
    day = text.split(" on ", 1)[1].split(",")[0]
    return {
        "id": f"follow-{n:04d}",
        "title": f"Toll rises in {city}",
        "published": report["published"],
        "text": (
            f"The bombing at a bus station in {city},{country}, on {day} killed more people than "
            f"first reported, police said on Tuesday. A bomb exploded at the station in {city}."
        ),
    }


def corpus(folder: Path, size: int = 16) -> tuple[Path, Path]:
    """Two files of reports; some reports of each have a follow-up in the other."""
    reports = generated_reports(size)
    half = size // 2
    a = reports[:half] + [follow_up(r, n) for n, r in enumerate(reports[half : half + 4])]
    b = reports[half:] + [follow_up(r, 100 + n) for n, r in enumerate(reports[:4])]
    paths = folder / "a.jsonl", folder / "b.jsonl"
    for path, records in zip(paths, (a, b), strict=True):
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return paths


def ingest(
    *paths: Path, db: Path | str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*INCIDEX, "ingest", *map(str, paths), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, **(env or {})),
    )


def finished(proc: subprocess.Popen[str]) -> str:
    _, stderr = proc.communicate(timeout=180)
    assert proc.returncode == 0, stderr
    assert "\n  skipped " not in stderr, stderr  # no document was left out
    return stderr


def state(db: Path) -> tuple[list[tuple[str, str]], list[tuple[str, tuple[str, ...]]]]:
    """The stored documents (id, content hash) and incidents (id, documents of its reports)."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        docs = conn.execute("SELECT id, content_hash FROM documents ORDER BY id").fetchall()
        groups: dict[str, set[str]] = {}
        for incident, doc in conn.execute("SELECT incident_id, doc_id FROM mentions"):
            groups.setdefault(incident, set()).add(doc)
        assert set(groups) == {r[0] for r in conn.execute("SELECT id FROM incidents")}
    return docs, sorted((i, tuple(sorted(d))) for i, d in groups.items())


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # killed before the schema was written
        return 0


def wait_for_file(path: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not path.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def sequential(files: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> object:
    db = tmp_path_factory.mktemp("sequential") / "seq.db"
    for path in files:
        finished(ingest(path, db=db))
    found = state(db)
    docs, groups = found
    assert len(docs) == TOTAL and any(
        len(d) > 1 for _, d in groups
    )  # follow-ups fused across files
    return found


def test_two_ingests_into_a_new_store_give_one_sequential_run(
    files: tuple[Path, Path], sequential: object, tmp_path: Path
) -> None:
    db = tmp_path / "new.db"
    first, second = ingest(files[0], db=db), ingest(files[1], db=db)
    finished(first), finished(second)
    assert state(db) == sequential


def test_two_ingests_into_an_existing_store_give_one_sequential_run(
    files: tuple[Path, Path], sequential: object, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.db"  # migrated, nothing written yet (no gazetteer loaded)
    subprocess.run([*INCIDEX, "documents", "--db", str(empty)], check=True, capture_output=True)
    first, second = ingest(files[0], db=empty), ingest(files[1], db=empty)
    finished(first), finished(second)
    assert state(empty) == sequential


def test_two_ingests_into_a_store_holding_some_documents_give_one_sequential_run(
    files: tuple[Path, Path], sequential: object, tmp_path: Path
) -> None:
    """Each ingest also reads the other's file: the same documents written by two at once."""
    held = tmp_path / "held.db"
    finished(ingest(files[0], db=held))
    first, second = ingest(files[1], files[0], db=held), ingest(files[0], files[1], db=held)
    finished(first), finished(second)
    assert state(held) == sequential


def test_kill_9s_each_followed_by_a_rerun_give_an_uninterrupted_run(
    files: tuple[Path, Path], sequential: object, tmp_path: Path
) -> None:
    """The first kill comes while the new store is being created and migrated, the others
    after a random number of documents more, a random few milliseconds into the next write."""
    db = tmp_path / "killed.db"
    env = {"INCIDEX_BATCH_SIZE": "4"}
    rng = random.Random(12)
    kills: list[int] = []  # documents stored when each kill came
    while len(kills) < 3:  # benchmarks/kill_and_rerun.py: five, on a few hundred documents
        before = stored(db)
        proc = ingest(*files, db=db, env=env)
        if not kills:  # while the new store is being created and migrated
            wait_for_file(db, proc)
            time.sleep(rng.uniform(0, 0.15))
        else:
            target = rng.randint(before + 1, before + (TOTAL - before) // 2)
            deadline = time.monotonic() + 60
            while stored(db) < target and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.03))
        assert proc.poll() is None, "the ingest finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        kills.append(stored(db))
    print("documents stored at each kill:", kills)
    assert kills[-1] < TOTAL
    finished(ingest(*files, db=db, env=env))
    assert state(db) == sequential


def test_a_kill_while_a_new_store_is_migrated_leaves_a_store_that_opens(tmp_path: Path) -> None:
    """The migrations run in one transaction: a kill leaves the schema whole or absent."""
    rng = random.Random(3)
    for attempt in range(6):
        db = tmp_path / f"fresh-{attempt}.db"
        proc = subprocess.Popen(
            [*INCIDEX, "documents", "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        wait_for_file(db, proc)
        time.sleep(rng.uniform(0, 0.12))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        Store(f"sqlite:///{db}").close()  # opens (migrating what is missing), or raises
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_the_gazetteer_version_is_an_upsert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two ingests once both read "no gazetteer yet" and both inserted its ``kb_meta`` row: the
    second failed on the key and its document was skipped. Writing the version is an upsert, so
    a writer whose read is stale still succeeds."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from incidex.store import knowledge
    from incidex.store.schema import KbMetaRow

    store = Store(f"sqlite:///{tmp_path / 'meta.db'}")
    with store.session() as s:
        s.add(KbMetaRow(key=knowledge.GAZETTEER, value="an older version"))
    real_get = Session.get

    def stale(self: Session, entity: object, ident: object, **kw: object) -> object:
        if entity is KbMetaRow:  # as read before the other writer committed
            return None
        return real_get(self, entity, ident, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(Session, "get", stale)
    with store.session() as s:
        knowledge.sync_gazetteer(s)
    monkeypatch.undo()
    with store.session() as s:
        rows = s.scalars(select(KbMetaRow)).all()
        assert [(r.key, r.value) for r in rows] == [
            (knowledge.GAZETTEER, knowledge._gazetteer_version())
        ]
    store.close()


def test_a_failed_write_makes_the_ingest_exit_non_zero(
    files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document the database refuses is reported and the command exits 3 (it once exited 0
    with the document missing); the others are stored, and a rerun stores the missing one."""
    from sqlalchemy.exc import IntegrityError
    from typer.testing import CliRunner

    from incidex.cli import app
    from incidex.fuse.service import FusionService

    db = tmp_path / "failing.db"
    real_save = FusionService.save_document

    def refusing(self: FusionService, doc: object, *args: object, **kw: object) -> object:
        if getattr(doc, "id", "") == "gen-0003":
            raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed: kb_meta.key"))
        return real_save(self, doc, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(FusionService, "save_document", refusing)
    result = CliRunner().invoke(app, ["ingest", str(files[0]), "--db", str(db)])
    assert result.exit_code == 3, result.output
    assert "could not be written" in result.output and "not stored (UNIQUE" in result.output
    assert stored(db) == TOTAL // 2 - 1
    monkeypatch.undo()
    result = CliRunner().invoke(app, ["ingest", str(files[0]), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert stored(db) == TOTAL // 2
