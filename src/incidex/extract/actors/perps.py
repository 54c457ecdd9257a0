"""Perpetrator counts: how many attackers took part (nperps) and how many were caught (nperpcap).

nperps is the largest count of attackers the mention states: a number on a perpetrator noun
("three gunmen", "one of the two suicide bombers", "four of his men", "two women carrying
explosives"). Without one, a single attacker ("a gunman", "the assailant", "a teenager who
attacked ...") gives 1 unless the attackers are spoken of as several ("the attackers fled").
nperpcap counts attackers of this attack taken into custody (GTD: perpetrators captured, at the
scene or later): a capture verb whose object is a counted perpetrator ("arrested six attackers",
"killed 33 militants and arrested six"), all of them ("apprehended the perpetrators" = nperps),
or the single attacker ("... before being arrested"). Arrests of suspects, helpers or people "in
connection with" the attack are not the attackers captured. Vocabulary is in ``data/perps.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Span, Token

from incidex.extract.base import MentionContext, load_data
from incidex.extract.casualties.clauses import state_toll
from incidex.extract.casualties.numbers import number_word
from incidex.extract.casualties.words import casualty_kind
from incidex.models import FieldName, FieldValue

PEOPLE = ("NORP", "PERSON")


@dataclass(frozen=True, slots=True)
class Words:
    """The word lists of ``perps.yaml``."""

    perp: frozenset[str]
    person: frozenset[str]
    armed: frozenset[str]
    attack: frozenset[str]
    capture: frozenset[str]
    not_perp: frozenset[str]
    claim: frozenset[str]
    accomplice: re.Pattern[str]


@cache
def _words() -> Words:
    c: dict[str, Any] = load_data("perps.yaml")

    def s(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in c[key])

    return Words(
        perp=s("perp_nouns"),
        person=s("person_nouns"),
        armed=s("armed_words"),
        attack=s("attack_verbs"),
        capture=s("capture_verbs"),
        not_perp=s("not_perpetrators"),
        claim=s("claim_verbs"),
        accomplice=re.compile("|".join(c["accomplice_cues"]), re.I),
    )


def _count_of(tok: Token) -> int | None:
    """The number on a noun: "three gunmen", "both attackers" (not ages, "a 15-year-old")."""
    doc = tok.doc
    for child in tok.children:
        if child.dep_ in ("nummod", "quantmod") or child.lower_ == "both":
            if doc[child.i + 1 : child.i + 2].text == "-":
                continue
            n = number_word(child.text)
            if n is not None and n > 0:
                return n
    head = tok.head  # partitive: "four of his men", "one of the two bombers"
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.like_num:
        return number_word(head.head.text)
    if tok.dep_ == "attr":  # "five of them were the attackers": the count is the subject
        subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.like_num:
            return number_word(subj.text)
    return None


def _is_attacker_noun(tok: Token) -> bool:
    """A perpetrator noun used as a noun (not "terrorist attack"), or an armed person noun."""
    w = _words()
    if not tok.tag_.startswith("NN") or tok.dep_ in ("compound", "amod"):
        return False
    if tok.lower_ in w.perp:
        return True
    if tok.lower_ in w.person:
        if any(c.lower_ in w.armed for c in tok.children):
            return True
        head = tok.head  # "four of his men": the attackers a leader sent
        return head.lower_ == "of" and any(c.dep_ == "poss" for c in tok.children)
    return False


def _plural_attackers(tok: Token) -> bool:
    """Plural attackers of this attack ("the attackers fled", "gunmen stormed"), not members of
    a group speaking for it ("Islamic State militants claimed") nor a generic mention."""
    w = _words()
    if tok.tag_ != "NNS" or tok.lower_ not in w.perp or tok.dep_ in ("compound", "amod"):
        return False
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lower_ in w.claim:
        return False
    definite = any(c.lower_ in ("the", "these", "those") for c in tok.children)
    acting = tok.dep_ == "nsubj" and tok.head.lower_ in w.attack
    return definite or acting


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, through coordination, adverbials and relative clauses."""
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in ("who", "that") and verb.dep_ == "relcl":
                    return verb.head
                return child
        if verb.dep_ in ("conj", "advcl", "xcomp"):
            verb = verb.head
        elif verb.dep_ == "pcomp":  # "before being arrested": the clause "before" attaches to
            verb = verb.head.head
        else:
            return None
    return None


def _lone_subject(verb: Token) -> Token | None:
    """A single human attacker as the subject of an attack verb ("a teenager attacked")."""
    subj = _subject(verb)
    if subj is None or subj.tag_ not in ("NN", "NNP"):
        return None
    w = _words()
    dets = {c.lower_ for c in subj.children if c.dep_ in ("det", "amod")}
    person = subj.lower_ in w.perp or subj.lower_ in w.person or subj.ent_type_ in PEOPLE
    return subj if person and dets & {"a", "an", "the", "lone"} else None


def _lone_noun(tok: Token) -> bool:
    """'a gunman', 'the assailant', 'a lone attacker'."""
    if tok.tag_ != "NN" or tok.lower_ not in _words().perp:
        return False
    return any(c.lower_ in ("a", "an", "the", "lone") for c in tok.children)


