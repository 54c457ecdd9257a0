"""What a parsed document holds, indexed by token position once, so a lookup costs its span.

spaCy rebuilds ``Doc.ents`` (a walk over every token of the document) on each read, ``Span.ents``
reads it, ``Doc.text`` joins every token, and ``doc.sents`` walks every token; asked once per
sentence or per mention, each made extraction quadratic in the document's length (2,000 sentences
took 34 s). The index keeps the entities, triggers, sentences and text of one parse in the doc's
user data; ``ents_in``, ``triggers_in`` and ``sentences`` answer from it by bisection.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from spacy.tokens import Doc, Span

from incidex.extract.components import ACTORS, STATE_DEEDS, TRIGGERS
from incidex.extract.sentences import as_sentences

_KEY = "incidex_index"
T = TypeVar("T")


@dataclass(slots=True)
class DocIndex:
    """Entities and triggers of one parse in token order, with their starts, and its sentences."""

    ents: list[Span]
    ent_starts: list[int]
    ent_chars: list[int]  # each entity's first character
    triggers: list[Span]
    trigger_starts: list[int]
    actors: list[Span]  # the gazetteer's group names (``components.ACTORS``), never overlapping
    actor_starts: list[int]
    actor_chars: list[int]
    memo: dict[str, Any] = field(default_factory=dict)  # per-document results (``memo``)
    _sents: list[Span] | None = field(default=None)
    _sent_starts: list[int] | None = field(default=None)


def reset_index(doc: Doc) -> None:
    """Forget ``doc``'s index (its parse is new: built before, it would miss entities)."""
    doc.user_data.pop(_KEY, None)


def doc_index(doc: Doc) -> DocIndex:
    """The index of ``doc``, built on first use after its parse."""
    index: DocIndex | None = doc.user_data.get(_KEY)
    if index is None:
        ents = list(doc.ents)
        trigs = list(doc.spans.get(TRIGGERS, []))  # sorted by start (``components.Gazetteer``)
        groups = sorted(doc.spans.get(ACTORS, []), key=lambda s: s.start)
        index = DocIndex(
            ents,
            [e.start for e in ents],
            [e.start_char for e in ents],
            trigs,
            [t.start for t in trigs],
            groups,
            [g.start for g in groups],
            [g.start_char for g in groups],
        )
        doc.user_data[_KEY] = index
    return index


def memo(doc: Doc, key: str, make: Callable[[], T]) -> T:
    """``make()``, computed once per parse of ``doc``: what depends on the whole document (its
    group names, the countries its text names) is read once, not once per mention."""
    store = doc_index(doc).memo
    if key not in store:
        store[key] = make()
    value: T = store[key]
    return value


def ents_in(span: Span | Doc) -> list[Span]:
    """The named entities wholly inside ``span`` (as ``Span.ents``, in time linear in them)."""
    if isinstance(span, Doc):
        return list(doc_index(span).ents)
    index = doc_index(span.doc)
    out: list[Span] = []
    for k in range(bisect_left(index.ent_starts, span.start), len(index.ents)):
        ent = index.ents[k]
        if ent.end > span.end:
            break
        out.append(ent)
    return out


def ent_at(doc: Doc, i: int) -> Span | None:
    """The named entity holding token ``i``, if any."""
    index = doc_index(doc)
    k = bisect_left(index.ent_starts, i + 1) - 1
    if k >= 0 and index.ents[k].start <= i < index.ents[k].end:
        return index.ents[k]
    return None


def ents_between(doc: Doc, start: int, end: int) -> list[Span]:
    """The entities that start in tokens ``start:end`` (they may end after it)."""
    index = doc_index(doc)
    lo, hi = bisect_left(index.ent_starts, start), bisect_left(index.ent_starts, end)
    return index.ents[lo:hi]


def ents_at_chars(doc: Doc, start: int, end: int) -> list[Span]:
    """The entities whose first character lies in ``start:end`` (character offsets)."""
    index = doc_index(doc)
    lo, hi = bisect_left(index.ent_chars, start), bisect_left(index.ent_chars, end)
    return index.ents[lo:hi]


def ents_overlapping(doc: Doc, start: int, end: int) -> list[Span]:
    """The entities that share a character with ``start:end`` (character offsets)."""
    index = doc_index(doc)
    lo = max(0, bisect_left(index.ent_chars, start) - 1)
    hi = bisect_left(index.ent_chars, end)
    return [e for e in index.ents[lo:hi] if e.start_char < end and start < e.end_char]


def actor_at(doc: Doc, i: int) -> Span | None:
    """The gazetteer's group name holding token ``i``, if any."""
    index = doc_index(doc)
    k = bisect_left(index.actor_starts, i + 1) - 1
    if k >= 0 and index.actors[k].start <= i < index.actors[k].end:
        return index.actors[k]
    return None


def actors_in(span: Span) -> list[Span]:
    """The gazetteer's group names that start inside ``span``."""
    index = doc_index(span.doc)
    lo = bisect_left(index.actor_starts, span.start)
    return index.actors[lo : bisect_left(index.actor_starts, span.end)]


def actors_at_chars(doc: Doc, start: int, end: int) -> list[Span]:
    """The gazetteer's group names whose first character lies in ``start:end``."""
    index = doc_index(doc)
    lo = bisect_left(index.actor_chars, start)
    return index.actors[lo : bisect_left(index.actor_chars, end)]


def triggers_in(span: Span) -> list[Span]:
    """The attack triggers that start inside ``span``."""
    index = doc_index(span.doc)
    lo = bisect_left(index.trigger_starts, span.start)
    hi = bisect_left(index.trigger_starts, span.end)
    return index.triggers[lo:hi]


def state_deed_roots(doc: Doc) -> frozenset[int]:
    """The head words of the triggers marked as state forces' deeds (``STATE_DEEDS``)."""
    return memo(
        doc, "state_deed_roots", lambda: frozenset(s.root.i for s in doc.spans.get(STATE_DEEDS, []))
    )


def sentences(doc: Doc) -> list[Span]:
    """The sentences of ``doc`` (``Sentence`` spans, their texts cached), built once."""
    index = doc_index(doc)
    if index._sents is None:
        index._sents = as_sentences(doc.sents)
        index._sent_starts = [s.start for s in index._sents]
    return index._sents


def sentence_number(doc: Doc, start: int) -> int:
    """The position among ``doc``'s sentences of the one starting at token ``start`` (else 0)."""
    sentences(doc)
    starts = doc_index(doc)._sent_starts
    assert starts is not None
    k = bisect_left(starts, start)
    return k if k < len(starts) and starts[k] == start else 0


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence holding token ``i`` (``doc[i].sent``, from the index)."""
    sents = sentences(doc)
    starts = doc_index(doc)._sent_starts
    assert starts is not None
    return sents[bisect_left(starts, i + 1) - 1]


__all__ = [
    "actor_at",
    "actors_at_chars",
    "actors_in",
    "DocIndex",
    "doc_index",
    "ent_at",
    "ents_at_chars",
    "ents_between",
    "ents_overlapping",
    "memo",
    "ents_in",
    "reset_index",
    "sentence_number",
    "sentence_of",
    "sentences",
    "triggers_in",
]
