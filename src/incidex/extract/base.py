"""Shared helpers for the field extractors: the per-mention context and evidence builders.

Every field module takes a ``MentionContext`` (the spaCy doc, the Incidex document and the
sentences of one attack) and returns ``FieldValue`` records whose evidence points into
``Document.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from incidex.extract.intervals import IntervalLookup
from incidex.models import Document, Evidence, FieldName, FieldValue
from incidex.text.alternation import snippets_pattern
from incidex.vocab import load_data as load_data  # re-exported for the field modules


def cue_regex(cues: list[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``cues`` (regex snippets) as whole words.

    Written as a prefix tree (same matches, several times faster) unless a cue captures a group,
    whose number the tree's order could change."""
    flat = re.compile(r"(?<!\w)(?:" + "|".join(cues) + r")(?!\w)", re.I)
    if flat.groups:
        return flat
    return re.compile(r"(?<!\w)(?:" + snippets_pattern(cues, re.I) + r")(?!\w)", re.I)


def is_verb(tok: Token) -> bool:
    """A verb by its fine-grained tag (the pipeline keeps the tagger, not the attribute ruler)."""
    return tok.tag_.startswith("VB") or tok.tag_ == "MD"


SENTENCE_LOOKUP = "_sentence_lookup"


@dataclass(slots=True)
class MentionContext:
    """Everything a field extractor may look at for one attack of one document."""

    document: Document
    doc: Doc
    sentences: list[Span]
    trigger: Span | None = None
    main: bool = True  # the document's main attack (not a background mention)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.document.text

    def sentence_of(self, start: int) -> Span:
        """The sentence (of this mention, else of the doc) that holds character ``start``."""
        found = self._spans().first_holding(start)
        if found is not None:
            return self.sentences[found]
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        return span.sent if span is not None else self.doc[:]

    def _spans(self) -> IntervalLookup:
        """The lookup of the mention's sentences by character, built once (per sentence count)."""
        lookup: IntervalLookup | None = self.extra.get(SENTENCE_LOOKUP)
        if lookup is None or lookup.size != len(self.sentences):
            pairs = [(s.start_char, s.end_char) for s in self.sentences]
            lookup = self.extra[SENTENCE_LOOKUP] = IntervalLookup(pairs)
        return lookup

    def value(
        self,
        name: FieldName,
        value: str,
        start: int,
        end: int,
        rule: str,
        confidence: float,
        low: float | None = None,
        high: float | None = None,
    ) -> FieldValue:
        """A ``FieldValue`` with evidence for ``Document.text[start:end]``."""
        sent = self.sentence_of(start)
        evidence = Evidence(
            doc_id=self.document.id,
            start=start,
            end=end,
            sentence=sent.text,
            rule=rule,
            confidence=round(confidence, 3),
        )
        return FieldValue(
            name=name,
            value=value,
            evidence=evidence,
            low=low,
            high=high,
            reported=self.document.published,
        )
