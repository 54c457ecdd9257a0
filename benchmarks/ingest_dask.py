"""`make bench-scale` part 3: extraction spread over a Dask LocalCluster of 1 and 2 workers.

Writes a synthetic corpus (``synthetic.py``) as one JSONL file and ingests it three times, each
into a fresh store: (a) in one process (``pipeline.ingest``) into SQLite, (b) through
``pipeline_dask.ingest_distributed`` on a LocalCluster of 1 worker and (c) of 2 workers (one
thread each) into PostgreSQL, where the workers store and fuse what they extract themselves.
The PostgreSQL server is a throwaway one this script starts (``tests/pg_server.py``: Debian's
PostgreSQL 15 in a temporary folder, on a Unix socket), unless ``--dask-db`` gives an SQLAlchemy
URL with a ``{workers}`` placeholder (each database must exist and be empty).

Prints documents/s of each (wall clock, the cluster's start and model load included, and after
it), the speed-up of 2 workers over 1 (the bar: 1.7x on 2 cores), the peak resident memory of
every worker process (the bar: under 1 GB), where the workers' time went (extracting; storing
and fusing, of which waiting for the store's write lock), the client's CPU a document, the load
average around each run (the machine may be shared), and whether the stores hold the same
incidents as (a): ``tests/store_state.py`` compares documents, mentions (with their incident and the
link that fused them), incidents (ids and list columns), the values in force with their
evidence, the incidents' documents and the knowledge base, table by table; the redirects of
retired ids (a store's history) are compared apart. Exits 1 when they differ.
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
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.pg_server, store_state

from synthetic import write  # noqa: E402
from tests import store_state  # noqa: E402
from tests.pg_server import PostgresServer, missing, started  # noqa: E402

from incidex.config import Settings  # noqa: E402
from incidex.pipeline import ingest  # noqa: E402
from incidex.pipeline_dask import ingest_distributed  # noqa: E402

MIB = 1 << 20


def _load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


TICK = os.sysconf("SC_CLK_TCK")


def _machine_busy() -> float:
    """CPU seconds all cores of the machine have spent busy (not idle, not waiting on I/O)."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / TICK


