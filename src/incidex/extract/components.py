"""Incidex's spaCy components, registered in one place.

``incidex_gazetteer`` runs PhraseMatchers built from the data files (the actor aliases as
``kb.lexicon.group_phrases`` gives them, the one actor matcher's) and stores the hits as span
groups: ``doc.spans["incidex_actors"]`` (label = GTD group name) and
``doc.spans["incidex_triggers"]`` (label = trigger kind from ``triggers.yaml``). Acronyms match on
exact spelling (ORTH), every other phrase case-insensitively (LOWER).

``incidex_paragraphs`` runs before the parser and starts a sentence at every paragraph, so a
headline, dateline or byline never fuses with the first sentence of the body (the parser keeps
boundaries that are already set and may add more).
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from incidex.extract.base import load_data
from incidex.kb.lexicon import group_phrases

ACTORS = "incidex_actors"
TRIGGERS = "incidex_triggers"
# Triggers of deeds done by state forces ("police raided", "troops shelled"), marked by the
# extractor once the triggers are read: their objects and agents are no attack's target or doer.
STATE_DEEDS = "incidex_state_deeds"


BLOCK_STARTS = "incidex_block_starts"


@Language.component("incidex_paragraphs")
def paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence at each block (paragraph) the reader found, given as character offsets in
    ``doc.user_data[BLOCK_STARTS]``, and after every blank line."""
    starts = set(doc.user_data.get(BLOCK_STARTS, ()))
    marks: Any = doc.to_array([SENT_START])
    found = False
    for token in doc[1:]:
        before = doc[token.i - 1]
        if token.idx in starts or (before.is_space and before.text.count("\n") >= 2):
            marks[token.i] = 1
            found = True
    if found:  # set all at once: ``token.is_sent_start = True`` reads the whole doc each time
        doc.from_array([SENT_START], marks)
    return doc


class Gazetteer:
    """Phrase matchers for actor aliases and attack triggers."""

    def __init__(self, nlp: Language) -> None:
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.triggers = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact, lower = group_phrases()
        for name, aliases in exact.items():
            self.exact.add(name, [nlp.make_doc(a) for a in aliases])
        for name, aliases in lower.items():
            self.lower.add(name, [nlp.make_doc(a) for a in aliases])
        triggers: dict[str, list[str]] = load_data("triggers.yaml")["triggers"]
        for kind, phrases in triggers.items():
            self.triggers.add(kind, [nlp.make_doc(a) for a in phrases])

    def __call__(self, doc: Doc) -> Doc:
        actor_spans = [Span(doc, s, e, label=m) for m, s, e in self.exact(doc) + self.lower(doc)]
        doc.spans[ACTORS] = filter_spans(actor_spans)
        trig = [Span(doc, s, e, label=m) for m, s, e in self.triggers(doc)]
        doc.spans[TRIGGERS] = sorted(filter_spans(trig), key=lambda span: span.start)
        return doc


@Language.factory("incidex_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> Gazetteer:
    """Factory for the actor/trigger phrase-matching component."""
    return Gazetteer(nlp)
