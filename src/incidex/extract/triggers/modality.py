"""Whether one attack trigger reports an attack that happened, judged on the trigger's own clause.

A sentence-wide cue test is too coarse: "If the group's claim of involvement in the bombings is
accurate, ..." presupposes the bombings, while "IS may exploit the chaos to launch attacks" does
not. So the dependency parse is followed from the trigger up its governing chain (object -> verb,
infinitive -> controlling verb, "plot to attack" -> "plot"): a modal or negated verb, an "if"
clause on a governing *verb*, or an irrealis head word (plan, threat, foil, fear, ...) on the
chain makes the trigger irrealis. Nominal triggers that are subjects or sit in a prepositional
phrase ("the claim of involvement in the bombings") are presupposed. Cue vocabularies (threats,
plots, legal steps, state military action, opinion) are then matched on the trigger's clause only:
the subtree of its governing verb without the nested clauses that do not contain the trigger.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from spacy.tokens import Span, Token

from incidex.extract.base import is_verb, load_data
from incidex.text import prefilter

NOMINAL_UP = frozenset({"dobj", "attr", "appos", "compound", "amod", "oprd", "dative", "conj"})
SUBJECT = frozenset({"nsubj", "nsubjpass"})
VERB_UP = frozenset({"xcomp", "acl", "pcomp", "auxpass"})
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "conj", "acl"})


@cache
def _cfg() -> dict[str, Any]:
    data: dict[str, Any] = load_data("triggers.yaml")
    return data


@cache
def _clause_rx() -> re.Pattern[str]:
    cues = [c for group in _cfg()["modality"].values() for c in group]
    return re.compile(r"\b(?:" + "|".join(cues) + r")\b", re.I)


def tells_no_attack(headline: str) -> bool:
    """A headline with a cue of a threat, plot, legal step, hypothesis, state action or opinion
    ("Police foil plot to bomb cathedral"): headline grammar parses poorly, so the cue anywhere
    in it is enough."""
    return prefilter.search(_clause_rx(), headline) is not None


@cache
def _irrealis_head_rx() -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(_cfg()["grammar"]["irrealis_heads"]) + r")$", re.I)


@cache
def _grammar_words(name: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in _cfg()["grammar"][name])


def _verb_is_irrealis(verb: Token) -> bool:
    """A modal auxiliary, a negation or a conditional marker on ``verb``."""
    modal, neg, marks = (
        _grammar_words("modal_aux"),
        _grammar_words("negation"),
        _grammar_words("conditional_marks"),
    )
    for child in verb.children:
        low = child.lower_
        if child.dep_ in ("aux", "auxpass") and low in modal:
            return True
        if child.dep_ == "neg" and low in neg:
            return True
        if child.dep_ == "mark" and low in marks:
            return True
    return False


def governing_chain(trigger: Span) -> tuple[list[Token], bool]:
    """The trigger's head chain within its clause, and whether the event is presupposed.

    Returns the tokens climbed (the trigger's root first) and ``True`` when the trigger is a
    nominal subject or prepositional object (its event is taken for granted by the sentence).
    """
    tok = trigger.root
    chain = [tok]
    for _ in range(12):
        head = tok.head
        if head.i == tok.i:
            break
        dep = tok.dep_
        if not is_verb(tok):
            if dep in SUBJECT and is_verb(head) and _verb_is_irrealis(head) and _indefinite(tok):
                # "an attack on the grid could plunge millions into darkness": a hypothetical
                # attack, not one the sentence takes for granted ("the bombing could hurt ...")
                chain.append(head)
                return chain, False
            if dep in SUBJECT or dep == "pobj":
                # "the bombing was ..." / "claim of involvement in the bombings": presupposed,
                # unless the head word itself is irrealis ("warning of an attack").
                up = head.head if dep == "pobj" and head.dep_ == "prep" else head
                if dep == "pobj" and _doubted_report(up):
                    chain.append(up)
                    return chain, False
                if _irrealis_head_rx().match(up.lower_) or _irrealis_head_rx().match(head.lower_):
                    chain.append(up)
                    return chain, False
                return chain, True
            if dep not in NOMINAL_UP:
                break
        elif dep not in VERB_UP and not (dep == "advcl" and _infinitival(tok)):
            break
        tok = head
        chain.append(tok)
    return chain, False


def _indefinite(noun: Token) -> bool:
    """A noun phrase that names no particular event: "an attack", "attacks", "any attack"."""
    return not any(
        (c.dep_ == "det" and c.lower_ in _grammar_words("definite_dets"))
        or c.dep_ in ("poss", "nummod")
        for c in noun.children
    )


def _doubted_report(noun: Token) -> bool:
    """ "reports of a second blast could not be confirmed" / "unconfirmed reports of ...": the
    attack is only reported, and the report is doubted."""
    if noun.lower_ not in _grammar_words("report_heads"):
        return False
    if any(c.lower_ in _grammar_words("doubt_modifiers") for c in noun.children):
        return True
    verb = noun.head
    return noun.dep_ in SUBJECT and (
        _verb_is_irrealis(verb) or verb.lower_ in _grammar_words("doubt_verbs")
    )


def _infinitival(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def clause_tokens(trigger: Span) -> list[Token]:
    """The tokens of the trigger's clause: its nearest governing verb's subtree, minus nested
    clauses that do not hold the trigger (a relative clause on the trigger noun is its own)."""
    tok = trigger.root
    verb: Token | None = tok if is_verb(tok) else None
    while verb is None and tok.head.i != tok.i:
        tok = tok.head
        if is_verb(tok):
            verb = tok
    if verb is None:
        return list(trigger.sent)
    inside = {t.i for t in trigger}
    # the trigger's restrictive modifiers ("blasts that hit Homs on Sunday", "an attack claimed
    # last month") belong to its clause; an aside after a comma (", which resembled ...") not
    own = {trigger.root.i} | ({trigger.root.head.i} if trigger.root.dep_ == "compound" else set())
    skip: set[int] = set()
    for tok in verb.subtree:
        edge = tok.left_edge.i
        if (
            tok.head.i in own
            and tok.dep_ in ("relcl", "acl")
            and not (edge > 0 and tok.doc[edge - 1].text == ",")
        ):
            continue
        if tok.i != verb.i and tok.dep_ in CLAUSE_DEPS and is_verb(tok) and tok.i not in skip:
            sub = {t.i for t in tok.subtree}
            if not sub & inside:
                skip |= sub
    return [t for t in verb.subtree if t.i not in skip]


def clause_text(trigger: Span) -> str:
    """The text of :func:`clause_tokens`, tokens joined with their original spacing."""
    return "".join(t.text_with_ws for t in clause_tokens(trigger))


def irrealis_reason(trigger: Span) -> str | None:
    """Why ``trigger`` does not report an attack that happened, or ``None`` when it does."""
    if any(
        c.dep_ == "det" and c.lower_ in _grammar_words("negative_determiners")
        for c in trigger.root.children
    ):
        return "negated"
    chain, presupposed = governing_chain(trigger)
    if not presupposed and len(chain) > 1 and _doubted_report(chain[-1]):
        return "doubted-report"
    if not presupposed:
        for tok in chain[1:] if not is_verb(chain[0]) else chain:
            if tok.i != chain[0].i and _irrealis_head_rx().match(tok.lower_):
                return "irrealis-head"
            if is_verb(tok) and _verb_is_irrealis(tok):
                return "modal-verb"
        top = chain[-1]
        heads = [top.head]
        if top.tag_ == "IN":  # a PP the parser attached to the verb may modify its object
            heads += [c for c in top.head.children if c.dep_ == "dobj" and c.i < top.i]
        if len(chain) > 1 and any(_irrealis_head_rx().match(h.lower_) for h in heads):
            return "irrealis-head"
    m = prefilter.search(_clause_rx(), clause_text(trigger))
    if m is not None:
        return "clause-cue"
    return None
