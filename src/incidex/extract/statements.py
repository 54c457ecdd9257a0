"""Attribution statements: who claims, confirms, blames, suspects or denies an attack, as data.

Each sentence with a stance cue (``data/stances.yaml``) is read clause by clause: the speaker
(source) is the actor named before the cue in its clause, or the speaker of the quotation the cue
stands in ("“The US was not involved,” the State Department's spokesperson said"); the target is
the actor named after the cue ("laid the responsibility on Israel and the US"), preferring one
followed by its role ("that the group's Afghan branch was behind"). Actors are armed groups (the
gazetteer component's spans), states, agencies and state organs ("Iranian officials"), "the
group" (the group named last before it) and regional branches ("the Afghanistan branch of ISIS").
Statements attach to the mention whose sentences hold them, else to the document's main mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span

from incidex.extract.actors import FACTION_GAP, FACTION_WORD
from incidex.extract.attribution import regional_branch
from incidex.extract.base import load_data
from incidex.extract.components import ACTORS
from incidex.kb import lexicon
from incidex.kb.attribution import add_mention_attribution
from incidex.kb.lexicon import GROUP, STATE, ActorRef
from incidex.models import Document, Evidence, Mention, Stance, Statement
from incidex.vocab import group_parents

PRIORITY = [Stance.CLAIMS, Stance.DENIES, Stance.CONFIRMS, Stance.BLAMES, Stance.SUSPECTS]
COORDINATED = re.compile(r"\s*(?:,|and|or|as well as|,\s*and|&)\s*(?:the\s+)?")
POSSESSIVE_BEFORE = re.compile(r"['’]s\s*$")
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
    alt = "|".join(sorted((re.escape(k) for k in demonyms), key=len, reverse=True))
    # a government named by its head ("the Biden administration") is the state's organ too
    heads = {
        str(w).lower(): country
        for country, words in (d.get("government_heads") or {}).items()
        for w in words
    }
    organ_alt = "|".join(sorted((re.escape(k) for k in demonyms | heads), key=len, reverse=True))
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


def _groups(sdoc: Doc, text: str) -> list[ActorRef]:
    """Groups named in the document: the gazetteer component's spans, then the lexicon's finds
    (spelling variants "Al Qaida in the Arabian Peninsula", noisy spellings "ISIS–-K"), a find
    replacing the spans inside it ("Al Qaida" of the longer name)."""
    refs = [ActorRef(s.label_, GROUP, s.start_char, s.end_char) for s in sdoc.spans.get(ACTORS, [])]
    for hit in lexicon.find(text, 0, frozenset({GROUP})):
        s, e = hit.start, hit.end
        if any(r.start <= s and e <= r.end for r in refs):
            continue
        kept = [r for r in refs if not (s <= r.start and r.end <= e)]
        if any(r.start < e and s < r.end for r in kept):
            continue
        refs = kept + [ActorRef(hit.name, GROUP, s, e)]
    return sorted(refs, key=lambda r: r.start)


class DocumentActors:
    """The actors named in one document: groups (with "the group" resolved), states, agencies."""

    def __init__(self, document: Document, sdoc: Doc) -> None:
        self.text = document.text
        self.groups = _groups(sdoc, self.text)

    def last_group(self, before: int) -> str | None:
        prior = [g for g in self.groups if g.end <= before]
        return prior[-1].name if prior else None

    def in_span(self, start: int, end: int) -> list[ActorRef]:
        """Every actor named in ``text[start:end]``, in order, overlaps resolved (longest)."""
        text, c = self.text, cues()
        refs = [g for g in self.groups if start <= g.start < end]
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


def _quotes(text: str) -> list[tuple[int, int]]:
    """Spans of quoted passages in ``text`` (an unclosed quote runs to the end)."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)", text):
        spans.append((m.start(), m.end()))
    return spans


