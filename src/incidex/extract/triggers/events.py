"""Find the attacks a document reports and group each attack's sentences.

A GTD summary (it opens with "MM/DD/YYYY:") tells one attack: every sentence belongs to it, except a
trigger sentence dated to another year ("In 2019, the group also ...") which is a background
mention of its own.

A news article is read unit by unit (sentences, split where a coordinated clause reports a further
attack, see ``segments``). A unit with a strong trigger that reports an attack that happened
(``modality``):
- telling another time (``other_attack``: another year or month, "the November attack", another
  day with a new town or new victims) or carrying a background cue ("last week", "has claimed"),
  becomes a separate *background* mention; a dated apposition inside a sentence about the attack
  ("X, the mastermind of a 2014 massacre, claimed the assault") is cut off into that mention;
- named for a place no attack here was told at ("the Gaza massacre") joins nothing;
- marked as another report ("Meanwhile", "in a separate attack", a fronted "In <new place>," or
  "As people fled toward <new place>,"), or following a sentence that announces several attacks
  ("Tuesday saw three other attacks": they take its day), starts a new main mention;
- otherwise it continues the current attack (the first one starts the document's main attack).
A split-off clause or list item keeps what of its sentence scopes over it (fronted place, list
lead-in). Units without a strong trigger join the attack they refer to (casualty words, "the
blasts", "the attacker": the last one told in their paragraph) or continue its paragraph, unless
they tell a legal step. Boilerplate (related stories,
captions) never starts a mention; a boilerplate unit naming a place of the main attack supports it.
Units keep only the clauses that belong to the attack (``segments.prune``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span

from incidex.extract.budget import Deadline
from incidex.extract.casualties.numbers import number_word
from incidex.extract.components import TRIGGERS
from incidex.extract.dates.dates import DateHit, find_dates, gtd_prefix, referenced_scope
from incidex.extract.doc_index import ents_in, sentences, triggers_in
from incidex.extract.intervals import IntervalLookup
from incidex.extract.layout.segments import (
    fronted_clause_place,
    fronted_place,
    gapped_clause,
    labelled_place,
    prune,
    sentence_units,
)
from incidex.extract.triggers.event_cues import (
    cue_words,
    is_generic,
    legal_rx,
    patterns,
    reported_back,
    weak_kinds,
    without_asides,
)
from incidex.extract.triggers.modality import clause_text, clause_tokens, irrealis_reason
from incidex.extract.triggers.other_attack import named_elsewhere, nested_earlier, other_date
from incidex.extract.triggers.qualification import forces_attacked, state_deed, trigger_veto
from incidex.models import Document


@dataclass(slots=True)
class Group:
    """The sentences (or sentence pieces) of one attack and the trigger that opened it."""

    trigger: Span
    sentences: list[Span] = field(default_factory=list)
    background: bool = False
    date: DateHit | None = None
    block: int = -1  # index of the block of its last unit (paragraph continuity)
    words: set[str] = field(default_factory=set)  # lower-case words of its units (routing)
    kinds: set[str] = field(default_factory=set)  # trigger kinds of its units (routing)


def _block_index(document: Document, start: int, blocks: IntervalLookup) -> tuple[int, bool]:
    """Index of the block holding character ``start`` and whether it is boilerplate."""
    i = blocks.first_holding(start)
    if i is None:
        return -1, False
    return i, document.blocks[i].kind == "boilerplate"


def _dates(unit: Span, published: date | None) -> list[DateHit]:
    return find_dates(unit.text, published, unit.start_char)


class _Grouper:
    """State of one pass over a news document's units."""

    def __init__(self, document: Document, doc: Doc) -> None:
        self.document = document
        self.doc = doc
        self.groups: list[Group] = []
        self.current: Group | None = None
        self.last: Group | None = None
        self.pending: list[Span] = []
        self.pending_block = -2
        self.teaser_block = -2  # block of the last boilerplate unit that supports the main attack
        self.split_next = 0  # units left in which an announced further attack may start
        self.stats_block = -2  # a paragraph of statistics: no attack of its own
        self.free = False  # the last unit referred to an attack: one more sentence may follow
        self.counted = False  # the last unit counted many attacks at once
        self.ref: str | None = None
        self.splits: dict[int, Span | None] = {}
        self.announced: DateHit | None = None  # the time of a sentence announcing attacks
        self.blocks = IntervalLookup([(b.start, b.end) for b in document.blocks])
        # kept as groups grow, not rebuilt per unit (linear in the document's length)
        self.words_main: set[str] = set()  # the words of the main attacks' units
        self.words_all: set[str] = set()  # the words of every attack's units
        self.by_word: dict[str, list[int]] = {}  # word -> indexes of the groups that hold it
        self.mains: list[Group] = []  # the main (not background) groups, in order
        self.position: dict[int, int] = {}  # id(group) -> its index among the groups
        self.main_position: dict[int, int] = {}  # id(group) -> its index among the main ones
        self.first_main: dict[str, int] = {}  # trigger kind -> first main group holding it
        self.by_date: dict[str, Group] = {}  # month or day -> first background group dated so
        self.told_text: dict[int, tuple[int, str]] = {}  # id(group) -> (units read, their text)

    def triggers_of(self, unit: Span) -> list[Span]:
        return triggers_in(unit)

    def run(self, deadline: Deadline | None = None) -> list[Group]:
        units, self.splits = sentence_units(self.doc)
        for unit in (piece for u in units for piece in self._at_blocks(u)):
            if deadline is not None:
                deadline.check("the grouping of its sentences")
            block, boiler = _block_index(self.document, unit.start_char, self.blocks)
            if boiler:
                self._boilerplate(unit, block)
            else:
                self._unit(unit, block)
                self.split_next = max(0, self.split_next - 1)
        return self._finish()

    def _at_blocks(self, unit: Span) -> list[Span]:
        """``unit`` cut where a block (paragraph, teaser, caption) starts inside it."""
        starts = set(self.blocks.starts_within(unit.start_char, unit.end_char))
        if not starts:
            return [unit]
        cuts = [
            t.i
            for t in unit
            if t.i > unit.start and any(t.idx >= s > t.nbor(-1).idx for s in starts)
        ]
        bounds = [unit.start, *cuts, unit.end]
        return [self.doc[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]

    def _realis(self, unit: Span) -> tuple[list[Span], list[Span]]:
        strong: list[Span] = []
        weak: list[Span] = []
        for trig in self.triggers_of(unit):
            if irrealis_reason(trig) is not None:
                continue
            if trig.label_ in weak_kinds() and forces_attacked(trig) is None:
                weak.append(trig)
            elif not is_generic(trig):
                strong.append(trig)
        # a state force's raid or arrest made over an attack it refers to does not speak for
        # the unit ("police raided a flat in the inquiry into last week's knife attack")
        if strong and trigger_veto(strong[0]) is not None:
            strong.sort(key=lambda t: referenced_scope(t) is None or trigger_veto(t) is not None)
        return strong, weak

    def _unit(self, unit: Span, block: int) -> None:
        strong, weak = self._realis(unit)
        text = unit.text
        pats = patterns()
        if self.current is not None and pats["statistic_cues"].search(text):
            self.stats_block, self.free = block, False
            return
        if block == self.stats_block:
            return
        if (cue := pats["announce_cues"].search(text)) is not None:
            # "three other attacks": each of the next three reports may start one
            count = number_word(cue.group(0).split()[0]) or 2
            self.split_next, self.free = min(count, 6) + 1, False
            near = [h for h in _dates(unit, self.document.published) if h.rule != "dates.year"]
            self.announced = near[0] if near else None
            return
        counted, self.counted = self.counted, False
        if strong and (
            pats["aggregate_cues"].search(text) or (counted and _points_to_many(strong))
        ):
            # "There were 900 attacks ..." and then "Those attacks killed ...": no one attack
            self.free, self.counted = False, True
            return
        if strong:
            self._strong(unit, block, strong)
            return
        if (
            self.last is not None
            and unit.start in self.splits
            and (fronted_place(unit) or gapped_clause(unit))
        ):
            # "two bombings, in Suruc and in Ankara, the latter killing 100": the split-off
            # place tells an attack of its own, of the kind and time of its sentence's trigger
            last = self.last
            scope = self.splits.get(unit.start)
            units = [scope, unit] if scope is not None and gapped_clause(unit) else [unit]
            self._add(Group(last.trigger, units, last.background, last.date, block))
            if not last.background:
                self.current = self.groups[-1]
            return
        if self.last is None:
            self.pending = [*self.pending, unit] if self.pending_block == block else [unit]
            self.pending_block = block
            return
        anaphor = pats["anaphora"].search(text)
        if self.last.background and self.free and (anaphor or weak) and self.last.block == block:
            self._attach(self.last, unit, block)
        elif (weak or anaphor) and self.current is not None:
            target = self._route(unit, [])
            places = [e for e in ents_in(unit) if e.label_ in ("GPE", "LOC") and not _whither(e)]
            if anaphor or not places or any(e.root.lower_ in target.words for e in places):
                self._attach(target, unit, block)
            else:  # casualties somewhere else: another story
                self.free = False
        elif (
            self.free
            and self.last.block == block
            and not self.last.background
            and not legal_rx().search(text)
        ):
            # one sentence following a reference to the attack in its paragraph continues it
            self._attach(self.last, unit, block)
            self.free = False
        else:
            self.free = False

    def _strong(self, unit: Span, block: int, strong: list[Span]) -> None:
        if self.current is not None and all(state_deed(t) for t in strong):
            if patterns()["perpetrator_anaphora"].search(unit.text):
                # forces' response to the attack just told ("troops stormed the building and
                # killed three of the attackers"): part of its story, its dead attackers its own
                self._attach(self._route(unit, []), unit, block)
            else:  # an operation of its own ("troops raided hideouts and killed four"): apart
                self.free = False
            return
        trig = strong[0]
        clause = clause_text(trig)
        inside = {t.idx for s in strong for t in clause_tokens(s)}
        hits = [
            h
            for h in _dates(unit, self.document.published)
            if any(h.start <= i < h.end for i in inside)
        ]
        hits.extend(self._gapped_dates(unit))
        other = None
        if self.current is not None:
            told = self.words_main
            label = self.current.trigger.label_
            pub = self.document.published
            other = other_date(unit, strong, hits, self.ref, pub, label, told)
        cued = [t for t in strong if self._background_cue(unit, t)]
        if self.current is not None and (other is not None or cued):
            if other is not None:
                trig = min(strong, key=lambda t: abs(t.start_char - other.start))
            else:
                trig = cued[0]
            conj = self._dated_conjunct(unit, other)
            if conj is not None:
                self._background(Group(conj[0], [conj[1]], True, other, block))
                return
            nested = nested_earlier(self.doc, trig, strong, other)
            if nested is not None:
                self._split_background(unit, nested, trig, strong, other, block)
                return
            self._background(
                Group(trig, self._scoped(unit), background=True, date=other, block=block)
            )
            return
        if self.current is not None and named_elsewhere(strong, self.words_all):
            self.free = False  # "criticism of the Gaza massacre": another, undated event
            return
        if self.current is not None and self._distinct(unit, clause, trig):
            self._start(trig, unit, block, hits)
            return
        if self.current is None:
            pending = self.pending if self.pending_block == block else []
            self._start(trig, unit, block, hits, pending)
            return
        if self._points_back(strong, block):
            assert self.last is not None
            self._attach(self.last, unit, block)
            return
        self._attach(self._route(unit, strong), unit, block)

    def _dated_conjunct(self, unit: Span, other: DateHit | None) -> tuple[Span, Span] | None:
        """Of two coordinated event nouns ("after the Lyon attacks and the killing of 9 people in
        Texas in May"), the second holding both its own place and the date is the attack dated:
        its trigger and its words only, not the first event's place."""
        if other is None:
            return None
        strong, weak = self._realis(unit)
        roots = {t.root.i for t in strong}
        for trig in [*strong, *weak]:
            root = trig.root
            if root.dep_ != "conj" or root.head.i not in roots or not root.tag_.startswith("NN"):
                continue
            span = self.doc[root.left_edge.i : root.right_edge.i + 1]
            if not span.start_char <= other.start < span.end_char:
                continue
            if any(e.label_ in ("GPE", "LOC") for e in ents_in(span)):
                return trig, span
        return None

    def _gapped_dates(self, unit: Span) -> list[DateHit]:
        """The dates of a gapped conjunct cut from ``unit``'s sentence ("killed 15 in Aden and
        seven in Sanaa on Oct. 5"): the date ends the sentence and scopes over both attacks."""
        sent = unit.sent
        for start in self.splits:
            if unit.end <= start < sent.end and gapped_clause(self.doc[start : sent.end]):
                return _dates(self.doc[start : sent.end], self.document.published)
        return []

    def _points_back(self, strong: list[Span], block: int) -> bool:
        """A demonstrative event noun ("That attack was claimed by ...") right after a background
        attack in its paragraph refers to that attack, not to the report's main one."""
        last = self.last
        if last is None or not last.background or not self.free or last.block != block:
            return False
        dets = cue_words("pointing_determiners")
        return any(c.dep_ == "det" and c.lower_ in dets for t in strong for c in t.root.children)

    def _scoped(self, unit: Span) -> list[Span]:
        """``unit`` with what of its sentence scopes over it when it was split off: the fronted
        place (unless it names its own) or a list's lead-in."""
        scope = self.splits.get(unit.start)
        if scope is None:
            return [unit]
        if fronted_place(scope) and any(e.label_ in ("GPE", "LOC") for e in ents_in(unit)):
            return [unit]
        return [scope, unit]

    def _split_background(
        self,
        unit: Span,
        nested: Span,
        trig: Span,
        strong: list[Span],
        other: DateHit | None,
        block: int,
    ) -> None:
        """The nested modifier becomes the earlier attack's; the rest continues the current one."""
        self._background(Group(trig, [nested], background=True, date=other, block=block))
        outside = [t for t in strong if not nested.start <= t.start < nested.end]
        for piece in (self.doc[unit.start : nested.start], self.doc[nested.end : unit.end]):
            if piece.text.strip(" ,.;"):
                self._attach(self._route(piece, outside), piece, block)

    def _route(self, unit: Span, strong: list[Span]) -> Group:
        """The attack a continuing unit belongs to: the one whose sentences share the trigger's
        modifiers ("the school attack"), else the main attack of its trigger kind."""
        assert self.current is not None
        mods = {
            c.lower_
            for t in strong
            for c in t.root.children
            if c.dep_ in ("compound", "amod") and c.tag_.startswith("NN")
        }
        if mods:
            # only groups holding a modifier can score above nought
            held = {i for m in mods for i in self.by_word.get(m, ())}
            scored = [(sum(m in self.groups[i].words for m in mods), -i) for i in held]
            if scored:
                best = max(scored)
                if sum(1 for x in scored if x[0] == best[0]) == 1:
                    return self.groups[-best[1]]
        mains = self.mains
        if len(mains) < 2:
            return self.current
        block = _block_index(self.document, unit.start_char, self.blocks)[0]
        last = self.last
        if not strong and last is not None and not last.background and last.block == block:
            return last  # "the attacker" in its paragraph: the attack just told
        kinds = {t.label_ for t in self.triggers_of(unit)}
        firsts = [self.first_main[k] for k in kinds if k in self.first_main]
        # the main groups of the unit's trigger kinds, else every main group
        fits_last = (
            last is not None and not last.background and (not firsts or bool(kinds & last.kinds))
        )
        if fits_last and last is not None and last.block == block:
            return last
        return mains[min(firsts)] if firsts else mains[0]

    def _background(self, group: Group) -> None:
        """A background reference; one with the same month or day as an earlier one is the same
        attack (a bare year, "last year", is shared by many attacks)."""
        if group.date and len(group.date.value) >= 7:
            old = self.by_date.get(group.date.value)
            if old is not None:
                self._attach(old, group.sentences[0], group.block)
                return
        self._add(group)

    def _background_cue(self, unit: Span, trig: Span) -> bool:
        """A background cue before the trigger (sentence opener) or in the trigger's clause."""
        lead = "".join(t.text_with_ws for t in without_asides(self.doc[unit.start : trig.start]))
        return bool(patterns()["background_cues"].search(lead + " \n " + clause_text(trig)))

    def _distinct(self, unit: Span, clause: str, trig: Span) -> bool:
        if (
            unit.start in self.splits
            or self.split_next
            or patterns()["distinct_cues"].search(unit.text[:40] + " " + clause)
        ):
            return True
        places = fronted_place(unit) or fronted_clause_place(unit) or labelled_place(unit)
        if not places and trig.label_ in weak_kinds():
            # forces hit somewhere the attack being told was not: an attack of its own
            places = [e.text for e in ents_in(unit) if e.label_ in ("GPE", "LOC")]
        if not places or self.current is None or reported_back(trig):
            return False
        told = self._told(self.current)
        return any(p not in told for p in places)

    def _told(self, group: Group) -> str:
        """The texts of ``group``'s units joined by spaces, extended as units are added."""
        read, text = self.told_text.get(id(group), (0, ""))
        if read != len(group.sentences):
            more = [s.text for s in group.sentences[read:]]
            text = " ".join([text, *more]) if read else " ".join(more)
            self.told_text[id(group)] = (len(group.sentences), text)
        return text

    def _start(
        self,
        trig: Span,
        unit: Span,
        block: int,
        hits: list[DateHit],
        pending: list[Span] | None = None,
    ) -> None:
        group = Group(trig, [*(pending or []), *self._scoped(unit)], block=block)
        if self.split_next and self.announced is not None and not _dates(unit, None):
            group.date = self.announced  # "Tuesday also saw three other attacks": their day
        if self.ref is None:
            near = [h for h in hits if h.rule != "dates.year"]
            if near:
                self.ref = near[0].value
            elif self.document.published is not None:
                self.ref = self.document.published.isoformat()
        self.current = group
        self._add(group)

    def _note(self, group: Group, unit: Span, index: int) -> None:
        """Add ``unit``'s words and trigger kinds to ``group`` (the ``index``-th) and the
        indexes kept over all groups."""
        words = {t.lower_ for t in unit} - group.words
        group.words.update(words)
        self.words_all.update(words)
        for word in words:
            self.by_word.setdefault(word, []).append(index)
        kinds = {t.label_ for t in self.triggers_of(unit)}
        group.kinds.update(kinds)
        if not group.background:
            self.words_main.update(words)
            at = self.main_position[id(group)]
            for kind in kinds:
                if self.first_main.get(kind, at + 1) > at:
                    self.first_main[kind] = at

    def _add(self, group: Group) -> None:
        self.position[id(group)] = len(self.groups)
        if not group.background:
            self.main_position[id(group)] = len(self.mains)
            self.mains.append(group)
        elif group.date and len(group.date.value) >= 7:
            self.by_date.setdefault(group.date.value, group)
        for unit in group.sentences:
            self._note(group, unit, len(self.groups))
        self.groups.append(group)
        self.last = group
        self.free = True

    def _attach(self, group: Group, unit: Span, block: int) -> None:
        group.sentences.append(unit)
        self._note(group, unit, self.position[id(group)])
        group.block = block
        self.last = group
        self.free = True

    def _boilerplate(self, unit: Span, block: int) -> None:
        """A teaser or caption supports the main attack when it names one of its places; the
        line right after such a headline that only adds casualties ("Officials said about 90
        people were wounded") is that story's teaser and supports it too."""
        main = next((g for g in self.groups if not g.background), None)
        if main is None:
            return
        strong, weak = self._realis(unit)
        if not (strong or weak):
            return
        told = self._told(main)
        places = [e.text for e in ents_in(unit) if e.label_ in ("GPE", "LOC", "FAC")]
        names = [t.text for t in unit if t.tag_ == "NNP" and t.is_title]
        teaser = not strong and not places and block - 1 == self.teaser_block >= 0
        if (
            (places and all(p in told for p in places))
            or (not places and any(n in told for n in names))
            or teaser
        ):
            main.sentences.append(unit)
            self.teaser_block = block

    def _finish(self) -> list[Group]:
        published = self.document.published
        for group in self.groups:
            ref = group.date.value if group.date else (self.ref if not group.background else None)
            pieces: list[Span] = []
            for unit in group.sentences:
                keep = group.trigger if unit.start <= group.trigger.start < unit.end else None
                pieces.extend(prune(unit, keep, published, ref))
            group.sentences = pieces or group.sentences
        main = [g for g in self.groups if not g.background]
        bg = [g for g in self.groups if g.background]
        return main + bg


def _whither(place: Span) -> bool:
    """A place people went to or came from ("hundreds fled to <Town>"), not where it happened."""
    return place.start > 0 and place.doc[place.start - 1].lower_ in (
        "to",
        "toward",
        "towards",
        "from",
    )


def _points_to_many(strong: list[Span]) -> bool:
    """Every trigger is a plural event noun pointed at ("those attacks"): the attacks just
    counted."""
    dets = cue_words("pointing_determiners")
    return all(
        t.root.tag_ == "NNS" and any(c.dep_ == "det" and c.lower_ in dets for c in t.root.children)
        for t in strong
    )


def _gtd_groups(document: Document, doc: Doc, header: DateHit) -> list[Group]:
    """A GTD summary: one attack with every sentence, plus trigger sentences of other years."""
    sents = sentences(doc)
    by_sent: dict[int, list[Span]] = {}
    for trig in doc.spans.get(TRIGGERS, []):
        by_sent.setdefault(trig.sent.start, []).append(trig)
    ref_year = int(header.value[:4])
    main: list[Span] = []
    groups: list[Group] = []
    trigger: Span | None = None
    for sent in sents:
        # the first strong trigger that reports a real attack (the parse walk is costly: stop there)
        weak = weak_kinds()
        strong = next(
            (
                [t]
                for t in by_sent.get(sent.start, [])
                if t.label_ not in weak and irrealis_reason(t) is None
            ),
            [],
        )
        other = [  # read only where they can matter: a real attack after the main sentences
            d
            for d in (
                find_dates(sent.text, document.published, sent.start_char)
                if strong and main
                else []
            )
            if not d.relative and int(d.value[:4]) != ref_year
        ]
        if strong and other and main:
            groups.append(Group(strong[0], [sent], background=True, date=other[0]))
            continue
        if trigger is None and strong:
            trigger = strong[0]
        main.append(sent)
    if not main:
        return groups
    if trigger is None:
        trigger = main[min(1, len(main) - 1)]
    return [Group(trigger, main), *groups]


def group_sentences(document: Document, doc: Doc, deadline: Deadline | None = None) -> list[Group]:
    """The attack groups of one document, main ones first in text order, background after
    (checked against ``deadline`` unit by unit)."""
    header = gtd_prefix(document.text)
    if header is not None:
        return _gtd_groups(document, doc, header)
    return _Grouper(document, doc).run(deadline)
