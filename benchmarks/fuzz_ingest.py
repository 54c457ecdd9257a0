"""A fuzz run of ``incidex ingest``: generated and mutated inputs, batched into files (issue 12).

Each input is a report of our own sentences, random text or random bytes, then (one in three)
mutated: cut, bytes flipped, padded, NULs, lone surrogates, absurd tolls ("1e308 killed", "a
trillion"). Inputs are written in batches, one format per batch (a folder of .txt or .html files,
a JSONL, CSV or JSON-list file, any of them gzipped, or a whole file mutated), and each batch is
ingested in-process (``pipeline.ingest``, one store for the run). Counted: crashes (an exception
out of ingest), documents skipped for time (``INCIDEX_DOC_TIME_BUDGET``), the slowest document.
``--cli N`` also runs N batches through the ``incidex ingest`` command and counts its non-zero
exits and tracebacks.

    python benchmarks/fuzz_ingest.py [--inputs 20000] [--batch 400] [--cli 5] [--budget 10]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_article import sentences  # noqa: E402

from incidex.config import Settings  # noqa: E402
from incidex.extract.pipeline import Extractor  # noqa: E402
from incidex.pipeline import ingest  # noqa: E402

ODD = [
    "1e308 killed", "killing a trillion people", "99999999999999999999 were wounded", "\x00",
    "\ud83d", "\u202e", "\ufeff", "\u0000\u0001\u0002", "😀" * 3, "..." * 40, "a" * 300,
    "<script>alert(1)</script>", "&#0;", "\r\n\r\n", "\t\t", '"', "'", ",", "\\", "{", "]",
]  # fmt: skip
FORMATS = ["txt", "html", "jsonl", "csv", "json", "jsonl.gz", "txt.gz", "csv.gz", "broken"]


def report(rng: random.Random) -> str:
    """One input's text: our sentences, random characters, or both, with odd pieces."""
    kind = rng.random()
    if kind < 0.6:
        parts = sentences(rng.randint(1, 12), seed=rng.randrange(10**6))
    elif kind < 0.8:
        parts = ["".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 200)))]
    else:
        parts = sentences(rng.randint(1, 4), seed=rng.randrange(10**6))
        parts += ["".join(chr(rng.randint(0x20, 0x7E)) for _ in range(rng.randint(0, 80)))]
    for _ in range(rng.randint(0, 3)):
        parts.insert(rng.randint(0, len(parts)), rng.choice(ODD))
    sep = rng.choice([" ", "\n", "\n\n"])
    return sep.join(parts)


def mutate(rng: random.Random, data: bytes) -> bytes:
    """``data`` cut, with bytes flipped, padded with random bytes or a slice repeated."""
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 64)))
    how = rng.choice(["cut", "flip", "pad", "repeat"])
    if how == "cut":
        return data[: rng.randrange(len(data))]
    if how == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 10)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if how == "pad":
        return data + bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    a = rng.randrange(len(data))
    return data[:a] + data[a : a + 100] * rng.randint(2, 20) + data[a:]


def encoded(rng: random.Random, text: str) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    return mutate(rng, data) if rng.random() < 0.33 else data


def write_batch(rng: random.Random, folder: Path, fmt: str, count: int) -> None:
    """``count`` inputs in format ``fmt`` under ``folder``."""
    texts = [report(rng) for _ in range(count)]
    gz = fmt.endswith(".gz")
    base = fmt.removesuffix(".gz")
    opener: Callable[[bytes], bytes] = gzip.compress if gz else (lambda b: b)
    if base in ("txt", "html"):
        for n, text in enumerate(texts):
            body = f"<html><body><p>{text}</p></body></html>" if base == "html" else text
            (folder / f"r{n}.{fmt}").write_bytes(opener(encoded(rng, body)))
        return
    if base == "jsonl":
        lines = []
        for n, text in enumerate(texts):
            record = {"id": rng.choice([f"j{n}", f"j{n % 7}", ""]), "text": text}
            line = json.dumps(record, ensure_ascii=rng.random() < 0.5)
            lines.append(
                encoded(rng, line) if rng.random() < 0.2 else line.encode("utf-8", "surrogatepass")
            )
        (folder / f"batch.{fmt}").write_bytes(opener(b"\n".join(lines)))
        return
    if base == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["id", "text"])
        for n, text in enumerate(texts):
            writer.writerow([f"c{n}", text])
        (folder / f"batch.{fmt}").write_bytes(opener(encoded(rng, buffer.getvalue())))
        return
    if base == "json":
        records = [{"id": f"l{n}", "text": t} for n, t in enumerate(texts)]
        (folder / f"batch.{fmt}").write_bytes(encoded(rng, json.dumps(records)))
        return
    whole = "\n".join(json.dumps({"text": t}) for t in texts).encode("utf-8", "surrogatepass")
    (folder / "broken.jsonl").write_bytes(mutate(rng, whole))  # "broken": one file mutated