def _server_cpu(server: PostgresServer | None) -> float:
    """CPU seconds of the PostgreSQL server this script started: the postmaster, the backends
    it has reaped and those still running (0 for a server given by URL)."""
    if server is None:
        return 0.0
    postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == postmaster:
            total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
        elif int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def _fresh_sqlite(path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("out"))
    parser.add_argument(
        "--dask-db",
        help="SQLAlchemy URL of the Dask runs' stores, with {workers} (default: a "
        "database on a PostgreSQL server this script starts)",
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", help="a JSONL file to ingest instead of the synthetic one")
    parser.add_argument("--single-db", help="a store (a) already made of this corpus: not redone")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    server: PostgresServer | None = None
    if not args.dask_db:
        reason = missing()
        if reason is not None:
            sys.exit(f"cannot start a PostgreSQL server: {reason} (or give --dask-db)")
        server = started()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = args.corpus or str(write(Path(tmp) / "synthetic.jsonl", args.docs))
            same = _runs(args, corpus, server)
    finally:
        if server is not None:
            server.close()
    if not same:
        sys.exit(1)


def _runs(args: argparse.Namespace, corpus: str, server: PostgresServer | None) -> bool:
    base = Settings.from_env()
    if args.single_db:
        url = args.single_db
        print(f"(a) one process, SQLite: the store {url} made before")
    else:
        url = _fresh_sqlite(args.out / "dask-single.db")
        before = _load()
        start = time.perf_counter()
        summary = ingest([corpus], replace(base, db_url=url))
        seconds = time.perf_counter() - start
        print(
            f"(a) one process, SQLite: {summary.read} documents in {seconds:.1f} s "
            f"({summary.read / seconds:.2f} docs/s; load average {before} before, "
            f"{_load()} after)"
        )
    expected = store_state.state(url)
    print(f"    {store_state.summary(expected)}")
    history = store_state.redirects(url)

    rates: dict[int, float] = {}
    bounds: dict[int, float] = {}
    same = True
    for workers in args.workers:
        url = server.fresh_url() if server is not None else args.dask_db.format(workers=workers)
        settings = replace(base, db_url=url)
        before = _load()
        busy_before, server_before = _machine_busy(), _server_cpu(server)
        start, client_cpu = time.perf_counter(), time.process_time()
        run = ingest_distributed([corpus], settings, workers=workers)
        seconds = time.perf_counter() - start
        client_cpu = time.process_time() - client_cpu
        server_cpu = _server_cpu(server) - server_before
        machine = _machine_busy() - busy_before
        read = run.summary.read
        rates[workers] = read / seconds
        steady = read / (seconds - run.startup)
        busy, cpu = sum(run.busy.values()), sum(run.cpu.values())
        peaks = ", ".join(f"{rss / MIB:.0f} MiB" for rss in sorted(run.peak_rss.values()))
        kind = url.split(":", 1)[0].split("+", 1)[0]
        print(
            f"(b) LocalCluster, {workers} worker(s), {kind}, {run.writers} write: {read} "
            f"documents in {seconds:.1f} s ({rates[workers]:.2f} docs/s; {steady:.2f} after "
            f"the {run.startup:.1f} s start-up); {run.shards} shards; load average {before} "
            f"before, {_load()} after"
        )
        print(f"    peak memory per worker: {peaks}")
        print(
            f"    workers extracting: {1000 * busy / read:.1f} ms a document of wall clock "
            f"({1000 * cpu / read:.1f} ms CPU)"
        )
        if run.writers == "workers":
            stored = sum(run.store_busy.values())
            stored_cpu = sum(run.store_cpu.values())
            waited = sum(run.lock_wait.values())
            print(
                f"    workers storing and fusing: {1000 * stored / read:.1f} ms a document of "
                f"wall clock ({1000 * stored_cpu / read:.1f} ms CPU), of which waiting for the "
                f"write lock {1000 * waited / read:.1f} ms; {run.transactions} write transactions"
            )
        ours = client_cpu + sum(run.process_cpu.values()) + server_cpu
        print(
            f"    CPU: the machine's {os.cpu_count()} cores {100 * machine / seconds:.0f} % busy "
            f"(of {100 * (os.cpu_count() or 1):.0f} %): the workers' processes "
            f"{sum(run.process_cpu.values()):.1f} s, the PostgreSQL server {server_cpu:.1f} s "
            f"({1000 * server_cpu / read:.1f} ms a document), the client {client_cpu:.1f} s, "
            f"others (other jobs, Dask's nannies) {max(0.0, machine - ours):.1f} s"
        )
        print(
            f"    the client (its share of the scheduler, "
            f"{'deciding and adding up' if run.writers == 'workers' else 'storing and fusing'}):"
            f" {1000 * client_cpu / read:.1f} ms of CPU a document"
        )
        got = store_state.state(url)
        differences = store_state.compare(expected, got)
        same = same and not differences
        print(
            f"    the same as (a): {not differences}"
            + "".join(f"\n      differs: {line}" for line in differences)
        )
        retired = store_state.redirects(url)
        print(
            f"    retired incident ids (history, not compared): {len(retired)} here, "
            f"{len(history)} in (a), {len(set(retired) & set(history))} the same"
        )
        if server is not None:
            server.drop(url)
        # what the run's own processes needed: the rate had they had every core to themselves
        # (an upper bound: the cores kept busy whenever work was ready), on a shared machine
        bounds[workers] = read / (ours / (os.cpu_count() or 1))
    if 1 in rates and 2 in rates:
        print(f"speed-up of 2 workers over 1: {rates[2] / rates[1]:.2f}x (the bar: 1.7x)")
        print(
            f"    with every core to the run's own processes (CPU they used / cores): 2 workers "
            f"at most {bounds[2]:.1f} docs/s, {bounds[2] / rates[1]:.2f}x the measured 1 worker"
        )
    print(f"incidents of every run identical: {same}")
    print(f"load average (1, 5, 15 min) at the end: {_load()}")
    return same


if __name__ == "__main__":
    main()