def _pick(refs: list[ActorRef], text: str) -> list[ActorRef]:
    """The first actor of a clause and those coordinated with it ("Iran and the United States");
    a state or group owning the next actor ("Iran's Intelligence Ministry") gives way to it."""
    refs = [
        r
        for i, r in enumerate(refs)
        if not (
            i + 1 < len(refs)
            and re.fullmatch(r"['’]s\s+(?:\w+\s+){0,1}", text[r.end : refs[i + 1].start])
        )
    ]
    if not refs:
        return []
    picked = [refs[0]]
    for ref in refs[1:]:
        if COORDINATED.fullmatch(text[picked[-1].end : ref.start]):
            picked.append(ref)
        else:
            break
    return picked


@dataclass(slots=True)
class _Cue:
    stance: Stance | None  # None: a verb of saying that opens a reported clause
    start: int
    end: int


class SentenceReader:
    """Reads the statements of one sentence."""

    def __init__(self, actors: DocumentActors, sent: Span) -> None:
        self.actors = actors
        self.text = actors.text
        self.start, self.end = sent.start_char, sent.end_char
        self.refs: list[ActorRef] = []
        rel = _quotes(self.text[self.start : self.end])
        self.quotes = [(self.start + a, self.start + b) for a, b in rel]

    def _quoted(self, pos: int) -> tuple[int, int] | None:
        return next(((a, b) for a, b in self.quotes if a <= pos < b), None)

    def _cues(self) -> list[_Cue]:
        c = cues()
        found = [
            _Cue(stance, m.start(), m.end())
            for stance, rx in c.stance
            for m in rx.finditer(self.text, self.start, self.end)
        ]
        found += [
            _Cue(None, m.start(), m.end())
            for m in c.reports.finditer(self.text, self.start, self.end)
        ]
        found.sort(key=lambda q: (q.start, -(q.end - q.start)))
        kept: list[_Cue] = []
        for cue in found:
            if kept and cue.start < kept[-1].end:
                continue
            if any(r.start < cue.end and cue.start < r.end for r in self.refs):
                continue  # a word of an actor's name ("United States")
            kept.append(cue)
        return kept

    def _zone_start(self, pos: int, floor: int) -> int:
        bounds = [m.end() for m in cues().source_bounds.finditer(self.text, floor, pos)]
        return bounds[-1] if bounds else floor

    def sources(self, pos: int, after: int | None = None) -> list[ActorRef]:
        """The speaker of a cue at ``pos``: the quotation's speaker, else the clause's subject,
        found after ``after`` (the end of the cue before: "X claims responsibility Y claimed")."""
        quote = self._quoted(pos)
        if quote is not None:
            return self._speaker(quote)
        floor = max(self.start, after or self.start)
        inside = [q for q in self.quotes if q[1] <= pos]
        if inside:
            floor = max(floor, inside[-1][1])
        end = pos
        # an empty clause: look back over an apposition ("X, a group, said"), but not over the
        # object of an earlier cue ("X confirmed the role of Y but laid the blame on Z")
        for _ in range(1 if after else 3):
            zone_start = self._zone_start(end, floor)
            zone = [r for r in self.refs if zone_start <= r.start and r.end <= end]
            if cues().nobody.search(self.text, zone_start, end):
                return []
            if zone:
                return _pick(zone, self.text)
            if zone_start <= floor or not re.search(r"(?:[,–—]|\bbut)$", self.text[:zone_start]):
                return []
            end = zone_start - 1
        return []

    def _speaker(self, quote: tuple[int, int]) -> list[ActorRef]:
        """The actor saying a quotation: after it (", the ministry said") or before it."""
        c = cues()
        after_end = next((a for a, _ in self.quotes if a >= quote[1]), self.end)
        after = c.speech.search(self.text, quote[1], after_end)
        if after is not None:
            zone = [r for r in self.refs if quote[1] <= r.start and r.end <= after_end]
            if zone:
                return _pick(zone, self.text)
        before_start = max((b for _, b in self.quotes if b <= quote[0]), default=self.start)
        if c.speech.search(self.text, before_start, quote[0]):
            zone = [r for r in self.refs if before_start <= r.start and r.end <= quote[0]]
            return _pick(zone, self.text)
        return []

    def targets(self, pos: int) -> list[ActorRef]:
        """The actors a cue ending at ``pos`` is about, a named role first ("that X was behind")."""
        bound = cues().target_bounds.search(self.text, pos, self.end)
        end = bound.start() if bound else self.end
        quote = self._quoted(pos)
        if quote is not None:
            end = min(end, quote[1])
        zone = [r for r in self.refs if pos <= r.start and r.end <= end]
        for i, ref in enumerate(zone):
            tail = self.text[ref.end : ref.end + 50]
            if cues().roles.match(re.sub(r"^['’]s\s+|^\s+", "", tail)) or re.match(
                r"['’]s\s+claim", tail
            ):
                return _pick(zone[i:], self.text)
        return _pick(zone, self.text)

    def statements(self, doc_id: str) -> list[tuple[Statement, int]]:
        """Each statement of the sentence with the position of its cue."""
        out: list[tuple[Statement, int]] = []
        previous: list[ActorRef] = []
        found_cues = self._cues()
        if not found_cues:
            return out
        self.refs = self.actors.in_span(self.start, self.end)
        found_cues = self._cues()
        for i, cue in enumerate(found_cues):
            limit = found_cues[i + 1].start if i + 1 < len(found_cues) else self.end
            after = found_cues[i - 1].end if i else None
            found = self._read(cue, previous, limit, after)
            if found is None:
                continue
            sources, stance, targets = found
            previous = sources
            for source in sources:
                chosen: list[ActorRef | None] = list(targets) or [None]
                for target in chosen:
                    out.append((self._statement(doc_id, cue, source, stance, target), cue.start))
        return out

    def _read(
        self, cue: _Cue, previous: list[ActorRef], limit: int, after: int | None = None
    ) -> tuple[list[ActorRef], Stance, list[ActorRef]] | None:
        """(sources, stance, targets) of one cue, or None when it says nothing attributable."""
        text = self.text
        sources = self.sources(cue.start, after) or self.sources(cue.start)
        if not sources and previous and len(self._gap_before(cue).split()) <= 1:
            sources = previous  # "X confirmed ... but laid the responsibility on Y"
        if cue.stance == Stance.CLAIMS:
            own = [
                r
                for r in self.refs
                if r.end <= cue.start and POSSESSIVE_BEFORE.fullmatch(text[r.end : cue.start])
            ]
            groups = own[-1:] or [s for s in sources if s.kind == GROUP]
            return (groups, Stance.CLAIMS, groups) if groups else None
        if cue.stance is None:
            return self._reported(cue, sources, limit)
        if cue.stance == Stance.DENIES:
            return self._denial(cue, sources)
        if not sources:
            return None
        targets = [t for t in self.targets(cue.end) if t.kind in (GROUP, STATE)]
        if not targets:
            return None
        names = {s.name for s in sources}
        if all(t.name in names or _related(t.name, names) for t in targets):
            return (targets, Stance.CLAIMS, targets) if targets[0].kind == GROUP else None
        return sources, cue.stance, [t for t in targets if t.name not in names]

    def _gap_before(self, cue: _Cue) -> str:
        """The words of the cue's clause before it (none: a verb sharing an earlier subject)."""
        return self.text[self._zone_start(cue.start, self.start) : cue.start]

    def _reported(
        self, cue: _Cue, sources: list[ActorRef], limit: int
    ) -> tuple[list[ActorRef], Stance, list[ActorRef]] | None:
        """ "X said (that) Y carried out the attack": X claims (Y is X or absent) or blames Y.

        The reported clause ends before the next cue or quotation."""
        bound = cues().target_bounds.search(self.text, cue.end, limit)
        quote = next((a for a, _ in self.quotes if a >= cue.end), limit)
        end = min(bound.start() if bound else limit, quote)
        role = cues().roles.search(self.text, cue.end, end)
        if role is None or not sources:
            return None
        between = [r for r in self.refs if cue.end <= r.start and r.end <= role.start()]
        names = {s.name for s in sources}
        if not between or all(r.name in names or _related(r.name, names) for r in between):
            groups = [s for s in sources if s.kind == GROUP]
            return (groups, Stance.CLAIMS, groups) if groups else None
        targets = [r for r in _pick(between, self.text) if r.kind in (GROUP, STATE)]
        return (sources, Stance.BLAMES, targets) if targets else None

    def _denial(
        self, cue: _Cue, sources: list[ActorRef]
    ) -> tuple[list[ActorRef], Stance, list[ActorRef]] | None:
        """ "X denied any involvement" (X about itself); "“Y was not involved,” X said" (about
        Y); "X has no reason to believe that Y was involved" (about Y)."""
        text = self.text
        if cues().denial_subject.match(text, cue.start):
            zone_start = self._zone_start(cue.start, self.start)
            subject = [r for r in self.refs if zone_start <= r.start and r.end <= cue.start]
            targets = _pick(subject, text)
            speakers = self._speaker(q) if (q := self._quoted(cue.start)) else []
            if not speakers:
                speakers = self.sources(zone_start - 1) if zone_start > self.start else []
            if not speakers or not targets:
                return None
            return speakers, Stance.DENIES, targets
        if not sources:
            return None
        named = [
            t
            for t in self.targets(cue.end)
            if cues().roles.match(re.sub(r"^\s+", "", text[t.end : t.end + 40]))
        ]
        return sources, Stance.DENIES, named or sources

    def _statement(
        self, doc_id: str, cue: _Cue, source: ActorRef, stance: Stance, target: ActorRef | None
    ) -> Statement:
        spans = [cue.start, cue.end, source.start, source.end]
        if target is not None:
            spans += [target.start, target.end]
        start, end = min(spans), max(spans)
        rule = f"statements.{stance}" + ("-reported" if cue.stance is None else "")
        if self._quoted(cue.start):
            rule += "-quoted"
        evidence = Evidence(doc_id, start, end, self.text[self.start : self.end], rule, 0.7)
        return Statement(
            source=source.name,
            stance=stance,
            target=target.name if target else None,
            evidence=evidence,
            source_kind=source.kind,
            target_kind=target.kind if target else None,
        )


