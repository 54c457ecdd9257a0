"""Victim and perpetrator counts of one noun phrase, and the casualty vocabulary they read.

``np_count`` reads the count of a victim phrase: a number ("five people", "at least 21
villagers"), a vague word ("dozens"), a singular person ("a guard", "he"), or the count of an
earlier mention of the same noun ("11 miners ... the miners"); conjoined parts are summed,
partitive subsets ("two of the dead") are not counted. Vocabulary is in ``data/casualties.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Token

from incidex.extract.base import load_data
from incidex.extract.casualties.numbers import Quantity, number_word, parse_quantity


@dataclass(frozen=True, slots=True)
class Vocab:
    """The word lists of ``casualties.yaml`` as frozensets."""

    kill: frozenset[str]
    wound: frozenset[str]
    succumb: frozenset[str]
    injury_nouns: frozenset[str]
    intransitive: frozenset[str]
    death_nouns: frozenset[str]
    non_event: frozenset[str]
    perps: frozenset[str]
    animals: frozenset[str]
    uncounted: frozenset[str]
    singular: frozenset[str]
    unknown: frozenset[str]
    vague: frozenset[str]
    partitive: frozenset[str]
    addition: frozenset[str]
    generic: frozenset[str]
    companion: frozenset[str]
    places: frozenset[str]
    nominal: frozenset[str]
    time_nouns: frozenset[str]
    agents: frozenset[str]
    injury_verbs: frozenset[str]
    succumb_adverbs: frozenset[str]
    care_nouns: frozenset[str]
    attempt: frozenset[str]
    conflicts: frozenset[str]
    operations: frozenset[str]
    operation_heads: frozenset[str]
    operation_kinds: frozenset[str]


@cache
def config() -> dict[str, Any]:
    """The parsed ``casualties.yaml``."""
    data: dict[str, Any] = load_data("casualties.yaml")
    return data


@cache
def vocab() -> Vocab:
    """Word sets, built once."""
    c = config()

    def s(*keys: str) -> frozenset[str]:
        return frozenset(w.lower() for k in keys for w in c[k])

    return Vocab(
        kill=s("kill_words"),
        wound=s("wound_words"),
        succumb=s("succumb_words"),
        injury_nouns=s("injury_nouns"),
        intransitive=s("intransitive_kill", "intransitive_wound"),
        death_nouns=s("death_nouns"),
        non_event=s("non_event_heads"),
        perps=s("perpetrators"),
        animals=s("animals"),
        uncounted=s("uncounted"),
        singular=s("singular_pronouns"),
        unknown=s("unknown_words"),
        vague=s("vague_words"),
        partitive=s("partitive_heads"),
        addition=s("addition_words"),
        generic=s("generic_victims"),
        companion=s("companion_words"),
        places=s("place_nouns"),
        nominal=s("nominal_casualty_nouns"),
        time_nouns=s("time_nouns"),
        agents=s("agent_nouns"),
        injury_verbs=s("injury_verbs"),
        succumb_adverbs=s("succumb_adverbs"),
        care_nouns=s("care_nouns"),
        attempt=s("attempt_verbs"),
        conflicts=s("conflict_nouns"),
        operations=s("operation_nouns"),
        operation_heads=s("operation_heads"),
        operation_kinds=s("operation_kinds"),
    )


def state_operation(noun: Token) -> bool:
    """ "air strikes", "a drone strike", "the shelling", "a military operation": a state's deed."""
    v = vocab()
    if noun.lower_ in v.operations:
        return True
    return noun.lower_ in v.operation_heads and any(
        c.dep_ in ("compound", "amod") and c.lower_ in v.operation_kinds for c in noun.children
    )


@cache
def pattern(name: str) -> re.Pattern[str]:
    """One regex (or the alternation of a list of regexes) from ``patterns`` in the YAML."""
    raw = config()["patterns"][name]
    text = raw if isinstance(raw, str) else "|".join(f"(?:{p})" for p in raw)
    return re.compile(text, re.I)


@cache
def pattern_list(name: str) -> tuple[re.Pattern[str], ...]:
    """The regexes of one ``patterns`` list, compiled apart (they may share group names)."""
    raw = config()["patterns"][name]
    return tuple(re.compile(p, re.I) for p in ([raw] if isinstance(raw, str) else raw))


