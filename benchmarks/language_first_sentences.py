"""How many first sentences of a CSV's summaries ``detect_language`` judges non-English.

Usage: python benchmarks/language_first_sentences.py ../shared/corpus/gtd/gtd-2021q1-input.csv
Prints the count and share judged non-English (None counts as English: too short to judge),
and the languages given, most frequent first. Short summaries are the hard case for a
character-n-gram model; ``incidex.ingest.language`` must never call English text foreign.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from incidex.ingest.language import detect_language  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--column", default="summary")
    parser.add_argument("--show", type=int, default=0, help="print this many misjudged sentences")
    args = parser.parse_args()
    with args.csv.open(encoding="utf-8", newline="") as handle:
        texts = [row[args.column] for row in csv.DictReader(handle) if row[args.column].strip()]
    sentences = [first_sentence(t) for t in texts]
    judged = [(s, detect_language(s)) for s in sentences]
    foreign = [(s, lang) for s, lang in judged if lang not in (None, "en")]
    share = len(foreign) / len(judged) if judged else 0.0
    print(f"first sentences: {len(judged)}, judged non-English: {len(foreign)} ({share:.1%})")
    for lang, count in Counter(lang for _, lang in foreign).most_common(10):
        print(f"  {lang}: {count}")
    for sentence, lang in foreign[: args.show]:
        print(f"  [{lang}] {sentence[:100]}")


if __name__ == "__main__":
    main()
