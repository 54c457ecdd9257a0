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
from datetime import date
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from incidex.config import Settings
from incidex.errors import OverBudget
from incidex.extract.actors import attach_statements, extract_actor, group_of_frame
from incidex.extract.base import SENTENCE_LOOKUP, MentionContext
from incidex.extract.budget import Deadline
from incidex.extract.casualties import extract_casualties
from incidex.extract.casualties.bounds import doubt_counts
from incidex.extract.components import BLOCK_STARTS, STATE_DEEDS, TRIGGERS, Gazetteer
from incidex.extract.dates import DateHit, attack_date, gtd_prefix, referenced_scope
from incidex.extract.dates.dates import clause_head, event_phrases, tells_attack
from incidex.extract.doc_index import ents_in, reset_index, triggers_in
from incidex.extract.layout import as_sentences
from incidex.extract.nlp import load_nlp
from incidex.extract.places import country_names, extract_place, place_noun_name, same_place
from incidex.extract.roles import extract_roles
from incidex.extract.rules import check_rules
from incidex.extract.taxonomy import extract_taxonomy
from incidex.extract.triggers import (
    Group,
    Relevance,
    Report,
    document_frame,
    grammar_words,
    group_sentences,
    qualify,
    relevance,
    tells_no_attack,
    trigger_veto,
)
from incidex.extract.triggers.event_cues import patterns, weak_kinds
from incidex.extract.triggers.qualification import is_state_force, state_deed
from incidex.geo.gazetteer import city_in
from incidex.kb.reference import link_known
from incidex.models import Document, Evidence, FieldName, FieldValue, Mention, Qualification
from incidex.text import prefilter

log = logging.getLogger(__name__)


def _story_date(primary: Mention, mentions: list[Mention]) -> None:
    """A further attack of the same story that gives no date of its own ("In X, a man opened
    fire ...") happened on the story's day, not on the publication day."""
    own = next((v for v in primary.values if v.name is FieldName.DATE), None)
    if own is None or own.evidence is None or own.evidence.rule == "dates.published-fallback":
        return
    for mention in mentions:
        if mention is primary or mention.background:
            continue
        for i, value in enumerate(mention.values):
            ev = value.evidence
            if value.name is FieldName.DATE and ev and ev.rule == "dates.published-fallback":
                mention.values[i] = replace(own, evidence=replace(ev, rule="dates.story-date"))