class Timed(Extractor):
    """The shipped extractor, noting the slowest document (from one yield to the next: for the
    first document of a batch, the batch's parse is counted in)."""

    slowest: tuple[float, str] = (0.0, "")

    def extract(self, docs):  # type: ignore[no-untyped-def, override]
        start = time.perf_counter()
        for doc, mentions in super().extract(docs):
            spent = time.perf_counter() - start
            if spent > self.slowest[0]:
                self.slowest = (spent, doc.source)
            yield doc, mentions
            start = time.perf_counter()


def run_cli(folder: Path, db: Path, budget: float) -> tuple[int, bool]:
    """``incidex ingest`` on ``folder``: its exit code and whether it printed a traceback."""
    env = {**os.environ, "INCIDEX_DOC_TIME_BUDGET": str(budget)}
    cmd = [sys.executable, "-m", "incidex", "ingest", str(folder), "--db", str(db)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    return done.returncode, "Traceback" in done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=400)
    parser.add_argument("--cli", type=int, default=5, help="batches run through the command")
    parser.add_argument("--budget", type=float, default=10.0, help="INCIDEX_DOC_TIME_BUDGET")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    made, crashes, exits, tracebacks = 0, 0, 0, 0
    reasons: Counter[str] = Counter()
    stored = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(
            Settings.from_env(db=str(Path(tmp) / "fuzz.db")), doc_time_budget=args.budget
        )
        extractor = Timed(settings)
        batch = 0
        while made < args.inputs:
            count = min(args.batch, args.inputs - made)
            fmt = FORMATS[batch % len(FORMATS)]
            folder = Path(tmp) / f"b{batch}"
            folder.mkdir()
            write_batch(rng, folder, fmt, count)
            made += count
            if batch < args.cli:
                code, trace = run_cli(folder, Path(tmp) / "cli.db", args.budget)
                exits += code != 0
                tracebacks += trace
            try:
                summary = ingest([str(folder)], settings, extractor=extractor)
            except Exception:  # noqa: BLE001 - what the run counts
                crashes += 1
                traceback.print_exc()
            else:
                stored += summary.stored
                for skip in [*summary.skipped, *summary.cut]:
                    reasons[_kind(skip.reason)] += 1
            batch += 1
            print(f"batch {batch} ({fmt}): {made:,} inputs, {crashes} crashes", file=sys.stderr)
    print(f"inputs generated: {made:,} in {batch} batches ({time.perf_counter() - started:.0f} s)")
    print(f"documents stored: {stored:,}")
    print(f"crashes (exceptions out of ingest): {crashes}")
    print(f"over the time budget ({args.budget:g} s): {reasons['time budget']}")
    print(f"extractor or store failures: {reasons['extractor or store failure']}")
    print(f"slowest document: {extractor.slowest[0]:.2f} s ({extractor.slowest[1]})")
    print(f"CLI runs: {min(args.cli, batch)}, non-zero exits: {exits}, tracebacks: {tracebacks}")
    for reason, n in reasons.most_common():
        print(f"  skipped or cut, {reason}: {n:,}")


def _kind(reason: str) -> str:
    """A skip reason without its particulars."""
    if "INCIDEX_DOC_TIME_BUDGET" in reason:
        return "time budget"
    if "please report this" in reason:
        return "extractor or store failure"
    if "is not English" in reason:
        return "not English"
    words = ("same content", "already taken", "binary", "cut", "JSON", "empty", "no text")
    for word in words:
        if word in reason:
            return word
    return reason[:60]


if __name__ == "__main__":
    main()
