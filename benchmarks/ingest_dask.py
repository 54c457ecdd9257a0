"""`make bench-scale` part 3: extraction spread over a Dask LocalCluster of 1 and 2 workers.

Writes a synthetic corpus (``synthetic.py``) as one JSONL file and ingests it three times, each
into a fresh store: (a) in one process (``pipeline.ingest``, SQLite), (b) through
``pipeline_dask.ingest_distributed`` on a LocalCluster of 1 worker and (c) of 2 workers (one
thread each). Prints documents/s of each (wall clock, the cluster's start and model load
included), the per-core extraction rate (documents / seconds the workers spent on shards), the
speed-up of 2 workers over 1 (on a shared machine, compare the load average printed at the end),
the peak resident memory of every worker process, the client's CPU a document (it stores and
fuses what the workers extract: one writer), and whether the
three stores hold the same incidents (ids, documents and values in force).

The Dask runs write SQLite files by default; ``--dask-db`` takes any SQLAlchemy URL with a
``{workers}`` placeholder, e.g. ``postgresql+psycopg://bench@/incidex_w{workers}?host=/tmp``
(each database must exist and be empty: the store runs the migrations).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write  # noqa: E402

from incidex.config import Settings  # noqa: E402
from incidex.pipeline import ingest  # noqa: E402
from incidex.pipeline_dask import ingest_distributed  # noqa: E402
from incidex.store.database import Store  # noqa: E402
from incidex.store.filters import IncidentFilter  # noqa: E402
from incidex.store.listing import incident_pages  # noqa: E402

MIB = 1 << 20
Fingerprint = tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]


def incidents(url: str) -> list[Fingerprint]:
    """Every incident of the store at ``url``: id, documents, values in force."""
    store = Store(url)
    try:
        with store.snapshot() as session:
            found = [
                (
                    i.id,
                    tuple(i.doc_ids),
                    tuple(sorted((str(k), v.value) for k, v in i.values.items())),
                )
                for page in incident_pages(session, IncidentFilter(limit=None))
                for i in page
            ]
    finally:
        store.close()
    return sorted(found)


def _fresh_sqlite(path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("out"))
    parser.add_argument("--dask-db", help="SQLAlchemy URL of the Dask runs' stores, with {workers}")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", help="a JSONL file to ingest instead of the synthetic one")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or str(write(Path(tmp) / "synthetic.jsonl", args.docs))
        base = Settings.from_env()

        url = _fresh_sqlite(args.out / "dask-single.db")
        start = time.perf_counter()
        summary = ingest([corpus], replace(base, db_url=url))
        seconds = time.perf_counter() - start
        single_rate = summary.read / seconds
        print(
            f"(a) one process, SQLite: {summary.read} documents in {seconds:.1f} s "
            f"({single_rate:.2f} docs/s)"
        )
        expected = incidents(url)

        rates: dict[int, float] = {}
        same = True
        for workers in args.workers:
            if args.dask_db:
                url = args.dask_db.format(workers=workers)
            else:
                url = _fresh_sqlite(args.out / f"dask-{workers}.db")
            settings = replace(base, db_url=url)
            start, client_cpu = time.perf_counter(), time.process_time()
            run = ingest_distributed([corpus], settings, workers=workers)
            seconds = time.perf_counter() - start
            client_cpu = time.process_time() - client_cpu
            rates[workers] = run.summary.read / seconds
            steady = run.summary.read / (seconds - run.startup)
            busy, cpu = sum(run.busy.values()), sum(run.cpu.values())
            peaks = ", ".join(f"{rss / MIB:.0f} MiB" for rss in sorted(run.peak_rss.values()))
            kind = url.split(":", 1)[0]
            print(
                f"(b) LocalCluster, {workers} worker(s), {kind}: {run.summary.read} documents "
                f"in {seconds:.1f} s ({rates[workers]:.2f} docs/s; {steady:.2f} after the "
                f"{run.startup:.1f} s start-up); {run.shards} shards; "
                f"per core {run.summary.read / busy:.2f} docs/s of wall clock, "
                f"{run.summary.read / cpu:.2f} docs/s of CPU; peak memory per worker: {peaks}"
            )
            print(
                f"    the client (store, fusion, the cluster's scheduler): "
                f"{1000 * client_cpu / run.summary.read:.1f} ms of CPU a document"
            )
            got = incidents(url)
            identical = got == expected
            same = same and identical
            print(f"    incidents: {len(got)}, identical to (a): {identical}")
        if 1 in rates and 2 in rates:
            print(f"speed-up of 2 workers over 1: {rates[2] / rates[1]:.2f}x")
        print(f"incidents of every run identical: {same}")
        print(
            "load average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
        )
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
