"""Story layout: sentences that keep their text, and the units attacks are grouped by.

Entry point of the stage. ``sentences`` (``Sentence`` spans whose text is built once),
``segments`` (sentences cut where a coordinated clause or a list item reports a further attack;
clauses that tell other events pruned; the fronted place of a unit).
"""

from __future__ import annotations

from incidex.extract.layout.segments import fronted_span, gapped_clause, prune, sentence_units
from incidex.extract.sentences import Sentence, as_sentences, same_sentence

__all__ = [
    "Sentence",
    "as_sentences",
    "fronted_span",
    "gapped_clause",
    "prune",
    "same_sentence",
    "sentence_units",
]
