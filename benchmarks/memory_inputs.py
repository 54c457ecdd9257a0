"""Peak memory of ``incidex ingest`` on very large inputs (issue 12): each must stay under 1.5 GB.

Three inputs of our own text, written to a temporary folder: a 50 MB plain-text file, a gzip
that expands to 300 MB (over ``INCIDEX_MAX_DECOMPRESSED_BYTES``) and a JSONL file of one 10 MB
line. Each is ingested into a fresh store under ``/usr/bin/time -v``; its maximum resident set
size, exit code and wall time are printed.

    python benchmarks/memory_inputs.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_article import article  # noqa: E402

MB = 1 << 20
LIMIT_MB = 1536


def chunks(total: int) -> Iterator[bytes]:
    """``total`` bytes of article text, in paragraphs."""
    block = (article(400) + "\n\n").encode()
    written = 0
    while written < total:
        piece = block[: total - written]
        written += len(piece)
        yield piece


def make_inputs(folder: Path) -> list[Path]:
    text = folder / "big.txt"
    with text.open("wb") as out:
        for piece in chunks(50 * MB):
            out.write(piece)
    packed = folder / "huge.txt.gz"
    with gzip.open(packed, "wb", compresslevel=1) as out:
        for piece in chunks(300 * MB):
            out.write(piece)
    line = folder / "one-line.jsonl"
    body = b"".join(chunks(10 * MB)).decode()
    line.write_text(json.dumps({"id": "long", "text": body}) + "\n", encoding="utf-8")
    return [text, packed, line]


def measure(path: Path, db: Path) -> tuple[int, float, int, str]:
    """Peak RSS (MB), wall seconds and exit code of ingesting ``path``, and its last line."""
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "incidex", "ingest", str(path)]
    done = subprocess.run([*cmd, "--db", str(db)], capture_output=True, text=True, check=False)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    seconds = 0.0
    if wall:
        h, m, s = wall.groups()
        seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    lines = [x for x in (done.stdout + done.stderr).splitlines() if "skipped" in x or "cut" in x]
    return int(rss.group(1)) // 1024 if rss else -1, seconds, done.returncode, " | ".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="write the inputs here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for path in make_inputs(folder):
            size = path.stat().st_size / MB
            rss, seconds, code, note = measure(path, folder / f"{path.name}.db")
            verdict = "ok" if 0 < rss < LIMIT_MB and code == 0 else "OVER" if rss >= 0 else "?"
            print(f"{path.name}: {size:.0f} MB on disk, peak RSS {rss} MB, {seconds:.1f} s, "
                  f"exit {code} [{verdict}]")  # fmt: skip
            if note:
                print(f"  {note[:300]}")


if __name__ == "__main__":
    main()
