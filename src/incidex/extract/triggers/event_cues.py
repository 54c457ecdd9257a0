"""What the words of one unit say about an attack, for ``events``: the cue vocabularies of
``triggers.yaml`` compiled once, and small parse tests (a generic plural, an aside's time, a
definite event noun in what a speaker said, a modal sentence).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Span, Token

from incidex.extract.base import load_data
from incidex.extract.doc_index import triggers_in
from incidex.extract.triggers.modality import irrealis_reason


def _rx(name: str, anchored: bool = False) -> re.Pattern[str]:
    cues = load_data("triggers.yaml").get(name) or []
    body = "|".join(cues) if cues else r"(?!x)x"
    return re.compile(r"\b(?:" + body + r")\b" if not anchored else "(?:" + body + ")", re.I)


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    return {
        name: _rx(name)
        for name in (
            "background_cues",
            "distinct_cues",
            "announce_cues",
            "aggregate_cues",
            "statistic_cues",
            "anaphora",
            "perpetrator_anaphora",
            "event_plurals",
        )
    }


@cache
def legal_rx() -> re.Pattern[str]:
    """Legal steps and state action ("issued an arrest warrant"): no continuation of an attack."""
    modality = load_data("triggers.yaml")["modality"]
    cues = [*modality["legal"], *modality["state"]]
    return re.compile(r"\b(?:" + "|".join(cues) + r")\b", re.I)


@cache
def weak_kinds() -> frozenset[str]:
    return frozenset(load_data("triggers.yaml").get("weak_kinds") or [])


def is_modal(sent: Span) -> bool:
    """Every trigger of ``sent`` is irrealis (threat, plot, arrest, hypothetical, state strike)."""
    trigs = triggers_in(sent)
    return bool(trigs) and all(irrealis_reason(t) is not None for t in trigs)


def is_generic(trig: Span) -> bool:
    """A bare plural event noun ("a history of attacks", "attacks on police") or a verb of a
    habit ("gunmen have repeatedly attacked convoys"): no one attack."""
    root = trig.root
    if root.tag_.startswith("VB"):
        habitual = grammar_words("habitual_adverbs")
        return any(c.dep_ == "advmod" and c.lower_ in habitual for c in root.children)
    if root.tag_ != "NNS" or not patterns()["event_plurals"].fullmatch(root.lower_):
        return False
    loose = grammar_words("generic_modifiers")
    return not any(
        c.dep_ in ("det", "nummod", "amod", "poss", "compound")
        and not (c.dep_ == "amod" and c.lower_ in loose)
        for c in root.children
    )


def without_asides(lead: Span) -> list[Token]:
    """``lead`` minus relative clauses and appositions on its nouns ("The group, which seized
    the city two weeks ago, condemned the attack"): their times are not the attack's."""
    skip: set[int] = set()
    for tok in lead:
        if tok.dep_ in ("relcl", "appos") and tok.i not in skip:
            sub = {t.i for t in tok.subtree}
            if max(sub) < lead.end:
                skip |= sub
    return [t for t in lead if t.i not in skip]


def reported_back(trig: Span) -> bool:
    """ "In Washington, a spokesman said the US had no part in the explosions": a definite event
    noun in what a speaker said; the fronted place is the speaker's, not another attack's."""
    definite = grammar_words("definite_dets")
    if not any(c.dep_ == "det" and c.lower_ in definite for c in trig.root.children):
        return False
    return trig.sent.root.lower_ in grammar_words("statement_verbs")


@cache
def grammar_words(name: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in load_data("triggers.yaml")["grammar"][name])


@cache
def cue_words(name: str) -> frozenset[str]:
    """A top-level word list of ``triggers.yaml`` ("pointing_determiners"), lower-cased."""
    return frozenset(str(w).lower() for w in load_data("triggers.yaml").get(name) or [])
