"""Whose figure a casualty count is: the attackers' own claim, or a reported toll.

A count reported by the group that carried out the attack ("It added that 30 soldiers were
killed" after "the group said in a statement", "Islamic State said its fighters killed 40") is
propaganda, not a toll: GTD codes the figures of independent sources. The speaker is the subject
of the reporting verb whose clausal complement holds the casualty word; "it"/"they" take the
speaker of the previous sentence. A speaker is the perpetrators' voice when it is a known armed
group of the actor gazetteer, or "the group" / "the militants" with no other modifier than a
militant one ("a monitoring group said" is no claimant). Vocabulary in ``data/casualties.yaml``.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from incidex.extract.casualties.victim_counts import config
from incidex.kb import lexicon

PRONOUNS = frozenset({"it", "they"})
CLIMB = frozenset({"conj", "xcomp", "advcl", "relcl", "acl"})


@cache
def _words(key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in config()[key])


def _reporting_head(tok: Token) -> Token | None:
    """The reporting verb ("said", "added", "claimed") whose clausal complement holds ``tok``."""
    reporting = _words("reporting_verbs")
    cur = tok
    for _ in range(4):
        head = cur.head
        if cur.dep_ == "ccomp" and head.lower_ in reporting:
            return head
        if cur.dep_ == "acl" and head.lower_ in _words("statement_nouns"):
            prep = head.head  # "said in a statement that ...": the clause hung on the noun
            if head.dep_ == "pobj" and prep.head.lower_ in reporting:
                return prep.head
        if cur.dep_ not in CLIMB or head.i == cur.i:
            return None
        cur = head
    return None


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _previous_speaker(tok: Token) -> Token | None:
    """The subject of a reporting verb in the sentence before ``tok``'s: the referent of "it"."""
    start = tok.sent.start
    if start == 0:
        return None
    prev = tok.doc[start - 1].sent
    for verb in prev:
        if verb.lower_ in _words("reporting_verbs") and verb.tag_.startswith("VB"):
            subj = _subject(verb)
            if subj is not None and subj.lower_ not in PRONOUNS:
                return subj
    return None


def _is_claimant(subj: Token) -> bool:
    """A speaker that is the attackers: a known armed group, or "the group"/"the militants"."""
    words = [t for t in subj.subtree if t.i <= subj.i and t.dep_ != "det"]
    name = " ".join(t.text for t in words)
    actor = lexicon.resolve(name)
    if actor is not None:
        return lexicon.kind_of(actor) == lexicon.GROUP
    if subj.lower_ not in _words("claimant_nouns"):
        return False
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in subj.children):
        return False
    militant = _words("militant_modifiers")
    return all(
        c.lower_ in militant for c in subj.children if c.dep_ in ("amod", "compound", "nmod")
    )


def claimed_by_attackers(tok: Token) -> bool:
    """Whether the casualty word ``tok`` is told in the perpetrators' own statement."""
    verb = _reporting_head(tok)
    if verb is None:
        return False
    subj = _subject(verb)
    if subj is None:
        return False
    if subj.lower_ in PRONOUNS:
        subj = _previous_speaker(tok)
        if subj is None:
            return False
    return _is_claimant(subj)
