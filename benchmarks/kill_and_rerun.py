"""Issue 12: `incidex ingest` killed with SIGKILL at random points, each time run again.

Takes the first ``--rows`` rows of a CSV (read at run time into a temporary folder), ingests them
once without interruption (the reference), then ``--kills`` times starts the same ingest on
another store and kills it (-9): the first time at a random moment of its start, then each time
a random number of documents further plus a random few milliseconds (inside a write, often);
after each kill the file must pass ``PRAGMA integrity_check``, and each kill is followed by a
rerun (the next attempt); the last rerun finishes. The final store must hold the same
documents and the same incidents (ids and document groups) as the reference.

    python benchmarks/kill_and_rerun.py /work/shared/corpus/gtd/gtd-2021q1-input.csv --rows 400
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

from store_runs import compare, cut_csv, finish, ingest, integrity, state, stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = cut_csv(args.csv, folder / "input.csv", 0, args.rows)
        start = time.monotonic()
        summary = finish(ingest(data, db=folder / "reference.db"))
        whole = time.monotonic() - start
        want = state(folder / "reference.db")
        print(f"reference: {summary} ({whole:.1f} s)")
        db = folder / "killed.db"
        total = len(want[0])
        for n in range(1, args.kills + 1):
            before = stored(db)
            proc = ingest(data, db=db)
            if n == 1:  # while the new store is made, or the model loaded: a random moment
                time.sleep(rng.uniform(0.05, 3.0))
                point = "while starting"
            else:  # a random number of documents more, then a random few milliseconds
                target = rng.randint(before + 1, before + max(1, (total - before) // 2))
                while stored(db) < target and proc.poll() is None:
                    time.sleep(0.005)
                time.sleep(rng.uniform(0, 0.05))
                point = f"after document {target}"
            if proc.poll() is not None:
                sys.exit(f"kill {n}: the ingest finished before it could be killed")
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            check = integrity(db) if db.exists() else "no file yet"
            print(
                f"kill {n} ({point}): documents stored {before} -> {stored(db)}, "
                f"integrity_check: {check}"
            )
            if check not in ("ok", "no file yet"):
                sys.exit(1)
        start = time.monotonic()
        summary = finish(ingest(data, db=db))
        print(f"final rerun: {summary} ({time.monotonic() - start:.1f} s)")
        print(f"integrity_check: {integrity(db)}")
        if not compare("after the kills", state(db), want) or integrity(db) != "ok":
            sys.exit(1)


if __name__ == "__main__":
    main()