@dataclass(slots=True)
class Found:
    """Counts read from the mention, each with its evidence span."""

    counts: list[tuple[int, Token]]
    lone: Token | None = None
    several: bool = False


def _killed_by_state(tok: Token) -> bool:
    verb = tok.head
    return tok.dep_ in ("dobj", "nsubjpass") and casualty_kind(verb) == "kill" and state_toll(verb)


def _read(sentences: list[Span]) -> Found:
    w = _words()
    found = Found([])
    for sent in sentences:
        for tok in sent:
            if _is_attacker_noun(tok) and _killed_by_state(tok):
                continue  # "air strikes killed 27 militants": the operation's dead, not attackers
            if _is_attacker_noun(tok):
                n = _count_of(tok)
                if n is not None:
                    found.counts.append((n, tok))
                elif found.lone is None and _lone_noun(tok):
                    found.lone = tok
            found.several = found.several or _plural_attackers(tok)
            if found.lone is None and tok.lower_ in w.attack and tok.tag_.startswith("VB"):
                found.lone = _lone_subject(tok)
    return found


def _captured(verb: Token, nperps: int | None, sent: Span) -> int | None:
    """How many attackers one capture verb takes into custody."""
    w = _words()
    if w.accomplice.search(sent.text):
        return None
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    for obj in objs:
        if obj.lower_ in w.not_perp:
            return None
        if obj.like_num:  # "killed 33 militants and arrested six"
            context = any(_is_attacker_noun(t) for t in sent)
            return number_word(obj.text) if context else None
        if not _is_attacker_noun(obj) and obj.lower_ not in ("he", "she"):
            continue
        n = _count_of(obj)
        if n is not None:
            return n
        if obj.tag_ in ("NN", "PRP"):
            return 1
        if any(c.lower_ in ("the", "all") for c in obj.children):
            return nperps  # "apprehended the perpetrators": all of them
    if not objs and verb.tag_ == "VBN":
        attacker = _subject(verb)  # "... wounded the teacher before being arrested"
        if attacker is not None and attacker.tag_ in ("NN", "NNP"):
            return 1
        if attacker is None and nperps == 1 and _being_clause(verb):
            return 1  # the clause's subject lost by the parse: the mention's lone attacker
    return None


def _being_clause(verb: Token) -> bool:
    """'... before being stopped and arrested': a capture told of the main clause's actor."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    being = any(c.dep_ == "auxpass" and c.lower_ == "being" for c in verb.children)
    return being and verb.dep_ == "pcomp" and verb.head.lower_ in ("before", "after", "upon")


def extract_perps(ctx: MentionContext) -> list[FieldValue]:
    """nperps and nperpcap of one mention (see the module docstring)."""
    w = _words()
    out: list[FieldValue] = []
    found = _read(ctx.sentences)
    nperps: int | None = None
    if found.counts:
        n, tok = max(found.counts, key=lambda c: c[0])
        span = tok.doc[tok.left_edge.i : tok.i + 1]
        nperps = n
        rule = "perps.count"
        out.append(ctx.value(FieldName.NPERPS, str(n), span.start_char, span.end_char, rule, 0.6))
    elif found.lone is not None and not found.several:
        tok = found.lone
        span = tok.doc[tok.left_edge.i : tok.i + 1]
        nperps = 1
        rule = "perps.lone"
        out.append(ctx.value(FieldName.NPERPS, "1", span.start_char, span.end_char, rule, 0.5))
    best: tuple[int, Token] | None = None
    for sent in ctx.sentences:
        for tok in sent:
            if tok.lower_ not in w.capture:
                continue
            caught = _captured(tok, nperps, sent)
            if caught is not None and caught > 0 and (best is None or caught > best[0]):
                best = (caught, tok)
    if best is not None:
        n, tok = best
        span = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
        rule = "perps.captured"
        out.append(ctx.value(FieldName.NPERPCAP, str(n), span.start_char, span.end_char, rule, 0.5))
    elif (died := _all_died(ctx.sentences, nperps, found.several)) is not None:
        # GTD codes 0 captured when the outcome is known: every attacker died at the scene
        span = died.doc[died.left_edge.i : died.right_edge.i + 1]
        rule = "perps.all-died"
        out.append(ctx.value(FieldName.NPERPCAP, "0", span.start_char, span.end_char, rule, 0.4))
    return out


def _all_died(sentences: list[Span], nperps: int | None, several: bool) -> Token | None:
    """A kill verb telling that every attacker died ("police shot dead the gunman", "the three
    attackers were killed", "... before being killed by police"): the verb, else None."""
    for sent in sentences:
        if _words().accomplice.search(sent.text):
            continue
        for verb in sent:
            if casualty_kind(verb) != "kill" or not verb.tag_.startswith("VB"):
                continue
            for obj in (c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass")):
                if not _is_attacker_noun(obj):
                    continue
                n = _count_of(obj)
                every = any(c.lower_ in ("the", "all", "both") for c in obj.children)
                if (n is not None and n == nperps) or (n is None and (every or obj.tag_ == "NN")):
                    if obj.tag_ == "NN" and several:
                        continue  # "a gunman was killed" of attackers spoken of as several
                    return verb
            if verb.tag_ == "VBN" and nperps == 1 and not several and _being_clause(verb):
                return verb  # "... shot six people before being killed by police"
    return None
