"""Find the attacks a document reports and group each attack's sentences.

A sentence with an attack trigger (``doc.spans["incidex_triggers"]``, phrases from
``data/triggers.yaml``) starts the document's main mention unless a modality cue says it is no
incident (threat, foiled plot, arrest, hypothetical, state military strike, opinion). Later
sentences, with or without triggers ("the blasts", "the attack"), attach to the main mention, except
a trigger sentence dated to another year or month than the main attack ("In September 2022, X
claimed ... in Kabul"), which becomes a separate background mention. Sentences before the first
trigger (a title, a GTD date header) belong to the main mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span

from incidex.extract.base import load_data
from incidex.extract.components import TRIGGERS
from incidex.extract.dates import DateHit, find_dates, gtd_prefix
from incidex.models import Document


@dataclass(slots=True)
class Group:
    """The sentences of one attack and the trigger that opened it."""

    trigger: Span
    sentences: list[Span] = field(default_factory=list)
    background: bool = False
    date: DateHit | None = None


@cache
def _modality_rx() -> re.Pattern[str]:
    cues = [c for group in load_data("triggers.yaml")["modality"].values() for c in group]
    return re.compile(r"\b(?:" + "|".join(cues) + r")\b", re.I)


@cache
def _weak_kinds() -> frozenset[str]:
    return frozenset(load_data("triggers.yaml").get("weak_kinds") or [])


def is_modal(sent: Span) -> bool:
    """The sentence speaks of something that did not (or not yet) happen, or of a state strike."""
    return _modality_rx().search(sent.text) is not None


def _strong(triggers: list[Span]) -> list[Span]:
    return [t for t in triggers if t.label_ not in _weak_kinds()]


def group_sentences(document: Document, doc: Doc) -> list[Group]:
    """The attack groups of one document, main first in text order, background after."""
    sents = list(doc.sents)
    by_sent: dict[int, list[Span]] = {}
    for trig in doc.spans.get(TRIGGERS, []):
        by_sent.setdefault(trig.sent.start, []).append(trig)
    header = gtd_prefix(document.text)
    main: Group | None = None
    groups: list[Group] = []
    pending: list[Span] = []
    ref_year = (
        int(header.value[:4])
        if header
        else (document.published.year if document.published else None)
    )
    for sent in sents:
        trigs = by_sent.get(sent.start, [])
        strong = _strong(trigs)
        usable = bool(trigs) and (strong or main is not None) and not is_modal(sent)
        dates = (
            [
                d
                for d in find_dates(sent.text, document.published, sent.start_char)
                if not d.relative
            ]
            if trigs
            else []
        )
        other_year = [d for d in dates if ref_year is not None and int(d.value[:4]) != ref_year]
        if usable and other_year and (main is not None or header is not None or document.published):
            bg = Group(
                trigger=(strong or trigs)[0], sentences=[sent], background=True, date=other_year[0]
            )
            groups.append(bg)
            continue
        if main is None:
            if usable and strong:
                main = Group(trigger=strong[0], sentences=[*pending, sent])
                groups.insert(0, main)
                pending = []
            else:
                pending.append(sent)
            continue
        main.sentences.append(sent)
    if main is None and header is not None and sents:
        # A GTD summary always describes one attack, even without a trigger we know.
        main = Group(trigger=sents[min(1, len(sents) - 1)], sentences=sents)
        groups.insert(0, main)
    if main is None and groups:
        groups[0].background = False
    return groups
