"""Casualty clauses of one sentence: which words report deaths or injuries and whom they count.

A casualty word ("killed", "died", "injured", "hacked to death" ...) is linked to the noun phrase
that counts its victims: the passive subject ("Two soldiers were killed"), the object ("killing
five people"), the subject of an intransitive ("three civilians died"), the noun it modifies
("five people killed"), or the subject it shares with a coordinated verb ("was abducted, shot and
killed"). When the parse gives a passive verb no subject, the count right before "was/were" is
read from the surface ("... and thirteen were injured"); an active verb whose subject is the
attack ("the bombing killed ...") takes the count right after it when the parse lost its object.
Conjoined parts are summed, subsets ("including five children", "two of the dead") are not.
Attempts ("tried to kill") and background ("convicted of killing") are no outcome; "stabbed" counts
its victims as wounded (a fallback). Vocabulary is in ``data/casualties.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from incidex.extract.casualties.numbers import Quantity
from incidex.extract.casualties.surface import surface_count
from incidex.extract.casualties.victim_counts import (
    config,
    np_count,
    object_after,
    own_clause,
    single_count,
    state_operation,
    stray_conjuncts,
    vocab,
)
from incidex.extract.casualties.voice import claimed_by_attackers
from incidex.extract.casualties.words import INJURY_RULE, casualty_kind, injury_verb

RELATIVE = frozenset(["who", "which", "that"])
DEFINITE = frozenset(["the", "this", "that", "these", "those"])


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
    claimed: bool = False  # told in the attackers' own statement (``casualty_voice``)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children) or verb.tag_ == "VBN"


def _shared(verb: Token, depth: int = 0) -> Token | None:
    """The victim a coordinated verb shares with the verb it is joined to."""
    head = verb.head
    if depth > 3 or head.i == verb.i:
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


def _clause_subject(verb: Token) -> Token | None:
    """The subject of the clause a verb belongs to, up through coordination and adverbials."""
    for _ in range(4):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if verb.dep_ in ("conj", "advcl", "xcomp"):
            verb = verb.head
        elif verb.dep_ == "pcomp":
            verb = verb.head.head
        else:
            return None
    return None


def attacker_fate(tok: Token) -> bool:
    """'... opened fire, wounding two, before being shot dead': the actor of the clause died."""
    verb = tok.head if tok.dep_ in ("oprd", "acomp") else tok
    return verb.dep_ == "pcomp" and any(
        c.dep_ == "auxpass" and c.lower_ == "being" for c in verb.children
    )


def victims(verb: Token, depth: int = 0) -> Token | None:
    """The noun that counts the victims of a casualty word."""
    v = vocab()
    if attacker_fate(verb):
        head = verb.head if verb.dep_ in ("oprd", "acomp") else verb
        return _clause_subject(head.head.head)
    if verb.tag_ in ("NN", "NNS") and verb.lower_ in v.nominal:  # "the killing of 14 people"
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                return next((o for o in prep.children if o.dep_ == "pobj"), None)
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            if child.lower_ in RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
    for child in verb.children:
        if child.dep_ in ("dobj", "obj") and child.lower_ not in v.time_nouns:
            return child
    if verb.lower_ not in v.intransitive and any(
        c.dep_ == "nsubj" and c.lower_ in v.agents for c in verb.children
    ):
        return object_after(verb)  # "the attack killed ...": active, its object lost by the parse
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
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and not own_clause(c)]
        if subjects:  # the nearest, when a parse gives "20 dead and 15 others injured" two
            return subjects[-1]
    if verb.dep_ in ("acl", "amod") and verb.head.tag_.startswith(("NN", "CD")):
        if verb.dep_ == "amod" and any(
            c.dep_ == "poss" or c.lower_ in DEFINITE for c in verb.head.children
        ):
            return None  # "the slain reporter": a victim named again, not a count
        return verb.head  # "five people killed", "two injured soldiers"
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ in ("conj", "xcomp", "advcl"):
        if any(c.dep_ in ("auxpass", "aux") for c in verb.children):
            return None  # its own clause ("... and nine others were wounded"): read the surface
        return _shared(verb, depth)
    return None


def _non_event(tok: Token) -> bool:
    """A casualty word that tells no outcome: background ("convicted of killing") or an attempt
    ("tried to stab officers")."""
    v = vocab()
    if tok.dep_ == "xcomp" and tok.head.lower_ in v.attempt:
        return True
    if _conflict_toll(tok):
        return True
    return any(a.lower_ in v.non_event for a in list(tok.ancestors)[:4])


def _conflict_toll(tok: Token) -> bool:
    """A toll a war or a campaign took ("the war, which began in 2011, has killed 250,000";
    "40,000 people have been killed in the insurgency"): a statistic, no attack's outcome; or the
    toll a state operation took, told beside the attack ("air strikes on hideouts killed 27
    militants"): that operation's, not the attack's. ("Killed in the airstrikes that followed"
    may be the attack's own perpetrators, whom GTD counts: not excluded.)"""
    conflicts = vocab().conflicts
    return _toll_taken_by(tok, lambda t: t.lower_ in conflicts) or state_toll(tok)


def state_toll(tok: Token) -> bool:
    """The casualty word counts the toll of a state operation ("air strikes killed ...")."""
    return _toll_taken_by(tok, state_operation, within=False)


def _toll_taken_by(tok: Token, is_cause: Callable[[Token], bool], within: bool = True) -> bool:
    """The casualty word's subject or agent is such a cause, or it happened "in" or "since" one."""
    verb = tok
    while verb.dep_ in ("conj", "advcl") and verb.head.i != verb.i:
        if any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children):
            break  # a clause with its own subject
        verb = verb.head  # "the war had spread, killed 250,000 ...": the main verb's subject
    for child in verb.children:
        subject = child
        if child.dep_ == "nsubj" and child.lower_ in ("that", "which") and verb.dep_ == "relcl":
            subject = verb.head  # "a war that has killed ...": the antecedent
        if child.dep_ in ("nsubj", "agent") and is_cause(subject):
            return True
        if child.dep_ == "agent" and any(is_cause(g) for g in child.children):
            return True
    if not within:
        return False
    for child in tok.children:  # "killed in the insurgency", "since the insurgency began"
        opener = child.lower_ if child.dep_ == "prep" else None
        if child.dep_ == "advcl":
            opener = next((m.lower_ for m in child.children if m.dep_ == "mark"), None)
        if opener in ("in", "during", "since", "throughout") and any(
            is_cause(t) for t in child.subtree
        ):
            return True
    return False


