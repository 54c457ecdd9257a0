"""Casualty clauses of one sentence: which words report deaths or injuries and whom they count.

A casualty word ("killed", "died", "injured", "hacked to death" ...) is linked to the noun phrase
that counts its victims: the passive subject ("Two soldiers were killed"), the object ("killing
five people"), the subject of an intransitive ("three civilians died"), the noun it modifies
("five people killed"), or the subject it shares with a coordinated verb ("was abducted, shot and
killed"). When the parse gives a passive verb no subject, the count right before "was/were" is
read from the surface ("... and thirteen were injured"). Conjoined parts are summed, subsets
("including five children", "two of the dead") are not. Vocabulary is in ``data/casualties.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Span, Token

from incidex.extract.base import load_data
from incidex.extract.numbers import Quantity, number_word, parse_quantity

RELATIVE = frozenset(["who", "which", "that"])
BOUNDARY = frozenset([",", ";", "and", "while", "but", "whereas", ":", "(", ")"])


@dataclass(slots=True)
class Count:
    """One casualty count found in the text, with where it came from and how to combine it."""

    quantity: Quantity
    start: int
    end: int
    rule: str
    confidence: float
    kind: str = "kill"  # "kill" or "wound"
    perp: bool = False  # the victims are the perpetrators
    also: bool = False  # the clause adds to counts given before ("was also killed")
    succumb: bool = False  # a wounded victim who died later ("succumbed to his injuries")


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


def _to_death(tok: Token) -> bool:
    """'hacked to death', 'beaten to death'."""
    v = vocab()
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


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children) or verb.tag_ == "VBN"


def _shared(verb: Token, depth: int = 0) -> Token | None:
    """The victim a coordinated verb shares with the verb it is joined to."""
    head = verb.head
    if depth > 3 or head is verb:
        return None
    if casualty_kind(head) is not None:
        return victims(head, depth + 1)
    for dep in ("nsubjpass",):
        for child in head.children:
            if child.dep_ == dep:
                return child
    if _is_passive(verb):
        for child in head.children:
            if child.dep_ == "nsubj":
                return child
    else:
        for child in head.children:
            if child.dep_ in ("dobj", "obj") and child.i < verb.i:
                return child
    if head.dep_ == "conj":
        return _shared(head, depth + 1)
    return None


def victims(verb: Token, depth: int = 0) -> Token | None:
    """The noun that counts the victims of a casualty word."""
    v = vocab()
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            if child.lower_ in RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
    for child in verb.children:
        if child.dep_ in ("dobj", "obj"):
            return child
    if verb.lower_ in v.intransitive or verb.lower_ in v.succumb:
        for child in verb.children:
            if child.dep_ == "nsubj":
                if child.lower_ in RELATIVE and verb.dep_ == "relcl":
                    return verb.head
                return child
        head = verb.head  # "left five dead", "leaving 10 people dead"
        if verb.dep_ in ("oprd", "xcomp", "acomp", "ccomp", "advcl", "amod"):
            for child in head.children:
                if child.dep_ in ("dobj", "nsubj", "nsubjpass") and child.i < verb.i:
                    return child
    if verb.tag_ in ("JJ", "VBN"):  # "with scores more injured", "two soldiers injured"
        for child in verb.children:
            if child.dep_ == "nsubj":
                return child
    if verb.dep_ in ("acl", "amod") and verb.head.tag_.startswith(("NN", "CD")):
        return verb.head  # "five people killed", "two injured soldiers"
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ in ("conj", "xcomp", "advcl"):
        if any(c.dep_ in ("auxpass", "aux") for c in verb.children):
            return None  # its own clause ("... and nine others were wounded"): read the surface
        return _shared(verb, depth)
    return None


def _surface(verb: Token, sent: Span) -> tuple[Quantity, int] | None:
    """A count written right before 'was/were <verb>' when the parse gave it no subject."""
    aux = [c for c in verb.children if c.dep_ in ("auxpass", "aux") and c.i < verb.i]
    if not aux:
        return None
    end = aux[0].i
    start = end
    while start - 1 >= sent.start and sent.doc[start - 1].lower_ not in BOUNDARY:
        if casualty_kind(sent.doc[start - 1]) is not None or end - start >= 6:
            break
        start -= 1
    if start == end:
        return None
    span = sent.doc[start:end]
    if not any(
        t.like_num or (t.lower_ not in ("a", "an") and number_word(t.lower_) is not None)
        for t in span
    ):
        return None
    q = parse_quantity(span.text)
    return (q, start) if q is not None and q.value is not None else None


def _left_number(tok: Token) -> Token | None:
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
            num = _left_number(t)
            if num is not None:
                return parse_quantity(doc[num.left_edge.i : num.i + 1].text)
    return None


def _pronoun_antecedent(tok: Token) -> Quantity | None:
    """'killing them': the nearest counted plural noun earlier in the sentence."""
    for t in reversed(tok.doc[tok.sent.start : tok.i]):
        if t.tag_ == "NNS":
            num = _left_number(t)
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
    num = num or _left_number(tok)
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
    if lower in v.uncounted:
        return None
    if lower in v.singular or "another" in dets:
        return Quantity(1, 1, 1)
    if tok.tag_ in ("NN", "NNP") or tok.ent_type_ == "PERSON":
        return Quantity(1, 1, 1)
    if tok.tag_ == "NNS" and any(c.dep_ == "appos" and c.tag_ == "NN" for c in tok.children):
        return Quantity(1, 1, 1)  # a name the tagger took for a plural: "Meneses, a mayor,"
    if lower in ("another", "one"):
        return Quantity(1, 1, 1)
    return None


def np_count(head: Token) -> tuple[Quantity | None, bool]:
    """Count of the phrase headed by ``head`` (conjuncts summed) and whether it is all perps."""
    v = vocab()
    parts = [head, *[c for c in head.conjuncts if c.i > head.i]]
    if head.lower_ not in v.generic:  # "Fourteen civilians, two soldiers dead"
        parts += [c for c in head.children if c.dep_ == "appos" and _left_number(c) is not None]
    if head.dep_ == "appos" and head.head.lower_ not in v.generic and _left_number(head.head):
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
    perp = all(t.lower_ in v.perps for _, t in known)
    return Quantity(value, low, high, hedge), perp


def _stray_conjuncts(victim: Token) -> list[Token]:
    """Counted nouns joined to the victim phrase on the surface but attached elsewhere by the
    parse: "killed 13 soldiers and at least 169 civilians" with "civilians" hung on the verb's
    subject."""
    out: list[Token] = []
    doc = victim.doc
    i = victim.right_edge.i + 1
    while i + 1 < len(doc) and doc[i].lower_ in ("and", ","):
        nxt = doc[i + 1 : min(len(doc), i + 8)]
        head = next((t for t in nxt if t.dep_ == "conj" and t.tag_.startswith("NN")), None)
        if head is None or head.head.i == victim.i or _left_number(head) is None:
            break
        if any(t.tag_.startswith("VB") for t in doc[i + 1 : head.i]):
            break
        out.append(head)
        i = head.right_edge.i + 1
    return out


def _non_event(tok: Token) -> bool:
    v = vocab()
    return any(a.lower_ in v.non_event for a in list(tok.ancestors)[:4])


def _also(verb: Token, sent: Span) -> bool:
    v = vocab()
    if any(c.lower_ in v.addition for c in verb.children):
        return True
    opener = sent.text[:16].lower()
    return any(opener.startswith(o) for o in config()["addition_openers"])


def _succumb(verb: Token) -> bool:
    v = vocab()
    if verb.lower_ in v.succumb:
        return True
    return any(
        p.dep_ == "prep" and any(o.lower_ in v.injury_nouns for o in p.children)
        for p in verb.children
    )


def sentence_counts(sent: Span) -> list[Count]:
    """Every killed/wounded count of one sentence, in text order."""
    v = vocab()
    counts: list[Count] = []
    seen: set[tuple[str, int]] = set()
    for tok in sent:
        kind = casualty_kind(tok)
        if kind is None or _non_event(tok):
            continue
        victim = victims(tok)
        succumb = kind == "kill" and _succumb(tok)
        key = "succumb" if succumb else kind
        if victim is not None and ((key, victim.i) in seen or casualty_kind(victim) is not None):
            continue
        q: Quantity | None = None
        perp = False
        left = tok.i
        if victim is not None:
            if victim.lower_ in v.animals:
                continue
            q, perp = np_count(victim)
            for sib in tok.children:  # a parse may split "A and B were killed" in two subjects
                if sib.i != victim.i and sib.dep_ == victim.dep_ == "nsubjpass":
                    extra, _ = np_count(sib)
                    if q and q.value is not None and extra and extra.value is not None:
                        low = (q.low or 0) + (extra.low or 0)
                        q = Quantity(q.value + extra.value, low, None, q.hedge or extra.hedge)
                        seen.add((key, sib.i))
            seen.add((key, victim.i))
            if victim.dep_ in ("dobj", "obj") and q is not None and q.value is not None:
                for extra_tok in _stray_conjuncts(victim):
                    extra = single_count(extra_tok)
                    if extra is not None and extra.value is not None:
                        both = None if q.low is None or extra.low is None else q.low + extra.low
                        q = Quantity(q.value + extra.value, both, None, q.hedge or extra.hedge)
            left = min(victim.left_edge.i, tok.i)
        elif _is_passive(tok):
            found = _surface(tok, sent)
            if found is not None:
                q, left = found
        if q is None:
            continue
        span = sent.doc[left : max(victim.i if victim is not None else tok.i, tok.i) + 1]
        rule = "casualties.killed-verb" if kind == "kill" else "casualties.wounded-verb"
        if succumb:
            rule = "casualties.succumbed"
        conf = 0.8 if not q.hedge else 0.7
        counts.append(
            Count(
                q, span.start_char, span.end_char, rule, conf, kind, perp, _also(tok, sent), succumb
            )
        )
    return counts
