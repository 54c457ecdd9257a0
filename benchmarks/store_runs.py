"""Helpers of the concurrency benchmarks: an input cut from a CSV at run time (nothing copied into
the repository), `incidex ingest` as a subprocess, and a store's comparable state."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

INCIDEX = [sys.executable, "-m", "incidex"]
SRC = Path(__file__).resolve().parent.parent / "src"

State = tuple[list[tuple[str, str]], list[tuple[str, tuple[str, ...]]]]


def cut_csv(source: Path, out: Path, start: int, stop: int) -> Path:
    """Rows ``start``..``stop`` of a CSV (after its header) written to ``out``, the header kept."""
    csv.field_size_limit(1 << 26)
    with source.open(newline="", encoding="utf-8") as f, out.open("w", newline="") as g:
        reader, writer = csv.reader(f), csv.writer(g)
        writer.writerow(next(reader))
        for n, row in enumerate(reader):
            if n >= stop:
                break
            if n >= start:
                writer.writerow(row)
    return out


def env() -> dict[str, str]:
    """The environment of the subprocesses: this checkout's package first."""
    path = os.environ.get("PYTHONPATH")
    return dict(os.environ, PYTHONPATH=f"{SRC}{os.pathsep}{path}" if path else str(SRC))


def ingest(*paths: Path, db: Path) -> subprocess.Popen[str]:
    """Start `incidex ingest PATHS --db DB`."""
    return subprocess.Popen(
        [*INCIDEX, "ingest", *map(str, paths), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )


def finish(proc: subprocess.Popen[str]) -> str:
    """Wait for an ingest; its summary line. Exits the benchmark if the ingest failed."""
    _, stderr = proc.communicate()
    if proc.returncode != 0:
        sys.exit(f"ingest exited {proc.returncode}:\n{stderr}")
    return next((ln for ln in stderr.splitlines() if ln.startswith("documents read")), "")


def stored(db: Path) -> int:
    """How many documents the store holds (0 before its schema exists)."""
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def integrity(db: Path) -> str:
    """``PRAGMA integrity_check`` of the file ("ok" when whole)."""
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def state(db: Path) -> State:
    """The stored documents (id, content hash) and incidents (id, documents of its reports)."""
    with sqlite3.connect(db) as conn:
        docs = conn.execute("SELECT id, content_hash FROM documents ORDER BY id").fetchall()
        groups: dict[str, set[str]] = {}
        for incident, doc in conn.execute("SELECT incident_id, doc_id FROM mentions"):
            groups.setdefault(incident, set()).add(doc)
    return docs, sorted((i, tuple(sorted(d))) for i, d in groups.items())


def compare(name: str, got: State, want: State) -> bool:
    """Print whether a store equals the reference, and how it differs if not."""
    same = got == want
    docs, groups = got
    line = f"{name}: {len(docs)} documents, {len(groups)} incidents"
    if same:
        print(f"{line}; equal to the uninterrupted run")
    else:
        missing = {d for d, _ in want[0]} - {d for d, _ in docs}
        other = set(groups) ^ set(want[1])
        print(f"{line}; DIFFERENT: {len(missing)} documents missing, {len(other)} groups differ")
    return same