def _also(verb: Token, sent: Span) -> bool:
    v = vocab()
    if any(c.lower_ in v.addition for c in verb.children):
        return True
    opener = sent.text[:16].lower()
    return any(opener.startswith(o) for o in config()["addition_openers"])


def _succumb(verb: Token) -> bool:
    """A later death of someone hurt: "succumbed", "died of his wounds", "later died", "died in
    hospital"."""
    v = vocab()
    if verb.lower_ in v.succumb:
        return True
    if verb.lower_ in ("died", "dies") and any(
        c.dep_ == "advmod" and c.lower_ in v.succumb_adverbs for c in verb.children
    ):
        return True
    nouns = v.injury_nouns | (v.care_nouns if verb.lower_ in ("died", "dies") else frozenset())
    return any(
        p.dep_ == "prep" and any(o.lower_ in nouns for o in p.children) for p in verb.children
    )


def _companions(verb: Token, kind: str, sent: Span) -> list[Count]:
    """Victims joined by "along with" / "together with" to a casualty word: "two civilians were
    killed along with five assailants" (their own count, perpetrators kept apart)."""
    out: list[Count] = []
    companion = vocab().companion
    heads = [verb, *[c for c in verb.children if c.lower_ in companion]]
    preps = [p for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ == "with"]
    for prep in preps:
        before = sent.doc[prep.i - 1].lower_ if prep.i > sent.start else ""
        if before not in companion and not any(c.lower_ in companion for c in prep.children):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            q, perp = np_count(obj)
            if q is None or q.value is None:
                continue
            span = sent.doc[prep.i - 1 if before in companion else prep.i : obj.i + 1]
            rule = "casualties.along-with"
            out.append(Count(q, span.start_char, span.end_char, rule, 0.7, kind, perp))
    return out


def sentence_counts(sent: Span) -> list[Count]:
    """Every killed/wounded count of one sentence, in text order."""
    v = vocab()
    counts: list[Count] = []
    seen: set[tuple[str, int]] = set()
    for tok in sent:
        kind = casualty_kind(tok)
        injury = kind is None and injury_verb(tok)
        kind = "wound" if injury else kind
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
            perp = perp or attacker_fate(tok)
            for sib in tok.children:  # a parse may split "A and B were killed" in two subjects
                if sib.i != victim.i and sib.dep_ == victim.dep_ == "nsubjpass":
                    extra, _ = np_count(sib)
                    if q and q.value is not None and extra and extra.value is not None:
                        low = (q.low or 0) + (extra.low or 0)
                        q = Quantity(q.value + extra.value, low, None, q.hedge or extra.hedge)
                        seen.add((key, sib.i))
            seen.add((key, victim.i))
            if victim.dep_ in ("dobj", "obj") and q is not None and q.value is not None:
                for extra_tok in stray_conjuncts(victim):
                    extra = single_count(extra_tok)
                    if extra is not None and extra.value is not None:
                        both = None if q.low is None or extra.low is None else q.low + extra.low
                        q = Quantity(q.value + extra.value, both, None, q.hedge or extra.hedge)
            left = min(victim.left_edge.i, tok.i)
        elif _is_passive(tok):
            found = surface_count(tok, sent)
            if found is not None:
                q, left = found
        if q is None:
            continue
        counts.extend(_companions(tok, kind, sent))
        span = sent.doc[left : max(victim.i if victim is not None else tok.i, tok.i) + 1]
        rule = "casualties.killed-verb" if kind == "kill" else "casualties.wounded-verb"
        if injury:
            rule = INJURY_RULE
        if succumb:
            rule = "casualties.succumbed"
        conf = 0.8 if not q.hedge else 0.7
        also = _also(tok, sent)
        claimed = claimed_by_attackers(tok)
        counts.append(
            Count(q, span.start_char, span.end_char, rule, conf, kind, perp, also, succumb, claimed)
        )
    return counts
