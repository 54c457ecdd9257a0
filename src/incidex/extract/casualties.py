"""Killed and wounded counts from the dependency parse, with hedges, sums and GTD's zero rules.

A casualty verb ("killed", "died", "injured", "wounded" ...) is linked to the noun phrase that
counts its victims: the passive subject ("Two soldiers were killed"), the object ("killing five
people") or the subject of an intransitive ("three civilians died"). Conjoined phrases are summed
("13 soldiers and at least 169 civilians"), prepositional and appositive parts are subsets and
are not added ("including five children"). Hostage, abduction and arrest counts never use these
verbs, so they stay apart. Per sentence the clauses are summed; across sentences the highest
figure wins (later reports raise tolls). GTD codes a casualty the text is silent about as 0 when
the outcome is known, and leaves it empty when the text says the outcome is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from incidex.extract.base import MentionContext
from incidex.extract.numbers import Quantity, number_word, parse_quantity
from incidex.models import FieldName, FieldValue

KILL = frozenset(
    [
        "killed",
        "kill",
        "kills",
        "killing",
        "dead",
        "died",
        "die",
        "dies",
        "slain",
        "murdered",
        "perished",
        "executed",
        "beheaded",
        "massacred",
        "lynched",
    ]
)
WOUND = frozenset(
    ["injured", "injuring", "injures", "wounded", "wounding", "wounds", "hurt", "injuries"]
)
SUBJ = ("nsubjpass", "nsubj")
UNCOUNTED_HEADS = frozenset(
    ["they", "them", "who", "which", "it", "this", "that", "these", "those"]
)
SINGULAR_PRONOUNS = frozenset(["he", "she", "him", "her"])

ZERO_BOTH = re.compile(
    r"\bno (?:reported |immediate )?casualties\b|\bno casualties (?:were|was) reported\b"
    r"|\bdid not (?:cause|result in) (?:any )?(?:casualties|injuries)\b"
    r"|\bwithout (?:causing )?casualties\b"
    r"|\bno one was (?:hurt|harmed|injured|killed)\b|\bnobody was (?:hurt|harmed|injured|killed)\b"
    r"|\bcaused no casualties\b|\bno (?:one|people) (?:were|was) (?:hurt|harmed)\b"
    r"|\bno (?:reported )?(?:deaths or injuries|injuries or deaths)\b|\bno (?:human )?losses\b",
    re.I,
)
ZERO_KILL = re.compile(
    r"\bno (?:one|people) (?:was|were) killed\b|\bno (?:reported )?deaths\b"
    r"|\bno fatalities\b|\bnon-?fatal\b",
    re.I,
)
ZERO_WOUND = re.compile(
    r"\bno (?:reported )?injuries\b|\bno one was (?:injured|wounded)\b"
    r"|\bno (?:one|people) (?:was|were) (?:injured|wounded)\b|\bwas not (?:harmed|injured|hurt)\b"
    r"|\bescaped unhurt\b|\bunharmed\b",
    re.I,
)
UNKNOWN = re.compile(
    r"\bunknown number of (?:\w+ )?casualties\b"
    r"|\boutcome (?:of the \w+ )?(?:is|was|remains) unknown\b"
    r"|\bcasualt(?:y|ies) (?:figures? )?(?:is|are|was|were|remain) (?:unknown|unclear)\b"
    r"|\bfate of (?:the )?\w+(?: \w+)? (?:is|was|remains) unknown\b"
    r"|\bunknown number of (?:people|civilians|victims) (?:were )?(?:killed|injured|wounded)\b",
    re.I,
)
TOLL = re.compile(
    r"\b(?:death toll|toll|number of (?:dead|deaths|fatalities))\b[^.;]{0,40}?"
    r"\b(?:rose|risen|climbed|reached|stands|stood|is|was|of|to|at|hit)\b(?P<q>[^.;]{0,40})",
    re.I,
)
LIVES = re.compile(
    r"\bclaim(?:ed|ing|s)? (?:the )?lives of (?P<q>[^.;]{0,40})",
    re.I,
)


@dataclass(slots=True)
class Count:
    """One count found in the text, with where it came from."""

    quantity: Quantity
    start: int
    end: int
    rule: str
    confidence: float


def _np_count(head: Token) -> Quantity | None:
    """Count of the noun phrase headed by ``head`` (conjuncts summed, subsets ignored)."""
    parts: list[Quantity | None] = []
    for tok in [head, *[c for c in head.conjuncts if c.i > head.i]]:
        parts.append(_single_count(tok))
    known = [p for p in parts if p is not None and p.value is not None]
    if not known:
        return None
    value = sum(p.value or 0 for p in known)
    lows = [p.low for p in known]
    highs = [p.high for p in known]
    low = sum(x for x in lows if x is not None) if all(x is not None for x in lows) else value
    high = sum(x for x in highs if x is not None) if all(x is not None for x in highs) else None
    if len(known) < len(parts):
        high = None
    hedge = next((p.hedge for p in known if p.hedge), None)
    return Quantity(value, low, high, hedge)


def _single_count(tok: Token) -> Quantity | None:
    lower = tok.lower_
    if lower in ("nobody", "none") or any(c.lower_ in ("no", "none") for c in tok.children):
        return None
    if tok.like_num or number_word(lower) is not None and lower not in ("a", "an", "no"):
        left = tok.doc[tok.left_edge.i : tok.i + 1].text
        return parse_quantity(left)
    nums = [
        c for c in tok.children if c.dep_ in ("nummod", "quantmod") or (c.like_num and c.i < tok.i)
    ]
    if nums:
        num = nums[0]
        text = tok.doc[num.left_edge.i : num.i + 1].text
        if tok.doc[num.i + 1 : num.i + 2].text.lower() == "dozen":
            text += " dozen"
        return parse_quantity(text)
    dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet", "amod", "poss")}
    if lower in UNCOUNTED_HEADS or lower in ("others", "people", "persons"):
        if "both" in dets:
            return Quantity(2, 2, 2)
        return None
    if lower in SINGULAR_PRONOUNS:
        return Quantity(1, 1, 1)
    if "both" in dets:
        return Quantity(2, 2, 2)
    if {"dozens", "scores", "hundreds", "several", "many"} & {c.lower_ for c in tok.subtree}:
        for word in ("dozens", "scores", "hundreds", "several"):
            if any(c.lower_ == word for c in tok.subtree):
                return parse_quantity(word)
        return None
    if tok.tag_ in ("NN", "NNP") or tok.ent_type_ == "PERSON":
        if lower in ("number", "toll", "casualties", "one"):
            return Quantity(1, 1, 1) if lower == "one" else None
        return Quantity(1, 1, 1)
    if lower in ("another", "one"):
        return Quantity(1, 1, 1)
    return None


def _victims(verb: Token) -> Token | None:
    """The noun that counts the victims of a casualty verb."""
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            return child
    for child in verb.children:
        if child.dep_ in ("dobj", "obj"):
            return child
    if verb.lower_ in ("dead", "died", "die", "dies", "perished", "hurt", "injuries"):
        for child in verb.children:
            if child.dep_ == "nsubj":
                return child
        if verb.dep_ in ("amod", "acomp", "oprd", "xcomp", "ccomp") and verb.head.pos_ != "VERB":
            pass
        # "left five dead", "leaving 10 people dead"
        head = verb.head
        for child in head.children:
            if child.dep_ in ("dobj", "nsubj") and child.i < verb.i and child is not verb:
                return child
    if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN", "NUM", ""):
        return verb.head  # "five people killed", "two injured soldiers"
    if verb.dep_ == "conj" and verb.head.lower_ in KILL | WOUND:
        return _victims(verb.head) if verb.head.dep_ != "conj" else None
    if verb.dep_ in ("relcl",):
        return verb.head
    # "was killed" with the subject of an auxiliary-less passive chain: "X was shot and killed"
    head = verb.head
    if verb.dep_ == "conj":
        for child in head.children:
            if child.dep_ == "nsubjpass":
                return child
    return None


def _sentence_counts(sent: Span, kinds: frozenset[str], rule: str) -> list[Count]:
    counts: list[Count] = []
    seen: set[int] = set()
    for tok in sent:
        if tok.lower_ not in kinds:
            continue
        victim = _victims(tok)
        if victim is None or victim.i in seen:
            continue
        if victim.lower_ in KILL | WOUND:
            continue
        q = _np_count(victim)
        if q is None or q.value is None:
            continue
        for sib in tok.children:  # a parse may split "A and B were killed" into two subjects
            if sib.i != victim.i and sib.dep_ == victim.dep_ == "nsubjpass" and sib.i not in seen:
                extra = _np_count(sib)
                if extra is not None and extra.value is not None:
                    low = (q.low or 0) + (extra.low or 0)
                    q = Quantity(q.value + extra.value, low, None, q.hedge or extra.hedge)
                    seen.add(sib.i)
        seen.add(victim.i)
        left = min(victim.left_edge.i, tok.i)
        right = max(victim.i, tok.i) + 1
        span = sent.doc[left:right]
        counts.append(Count(q, span.start_char, span.end_char, rule, 0.8 if not q.hedge else 0.7))
    return counts


def _regex_counts(sent: Span, rx: re.Pattern[str], rule: str) -> list[Count]:
    out: list[Count] = []
    for m in rx.finditer(sent.text):
        q = parse_quantity(m["q"], first=True)
        if q is not None and q.value is not None:
            out.append(Count(q, sent.start_char + m.start(), sent.start_char + m.end(), rule, 0.8))
    return out


def _combine(per_sentence: list[list[Count]]) -> Count | None:
    best: Count | None = None
    for counts in per_sentence:
        if not counts:
            continue
        if len(counts) == 1:
            total = counts[0]
        else:
            value = sum(c.quantity.value or 0 for c in counts)
            lows = [c.quantity.low for c in counts]
            low = sum(x for x in lows if x is not None) if None not in lows else value
            total = Count(
                Quantity(value, low, None, "sum"),
                counts[0].start,
                counts[-1].end,
                counts[0].rule + "-sum",
                0.65,
            )
        if best is None or (total.quantity.value or 0) > (best.quantity.value or 0):
            best = total
    return best


def extract_casualties(ctx: MentionContext) -> list[FieldValue]:
    """``nkill`` and ``nwound`` of one mention."""
    kills: list[list[Count]] = []
    wounds: list[list[Count]] = []
    zero_both = zero_kill = zero_wound = unknown = None
    mentions_wound = False
    for sent in ctx.sentences:
        text = sent.text
        k = _sentence_counts(sent, KILL, "casualties.killed-verb")
        k += _regex_counts(sent, TOLL, "casualties.death-toll") + _regex_counts(
            sent, LIVES, "casualties.lives"
        )
        kills.append(k)
        wounds.append(_sentence_counts(sent, WOUND, "casualties.wounded-verb"))
        if any(t.lower_ in WOUND for t in sent):
            mentions_wound = True
        for rx, name in (
            (ZERO_BOTH, "both"),
            (ZERO_KILL, "kill"),
            (ZERO_WOUND, "wound"),
            (UNKNOWN, "unknown"),
        ):
            m = rx.search(text)
            if m:
                found = (sent.start_char + m.start(), sent.start_char + m.end())
                if name == "both" and zero_both is None:
                    zero_both = found
                elif name == "kill" and zero_kill is None:
                    zero_kill = found
                elif name == "wound" and zero_wound is None:
                    zero_wound = found
                elif name == "unknown" and unknown is None:
                    unknown = found
    out: list[FieldValue] = []
    kill = _combine(kills)
    wound = _combine(wounds)
    for name, count, zero in (
        (FieldName.NKILL, kill, zero_kill),
        (FieldName.NWOUND, wound, zero_wound),
    ):
        if count is not None:
            q = count.quantity
            out.append(
                ctx.value(
                    name,
                    str(q.value),
                    count.start,
                    count.end,
                    count.rule,
                    count.confidence,
                    low=q.low,
                    high=q.high,
                )
            )
        elif zero is not None or zero_both is not None:
            s, e = zero or zero_both or (0, 0)
            out.append(ctx.value(name, "0", s, e, "casualties.none-reported", 0.8, low=0, high=0))
    have = {v.name for v in out}
    if unknown is None and have and len(have) == 1:
        # GTD: silence about the other casualty kind means 0 when the outcome is known.
        other = FieldName.NWOUND if FieldName.NKILL in have else FieldName.NKILL
        if other == FieldName.NKILL or not mentions_wound:
            ref = out[0].evidence
            assert ref is not None
            out.append(
                ctx.value(
                    other, "0", ref.start, ref.end, "casualties.silence-zero", 0.3, low=0, high=0
                )
            )
    return out