class Extractor:
    """Turns documents into attack mentions with evidence-backed GTD field values."""

    def __init__(self, settings: Settings | None = None, rules_dir: Path | None = None) -> None:
        """Check the rule files first (``rules.check_rules``: in ``rules_dir``, else the shipped
        ones): a malformed one raises ``RuleDataError`` here, before any document is read."""
        check_rules(rules_dir)
        self.settings = settings or Settings.from_env()
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first use (raises ``ModelError`` if missing)."""
        if self._nlp is None:
            self._nlp = load_nlp(self.settings.spacy_model)
        return self._nlp

    def extract(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Mention]]]:
        """Mentions per document, in input order.

        Each batch is first tokenized and passed through the document gate (``relevance``);
        only the documents that may report an incident are parsed."""
        nlp = self.nlp
        size = self.settings.batch_size
        for batch in batched(docs, size):
            gated = [self._gate(d) for d in batch]
            todo = [(sdoc, d) for d, sdoc, verdict in gated if verdict.relevant]
            parsed = iter(nlp.pipe(todo, as_tuples=True, batch_size=size))
            for document, _, verdict in gated:
                if not verdict.relevant:
                    log.debug("document %s not parsed: %s", document.id, verdict.reason)
                    yield document, []
                    continue
                sdoc, _ = next(parsed)
                deadline = Deadline(document.id, self.settings.doc_time_budget)
                try:
                    mentions = self.mentions(document, sdoc, deadline)
                except OverBudget:
                    raise  # the caller skips the document with the reason (pipeline.py)
                except Exception:  # one bad document must not stop the batch
                    log.warning("extraction failed for document %s", document.id, exc_info=True)
                    mentions = []
                yield document, mentions

    def _gate(self, document: Document) -> tuple[Document, Doc, Relevance]:
        """The document's tokens (with its paragraph starts) and the gate's verdict on it."""
        nlp = self.nlp
        sdoc, _ = _with_blocks(nlp, document)
        if not self.settings.qualify:
            return document, sdoc, Relevance(True, "not gated (INCIDEX_QUALIFY=0)")
        docs = [sdoc, nlp.make_doc(document.title)] if document.title else [sdoc]
        gazetteer = nlp.get_pipe("incidex_gazetteer")
        assert isinstance(gazetteer, Gazetteer)
        return document, sdoc, relevance(document, docs, gazetteer)

    def mentions(
        self, document: Document, sdoc: Doc, deadline: Deadline | None = None
    ) -> list[Mention]:
        """The mentions of one parsed document: its attack groups that qualify as incidents
        (``qualify``), the first main one the document's primary. Past ``deadline`` it raises
        ``OverBudget`` at the next stage."""
        deadline = deadline or Deadline(document.id, None)
        reset_index(sdoc)  # entities and triggers of this parse, indexed on first use
        if gtd_prefix(document.text) is None:  # a GTD record tells one incident, forces and all
            triggers = sdoc.spans.get(TRIGGERS, [])
            sdoc.spans[STATE_DEEDS] = [t for t in triggers if state_deed(t)]
        groups = group_sentences(document, sdoc, deadline)
        deadline.check("the end of the grouping")
        groups, mentions = self._qualified(document, sdoc, groups, deadline)
        if not groups and document.title:
            return self._title_mentions(document, deadline)
        if mentions:
            primary = next((m for m in mentions if not m.background), mentions[0])
            primary.primary = True
            _story_date(primary, mentions)
            same_place(primary, mentions)
            _inherit_place(primary, mentions, groups)
            _share_list_group(mentions)
            if self.settings.reference_links:  # "the 2015 Ankara bombing" -> its catalogue day
                for mention, group in zip(mentions, groups, strict=True):
                    texts = [s.text for s in group.sentences]
                    link_known(mention, texts, document.published)
            groups, mentions = _told_once(groups, mentions)
        deadline.check("the statements")
        attach_statements(document, sdoc, [g.sentences for g in groups], mentions)
        return mentions

    def _qualified(
        self,
        document: Document,
        sdoc: Doc,
        groups: list[Group],
        deadline: Deadline,
        title: bool = False,
    ) -> tuple[list[Group], list[Mention]]:
        """The groups that may be incidents and their mentions, each with its qualification.

        A group vetoed on its trigger alone (its sense, a state agent) is not read further. An
        attack that qualifies on nothing of its own may on the document's frame (another report
        of the document qualified on its own grounds)."""
        record = gtd_prefix(document.text) is not None
        keep = not self.settings.qualify  # every realis report is kept, qualified or not
        read: list[tuple[Group, Mention, Report]] = []
        for index, group in enumerate(groups):
            deadline.check(f"attack {index + 1} of {len(groups)}")
            veto = None if record else trigger_veto(group.trigger)
            if veto is not None and self.settings.qualify:
                log.debug("%s: %s", document.id, veto.detail)
                continue
            first = not group.background and not any(
                not m.background and m.qualification and (m.qualification.qualified or keep)
                for _, m, _ in read
            )
            mention = self._mention(document, sdoc, group, index, deadline, first)
            if title:
                mention.trigger.rule = "events.title-" + mention.trigger.rule.removeprefix(
                    "events."
                )
            report = Report(
                document,
                group.trigger,
                group.sentences,
                mention,
                first and not title,
                record,
                title,
            )
            mention.qualification = qualify(report, veto=veto)
            read.append((group, mention, report))
        frame = document_frame(document, [m.qualification for _, m, _ in read if m.qualification])
        kept: list[Group] = []
        mentions: list[Mention] = []
        for group, mention, report in read:
            qual = mention.qualification
            if frame is not None and qual is not None and _liftable(qual):
                qual = mention.qualification = qualify(report, frame)
            # A report nothing speaks against is kept though nothing of its own qualifies it:
            # another report of the same attack may (the incident qualifies if any report does).
            if (qual is None or qual.disqualified) and self.settings.qualify:
                log.debug("%s: not an incident: %s", document.id, qual and qual.reasons)
                continue
            kept.append(group)
            mentions.append(mention)
        return kept, mentions

    def _title_mentions(self, document: Document, deadline: Deadline) -> list[Mention]:
        """A body that reports no attack (page furniture only): read the headline instead.

        The title is parsed as a document of its own; its mentions' evidence points into the title.
        """
        if tells_no_attack(document.title or ""):
            return []  # "Police foil plot to bomb cathedral": the body's reports were not attacks
        title = replace(document, text=document.title or "", blocks=[])
        sdoc = self.nlp(title.text)
        groups = group_sentences(title, sdoc, deadline)
        _, mentions = self._qualified(title, sdoc, groups, deadline, title=True)
        if mentions:
            mentions[0].primary = True
        return mentions

    def _mention(
        self,
        document: Document,
        sdoc: Doc,
        group: Group,
        index: int,
        deadline: Deadline,
        primary: bool = True,
    ) -> Mention:
        group.sentences = as_sentences(group.sentences)  # texts read often: build them once
        ctx = MentionContext(
            document=document,
            doc=sdoc,
            sentences=group.sentences,
            trigger=group.trigger,
            main=not group.background,
            extra={"primary": primary},
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
        ctx.extra["date"] = next((v.value for v in values if v.name is FieldName.DATE), None)
        deadline.check(f"attack {index + 1}, extract_place")
        values.extend(extract_place(ctx))  # places read a referred attack's scope themselves
        places = (FieldName.COUNTRY, FieldName.PROVSTATE, FieldName.CITY)
        ctx.extra["place_text"] = " ".join(v.value for v in values if v.name in places)
        # the doers of the sentence an attack is referred from may be its own ("rebels seized
        # the town after an assault on the army"): groups are read in the whole sentences
        full = ctx
        own = group.sentences if gtd_prefix(document.text) else _own_sentences(group)
        if own is not group.sentences:
            extra = {k: v for k, v in ctx.extra.items() if k != SENTENCE_LOOKUP}
            ctx = replace(ctx, sentences=own, extra=extra)
        for extractor in (extract_taxonomy, extract_casualties):
            deadline.check(f"attack {index + 1}, {extractor.__name__}")
            values.extend(extractor(ctx))
        deadline.check(f"attack {index + 1}, extract_actor")
        values.extend(extract_actor(full))
        doubt_counts(values, town_population)  # a toll no attack reached: doubted, kept
        deadline.check(f"attack {index + 1}, extract_roles")
        frame = extract_roles(ctx)
        if not any(v.name is FieldName.GNAME for v in values):
            found = group_of_frame(ctx, frame)
            if found is not None:
                values.append(found)
        return Mention(
            doc_id=document.id,
            index=index,
            trigger=trigger,
            values=values,
            background=group.background,
            roles=frame,
        )

    @staticmethod
    def _date(ctx: MentionContext, group: Group) -> list[FieldValue]:
        """The attack date: the GTD header, the group's own date, the trigger sentence's, else
        the first in the group."""
        header = gtd_prefix(ctx.text) if ctx.main else None
        trig = group.trigger
        hit = header or _own_date(group)
        if hit is None:
            hit = attack_date(group.sentences, group.trigger, ctx.document.published)
        if hit is None:
            # an attack referred to ("the suspect in the Paris attacks") did not happen on the day
            # of the report: undated, unless the reference catalogue knows it (``link_known``)
            if ctx.main and ctx.document.published is not None and not referenced_scope(trig):
                s = trig
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


def _own_sentences(group: Group) -> list[Span]:
    """The sentences the fields of an attack are read in: of an attack referred to from another
    event's sentence ("officers shot dead a suspect tied to the men involved in the Paris
    attacks"), only its own phrase of that sentence (the rest tells the other event)."""
    trig = group.trigger
    scope = referenced_scope(trig)
    if scope is None or not trig.root.tag_.startswith("NN") or not _told_with_other_event(trig):
        return group.sentences
    if trig.root.dep_ == "compound" and trig.root.head.lower_ not in grammar_words(
        "referring_nouns"
    ):
        return group.sentences  # "mortar shells" names a weapon, not an attack referred to
    own = []
    for sent in group.sentences:
        if sent.start <= trig.start < sent.end:
            # its phrase, and the sentence's descriptions of an attack told ("lost both legs
            # in the blast, which killed nine")
            described = [p for p in event_phrases(sent) if p[1] <= scope[0] or scope[1] <= p[0]]
            for a, b in sorted([scope, *described]):
                span = sent.doc.char_span(a, b, alignment_mode="expand")
                if span is not None and sent.start <= span.start and span.end <= sent.end:
                    own.extend(as_sentences([span]))
        elif any(t.label_ not in weak_kinds() for t in triggers_in(sent)) or prefilter.search(
            patterns()["anaphora"], sent.text
        ):
            own.append(sent)  # a sentence of its own about the attack ("the attackers ...")
    return own


