"""Score a prediction against a news gold file per half of its documents (``make eval-halves``).

Documents are split by a hash of their id, as ``fusion_pairs.py`` splits them: half A is the one
whose errors the team reads, half B the one it only counts. For each half, the gold incidents keep
only their documents of that half (an incident with none is dropped) and so do the predicted
rows; both are written to a temporary folder and scored by the evaluation's own ``score.py``.
Nothing is copied into the project.

    python benchmarks/feed_halves.py out/news-feed-dev.csv --gold ../shared/gold/news-feed-dev.yaml
    python benchmarks/feed_halves.py ... --half A --misses 40     # the errors of half A only
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
KEYS = ("incident_precision", "incident_recall", "incident_f1", "doc_support_f1", "field_mean")


def half(doc_id: str) -> str:
    """``A`` or ``B``: the parity of the SHA-1 of the document id (``fusion_pairs.half``)."""
    return "A" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2 == 0 else "B"


def _key(doc_id: str) -> str:
    stem = doc_id.strip().rsplit("/", 1)[-1]
    return stem.split("_", 1)[0]


def split_gold(gold: dict, which: str) -> dict:
    incidents = []
    for incident in gold.get("incidents") or []:
        docs = [d for d in incident["docs"] if half(_key(str(d))) == which]
        if docs:
            incidents.append({**incident, "docs": docs})
    return {**gold, "incidents": incidents}


def split_rows(rows: list[dict[str, str]], which: str) -> list[dict[str, str]]:
    kept = []
    for row in rows:
        docs = [d for d in row.get("incidex_doc_ids", "").split(";") if d.strip()]
        docs = [d for d in docs if half(_key(d)) == which]
        if docs:
            kept.append({**row, "incidex_doc_ids": ";".join(docs)})
    return kept


def score(pred: Path, gold: Path, which: str, extra: list[str]) -> str:
    csv.field_size_limit(sys.maxsize)
    with pred.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    data = yaml.safe_load(gold.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        gpath, ppath = Path(tmp) / "gold.yaml", Path(tmp) / "pred.csv"
        gpath.write_text(yaml.safe_dump(split_gold(data, which)), encoding="utf-8")
        with ppath.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(split_rows(rows, which))
        scorer = SHARED / "eval" / "score.py"
        cmd = [sys.executable, str(scorer), str(ppath), "--gold", str(gpath), *extra]
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("pred", type=Path, help="GTD CSV from incidex extract")
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "news-feed-dev.yaml")
    parser.add_argument("--half", choices=["A", "B"], help="only this half, with its errors")
    parser.add_argument("--misses", type=int, default=0, help="errors shown (half A only)")
    args = parser.parse_args()
    if args.half == "A" and args.misses:
        print(score(args.pred, args.gold, "A", ["--misses", str(args.misses)]))
        return
    for which in [args.half] if args.half else ["A", "B"]:
        result = json.loads(score(args.pred, args.gold, which, ["--json"]))
        numbers = ", ".join(f"{k.replace('incident_', '')} {result[k]}" for k in KEYS)
        print(f"half {which}: predicted {result['predicted']}, {numbers}")


if __name__ == "__main__":
    main()
