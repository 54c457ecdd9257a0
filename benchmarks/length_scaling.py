"""Time per document against its length: a long article at 1x, 4x and 16x (issue 12).

Extraction must be linear in a document's length: the time of the 4x and 16x articles, divided
by 4 and 16, should stay within 1.3x of the 1x article's. Time is the process's CPU time (on a
machine shared with other work, wall time grows with their load, not with the text); each size
is run ``--repeat`` times and the fastest run counts. Wall time is printed beside it, the bare
spaCy parse is timed alone, and the Python calls of each run are counted (cProfile: the same on
every machine).

    python benchmarks/length_scaling.py [--sentences 75] [--repeat 3]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_article import article  # noqa: E402

from incidex.config import Settings  # noqa: E402
from incidex.extract.pipeline import Extractor  # noqa: E402
from incidex.models import Document  # noqa: E402


def best_time(extractor: Extractor, text: str, repeat: int) -> tuple[float, float, float, int]:
    """The fastest extraction of ``text`` over ``repeat`` runs (CPU and wall seconds), the
    fastest bare parse (CPU), and the number of mentions found."""
    best, wall, parse, found = float("inf"), float("inf"), float("inf"), 0
    for run in range(repeat):
        doc = Document(id=f"len{len(text)}-{run}", source="bench", text=text)
        start, clock = time.process_time(), time.perf_counter()
        [(_, mentions)] = list(extractor.extract([doc]))
        best = min(best, time.process_time() - start)
        wall = min(wall, time.perf_counter() - clock)
        start = time.process_time()
        extractor.nlp(text)
        parse = min(parse, time.process_time() - start)
        found = len(mentions)
    return best, wall, parse, found


def calls(extractor: Extractor, text: str) -> int:
    """The Python calls of one extraction of ``text``."""
    profile = cProfile.Profile()
    profile.enable()
    list(extractor.extract([Document(id="calls", source="bench", text=text)]))
    profile.disable()
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=75, help="sentences of the 1x article")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    extractor = Extractor(Settings.from_env())
    list(extractor.extract([Document(id="warm", source="bench", text=article(40, seed=5))]))
    rows = []
    for factor in (1, 4, 16):
        text = article(args.sentences * factor)
        seconds, wall, parse, found = best_time(extractor, text, args.repeat)
        rows.append((factor, len(text), seconds, wall, parse, found, calls(extractor, text)))
    base = rows[0]
    print(
        "factor  chars    mentions  cpu-s  cpu-vs-linear  wall-s  wall-vs-linear  "
        "parse-cpu-vs-linear  calls-vs-linear"
    )
    for factor, chars, seconds, wall, parse, found, count in rows:
        print(
            f"{factor:>5}x  {chars:>7,}  {found:>8}  {seconds:>5.2f}  "
            f"{seconds / factor / base[2]:>12.2f}x  {wall:>6.2f}  "
            f"{wall / factor / base[3]:>13.2f}x  "
            f"{parse / factor / base[4]:>18.2f}x  {count / factor / base[6]:>14.2f}x"
        )


if __name__ == "__main__":
    main()
