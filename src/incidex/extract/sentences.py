"""Sentence spans that remember their text.

spaCy's ``Span.text`` rebuilds the string from the span's tokens on every read (~15 us for a
16-token sentence), and the field extractors read each sentence's text dozens of times per
mention; that alone was a third of the extraction time. ``Sentence`` is a ``Span`` (equal, hashed
and usable exactly like the span it copies) whose text is built once.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span


class Sentence(Span):
    """A plain span (no label) whose ``text`` is computed on first read and then kept."""

    __slots__ = ("_text",)

    @property
    def text(self) -> str:
        """The span's verbatim text (cached): a slice of its document's text, itself built once
        per document (the tokens' texts with their spacing, as ``Span.text`` joins them)."""
        try:
            return self._text
        except AttributeError:
            if self.start < self.end:
                self._text: str = doc_text(self.doc)[self.start_char : self.end_char]
            else:
                self._text = Span.text.__get__(self)  # type: ignore[attr-defined]
            return self._text


_DOC_TEXT = "incidex_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept in the doc's user data after the first call."""
    text: str | None = doc.user_data.get(_DOC_TEXT)
    if text is None:
        text = doc.user_data[_DOC_TEXT] = doc.text
    return text


def sentence(doc: Doc, start: int, end: int) -> Sentence:
    """The tokens ``start:end`` of ``doc`` as a ``Sentence`` (same as ``doc[start:end]``)."""
    return Sentence(doc, start, end)


def as_sentences(spans: Iterable[Span]) -> list[Span]:
    """The spans as ``Sentence`` objects; labelled spans and sentences already cached stay."""
    return [s if _kept(s) else sentence(s.doc, s.start, s.end) for s in spans]


def _kept(span: Span) -> bool:
    """Already a ``Sentence``, or a span with more than its tokens (label, kb or span id)."""
    return isinstance(span, Sentence) or bool(span.label or span.kb_id or span.id)


def same_sentence(sent: Span, known: Iterable[Span]) -> Span:
    """``sent`` itself or, when one of ``known`` is the same span, that (cached) one."""
    return next((s for s in known if s == sent), sent)
