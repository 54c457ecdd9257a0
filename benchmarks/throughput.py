"""`make bench`: documents per second of `incidex extract` against a bare spaCy parse.

Runs, each in its own process so peak memory is measured per job:
  1. `incidex --help` start-up time (best of 5);
  2. bare `nlp.pipe` of the configured model over the texts of the CSV;
  3. `incidex extract --per-document` over the same CSV, written to a temporary file.
Prints documents/second, the ratio (Incidex / bare) and peak resident memory of each job.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import csv, json, sys, time, resource
import spacy
from incidex.config import Settings
csv.field_size_limit(sys.maxsize)
settings = Settings.from_env()
with open(sys.argv[1], newline="", encoding="utf-8", errors="replace") as handle:
    texts = [r.get("summary") or r.get("text") or "" for r in csv.DictReader(handle)]
start = time.perf_counter()
nlp = spacy.load(settings.spacy_model)
loaded = time.perf_counter()
count = sum(1 for _ in nlp.pipe(texts, batch_size=settings.batch_size))
end = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"docs": count, "seconds": end - start, "parse_seconds": end - loaded,
                  "peak_mb": peak}))
"""


def _timed(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident MB of the child, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd[:3])} failed: {done.stderr.strip()[-500:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return seconds, peak, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="CSV with an id and a summary/text column")
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    with args.csv.open(newline="", encoding="utf-8", errors="replace") as handle:
        docs = sum(1 for _ in csv.DictReader(handle))
    incidex = str(Path(sys.executable).with_name("incidex"))

    startup = min(_timed([incidex, "--help"])[0] for _ in range(5))
    bare_seconds, _, bare_out = _timed([sys.executable, "-c", BARE, str(args.csv)])
    bare = json.loads(bare_out)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bench.csv")
        cmd = [incidex, "extract", str(args.csv), "--per-document", "--output", out]
        ours_seconds, ours_peak, _ = _timed(cmd)

    bare_rate = docs / bare_seconds
    ours_rate = docs / ours_seconds
    print(f"documents:                 {docs}")
    print(f"incidex --help start-up:   {startup:.2f} s")
    print(
        f"bare nlp.pipe:             {bare_seconds:.1f} s wall ({bare['parse_seconds']:.1f} s "
        f"parsing), {bare_rate:.1f} docs/s, peak {bare['peak_mb']:.0f} MB"
    )
    print(
        f"incidex extract:           {ours_seconds:.1f} s wall, {ours_rate:.1f} docs/s, "
        f"peak {ours_peak:.0f} MB"
    )
    print(f"ratio (incidex / bare):    {ours_rate / bare_rate:.2f}x")


if __name__ == "__main__":
    main()
