"""Attack frames: who carried out an attack, with what, against whom and what.

``extract_roles`` reads one mention's sentences and returns its ``Frame``: perpetrator
individuals and organizations, victims, physical targets and weapons, each a span of the
document with evidence (sentence and rule). Modules: ``frame`` (the dependency rules around
attack verbs and nouns), ``phrases`` (what a noun phrase names and which of its words fill the
role), ``vocab`` (``data/roles.yaml``, validated when loaded).
"""

from __future__ import annotations

from incidex.extract.base import MentionContext
from incidex.extract.doc_index import state_deed_roots
from incidex.extract.roles.frame import Slot, sentence_slots
from incidex.extract.roles.phrases import Sort, filler_span, full_name, sort_of
from incidex.extract.roles.vocab import vocab
from incidex.models import Evidence, Frame, Role, RoleKind

CONFIDENCE = 0.6


def _state_deeds(ctx: MentionContext) -> frozenset[int]:
    """The head words of state forces' raids and strikes told beside a non-state attack ("police
    raided a flat in the inquiry into the knife attack"): their agents and objects are not the
    attack's roles. None when the mention's own trigger is such a deed (it is the frame)."""
    trig = ctx.trigger
    roots = state_deed_roots(ctx.doc)
    if trig is None or trig.root.i in roots:
        return frozenset()
    return roots


def extract_roles(ctx: MentionContext) -> Frame:
    """The attack frame of one mention, its fillers in text order, each text once per role."""
    skip = _state_deeds(ctx)
    slots: list[Slot] = [slot for sent in ctx.sentences for slot in sentence_slots(sent, skip)]
    frame = Frame()
    for slot in sorted(slots, key=lambda s: s.head.i):
        span = filler_span(slot.head, slot.kind)
        if not span.text.strip():
            continue
        text = span.text
        if sort_of(slot.head) is Sort.NAME:
            if all(vocab().has("titles", t.lower_.rstrip(".")) for t in span):
                continue  # a title alone ("the colonel") names no one
            if slot.kind is RoleKind.VICTIMS:
                text = full_name(span).text  # "<Surname>" -> the name as first given in full
        evidence = Evidence(
            doc_id=ctx.document.id,
            start=span.start_char,
            end=span.end_char,
            sentence=ctx.sentence_of(span.start_char).text,
            rule=slot.rule,
            confidence=CONFIDENCE,
        )
        frame.add(Role(kind=slot.kind, text=text, evidence=evidence))
    return frame