def _related(name: str, names: set[str]) -> bool:
    """``name`` is a branch or the parent of one of ``names`` (the same organisation)."""
    parents = group_parents()
    return parents.get(name) in names or any(parents.get(n) == name for n in names)


def document_statements(document: Document, sdoc: Doc) -> list[Statement]:
    """Every attribution statement of a parsed document, each once."""
    return [st for st, _ in _cued_statements(document, sdoc)]


def _cued_statements(document: Document, sdoc: Doc) -> list[tuple[Statement, int]]:
    """Every attribution statement of a parsed document, each once, with its cue's position."""
    if not cues().any.search(document.text):
        return []
    actors: DocumentActors | None = None
    seen: dict[tuple[str, str, str | None, int], tuple[Statement, int]] = {}
    for sent in sdoc.sents:
        if not cues().any.search(sent.text):
            continue
        actors = actors or DocumentActors(document, sdoc)
        for st, cue in SentenceReader(actors, sent).statements(document.id):
            st.reported = document.published
            seen.setdefault((st.source, str(st.stance), st.target, sent.start_char), (st, cue))
    return list(seen.values())


def attach_statements(
    document: Document, sdoc: Doc, spans: list[list[Span]], mentions: list[Mention]
) -> None:
    """Give each mention the statements made in its sentences (``spans[i]`` for
    ``mentions[i]``): the mention holding the cue's words ("..., claimed responsibility for the
    assault" is about the attack of that clause, even when an apposition about an older attack
    names the speaker); statements elsewhere in the body go to the main mention. Each mention
    then reports the gname and claimed its statements give (``kb.attribution``)."""
    if not mentions:
        return
    primary = next((m for m in mentions if m.primary), mentions[0])
    boiler = [(b.start, b.end) for b in document.boilerplate_blocks()]
    for st, pos in _cued_statements(document, sdoc):
        owner = next(
            (
                m
                for m, sents in zip(mentions, spans, strict=False)
                if any(s.start_char <= pos < s.end_char for s in sents)
            ),
            None,
        )
        if owner is None and not any(a <= pos < b for a, b in boiler):
            owner = primary
        if owner is not None:
            owner.statements.append(st)
    for mention in mentions:
        if mention.statements:
            add_mention_attribution(mention)
