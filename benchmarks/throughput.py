"""`make bench`: documents per second of `incidex extract` against a bare spaCy parse.

The input is a CSV (id and summary/text columns: the GTD reports, one attack each) or a JSONL of
articles (``text``/``body``: a general news feed, where the document gate lets Incidex skip the
parse of the articles that cannot report an incident, so it may beat the bare parse).

Runs, each in its own process so time and peak memory are measured per job:
  1. `incidex --help` start-up time (best of 5);
  2. bare `nlp.pipe` of the configured model over the texts of the CSV, twice: the model as it
     ships (every component: the issue's "bare nlp.pipe of the same model"), and with only the
     spaCy components Incidex runs (``incidex.extract.nlp.DISABLED`` excluded from both), the
     stricter comparison of Incidex's whole job (reading, language detection, its phrase matcher,
     the field extractors, writing) against the parse it needs;
  3. `incidex extract --per-document` over the same CSV, written to a temporary file.
Both jobs are timed from process start (imports and model loading included). With ``--repeat N``
they alternate N times and the best of each counts. Wall-clock rates are what the bar is set on;
CPU-second rates (user + system time of the job) are printed too because they are steadier on a
loaded machine. Prints documents/second, the ratio (Incidex / bare) and peak resident memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BARE = """
import csv, json, sys, time, resource
import spacy
from incidex.config import Settings
from incidex.extract.nlp import DISABLED
csv.field_size_limit(sys.maxsize)
settings = Settings.from_env()
with open(sys.argv[1], newline="", encoding="utf-8", errors="replace") as handle:
    if sys.argv[1].endswith(".jsonl"):
        rows = [json.loads(line) for line in handle if line.strip()]
    else:
        rows = list(csv.DictReader(handle))
    texts = [r.get("summary") or r.get("text") or r.get("body") or "" for r in rows]
start = time.perf_counter()
nlp = spacy.load(settings.spacy_model, exclude=list(DISABLED) if sys.argv[2] == "same" else [])
loaded = time.perf_counter()
count = sum(1 for _ in nlp.pipe(texts, batch_size=settings.batch_size))
end = time.perf_counter()
print(json.dumps({"docs": count, "parse_seconds": end - loaded, "pipes": nlp.pipe_names}))
"""


@dataclass(slots=True)
class Run:
    """One finished job: wall and CPU seconds, peak resident MB, its stdout."""

    wall: float
    cpu: float
    peak_mb: float
    stdout: str


def _timed(cmd: list[str]) -> Run:
    """Run ``cmd`` and measure that child alone (``wait4`` gives its own resource usage)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errs:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=errs)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        errs.seek(0)
        if proc.returncode != 0:
            tail = errs.read().decode("utf-8", "replace").strip()[-500:]
            sys.exit(f"{' '.join(cmd[:3])} failed: {tail}")
        stdout = out.read().decode("utf-8", "replace")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout)


def _best(runs: list[Run]) -> Run:
    """The fastest run by wall clock, with the lowest CPU time and highest peak of all runs."""
    best = min(runs, key=lambda r: r.wall)
    return Run(best.wall, min(r.cpu for r in runs), max(r.peak_mb for r in runs), best.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "csv", type=Path, help="CSV with an id and a summary/text column, or JSONL of articles"
    )
    parser.add_argument("--repeat", type=int, default=1, help="alternate the two jobs N times")
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    with args.csv.open(newline="", encoding="utf-8", errors="replace") as handle:
        if args.csv.suffix == ".jsonl":
            docs = sum(1 for line in handle if line.strip())
        else:
            docs = sum(1 for _ in csv.DictReader(handle))
    incidex = str(Path(sys.executable).with_name("incidex"))

    helps = [_timed([incidex, "--help"]) for _ in range(5)]
    bare_runs: list[Run] = []
    full_runs: list[Run] = []
    ours_runs: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bench.csv")
        for _ in range(max(1, args.repeat)):
            full_runs.append(_timed([sys.executable, "-c", BARE, str(args.csv), "full"]))
            bare_runs.append(_timed([sys.executable, "-c", BARE, str(args.csv), "same"]))
            cmd = [incidex, "extract", str(args.csv), "--output", out]
            if args.csv.suffix != ".jsonl":  # GTD reports: one attack each, no fusion
                cmd.insert(3, "--per-document")
            ours_runs.append(_timed(cmd))
    full, bare, ours = _best(full_runs), _best(bare_runs), _best(ours_runs)
    info = json.loads(bare.stdout)
    full_info = json.loads(full.stdout)

    print(f"documents:                 {docs}")
    print(
        f"incidex --help start-up:   {min(r.wall for r in helps):.2f} s wall, "
        f"{min(r.cpu for r in helps):.2f} CPU s (best of 5)"
    )
    print(
        f"bare nlp.pipe, as shipped: {full.wall:.1f} s wall ({full_info['parse_seconds']:.1f} s "
        f"parsing), {docs / full.wall:.1f} docs/s, {full.cpu:.1f} CPU s, "
        f"peak {full.peak_mb:.0f} MB; components {','.join(full_info['pipes'])}"
    )
    print(
        f"bare nlp.pipe, same parts: {bare.wall:.1f} s wall ({info['parse_seconds']:.1f} s "
        f"parsing), {docs / bare.wall:.1f} docs/s, {bare.cpu:.1f} CPU s, "
        f"peak {bare.peak_mb:.0f} MB; components {','.join(info['pipes'])}"
    )
    print(
        f"incidex extract:           {ours.wall:.1f} s wall, {docs / ours.wall:.1f} docs/s, "
        f"{ours.cpu:.1f} CPU s, peak {ours.peak_mb:.0f} MB"
    )
    print(
        f"ratio vs model as shipped: {full.wall / ours.wall:.2f}x wall, "
        f"{full.cpu / ours.cpu:.2f}x CPU (best of {len(ours_runs)})"
    )
    print(
        f"ratio vs same components: {bare.wall / ours.wall:.2f}x wall, "
        f"{bare.cpu / ours.cpu:.2f}x CPU (best of {len(ours_runs)})"
    )


if __name__ == "__main__":
    main()