def left_number(tok: Token) -> Token | None:
    """A number inside the phrase before its head: "six National Uprising Movement forces"."""
    doc = tok.doc
    for t in doc[tok.left_edge.i : tok.i]:
        if t.like_num and t.dep_ in ("nummod", "quantmod") and t.head.i <= tok.i:
            if t.i + 1 < len(doc) and doc[t.i + 1].text == "-":
                continue  # "a 50-year-old woman": an age, not a count
            return t
    return None


def _antecedent(tok: Token) -> Quantity | None:
    """Count of an earlier mention of the same plural noun ("11 miners ... The miners were")."""
    doc = tok.doc
    first = max(0, tok.sent.start - 80)
    for t in reversed(doc[first : tok.left_edge.i]):
        if t.lower_ == tok.lower_:
            num = left_number(t)
            if num is not None:
                return parse_quantity(doc[num.left_edge.i : num.i + 1].text)
    return None


def _pronoun_antecedent(tok: Token) -> Quantity | None:
    """'killing them': the nearest counted plural noun earlier in the sentence."""
    for t in reversed(tok.doc[tok.sent.start : tok.i]):
        if t.tag_ == "NNS":
            num = left_number(t)
            if num is not None:
                return parse_quantity(tok.doc[num.left_edge.i : num.i + 1].text)
    return None


def single_count(tok: Token) -> Quantity | None:
    """Count of one conjunct of a victim phrase (value None: a vague or unknown count)."""
    v = vocab()
    lower = tok.lower_
    left = [t.lower_ for t in tok.doc[tok.left_edge.i : tok.i + 1]]
    if lower in ("nobody", "none") or any(c.lower_ in ("no", "none") for c in tok.children):
        return None
    if v.unknown & set(left) or (lower == "number" and "an" in left):
        return Quantity(None, None, None, "unknown")
    if lower in v.animals:
        return None
    if tok.like_num or (number_word(lower) is not None and lower not in ("a", "an", "no")):
        if any(  # "two of the dead": a subset of a count given elsewhere
            prep.dep_ == "prep"
            and prep.lower_ == "of"
            and any(p.lower_ in v.partitive for p in prep.children)
            for prep in tok.children
        ):
            return None
        return parse_quantity(tok.doc[tok.left_edge.i : tok.i + 1].text)
    num = next(
        (
            c
            for c in tok.children
            if c.dep_ in ("nummod", "quantmod") and tok.doc[c.i + 1 : c.i + 2].text != "-"
        ),
        None,
    )
    num = num or left_number(tok)
    if num is not None:
        text = tok.doc[num.left_edge.i : num.i + 1].text
        if tok.doc[num.i + 1 : num.i + 2].text.lower() == "dozen":
            text += " dozen"
        return parse_quantity(text)
    dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet", "amod", "poss")}
    if "both" in dets:
        return Quantity(2, 2, 2)
    vague = v.vague & set(left)
    if vague:
        return parse_quantity(sorted(vague)[0]) or Quantity(None, None, None, "vague")
    if lower in ("them", "they"):
        return _pronoun_antecedent(tok)
    if tok.tag_ == "NNS" and dets & {"the", "these", "those"}:
        return _antecedent(tok)
    if "another" in dets:  # "another member", even when misspelt as a plural
        return Quantity(1, 1, 1)
    if lower in v.uncounted:
        return None
    if lower in v.singular:
        return Quantity(1, 1, 1)
    if tok.tag_ in ("NN", "NNP") or tok.ent_type_ == "PERSON":
        return Quantity(1, 1, 1)
    if tok.tag_ == "NNS" and any(c.dep_ == "appos" and c.tag_ == "NN" for c in tok.children):
        return Quantity(1, 1, 1)  # a name the tagger took for a plural: "Meneses, a mayor,"
    if lower in ("another", "one"):
        return Quantity(1, 1, 1)
    return None


def own_clause(tok: Token) -> bool:
    """A conjunct with a casualty word of its own ("46 dead and 35 others injured"): it counts
    for that word, not for the first one."""
    v = vocab()
    return any(
        c.dep_ in ("acl", "amod", "relcl") and (c.lower_ in v.kill or c.lower_ in v.wound)
        for c in tok.children
    )