def _told_with_other_event(trigger: Span) -> bool:
    """The sentence that refers to the attack tells another event: its verb tells no attack
    or toll ("police raided a flat in the inquiry into the knife attack"), or one done by state
    forces ("officers shot dead a suspect tied to the men involved in the Paris attacks"); not
    "seven people were killed in the siege despite the blasts"."""
    head = clause_head(trigger.root)
    if not tells_attack(head):
        return True
    agents = [c for c in head.children if c.dep_ == "nsubj"]
    agents += [g for c in head.children if c.dep_ == "agent" for g in c.children]
    return any(is_state_force(a) for a in agents)


def _liftable(qual: Qualification) -> bool:
    """Not qualified for want of grounds (nothing against it): the article's frame may lift it."""
    return not qual.qualified and not any(g.against for g in qual.grounds)


def _own_date(group: Group) -> DateHit | None:
    """The date the grouping found for the group, unless the group refers to an attack and the
    date lies outside the attack's own phrase (the date of what it is told with)."""
    scope = referenced_scope(group.trigger)
    if group.date is None or scope is None or scope[0] <= group.date.start < scope[1]:
        return group.date
    return None


def _told_once(groups: list[Group], mentions: list[Mention]) -> tuple[list[Group], list[Mention]]:
    """One attack told twice in a document (a report of it and a reference to it: "the March 22
    attacks in Brussels" after "ahead of the Brussels attacks") is one mention: a mention in
    passing (background, or an attack referred to or named by a definite description) with the
    day and country of an earlier one, and no other town, is dropped; the values the earlier one
    lacks are taken from it. A description or reference ("the shooting") may be a day off (the
    day it was told). Two attacks the document tells as such are never merged."""
    kept: list[tuple[Group, Mention]] = []
    for group, mention in zip(groups, mentions, strict=True):
        described = referenced_scope(group.trigger) is not None or _definite(group.trigger)
        if mention.background or described:
            slack = 1 if described else 0
            same = next((m for _, m in kept if _same_attack(m, mention, slack)), None)
            if same is not None:
                told = {v.name for v in same.values}
                same.values.extend(v for v in mention.values if v.name not in told)
                continue
        kept.append((group, mention))
    return [g for g, _ in kept], [m for _, m in kept]


