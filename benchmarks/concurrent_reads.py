"""Issue 12: clients reading the incidents list while an ingest writes to the same store.

Ingests the first ``--held`` rows of a CSV (read at run time into a temporary folder), starts
`incidex serve` on that store, then starts `incidex ingest` of the next ``--rows`` rows and, while
it runs, ``--clients`` threads each send list requests (pages, sorts, filters) over HTTP one after
another. Prints the requests sent, the errors (any status but 200, or a failed connection) and
the latency p50 / p95 / max. The bar: no error.

    python benchmarks/concurrent_reads.py /work/shared/corpus/gtd/gtd-2021q1-input.csv
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from store_runs import INCIDEX, cut_csv, env, finish, ingest, stored

PATHS = [
    "/api/incidents",
    "/api/incidents?limit=200",
    "/api/incidents?offset=100&limit=50",
    "/api/incidents?sort=-killed",
    "/api/incidents?sort=country&limit=100",
    "/api/incidents?country=Nigeria",
    "/api/incidents?group=state",
    "/api/incidents?since=2021-02-01&until=2021-02-28",
    "/api/incidents?q=explosive",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--held", type=int, default=200)
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "store.db"
        held = cut_csv(args.csv, folder / "held.csv", 0, args.held)
        more = cut_csv(args.csv, folder / "more.csv", args.held, args.held + args.rows)
        print(f"before: {finish(ingest(held, db=db))}")
        port = _free_port()
        server = subprocess.Popen(
            [*INCIDEX, "serve", "--db", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env(),
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                sys.exit("incidex serve did not answer")
            latencies: list[float] = []
            errors: list[str] = []
            stop = threading.Event()

            def client(n: int) -> None:
                with httpx.Client(base_url=base, timeout=60) as http:
                    k = n
                    while not stop.is_set():
                        path = PATHS[k % len(PATHS)]
                        k += 1
                        start = time.perf_counter()
                        try:
                            response = http.get(path)
                        except httpx.HTTPError as err:
                            errors.append(f"{path}: {type(err).__name__}")
                            continue
                        latencies.append(time.perf_counter() - start)
                        if response.status_code != 200:
                            errors.append(f"{path}: {response.status_code} {response.text[:120]}")

            before = stored(db)
            writer = ingest(more, db=db)
            threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            summary = finish(writer)
            took = time.monotonic() - started
            stop.set()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait()
        ms = sorted(1000 * t for t in latencies)
        p95 = ms[int(0.95 * (len(ms) - 1))] if ms else 0.0
        print(f"ingest while reading ({took:.1f} s): {summary}; documents {before} -> {stored(db)}")
        print(
            f"{args.clients} clients: {len(latencies)} requests, {len(errors)} errors; latency "
            f"p50 {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms"
        )
        for line in errors[:10]:
            print(f"  {line}")
        if errors:
            sys.exit(1)


if __name__ == "__main__":
    main()
