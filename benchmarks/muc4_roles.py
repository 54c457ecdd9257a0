"""MUC-4 role fillers per half of the development set, and the errors of the half that is read.

The set is split by a hash of the document id (as ``fusion_pairs.py``): half A is the one whose
errors the team reads, half B the one it only counts. Scores with the evaluation's own scorer
(``../shared/eval/muc4_score.py``), so the numbers are the ones ``make eval`` prints.

    incidex extract ../shared/corpus/muc4-dev.jsonl --format jsonl --per-document \
        --output /tmp/m.jsonl
    python benchmarks/muc4_roles.py /tmp/m.jsonl             # micro P/R/F1: all, A, B
    python benchmarks/muc4_roles.py /tmp/m.jsonl --errors    # + half A's misses and extras
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def half(doc_id: str) -> str:
    return "A" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2 == 0 else "B"


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("muc4_score", SHARED / "eval" / "muc4_score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _line(name: str, result: dict[str, Any], per_role: bool) -> str:
    m = result["micro"]
    text = f"{name:4} micro P {m['p']:6.2f}  R {m['r']:6.2f}  F1 {m['f1']:6.2f}"
    if per_role:
        text += "  | " + "  ".join(
            f"{r} {x['f1']:.1f} ({x['matched']}/{x['pred']}/{x['gold']})"
            for r, x in result["roles"].items()
        )
    return text


def _evidence(path: Path) -> dict[tuple[str, str, str], str]:
    """(doc, MUC role, normalised text) -> "rule | sentence" of the first filler so written."""
    scorer = _scorer()
    out: dict[tuple[str, str, str], str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for key, items in (record.get("roles") or {}).items():
            role = scorer.INCIDEX_ROLES.get(key)
            for item in items:
                ev = item.get("evidence") or {}
                where = (ev.get("doc_id", ""), role, scorer.normalize(item["text"]))
                out.setdefault(
                    where, f"{ev.get('rule')} | {' '.join(ev.get('sentence', '').split())}"
                )
    return out


def errors(pred_path: Path, preds: dict[str, Any], gold: dict[str, Any]) -> None:
    scorer = _scorer()
    why = _evidence(pred_path)
    for doc_id in sorted(gold):
        lines = []
        for role in scorer.ROLES:
            golds = gold[doc_id][role]
            predicted = [scorer.normalize(e[0]) for e in preds.get(doc_id, {}).get(role, [])]
            hit = [p for p in predicted if any(p in g for g in golds)]
            for g in golds:
                if not any(p in g for p in predicted):
                    lines.append(f"  miss  {role:7} {sorted(g)}")
            for p in predicted:
                if p not in hit:
                    lines.append(f"  extra {role:7} {p!r}  <- {why.get((doc_id, role, p), '')}")
        if lines:
            print(doc_id)
            print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pred", type=Path, help="incidex extract --format jsonl --per-document")
    parser.add_argument("--errors", action="store_true", help="half A's misses and extras")
    parser.add_argument("--per-role", action="store_true")
    args = parser.parse_args()
    scorer = _scorer()
    gold = scorer.read_gold(SHARED / "gold" / "muc4-dev.json")
    info = {
        "formats": set(),
        "incidents": 0,
        "incidents_with_roles": 0,
        "background_skips": 0,
        "unknown_roles": set(),
    }
    preds = scorer.read_predictions(args.pred, "auto", info)
    print(_line("all", scorer.score(preds, gold), args.per_role))
    for name in ("A", "B"):
        part = {d: g for d, g in gold.items() if half(d) == name}
        print(_line(name, scorer.score(preds, part), args.per_role))
    if args.errors:
        errors(args.pred, preds, {d: g for d, g in gold.items() if half(d) == "A"})


if __name__ == "__main__":
    main()