def _definite(trigger: Span) -> bool:
    """A definite event noun ("the shooting", "that attack"): a description of an attack the
    reader knows, not a new one."""
    root = trigger.root
    dets = grammar_words("definite_dets")
    return root.tag_.startswith("NN") and any(
        c.dep_ == "det" and c.lower_ in dets for c in root.children
    )


def _same_attack(a: Mention, b: Mention, slack: int) -> bool:
    """Two reports of one document agree on the day (within ``slack`` days), the country and the
    town (or one names none)."""
    x, y = a.value(FieldName.DATE), b.value(FieldName.DATE)
    if x is None or y is None or len(x) != 10 or len(y) != 10:
        return False
    if abs((date.fromisoformat(x) - date.fromisoformat(y)).days) > slack:
        return False
    for name in (FieldName.COUNTRY, FieldName.CITY):
        x, y = a.value(name), b.value(name)
        if x is not None and y is not None and x != y:
            return False
    return a.value(FieldName.COUNTRY) is not None


def _names_a_town(group: Group) -> bool:
    """Whether the group's sentences name a place finer than a country ("in the town of X")."""
    countries = country_names()
    return any(
        e.label_ in ("GPE", "LOC", "FAC") and e.text.removeprefix("the ") not in countries
        for s in group.sentences
        for e in ents_in(s)
    ) or any(place_noun_name().search(s.text) for s in group.sentences)


