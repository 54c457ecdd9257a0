"""Issue 12: two `incidex ingest` processes at once on one SQLite store, then a rerun.

The first ``--rows`` rows of a CSV (read at run time into a temporary folder) are split into two
halves that overlap by ``--overlap`` rows, so both processes also write some of the same
documents. Reference: one uninterrupted ingest of all the rows. Then:

- a new store: both halves ingested at once (both race to create and migrate it);
- an existing store holding the first ``--held`` rows: both halves at once;

each followed by a rerun of both halves. Both processes must exit 0, and each store must hold the
reference's documents and incidents (ids and document groups) and pass ``integrity_check``.

    python benchmarks/concurrent_ingests.py /work/shared/corpus/gtd/gtd-2021q1-input.csv
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from store_runs import compare, cut_csv, finish, ingest, integrity, state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--overlap", type=int, default=40)
    parser.add_argument("--held", type=int, default=100)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        half = args.rows // 2
        everything = cut_csv(args.csv, folder / "all.csv", 0, args.rows)
        first = cut_csv(args.csv, folder / "a.csv", 0, half + args.overlap // 2)
        second = cut_csv(args.csv, folder / "b.csv", half - args.overlap // 2, args.rows)
        held = cut_csv(args.csv, folder / "held.csv", 0, args.held)
        print(f"reference: {finish(ingest(everything, db=folder / 'reference.db'))}")
        want = state(folder / "reference.db")
        for name, prefill in (("new store", None), ("existing store", held)):
            db = folder / f"{name.replace(' ', '-')}.db"
            if prefill is not None:
                print(f"{name}, before: {finish(ingest(prefill, db=db))}")
            start = time.monotonic()
            procs = [ingest(first, db=db), ingest(second, db=db)]
            lines = [finish(p) for p in procs]
            took = time.monotonic() - start
            print(f"{name}, two at once ({took:.1f} s), both exited 0:")
            for line in lines:
                print(f"  {line}")
            print(f"  integrity_check: {integrity(db)}")
            ok &= compare(f"{name} after the two", state(db), want)
            print(f"{name}, rerun: {finish(ingest(first, second, db=db))}")
            ok &= integrity(db) == "ok"
            ok &= compare(f"{name} after the rerun", state(db), want)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
