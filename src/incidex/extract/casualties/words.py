"""Which words report deaths or injuries: the casualty vocabulary read token by token.

"killed", "dead", "died", "succumbed" and verbs "to death" report deaths; "injured", "wounded"
report injuries; "stabbed" reports an injury unless the verb is joined to a kill word ("stabbed
and killed"), and its count is only a fallback (``INJURY_RULE``). Vocabulary in
``data/casualties.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Token

from incidex.extract.casualties.victim_counts import vocab

INJURY_RULE = "casualties.injury-verb"
DEAD_DEPS = frozenset({"acomp", "advmod", "oprd", "xcomp"})  # "shot dead", "shot him dead"


def _shot_dead(tok: Token) -> bool:
    """Active, with its victim: "gunmen shot dead a journalist" (the passive is read elsewhere;
    "a man shot dead at a traffic stop" describes someone, often from another event)."""
    children = list(tok.children)
    return (
        tok.tag_ in ("VBD", "VBP", "VBZ", "VBG")
        and any(c.lower_ == "dead" and c.dep_ in DEAD_DEPS for c in children)
        and any(c.dep_ == "dobj" for c in children)
    )


def _to_death(tok: Token) -> bool:
    """'hacked to death', 'beaten to death', 'shot dead'."""
    v = vocab()
    if _shot_dead(tok):
        return True
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "to"
        and any(p.lower_ in v.death_nouns for p in prep.children)
        for prep in tok.children
    )


def casualty_kind(tok: Token) -> str | None:
    """'kill', 'wound' or None for one token."""
    v = vocab()
    lower = tok.lower_
    if lower in v.kill:
        return "kill"
    if tok.tag_.startswith("VB") and _to_death(tok):
        return "kill"
    if lower in ("died", "die", "dies") or lower in v.succumb:
        return "kill"
    if lower in v.wound:
        return "wound"
    return None


def injury_verb(tok: Token) -> bool:
    """'stabbed an Israeli': a verb whose victims are wounded unless the text says they died
    (not "stabbed and killed", "stabbed to death"); used only when no other figure is given."""
    if tok.lower_ not in vocab().injury_verbs or not tok.tag_.startswith("VB"):
        return False
    joined = [*tok.conjuncts, tok.head] if tok.dep_ == "conj" else list(tok.conjuncts)
    return not any(casualty_kind(t) == "kill" for t in joined)