def _share_list_group(mentions: list[Mention]) -> None:
    """Items of one list of attacks ("two bombings blamed on the group, in X and in Y") share
    their list's trigger: one that names no group takes the group an item before it found."""
    for index, mention in enumerate(mentions):
        if mention.get(FieldName.GNAME) is not None:
            continue
        trig = mention.trigger
        sibling = next(
            (
                m
                for m in mentions[:index]
                if (m.trigger.start, m.trigger.end) == (trig.start, trig.end)
                and m.get(FieldName.GNAME) is not None
            ),
            None,
        )
        if sibling is None:
            continue
        for name in (FieldName.GNAME, FieldName.CLAIMED):
            theirs, mine = sibling.get(name), mention.get(name)
            if theirs is not None:
                if mine is not None:
                    mention.values.remove(mine)
                mention.values.append(theirs)


def _inherit_place(primary: Mention, mentions: list[Mention], groups: list[Group]) -> None:
    """A background attack that names no town ("another bomb attack in December", "a police
    station off the same square", "in the same city") is placed where the document's main attack
    is, when its country (if any) agrees: the report's anaphora point there."""
    names = (FieldName.COUNTRY, FieldName.PROVSTATE, FieldName.CITY)
    main = {n: v for n in names if (v := primary.get(n)) is not None and v.evidence is not None}
    if FieldName.COUNTRY not in main:
        return
    for mention, group in zip(mentions, groups, strict=False):
        if mention is primary:
            continue
        if not mention.background:
            _same_scene(primary, mention)
            continue
        guessed = mention.get(FieldName.COUNTRY)
        if guessed is not None and _context_guess(mention, guessed):
            # a country only guessed from the whole document (often one named for its victims or
            # its statement): the attack the report is about sets the scene
            home = main[FieldName.COUNTRY]
            if home.evidence is not None:
                mention.values.remove(guessed)
                evidence = replace(home.evidence, rule="places.main-attack")
                mention.values.append(replace(home, evidence=evidence))
            continue
        if mention.get(FieldName.CITY) is not None:
            continue
        if _names_a_town(group) or _names_own_country(mention, group):
            continue
        country = mention.value(FieldName.COUNTRY)
        if country is not None and country != main[FieldName.COUNTRY].value:
            continue
        for name, value in main.items():
            if mention.get(name) is None and value.evidence is not None:
                evidence = replace(value.evidence, rule="places.main-attack", confidence=0.3)
                mention.values.append(replace(value, evidence=evidence))


def _context_guess(mention: Mention, country: FieldValue) -> bool:
    """The mention's country is the document-context fallback: its evidence is the trigger word,
    not a place phrase of the mention's own sentences."""
    ev = country.evidence
    trig = mention.trigger
    return ev is not None and (ev.start, ev.end) == (trig.start, trig.end) and ev.confidence < 0.5


def batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    it = iter(items)
    while batch := list(islice(it, max(1, size))):
        yield batch


def _with_blocks(nlp: Language, document: Document) -> tuple[Doc, Document]:
    """The document's tokens, told where its paragraphs start (sentences never cross them)."""
    sdoc = nlp.make_doc(document.text)
    sdoc.user_data[BLOCK_STARTS] = [b.start for b in document.blocks if b.start > 0]
    return sdoc, document


def _names_own_country(mention: Mention, group: Group) -> bool:
    """The attack is placed by a country named in its own sentences ("two bombings last year in
    Egypt"): it is told at country level, not at the main attack's town."""
    country = mention.get(FieldName.COUNTRY)
    if country is None or country.evidence is None:
        return False
    at = country.evidence.start
    return any(s.start_char <= at < s.end_char for s in group.sentences)


def _same_scene(primary: Mention, mention: Mention) -> None:
    """A further attack of the report that names no country, nor a date of its own, happened in
    the main attack's country and on its day ("As people fled toward the village, three women
    ... blew up")."""
    for name, rule in ((FieldName.COUNTRY, None), (FieldName.DATE, "dates.published-fallback")):
        mine, theirs = mention.get(name), primary.get(name)
        if theirs is None or theirs.evidence is None:
            continue
        if mine is not None and (
            rule is None or mine.evidence is None or mine.evidence.rule != rule
        ):
            continue
        if mine is not None:
            mention.values.remove(mine)
        evidence = replace(theirs.evidence, rule="events.main-attack-scene", confidence=0.3)
        mention.values.append(replace(theirs, evidence=evidence))


def town_population(town: str, country: str) -> int | None:
    """Inhabitants of a town of the gazetteer (for the plausibility of a toll)."""
    found = city_in(town, country)
    return found.population if found is not None else None
