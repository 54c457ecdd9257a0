"""The measurement behind the weights of ``fuse.match``: how often each signal agrees or disagrees
among pairs of reports of one attack, and among pairs of distinct attacks in the same town.

Extracts the development sets of ``../shared`` (seeds, news-dev, news-feed-dev, the GTD reports),
labels each mention with the gold incident the scorer would match it to (a shared document, a
compatible date, the same country), and compares every pair of reports of different documents
in one country within the match window. Sets are split by a hash of the document id: ``--half A``
is the half whose errors the team reads, ``--half B`` the one it only counts. Prints, per signal,
the share of pairs where it adds (+), subtracts (-) or says nothing (0), and how many link.

    python benchmarks/fusion_pairs.py --half A
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import itertools
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import yaml

from incidex.config import Settings
from incidex.dates import PartialDate
from incidex.extract.pipeline import Extractor
from incidex.fuse.match import MAX_DAYS_APART, compare
from incidex.fuse.profile import build_profile
from incidex.ingest import load_documents
from incidex.models import Document, FieldName, Mention

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NEWS = {"seeds": "seeds", "news-dev": "news-dev.jsonl", "news-feed-dev": "news-feed-dev.jsonl"}
SIGNALS = ["group", "attack type", "weapon", "target type", "target", "killed", "wounded", "names"]


def half(doc_id: str) -> str:
    return "A" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2 == 0 else "B"


def mentions_of(path: Path, extractor: Extractor) -> list[Mention]:
    docs = [d for d in load_documents([str(path)]) if isinstance(d, Document) and d.is_english]
    found: list[Mention] = []
    for doc, mentions in extractor.extract(docs):
        for mention in mentions:
            for value in mention.values:
                value.reported = value.reported or doc.published
        found.extend(mentions)
    return found


def _scorer():  # type: ignore[no-untyped-def]
    """The evaluation's own scorer module (its matching of predictions to gold incidents)."""
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def news_labels(mentions: list[Mention], gold_path: Path) -> dict[str, str]:
    """Mention id -> the gold incident the scorer matches it to, each document's mentions
    matched one to one, best scores first (as ``score.py`` matches incidents)."""
    score = _scorer()
    golds = yaml.safe_load(gold_path.read_text(encoding="utf-8"))["incidents"]
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_doc[mention.doc_id].append(mention)
    labels: dict[str, str] = {}
    for group in by_doc.values():
        rows = []
        for m in group:
            when = PartialDate.parse(m.value(FieldName.DATE))
            rows.append(
                {
                    "_docs": {score.doc_key(m.doc_id)},
                    "_date": (when.year, when.month, when.day) if when else (0, 0, 0),
                    "country_txt": m.value(FieldName.COUNTRY) or "",
                    "gname": m.value(FieldName.GNAME) or "",
                    "attacktype1_txt": m.value(FieldName.ATTACKTYPE) or "",
                }
            )
        scored = sorted(
            (
                (s, g, i)
                for i, row in enumerate(rows)
                for g, gold in enumerate(golds)
                if (s := score.match_score(gold, row)) is not None
            ),
            reverse=True,
        )
        used_gold: set[int] = set()
        used_row: set[int] = set()
        for _, g, i in scored:
            if g not in used_gold and i not in used_row:
                used_gold.add(g)
                used_row.add(i)
                labels[group[i].id] = golds[g]["id"]
    return labels


def pairs(mentions: list[Mention]) -> Iterator[tuple[Mention, Mention]]:
    for a, b in itertools.combinations(mentions, 2):
        if a.doc_id == b.doc_id or a.value(FieldName.COUNTRY) != b.value(FieldName.COUNTRY):
            continue
        da = PartialDate.parse(a.value(FieldName.DATE))
        db = PartialDate.parse(b.value(FieldName.DATE))
        gap = da.days_apart(db) if da and db else None
        if gap is not None and gap <= MAX_DAYS_APART:
            yield a, b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["A", "B"], default="A")
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"no evaluation sets at {SHARED}")
    extractor = Extractor(Settings.from_env())
    tallies: dict[bool, dict[str, Counter[str]]] = {True: defaultdict(Counter), False: {}}
    tallies[False] = defaultdict(Counter)
    totals: Counter[bool] = Counter()

    def count(same: bool, a: Mention, b: Mention) -> None:
        verdict = compare(build_profile(a), build_profile(b))
        if verdict.veto:
            return
        if not same and not (
            a.value(FieldName.CITY) and a.value(FieldName.CITY) == b.value(FieldName.CITY)
        ):
            return  # distinct attacks: only the hard case, the same town
        totals[same] += 1
        signs = {r.rpartition(" ")[0]: r.rpartition(" ")[2][0] for r in verdict.reasons}
        for signal in SIGNALS + ["site"]:
            tallies[same][signal][signs.get(signal, "0")] += 1
        tallies[same]["links"]["yes" if verdict.links else "no"] += 1

    for name, source in NEWS.items():
        found = [
            m
            for m in mentions_of(SHARED / "corpus" / source, extractor)
            if name != "news-feed-dev" or half(m.doc_id) == args.half
        ]
        labels = news_labels(found, SHARED / "gold" / f"{name}.yaml")
        for a, b in pairs(found):
            if a.id in labels and b.id in labels:
                count(labels[a.id] == labels[b.id], a, b)
    gtd = SHARED / "corpus" / "gtd"
    with (gtd / "gtd-2021q1-gold.csv").open(encoding="utf-8", errors="replace") as handle:
        related = {
            r["eventid"]: {x.strip() for x in (r.get("related") or "").replace(";", ",").split(",")}
            for r in csv.DictReader(handle)
        }
    found = [
        m
        for m in mentions_of(gtd / "gtd-2021q1-input.csv", extractor)
        if half(m.doc_id) == args.half
    ]
    for a, b in pairs(found):
        if b.doc_id not in related.get(a.doc_id, set()):
            count(False, a, b)
    print(
        f"half {args.half}: {totals[True]} pairs of one attack, "
        f"{totals[False]} pairs of distinct attacks in one town"
    )
    for signal in SIGNALS + ["site", "links"]:
        shares = []
        for same in (True, False):
            c = tallies[same][signal]
            n = max(1, sum(c.values()))
            shares.append(" ".join(f"{k}{100 * v // n}%" for k, v in sorted(c.items())))
        print(f"  {signal:12} one attack: {shares[0]:28} distinct: {shares[1]}")


if __name__ == "__main__":
    main()
