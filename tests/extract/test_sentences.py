"""Sentence spans with a cached text behave exactly like the spans they copy."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from incidex.extract.sentences import Sentence, as_sentences, same_sentence


def _doc() -> spacy.tokens.Doc:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp("A bomb hit a market in a small town.  Two people died there later .")


def test_sentence_equals_its_span() -> None:
    """Equality, hashing, membership and text match the plain span."""
    doc = _doc()
    plain = list(doc.sents)
    cached = as_sentences(plain)
    assert all(isinstance(s, Sentence) for s in cached)
    assert cached == plain and [hash(s) for s in cached] == [hash(s) for s in plain]
    assert [s.text for s in cached] == [s.text for s in plain]
    assert cached[0].text is cached[0].text  # built once
    assert plain[1] in cached and cached[1] in plain
    assert (cached[0].start_char, cached[0].end_char) == (plain[0].start_char, plain[0].end_char)


def test_labelled_spans_are_kept() -> None:
    """A labelled span is not replaced (a Sentence carries no label)."""
    doc = _doc()
    labelled = Span(doc, 1, 2, label="TRIGGER")
    assert as_sentences([labelled])[0] is labelled


def test_same_sentence_prefers_the_cached_copy() -> None:
    """The cached sentence equal to a span is returned; an unknown span comes back as is."""
    doc = _doc()
    cached = as_sentences(doc.sents)
    assert same_sentence(doc[1:2].sent, cached) is cached[0]
    other = doc[0:3]
    assert same_sentence(other, cached) is other
