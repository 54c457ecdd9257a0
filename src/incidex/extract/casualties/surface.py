"""Counts read from the surface when the parse gives a casualty verb no subject.

"... and thirteen were injured": the count written right before "was/were <verb>", back to a
clause boundary; with "three soldiers and an unknown number of assailants were wounded", the
counted part (a floor: the unknown part adds an unknown number).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from incidex.extract.casualties.numbers import Quantity, number_word, parse_quantity
from incidex.extract.casualties.victim_counts import vocab
from incidex.extract.casualties.words import casualty_kind

BOUNDARY = frozenset([",", ";", "and", "while", "but", "whereas", ":", "(", ")"])


def _phrase_start(end: int, sent: Span) -> int:
    """Where the short phrase that ends before token ``end`` begins (back to a boundary)."""
    start = end
    while start - 1 >= sent.start and sent.doc[start - 1].lower_ not in BOUNDARY:
        if casualty_kind(sent.doc[start - 1]) is not None or end - start >= 6:
            break
        start -= 1
    return start


def _has_number(span: Span) -> bool:
    return any(
        t.like_num or (t.lower_ not in ("a", "an") and number_word(t.lower_) is not None)
        for t in span
    )


def surface_count(verb: Token, sent: Span) -> tuple[Quantity, int] | None:
    """A count written right before 'was/were <verb>' when the parse gave it no subject; with
    "three soldiers and an unknown number of assailants were wounded", the counted part."""
    aux = [c for c in verb.children if c.dep_ in ("auxpass", "aux") and c.i < verb.i]
    if not aux:
        return None
    doc = sent.doc
    end = aux[0].i
    start = _phrase_start(end, sent)
    if start == end:
        return None
    span = doc[start:end]
    if not _has_number(span):
        unknown = vocab().unknown & {t.lower_ for t in span}
        if not unknown or start - 1 < sent.start or doc[start - 1].lower_ != "and":
            return None
        first = _phrase_start(start - 1, sent)
        earlier = doc[first : start - 1]
        if not len(earlier) or any(t.tag_.startswith("VB") for t in earlier):
            return None
        if not _has_number(earlier):
            return None
        q = parse_quantity(earlier.text)
        if q is None or q.value is None:
            return None
        return Quantity(q.value, q.low, None, q.hedge), first
    q = parse_quantity(span.text)
    return (q, start) if q is not None and q.value is not None else None
