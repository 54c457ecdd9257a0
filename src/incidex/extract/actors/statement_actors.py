"""The actors a statement can name, and the cue vocabulary (``data/stances.yaml``) compiled.

Actors of a document: armed groups (``names.document_groups``: the gazetteer component's spans
and the lexicon's finds, spelling variants included), states, agencies and state organs
("Iranian officials", "the Biden administration"), "the group" (the group named last before
it), regional branches ("the Afghanistan branch of ISIS") and factions ("the X faction (Y) of
Z" speaks as Z).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc

from incidex.extract.actors.actors import FACTION_GAP, FACTION_WORD
from incidex.extract.actors.attribution import regional_branch
from incidex.extract.actors.names import document_groups
from incidex.extract.base import load_data
from incidex.kb import lexicon
from incidex.kb.lexicon import GROUP, STATE, ActorRef
from incidex.models import Document, Stance
from incidex.text.alternation import literal_pattern
from incidex.vocab import group_parents

MODIFIER = re.compile(
    r"\s*-\s*(?:linked|affiliated|allied|inspired|backed|aligned|style|led)\b", re.I
)


def _join(parts: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in parts)


@dataclass(frozen=True, slots=True)
class Cues:
    """The compiled cue regexes of ``stances.yaml``."""

    stance: tuple[tuple[Stance, re.Pattern[str]], ...]
    any: re.Pattern[str]
    reports: re.Pattern[str]
    roles: re.Pattern[str]
    denial_subject: re.Pattern[str]
    source_bounds: re.Pattern[str]
    target_bounds: re.Pattern[str]
    nobody: re.Pattern[str]
    speech: re.Pattern[str]
    anaphor: re.Pattern[str]
    branch_after: re.Pattern[str]
    branch_before: re.Pattern[str]
    branch_word: re.Pattern[str]
    organs: re.Pattern[str]
    organ_word: re.Pattern[str]
    demonyms: dict[str, str]


def _longest_first(words: dict[str, str]) -> list[str]:
    """The words by decreasing length of their escaped form (the alternation's order)."""
    return sorted(words, key=lambda k: len(re.escape(k)), reverse=True)


@cache
def cues() -> Cues:
    """The cues, compiled once per process."""
    d: dict[str, Any] = load_data("stances.yaml")
    states: dict[str, Any] = load_data("states.yaml")
    demonyms = {
        str(w).lower(): country
        for country, words in states["countries"].items()
        for w in [country, *words]
    }
    alt = literal_pattern(_longest_first(demonyms), re.I)
    # a government named by its head ("the Biden administration") is the state's organ too
    heads = {
        str(w).lower(): country
        for country, words in (d.get("government_heads") or {}).items()
        for w in words
    }
    organ_alt = literal_pattern(_longest_first(demonyms | heads), re.I)
    stance = tuple(
        (Stance(name), re.compile(rf"\b(?:{_join(parts)})\b", re.I))
        for name, parts in d["stances"].items()
    )
    branch = d["branch_nouns"]
    return Cues(
        stance=stance,
        any=re.compile(d["prefilter"], re.I),
        reports=re.compile(rf"\b{d['reports']}\b", re.I),
        roles=re.compile(rf"(?<!was )(?<!were )(?<!been )(?<!be )\b(?:{d['roles']})\b", re.I),
        denial_subject=re.compile(rf"\b(?:{d['denial_subject']})\b", re.I),
        source_bounds=re.compile(d["source_bounds"], re.I),
        target_bounds=re.compile(d["target_bounds"], re.I),
        nobody=re.compile(d["nobody"], re.I),
        speech=re.compile(d["speech"], re.I),
        anaphor=re.compile(d["anaphor"], re.I),
        branch_after=re.compile(rf"^['’]s\s+(?P<adj>{alt})\s+{branch}\b", re.I),
        branch_before=re.compile(
            rf"(?:the\s+)?(?P<adj>{alt})\s+{branch}\s+of\s+(?:the\s+)?$", re.I
        ),
        branch_word=re.compile(rf"\b{branch}\b", re.I),
        organ_word=re.compile(rf"\b{d['government_nouns']}\b", re.I),
        organs=re.compile(rf"\b(?P<adj>{organ_alt})\s+{d['government_nouns']}\b", re.I),
        demonyms=demonyms | heads,
    )


def _branch(ref: ActorRef, text: str) -> ActorRef:
    """ "the group's Afghan branch", "the Afghanistan branch of ISIS" -> the regional branch."""
    c = cues()
    if not c.branch_word.search(text, max(0, ref.start - 60), ref.end + 60):
        return ref
    after = c.branch_after.match(text[ref.end : ref.end + 60])
    before = c.branch_before.search(text[max(0, ref.start - 60) : ref.start])
    for m, start, end in (
        (after, ref.start, ref.end + (after.end() if after else 0)),
        (before, ref.start - (60 - before.start() if before else 0), ref.end),
    ):
        if m is None:
            continue
        country = c.demonyms.get(m["adj"].lower(), m["adj"])
        branch = regional_branch(ref.name, country)
        if branch:
            return ActorRef(branch, GROUP, max(0, start), end)
    return ref


class DocumentActors:
    """The actors named in one document: groups (with "the group" resolved), states, agencies."""

    def __init__(self, document: Document, sdoc: Doc) -> None:
        self.text = document.text
        self.groups = document_groups(sdoc, self.text)
        self._starts = [g.start for g in self.groups]

    def last_group(self, before: int) -> str | None:
        """The last group (in text order) named before character ``before``."""
        for k in range(bisect_left(self._starts, before) - 1, -1, -1):
            if self.groups[k].end <= before:
                return self.groups[k].name
        return None

    def in_span(self, start: int, end: int) -> list[ActorRef]:
        """Every actor named in ``text[start:end]``, in order, overlaps resolved (longest)."""
        text, c = self.text, cues()
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        refs = self.groups[lo:hi]
        refs += lexicon.find(text[start:end], start)
        organs = (
            c.organs.finditer(text, start, end) if c.organ_word.search(text, start, end) else ()
        )
        for m in organs:
            country = c.demonyms.get(m["adj"].lower())
            if country:
                refs.append(ActorRef(country, STATE, m.start(), m.end()))
        for m in c.anaphor.finditer(text, start, end):
            name = self.last_group(m.start())
            if name:
                refs.append(ActorRef(name, GROUP, m.start(), m.end()))
        refs = [_branch(r, text) if r.kind == GROUP else r for r in refs]
        refs = _factions(sorted(refs, key=lambda r: r.start), text)
        # "al Qaeda-linked X", "IS-inspired gunmen": a modifier, not the actor itself
        refs = [r for r in refs if not MODIFIER.match(text, r.end)]
        refs.sort(key=lambda r: (r.start, -(r.end - r.start)))
        out: list[ActorRef] = []
        for ref in refs:
            if out and ref.start < out[-1].end:
                continue
            out.append(ref)
        return out


def _factions(refs: list[ActorRef], text: str) -> list[ActorRef]:
    """ "The X faction (Y) of Z" speaks as Z, as the field readers code it, unless Y is a known
    branch of Z; the one reference then spans the whole phrase."""
    out = list(refs)
    for i in range(len(out) - 1, -1, -1):
        a = out[i]
        if a.kind != GROUP:
            continue
        for b in out[i + 1 :]:
            gap = text[a.end : b.start]
            if len(gap) > 90 or "." in gap or ";" in gap:
                break
            if b.kind != GROUP or b.name == a.name or not FACTION_GAP.match(gap):
                continue
            if FACTION_WORD.search(gap) and group_parents().get(a.name) != b.name:
                out[i] = ActorRef(b.name, GROUP, a.start, b.end)
            break
    return out
