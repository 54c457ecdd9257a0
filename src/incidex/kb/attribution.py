"""What an incident's attribution statements add up to: who is said to have done it, whether it was
claimed, and whether the attribution is contested.

Contested: more than one organisation is claimed, confirmed or blamed (a branch and its parent
count as one), or a claim or accusation is denied.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from incidex.models import Stance, Statement
from incidex.vocab import group_parents

ACCUSING = (Stance.CLAIMS, Stance.CONFIRMS, Stance.BLAMES)


def family(name: str) -> str:
    """The top of ``name``'s branch-of chain (ISKP -> ISIL)."""
    parents = group_parents()
    seen = {name}
    while name in parents and parents[name] not in seen:
        name = parents[name]
        seen.add(name)
    return name


def contested(statements: Iterable[Statement]) -> bool:
    """More than one organisation held responsible, or a claim or accusation denied."""
    listed = list(statements)
    accused = {family(s.target) for s in listed if s.stance in ACCUSING and s.target}
    if len(accused) > 1:
        return True
    denied = {family(s.target) for s in listed if s.stance == Stance.DENIES and s.target}
    return bool(denied & accused)


def by_stance(statements: Iterable[Statement]) -> dict[str, list[Statement]]:
    """Statements grouped by stance, in the order claims, confirms, blames, suspects, denies."""
    out: dict[str, list[Statement]] = {str(s): [] for s in Stance}
    for st in statements:
        out[str(st.stance)].append(st)
    return {k: v for k, v in out.items() if v}


def attributed(statements: Iterable[Statement]) -> tuple[str | None, bool]:
    """(group said to have done it, whether it claimed it): a claim wins, else the group most
    often confirmed or blamed."""
    listed = list(statements)
    claims = [s.target for s in listed if s.stance == Stance.CLAIMS and s.target]
    if claims:
        return Counter(claims).most_common(1)[0][0], True
    named = [
        s.target
        for s in listed
        if s.stance in (Stance.CONFIRMS, Stance.BLAMES) and s.target and s.target_kind == "group"
    ]
    return (Counter(named).most_common(1)[0][0], False) if named else (None, False)


def statement_json(st: Statement) -> dict[str, Any]:
    ev = st.evidence
    return {
        "id": st.id,
        "source": st.source,
        "source_kind": st.source_kind,
        "stance": str(st.stance),
        "target": st.target,
        "target_kind": st.target_kind,
        "reported": st.reported.isoformat() if st.reported else None,
        "evidence": {
            "doc_id": ev.doc_id,
            "start": ev.start,
            "end": ev.end,
            "sentence": ev.sentence,
            "rule": ev.rule,
            "confidence": ev.confidence,
        },
    }
