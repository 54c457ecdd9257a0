"""Attribution statements: who claims, confirms, blames, suspects or denies an attack, as data.

Each sentence with a stance cue (``data/stances.yaml``) is read clause by clause: the speaker
(source) is the actor named before the cue in its clause, or the speaker of the quotation the cue
stands in ("“Ruritania was not involved,” the foreign ministry's spokesman said"); the target is
the actor named after the cue ("put the blame on Ruritania and its allies"), preferring one
followed by its role ("that the movement's southern wing was behind"). The actors are found by
``statement_actors``. Statements attach to the mention whose sentences hold their cue, else to
the document's main mention; each mention then reports the gname and claimed they give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from incidex.extract.actors.statement_actors import DocumentActors, cues
from incidex.extract.doc_index import sentences
from incidex.extract.intervals import IntervalLookup
from incidex.kb.attribution import add_mention_attribution
from incidex.kb.lexicon import GROUP, STATE, ActorRef
from incidex.models import Document, Evidence, Mention, Stance, Statement
from incidex.text import prefilter
from incidex.vocab import group_parents

PRIORITY = [Stance.CLAIMS, Stance.DENIES, Stance.CONFIRMS, Stance.BLAMES, Stance.SUSPECTS]
COORDINATED = re.compile(r"\s*(?:,|and|or|as well as|,\s*and|&)\s*(?:the\s+)?")
POSSESSIVE_BEFORE = re.compile(r"['’]s\s*$")


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

    def _cues(self, found: list[_Cue]) -> list[_Cue]:
        """The cue matches ``found`` (see ``_matches``) that are no word of an actor's name,
        overlaps resolved in text order."""
        kept: list[_Cue] = []
        for cue in found:
            if kept and cue.start < kept[-1].end:
                continue
            if any(r.start < cue.end and cue.start < r.end for r in self.refs):
                continue  # a word of an actor's name ("United States")
            kept.append(cue)
        return kept

    def _matches(self) -> list[_Cue]:
        """Every stance and report cue of the sentence, in text order, longest first."""
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
        return found

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
            # the last few characters decide (a slice of them, not the text so far: linear)
            tail = self.text[max(0, zone_start - 5) : zone_start]
            if zone_start <= floor or not re.search(r"(?:[,–—]|\bbut)$", tail):
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
        matches = self._matches()
        if not matches:  # (with no actor known yet, a cue is kept whenever one matched)
            return out
        self.refs = self.actors.in_span(self.start, self.end)
        found_cues = self._cues(matches)
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
    for sent in sentences(sdoc):
        # the document's own text, sliced: a spaCy span rebuilds its text from its tokens
        if not prefilter.search(cues().any, document.text[sent.start_char : sent.end_char]):
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
    # every sentence of every mention, in mention order: the first holding a cue owns it
    owners = [(m, s) for m, sents in zip(mentions, spans, strict=False) for s in sents]
    lookup = IntervalLookup([(s.start_char, s.end_char) for _, s in owners])
    for st, pos in _cued_statements(document, sdoc):
        at = lookup.first_holding(pos)
        owner = owners[at][0] if at is not None else None
        if owner is None and not any(a <= pos < b for a, b in boiler):
            owner = primary
        if owner is not None:
            owner.statements.append(st)
    for mention in mentions:
        if mention.statements:
            add_mention_attribution(mention)