def _place(tok: Token) -> bool:
    """A place name the parse joined to a victim phrase ("an employee ..., Ghazni city")."""
    return tok.ent_type_ in ("GPE", "LOC", "FAC") or tok.lower_ in vocab().places


def _conjuncts(tok: Token) -> list[Token]:
    """The later conjuncts of a victim noun that are victims too; the chain stops at the first
    place, as what follows it is the rest of the address."""
    out: list[Token] = []
    for c in sorted((c for c in tok.conjuncts if c.i > tok.i), key=lambda c: c.i):
        if _place(c):
            break
        if not own_clause(c):
            out.append(c)
    return out


def np_count(head: Token) -> tuple[Quantity | None, bool]:
    """Count of the phrase headed by ``head`` (conjuncts summed) and whether it is all perps."""
    v = vocab()
    parts = [head, *_conjuncts(head)]
    if head.lower_ not in v.generic:  # "Fourteen civilians, two soldiers dead"
        for c in head.children:  # "one soldier, one officer and three assailants"
            if c.dep_ == "appos" and left_number(c) is not None:
                parts += [c, *_conjuncts(c)]
    if head.dep_ == "appos" and head.head.lower_ not in v.generic and left_number(head.head):
        parts.insert(0, head.head)
    counted = [(single_count(t), t) for t in parts]
    known = [(q, t) for q, t in counted if q is not None and q.value is not None]
    if not known:
        vague = next((q for q, _ in counted if q is not None), None)
        return vague, False
    value = sum(q.value or 0 for q, _ in known)
    lows = [q.low for q, _ in known]
    highs = [q.high for q, _ in known]
    low = sum(x for x in lows if x is not None) if None not in lows else value
    high = sum(x for x in highs if x is not None) if None not in highs else None
    if len(known) < len(parts):
        high = None
    hedge = next((q.hedge for q, _ in known if q.hedge), None)
    perp = all(_names_perpetrators(t) for _, t in known)
    return Quantity(value, low, high, hedge), perp


def _names_perpetrators(tok: Token) -> bool:
    """ "militants", or a part of them: "three of the attackers"."""
    perps = vocab().perps
    if tok.lower_ in perps:
        return True
    if not (
        tok.like_num or (number_word(tok.lower_) is not None and tok.lower_ not in ("a", "an"))
    ):
        return False  # "a total of 140 militants" is no part of them
    return any(
        c.dep_ == "prep" and c.lower_ == "of" and any(p.lower_ in perps for p in c.children)
        for c in tok.children
    )


def object_after(verb: Token) -> Token | None:
    """The counted noun right after an active casualty verb whose object the parse lost
    ("killed at least 24 people" with "people" hung on a later "said"): a number within the
    next few words, and the noun it counts when that follows it closely."""
    doc = verb.doc
    for t in doc[verb.i + 1 : min(verb.i + 5, verb.sent.end)]:
        if t.like_num or (number_word(t.lower_) is not None and t.lower_ not in ("a", "an")):
            head = t.head
            if head.tag_ in ("NN", "NNS") and 0 < head.i - t.i <= 3:
                return head
            return t
        if t.is_punct or t.tag_.startswith("VB") or t.tag_ == "CC":
            return None
    return None


def stray_conjuncts(victim: Token) -> list[Token]:
    """Counted nouns joined to the victim phrase on the surface but attached elsewhere by the
    parse: "killed 13 soldiers and at least 169 civilians" with "civilians" hung on the verb's
    subject."""
    out: list[Token] = []
    doc = victim.doc
    i = victim.right_edge.i + 1
    while i + 1 < len(doc) and doc[i].lower_ in ("and", ","):
        nxt = doc[i + 1 : min(len(doc), i + 8)]
        head = next((t for t in nxt if t.dep_ == "conj" and t.tag_.startswith("NN")), None)
        if head is None or head.head.i == victim.i or left_number(head) is None:
            break
        if any(t.tag_.startswith("VB") for t in doc[i + 1 : head.i]):
            break
        out.append(head)
        i = head.right_edge.i + 1
    return out
