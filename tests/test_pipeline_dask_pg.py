"""Distributed ingest into PostgreSQL, where the Dask workers store and fuse what they extract:
the store holds what a run in one process stores (documents, mentions, incidents with their
values and evidence, the knowledge base), whatever order the workers' writes interleave in.

The corpus spreads the reports of one attack over shards far apart (a report early, its
follow-ups late, in reverse order), so the workers save them in an order of their own, and
repeats an id and a content across shards, which the client decides in input order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from incidex.cli import app
from incidex.config import Settings
from incidex.ingest.readers import input_files
from incidex.models import IngestSummary, Skipped
from incidex.pipeline_dask import (
    Claim,
    Shard,
    _Admission,
    ingest_distributed,
    plan_shards,
    process_shard,
    store_shard,
)
from incidex.pipeline_dask import workers_write as workers_write_store
from tests import store_state
from tests.conftest import generated_reports
from tests.pg_server import PostgresServer
from tests.store.test_concurrent_writers import follow_up

runner = CliRunner()
SHARD = "4"  # records a shard: the 38 records make ten shards


def spread_corpus(folder: Path) -> Path:
    """Generated reports, then the follow-ups of twelve of them (each fuses with its report) in
    reverse order, a report again under another id, and an id again with other content."""
    reports = generated_reports(24)
    records = [*reports]
    records += [follow_up(r, n) for n, r in reversed(list(enumerate(reports[:12])))]
    records.append({**reports[3], "id": "again-3"})  # the content of gen-0003: a duplicate
    records.append({**reports[20], "id": reports[5]["id"]})  # gen-0005's id, other content
    path = folder / "spread.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return spread_corpus(tmp_path_factory.mktemp("spread"))


@pytest.fixture(scope="module")
def single(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The SQLite store of the corpus ingested in one process, and what the command printed."""
    db = tmp_path_factory.mktemp("one") / "one.db"
    plain = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert plain.exit_code == 0, plain.output
    return f"sqlite:///{db}", plain.output


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    url = postgres_server.fresh_url()
    yield url
    postgres_server.drop(url)


def _lines(output: str) -> list[str]:
    """The printed summary and skips; the counts of incidents new and updated left out (they
    count the writes of the run, whose split into new and updated follows the writes' order)."""
    return sorted(
        re.sub(r"; incidents new: \d+, updated: \d+", "", line) for line in output.splitlines()
    )


def _fused_across_shards(url: str) -> int:
    """Incidents holding a report and a follow-up (read shards apart)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            fused = conn.execute(
                text(
                    "SELECT COUNT(*) FROM (SELECT incident_id FROM mentions GROUP BY incident_id "
                    "HAVING SUM(CASE WHEN doc_id LIKE 'follow-%' THEN 1 ELSE 0 END) > 0 "
                    "AND SUM(CASE WHEN doc_id LIKE 'gen-%' THEN 1 ELSE 0 END) > 0) AS fused"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return int(fused)


def _with_db(url: str) -> Settings:
    return replace(Settings.from_env(), db_url=url)


def test_the_workers_write_a_server_database_and_the_client_an_sqlite_file() -> None:
    assert workers_write_store("postgresql+psycopg://user@host/incidex")
    assert not workers_write_store("sqlite:///incidex.db")
    assert not workers_write_store("sqlite://")


def test_two_workers_writing_postgresql_store_the_incidents_of_one_process(
    corpus: Path, single: tuple[str, str], pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INCIDEX_SHARD_RECORDS", SHARD)
    spread = runner.invoke(app, ["ingest", str(corpus), "--db", pg_url, "--workers", "2"])
    assert spread.exit_code == 0, spread.output
    one, printed = single
    assert _lines(spread.output) == _lines(printed)  # the same documents read, stored, skipped
    assert "same content as stored document 'gen-0003'" in spread.output
    assert "id 'gen-0005' is already taken" in spread.output
    expected = store_state.state(one)
    assert _fused_across_shards(one) == 12  # each follow-up with its report
    assert _fused_across_shards(pg_url) == 12
    assert len(expected["incidents"]) == 24
    assert store_state.compare(expected, store_state.state(pg_url)) == []


def test_a_run_on_a_running_scheduler_is_written_by_its_workers_and_a_rerun_by_none(
    corpus: Path, single: tuple[str, str], pg_url: str
) -> None:
    from distributed import LocalCluster

    settings = _with_db(pg_url)
    with LocalCluster(
        n_workers=1, processes=False, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        run = ingest_distributed(
            [str(corpus)], settings, scheduler=cluster.scheduler_address, records=3
        )
        assert run.writers == "workers"
        assert run.summary.stored == 36 and run.transactions == 36  # one transaction each
        assert store_state.compare(store_state.state(single[0]), store_state.state(pg_url)) == []
        again = ingest_distributed(
            [str(corpus)], settings, scheduler=cluster.scheduler_address, records=3
        )
    assert again.summary.stored == 0 and again.summary.unchanged == 36
    assert again.transactions == 0


def test_a_worker_does_not_extract_what_the_store_holds(corpus: Path, pg_url: str) -> None:
    settings = _with_db(pg_url)
    files = input_files([str(corpus)])
    first: Shard = next(iter(plan_shards(files, records=6)))
    read = process_shard(first, settings, None, look_up=True)
    assert len(read.mentions) == 6 and not read.stored  # nothing stored yet: all extracted
    runner.invoke(app, ["ingest", str(corpus), "--db", pg_url])
    again = process_shard(first, settings, None, look_up=True)
    assert again.stored == set(range(6)) and not again.mentions


def test_the_client_decides_about_the_documents_of_a_run_in_input_order() -> None:
    """Whichever shard a worker stores first, the first document of the run keeps an id, and
    the first with a content keeps it (the later ones name it)."""
    summary = IngestSummary()
    ticks: list[int] = []
    admission = _Admission(summary, ticks.append)
    bad = Skipped("f.jsonl:2", "line 2 is not valid JSON")
    first = [Claim(0, "a", "h1", "f.jsonl:1", True), bad, Claim(2, "b", "h2", "f.jsonl:3", True)]
    later = [
        Claim(0, "c", "h1", "f.jsonl:4", True),  # the content of a
        Claim(1, "a", "h3", "f.jsonl:5", True),  # a's id, other content
        Claim(2, "b", "h2", "f.jsonl:6", True),  # b again
        Claim(3, "d", "h4", "f.jsonl:7", False),
    ]
    assert admission.admit(first) == {0: None, 2: None}
    assert admission.admit(later) == {0: "a", 3: None}
    assert summary.read == 4 and len(ticks) == 7
    reasons = [s.reason for s in summary.skipped]
    assert reasons[0] == bad.reason
    assert reasons[1].startswith("id 'a' is already taken by f.jsonl:1")
    assert reasons[2] == "repeats document 'b' read from f.jsonl:3"


def test_a_worker_skips_a_document_whose_content_an_earlier_one_of_the_run_has(
    corpus: Path, pg_url: str
) -> None:
    """The earlier document (another shard) may not be stored yet: the client's word is
    enough, and nothing is stored."""
    settings = _with_db(pg_url)
    shard = next(iter(plan_shards(input_files([str(corpus)]), records=2)))
    read = process_shard(shard, settings, None, look_up=True)
    report = store_shard(read, {0: "first-of-the-run", 1: None}, settings, fuse=True)
    assert [s.reason for s in report.summary.skipped] == [
        "same content as stored document 'first-of-the-run'"
    ]
    assert report.summary.stored == 1 and report.summary.used == 2
    assert report.transactions == 1
