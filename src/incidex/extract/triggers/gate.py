"""The document gate: whether an article may report an incident at all, decided before the parse.

On a general news feed most articles are not about attacks. The parse is most of the cost of
extraction, so each document is first read as tokens only (the tokenizer and the gazetteer's
phrase matchers, a few per cent of the parse): it may report an incident when it holds an attack
word (a trigger of ``triggers.yaml``) and something that can make violence terrorism (a group of
the actor gazetteer, a terrorism word, a stated motive, an explosive device, a place of worship:
``data/realis.yaml``; a target that gives an aim counts within a few words of an attack word).
The grounds ``qualify`` reads are among these, so the gate drops what the full reading would
drop (a catalogued attack named in passing in an article that has nothing else is the
exception). A GTD summary (dated header) always passes, and so does an article whose body is
page furniture and whose headline tells an attack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc

from incidex.extract.base import cue_regex
from incidex.extract.components import Gazetteer
from incidex.extract.dates.dates import gtd_prefix
from incidex.extract.triggers.realis import vocabulary, words
from incidex.models import Document
from incidex.text import prefilter


@dataclass(frozen=True, slots=True)
class Relevance:
    """The gate's verdict on one document and why."""

    relevant: bool
    reason: str


@cache
def _frame_rx() -> re.Pattern[str]:
    vocab = vocabulary()
    cues = [
        *vocab.gate.frame,
        *vocab.gate.devices,
        *vocab.grounds.terror_frame,
        *vocab.grounds.perpetrators,
        *vocab.grounds.motive,
    ]
    return cue_regex(cues)


@cache
def _aim_rx() -> re.Pattern[str]:
    return cue_regex([cue for cues in vocabulary().grounds.aim_targets.values() for cue in cues])


AIM_WINDOW = 12  # tokens either side of an attack word where a target that gives an aim counts


def relevance(document: Document, docs: list[Doc], gazetteer: Gazetteer) -> Relevance:
    """The gate's verdict on ``document``, given its text and headline as tokens (``docs``,
    unparsed). The headline counts: a body of page furniture is replaced by its headline later."""
    if gtd_prefix(document.text) is not None:
        return Relevance(True, "a GTD incident summary")
    found = [gazetteer.triggers(d) for d in docs]
    if not any(found):
        return Relevance(False, "no attack word")
    for d in docs:  # a group's name is a proper noun ("the base" is not)
        for _, start, end in gazetteer.exact(d) + gazetteer.lower(d):
            name = d[start:end].text
            if any(c.isupper() for c in name):
                return Relevance(True, f"names an armed group: {name!r}")
    for text in (document.title or "", document.text):
        hit = prefilter.search(_frame_rx(), text)
        if hit is not None:
            return Relevance(True, f"may frame violence as terrorism: {hit.group(0)!r}")
    for d, hits in zip(docs, found, strict=True):  # a mosque, a minister ... near an attack word
        for _, start, end in hits:
            near = d[max(0, start - AIM_WINDOW) : end + AIM_WINDOW].text
            aim = prefilter.search(_aim_rx(), near)
            if aim is not None:
                return Relevance(True, f"an attack on a target that gives it an aim: {aim[0]!r}")
    if not found[0] and len(docs) > 1:  # a body of page furniture: the headline is all there is
        framed = words("grounds.framed_words")
        title = docs[1]
        for _, start, end in found[1]:
            if title[start:end].root.lower_ in framed:
                return Relevance(
                    True, f"only the headline tells an attack: {title[start:end].text!r}"
                )
    return Relevance(False, "no armed group, terrorism word, motive or device")
