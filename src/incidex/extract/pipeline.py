"""The extractor the CLI and store call: documents in, per-document attack mentions out.

``Extractor.extract`` runs spaCy once over a batch (``nlp.pipe(as_tuples=True)``), groups each
document's sentences into attacks (``events``) and fills every field from its own module (dates,
places, casualties, actors, taxonomy), each value with evidence. A document that fails is logged
and yields no mentions; the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from incidex.config import Settings
from incidex.extract.actors import extract_actor
from incidex.extract.base import MentionContext
from incidex.extract.casualties import extract_casualties
from incidex.extract.dates import DateHit, find_dates, gtd_prefix
from incidex.extract.events import Group, group_sentences
from incidex.extract.nlp import load_nlp
from incidex.extract.places import extract_place
from incidex.extract.sentences import as_sentences
from incidex.extract.taxonomy import extract_taxonomy
from incidex.models import Document, Evidence, FieldName, FieldValue, Mention

log = logging.getLogger(__name__)


class Extractor:
    """Turns documents into attack mentions with evidence-backed GTD field values."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first use (raises ``ModelError`` if missing)."""
        if self._nlp is None:
            self._nlp = load_nlp(self.settings.spacy_model)
        return self._nlp

    def extract(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Mention]]]:
        """Mentions per document, in input order."""
        nlp = self.nlp
        pairs = ((d.text, d) for d in docs)
        for sdoc, document in nlp.pipe(pairs, as_tuples=True, batch_size=self.settings.batch_size):
            try:
                mentions = self.mentions(document, sdoc)
            except Exception:  # one bad document must not stop the batch
                log.warning("extraction failed for document %s", document.id, exc_info=True)
                mentions = []
            yield document, mentions

    def mentions(self, document: Document, sdoc: Doc) -> list[Mention]:
        """The mentions of one parsed document."""
        groups = group_sentences(document, sdoc)
        if not groups and document.title:
            return self._title_mentions(document)
        mentions: list[Mention] = []
        for index, group in enumerate(groups):
            mentions.append(self._mention(document, sdoc, group, index))
        if mentions:
            primary = next((m for m in mentions if not m.background), mentions[0])
            primary.primary = True
        return mentions

    def _title_mentions(self, document: Document) -> list[Mention]:
        """A body that reports no attack (page furniture only): read the headline instead.

        The title is parsed as a document of its own; its mentions' evidence points into the title.
        """
        title = replace(document, text=document.title or "", blocks=[])
        sdoc = self.nlp(title.text)
        groups = group_sentences(title, sdoc)
        mentions = [self._mention(title, sdoc, g, i) for i, g in enumerate(groups)]
        for mention in mentions:
            mention.trigger.rule = "events.title-" + mention.trigger.rule.removeprefix("events.")
        if mentions:
            mentions[0].primary = True
        return mentions

    def _mention(self, document: Document, sdoc: Doc, group: Group, index: int) -> Mention:
        group.sentences = as_sentences(group.sentences)  # texts read often: build them once
        ctx = MentionContext(
            document=document,
            doc=sdoc,
            sentences=group.sentences,
            trigger=group.trigger,
            main=not group.background,
        )
        trig = group.trigger
        trigger = Evidence(
            doc_id=document.id,
            start=trig.start_char,
            end=trig.end_char,
            sentence=trig.sent.text,
            rule=f"events.trigger-{trig.label_ or 'summary'}",
            confidence=0.8 if trig.label_ else 0.4,
        )
        values: list[FieldValue] = []
        values.extend(self._date(ctx, group))
        for extractor in (extract_place, extract_taxonomy, extract_casualties, extract_actor):
            values.extend(extractor(ctx))
        return Mention(
            doc_id=document.id,
            index=index,
            trigger=trigger,
            values=values,
            background=group.background,
        )

    @staticmethod
    def _date(ctx: MentionContext, group: Group) -> list[FieldValue]:
        """The attack date: the GTD header, the group's own date, the trigger sentence's, else
        the first in the group."""
        header = gtd_prefix(ctx.text) if ctx.main else None
        hit = header or group.date
        if hit is None:
            trig = group.trigger
            own = [s for s in group.sentences if s.start <= trig.start < s.end]
            hits: list[DateHit] = []
            for sent in own + [s for s in group.sentences if s not in own]:
                hits = find_dates(sent.text, ctx.document.published, sent.start_char)
                if hits:
                    break
            # the date expression nearest the trigger (not a dateline opening the sentence)
            hit = min(hits, key=lambda h: abs(h.start - trig.start_char)) if hits else None
        if hit is None:
            if ctx.main and ctx.document.published is not None:
                s = group.trigger
                return [
                    ctx.value(
                        FieldName.DATE,
                        ctx.document.published.isoformat(),
                        s.start_char,
                        s.end_char,
                        "dates.published-fallback",
                        0.2,
                    )
                ]
            return []
        return [ctx.value(FieldName.DATE, hit.value, hit.start, hit.end, hit.rule, hit.confidence)]
