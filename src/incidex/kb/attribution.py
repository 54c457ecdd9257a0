"""What an incident's attribution statements add up to: who is said to have done it, whether it was
claimed, and whether the attribution is contested.

Rules (``attribute``), on statements whose target is an armed group:
- A claim decides: the groups that claim it (less the denials of each) win over any blame, and the
  incident is claimed. Between organisations that claim it, the one claiming most often wins
  (then the one most blamed or confirmed, then the one the field readers chose, then the first).
- Without a claim, the organisation most blamed or confirmed (a suspicion counts half) is named,
  not claimed. A denial of a group's involvement (its own or another's) lowers its claims and its
  support by half a statement each, so a lone suspicion denied is gone, a blame denied is not.
- Within the organisation chosen, the most specific name wins: a branch named by a statement (or
  chosen by the field readers, e.g. by where the attack was) beats its parent (ISKP over IS).
- No statement about a group: nothing is decided here (the field readers' choice stands).

Contested: more than one organisation is claimed, confirmed or blamed (a branch and its parent
count as one), or a claim or accusation is denied.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from incidex.models import Evidence, FieldName, FieldValue, Mention, Stance, Statement
from incidex.vocab import group_parents

ACCUSING = (Stance.CLAIMS, Stance.CONFIRMS, Stance.BLAMES)
SUPPORT = {Stance.CLAIMS: 1.0, Stance.CONFIRMS: 1.0, Stance.BLAMES: 1.0, Stance.SUSPECTS: 0.5}
DENIAL = 0.5
RULE_PREFIX = "attribution."


def _chain(name: str) -> list[str]:
    """``name`` and its parents up the branch-of chain (ISKP, ISIL), stopping at a loop."""
    parents = group_parents()
    chain = [name]
    while name in parents and parents[name] not in chain:
        name = parents[name]
        chain.append(name)
    return chain


def family(name: str) -> str:
    """The top of ``name``'s branch-of chain (ISKP -> ISIL)."""
    return _chain(name)[-1]


def depth(name: str) -> int:
    """How many parents ``name`` has (ISIL 0, ISKP 1)."""
    return len(_chain(name)) - 1


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


@dataclass(frozen=True, slots=True)
class Attribution:
    """The group the statements name, whether it claimed the attack, the statement that says so
    (its evidence is the chosen group's) and the rule that decided."""

    group: str
    claimed: bool
    statement: Statement
    rule: str
    contested: bool


def _about_groups(statements: Iterable[Statement]) -> list[Statement]:
    return [s for s in statements if s.target and s.target_kind == "group"]


def attribute(statements: Iterable[Statement], preferred: Iterable[str] = ()) -> Attribution | None:
    """The attribution the statements support (rules in the module docstring), or None."""
    listed = list(statements)
    about = _about_groups(listed)
    if not about:
        return None
    chosen_by_readers = [p for p in preferred if p]
    claims: dict[str, float] = defaultdict(float)
    support: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    for i, st in enumerate(about):
        fam = family(st.target or "")
        first.setdefault(fam, i)
        if st.stance == Stance.DENIES:
            claims[fam] -= DENIAL
            support[fam] -= DENIAL
            continue
        if st.stance == Stance.CLAIMS:
            claims[fam] += 1
        support[fam] += SUPPORT.get(st.stance, 0.0)
    read = {family(p) for p in chosen_by_readers}

    def rank(fam: str) -> tuple[float, float, bool, int]:
        return (claims[fam], support[fam], fam in read, -first[fam])

    claimed = [f for f in first if claims[f] > 0]
    if claimed:
        fam = max(claimed, key=rank)
    else:
        backed = [f for f in first if support[f] > 0]
        if not backed:
            return None
        fam = max(backed, key=lambda f: rank(f)[1:])
    name = _most_specific(fam, about, chosen_by_readers)
    statement = _evidence(fam, name, about, bool(claimed))
    if claimed:
        rule = "claim" if statement.target == name else "claim-branch"
    else:
        rule = str(statement.stance) if statement.target == name else "blame-branch"
    return Attribution(name, bool(claimed), statement, RULE_PREFIX + rule, contested(listed))


def _most_specific(fam: str, about: list[Statement], read: list[str]) -> str:
    """The deepest name of organisation ``fam`` that a statement supports or the field readers
    chose; between names equally deep, the one most stated."""
    said: dict[str, float] = defaultdict(float)
    for st in about:
        if st.target and family(st.target) == fam:
            said[st.target] += -DENIAL if st.stance == Stance.DENIES else 1.0
    names = {n for n, c in said.items() if c > 0} | {r for r in read if family(r) == fam}
    if not names:
        return fam
    return max(names, key=lambda n: (depth(n), said[n], n in read, n))


def _evidence(fam: str, name: str, about: list[Statement], claimed: bool) -> Statement:
    """The statement that shows the choice: a claim (when claimed) naming ``name`` if any, else
    any claim of the organisation; else a confirmation or blame, naming ``name`` first."""
    wanted = (Stance.CLAIMS,) if claimed else (Stance.CONFIRMS, Stance.BLAMES, Stance.SUSPECTS)
    mine = [s for s in about if s.stance in wanted and s.target and family(s.target) == fam]
    mine.sort(key=lambda s: (s.target != name, wanted.index(s.stance)))
    return mine[0]


def attributed(statements: Iterable[Statement]) -> tuple[str | None, bool]:
    """(group said to have done it, whether it claimed it), by ``attribute``'s rules."""
    found = attribute(statements)
    return (found.group, found.claimed) if found else (None, False)


def attribution_values(found: Attribution) -> list[FieldValue]:
    """``gname`` and ``claimed`` of an attribution, both pointing at the deciding statement."""
    ev = found.statement.evidence
    evidence = Evidence(ev.doc_id, ev.start, ev.end, ev.sentence, found.rule, 0.9)
    claimed_rule = found.rule if found.claimed else RULE_PREFIX + "not-claimed"
    return [
        FieldValue(FieldName.GNAME, found.group, evidence, reported=found.statement.reported),
        FieldValue(
            FieldName.CLAIMED,
            "1" if found.claimed else "0",
            Evidence(ev.doc_id, ev.start, ev.end, ev.sentence, claimed_rule, 0.9),
            reported=found.statement.reported,
        ),
    ]


def add_mention_attribution(mention: Mention) -> None:
    """Add to a mention's reports the gname and claimed its own statements give, after the field
    readers' (so the store keeps their evidence for the incident-level choice)."""
    read = [v.value for v in mention.values if v.name == FieldName.GNAME]
    found = attribute(mention.statements, read)
    if found is not None:
        mention.values.extend(attribution_values(found))


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
