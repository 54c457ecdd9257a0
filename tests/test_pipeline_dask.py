"""Distributed ingest on Dask: shards cover every input once, and ``incidex ingest --workers 2``
stores the incidents a run in one process stores."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidex.cli import app
from incidex.ingest import Limits
from incidex.ingest.readers import input_files, iter_documents, unique_ids
from incidex.models import Document, Skipped
from incidex.pipeline_dask import count_documents, plan_shards, read_shard, shard_records
from tests.conftest import EXAMPLES, generated_reports
from tests.ingest.test_warc import archive, article_records, other_records

runner = CliRunner()


def _corpus(root: Path) -> Path:
    """The example articles and feeds, a JSONL of generated reports with a repeated record and
    a bad line, a CSV of reports, a gzipped WARC of pages and other records (ending in a cut
    copy of itself) and a text file repeating an article under another name."""
    corpus = root / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    reports = generated_reports(23)
    lines = [json.dumps(r) for r in reports]
    lines.insert(5, "{not json")
    lines.append(json.dumps({**reports[2], "id": "gen-again"}))  # same text, another id
    (corpus / "desk").mkdir()
    (corpus / "desk" / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (corpus / "desk" / "table.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "published", "text"])
        writer.writeheader()
        for record in generated_reports(40)[30:]:
            writer.writerow({k: record[k] for k in ("id", "published", "text")})
    records = [*article_records(), *other_records()]
    crawl = archive(records, compressed=True)
    (corpus / "desk" / "crawl.warc.gz").write_bytes(crawl + crawl[: len(crawl) // 3])
    article = next((EXAMPLES / "articles").glob("*.txt"))
    shutil.copy(article, corpus / "desk" / "copy.txt")
    return corpus


def _key(item: Document | Skipped) -> tuple[str, str, str]:
    if isinstance(item, Skipped):
        return ("skipped", item.source, item.reason)
    return (item.id, item.source, item.hash)


@pytest.mark.parametrize(("records", "files"), [(1, 1), (4, 3), (7, 16), (500, 500)])
def test_shards_cover_every_input_once(tmp_path: Path, records: int, files: int) -> None:
    corpus = _corpus(tmp_path)
    paths = [str(corpus)]
    whole = [_key(i) for i in iter_documents(paths)]
    ended: set[str] = set()
    read: list[Document | Skipped] = []
    shards = 0
    for shard in plan_shards(
        input_files(paths), records=records, files_per_shard=files, finished=ended.__contains__
    ):
        items, done = read_shard(shard, None, Limits())
        ended.update(done)
        read.extend(items)
        shards += 1
    keys = [_key(i) for i in unique_ids(read)]  # as the client checks the ids of a run
    assert keys == whole
    assert any(k[0] == "skipped" and "repeats document" in k[2] for k in keys)
    assert any(k[0] == "skipped" and "crawl.warc.gz" in k[1] for k in keys)  # the cut copy
    assert shards > 1


def test_count_documents_counts_single_files_and_jsonl_lines(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    files = input_files([str(corpus / "articles"), str(corpus / "desk" / "wire.jsonl")])
    assert count_documents(files) == 9 + 25
    assert count_documents(input_files([str(corpus)])) is None  # a CSV: not known unread


def _incidents(db: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["incidents", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    keys = ("eventid", "iyear", "imonth", "iday", "country_txt", "city", "nkill", "nwound")
    return sorted(({k: r.get(k) for k in keys} for r in rows), key=lambda r: str(r["eventid"]))


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The corpus, and the store and printed summary of its ingest in one process."""
    root = tmp_path_factory.mktemp("dask")
    corpus, db = _corpus(root), root / "one.db"
    plain = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert plain.exit_code == 0, plain.output
    return corpus, db, plain.output


def _same_run(single: tuple[Path, Path, str], db: Path, output: str) -> None:
    corpus, one, printed = single
    summary = [line for line in printed.splitlines() if line.startswith("documents read")]
    assert summary and summary[0] in output
    assert sorted(printed.splitlines()) == sorted(output.splitlines())  # the same skips too
    incidents = _incidents(one)
    assert len(incidents) >= 10
    assert _incidents(db) == incidents


def test_ingest_on_two_workers_gives_the_incidents_of_one_process(
    single: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "two.db"
    monkeypatch.setenv("INCIDEX_SHARD_RECORDS", "4")  # several shards of each stream
    spread = runner.invoke(app, ["ingest", str(single[0]), "--db", str(db), "--workers", "2"])
    assert spread.exit_code == 0, spread.output
    _same_run(single, db, spread.output)


def test_ingest_on_a_running_scheduler_gives_the_incidents_of_one_process(
    single: tuple[Path, Path, str], tmp_path: Path
) -> None:
    from distributed import LocalCluster

    db = tmp_path / "cluster.db"
    # a worker in this process (the model this process has loaded already): the --scheduler
    # path, without starting more processes than the test above
    with LocalCluster(
        n_workers=1, processes=False, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        args = ["ingest", str(single[0]), "--db", str(db), "--scheduler", cluster.scheduler_address]
        spread = runner.invoke(app, args)
    assert spread.exit_code == 0, spread.output
    _same_run(single, db, spread.output)


def test_workers_do_not_read_standard_input() -> None:
    result = runner.invoke(app, ["ingest", "-", "--workers", "2"], input="text")
    assert result.exit_code == 2
    assert "standard input" in result.output


def test_workers_and_scheduler_exclude_each_other(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["ingest", str(EXAMPLES), "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"]
    )
    assert result.exit_code == 2
    assert "either" in result.output


def test_shard_records_balance_short_inputs_and_bound_the_shards_of_long_ones() -> None:
    assert shard_records(None, 2) == 200
    assert shard_records(1_000, 2) == 63  # sixteen shards for two workers
    assert shard_records(13_000, 2) == 200
    assert shard_records(5_000_000, 2) == 5_000  # a thousand shards
    assert shard_records(10, 4) == 16
