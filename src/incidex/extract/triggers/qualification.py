"""Whether one report is an incident, how confident that is, and on what grounds.

A report reaches here with a realis trigger (``modality`` kept it: the attack happened, it is not
threatened, planned, foiled, denied or hypothetical). It qualifies when it is deliberate violence
by a non-state actor with a political, religious or social aim, or framed as terrorism:

- the trigger's **sense** must be violence by people ("a cyber attack", "a shark attack", "attack
  ads", "a bomb test" are not), read on the trigger's modifiers, agent and head noun;
- its **agent** must not be a state force ("warplanes attacked", "a police raid", "troops shelled"),
  read from the parse: the subject or "by" agent of a verb trigger, the possessor or modifier of
  a noun trigger, or the subject of the verb whose object it is;
- an explosion with no device and an accident cue ("a blast at the refinery") is an **accident**;
- it needs **grounds** (``data/realis.yaml``, each with the confidence it gives): a claim, a named
  armed group, a suicide attack, a terrorism frame, non-state perpetrators as agents (named by
  what they are or by a group's name), a stated political, religious or social motive, an
  explosive device, a target that gives an aim (a place of worship, a political figure, an
  abortion clinic), state forces hit by non-state perpetrators, an attack of the reference
  catalogue, the headline's frame for the document's main report, the article's terrorism frame
  for the attacks it tells (``document_frame``: not for those it names in passing), or, when the
  body is page furniture, the headline's attack and casualties. Grounds are read in the report's
  own sentences that speak of the attack, so a frame elsewhere in an article does not make its
  other violence terrorism;
- a **crime** cue of its own sentences (robbery, a domestic dispute, a gang) outweighs all but a
  claim, a named group, a suicide attack or a terrorism frame; a **denied** frame ("police said it
  was not terrorism") outweighs all but a claim or a named group.

Confidence is the noisy-or of the grounds' weights; below the threshold, or with a ground against,
the report is no incident. A GTD summary (dated header) is an incident record by GTD's criteria.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from incidex.extract.actors.attribution import is_agency_or_state
from incidex.extract.base import load_data
from incidex.extract.dates.dates import referenced_scope
from incidex.extract.doc_index import (
    actor_at,
    actors_in,
    ent_at,
    memo,
    sentence_number,
    sentences,
    triggers_in,
)
from incidex.extract.sentences import as_sentences
from incidex.extract.triggers.event_cues import grammar_words, patterns, weak_kinds
from incidex.extract.triggers.modality import governing_chain, is_verb
from incidex.extract.triggers.realis import aim_regex, regex, vocabulary, words
from incidex.kb.reference import known_attack
from incidex.models import Document, FieldName, Ground, Mention, Qualification
from incidex.text import prefilter

NOT_A_GROUP = frozenset({"unknown", "unaffiliated individual(s)", "other"})
# Grounds strong enough to stand against a crime cue or a denied frame.
OVER_CRIME = frozenset({"claimed", "group", "suicide", "terror-frame"})
OVER_DENIAL = frozenset({"claimed", "group"})
SUBJECTS = frozenset({"nsubj", "csubj"})
MODIFIERS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})
ATTRIBUTING = frozenset(
    {"tied", "linked", "blamed", "attributed", "inspired", "affiliated", "connected", "carried"}
)
EXPLOSION_KINDS = frozenset({"bombing"})


@dataclass(slots=True)
class Report:
    """What the qualifier reads of one report."""

    document: Document
    trigger: Span
    sentences: list[Span]
    mention: Mention
    primary: bool = False  # the document's main report: its headline counts as its evidence
    gtd_record: bool = False
    headline_only: bool = False  # read from the headline: the body tells no attack


def _weight(rule: str) -> float:
    return vocabulary().grounds.weights[rule]


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _trigger_ground(report: Report) -> Ground:
    trig = report.trigger
    rule = report.mention.trigger.rule
    _, presupposed = governing_chain(trig)
    if presupposed:
        how = "told as having happened (the sentence takes it for granted)"
    elif is_verb(trig.root):
        how = "asserted (no modal, negation, plan, threat or legal step on its clause)"
    else:
        how = "reported (no modal, negation, plan, threat or legal step on its clause)"
    detail = f"{rule} {trig.text!r}, {how}"
    return Ground(
        "trigger", detail, report.mention.trigger.confidence, trig.start_char, trig.end_char
    )


# --- the sense of the attack word ---------------------------------------------------------------


def _neighbours(trig: Span) -> list[Token]:
    """Words that say what kind of attack the trigger names: its modifiers, its "by"/"from"
    agent, and, for a verb, its subject; for a noun governed by "under"/"of", the same of its
    head ("came under attack from hackers")."""
    root = trig.root
    found: list[Token] = [t for t in trig if t.i != root.i]
    heads = [root]
    if root.dep_ == "pobj" and root.head.dep_ == "prep":
        heads.append(root.head.head)
    for head in heads:
        for child in head.children:
            if child.dep_ in MODIFIERS or child.dep_ in SUBJECTS:
                found.append(child)
                found.extend(c for c in child.children if c.dep_ in ("compound", "amod"))
            elif child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from", "of"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found.append(obj)
                        found.extend(c for c in obj.children if c.dep_ in ("compound", "amod"))
    return found


def _sense(trig: Span) -> Ground | None:
    """A non-violent sense of the attack word, or an object it names ("bomb test")."""
    rx = regex("sense.nonviolent")
    for tok in _neighbours(trig):
        if rx.fullmatch(tok.lower_) or rx.fullmatch(tok.text):
            return Ground(
                "against:sense",
                f"{trig.text!r} is not violence by people on people or property ({tok.text!r})",
                start=tok.idx,
                end=tok.idx + len(tok),
            )
    root = trig.root
    person = next(
        (c for c in root.children if c.dep_ in ("compound", "poss") and c.ent_type_ == "PERSON"),
        None,
    )
    if person is not None and root.lower_ in words("sense.person_words"):
        return Ground(
            "against:sense",
            f"{trig.text!r} of or on a person by name is words, not violence ({person.text!r})",
            start=person.idx,
            end=person.idx + len(person),
        )
    if root.dep_ in ("compound", "amod", "nmod", "npadvmod") and root.head.lower_ in words(
        "sense.object_heads"
    ):
        head = root.head
        return Ground(
            "against:sense",
            f"{trig.text!r} names an object, not an attack ({trig.text} {head.text})",
            start=head.idx,
            end=head.idx + len(head),
        )
    return None


# --- the agent: state forces ---------------------------------------------------------------------


def _labels(tok: Token) -> bool:
    """``tok`` ends the label of a digest item ("Syria: A car bomb exploded ..."), which the
    parser may take for the subject; it names where, not who."""
    nxt = tok.i + 1
    return nxt < len(tok.doc) and tok.doc[nxt].text == ":"


def _subjects(verb: Token) -> list[tuple[Token, str]]:
    """The subject of ``verb`` (or of the verb it is conjoined to), or its passive "by" agent."""
    found = [(c, "subject") for c in verb.children if c.dep_ in SUBJECTS and not _labels(c)]
    for child in verb.children:
        if child.dep_ == "agent":
            found.extend((c, "by") for c in child.children if c.dep_ == "pobj")
    if not found and verb.dep_ in ("conj", "xcomp", "advcl") and is_verb(verb.head):
        return _subjects(verb.head)
    return found


def agents(trig: Span) -> list[tuple[Token, str]]:
    """Who did what the trigger names, as the parse tells it, each with how it was found:
    ``subject`` (of a verb trigger, or of the verb that carries out an event noun or acts on an
    attacker: "police killed a gunman"), ``by`` (a passive or "by" agent), ``possessor``
    ("Russia's bombing") or ``modifier`` ("a police raid")."""
    root = trig.root
    if is_verb(root):
        if root.dep_ == "amod" and not is_verb(root.head):  # "the bombed market": no agent
            return []
        return _subjects(root)
    found: list[tuple[Token, str]] = []
    for child in root.children:
        if child.dep_ == "poss":
            found.append((child, "possessor"))
        elif child.dep_ in ("compound", "amod", "nmod"):
            found.append((child, "modifier"))
        elif child.dep_ == "prep" and child.lower_ == "by":
            found.extend((c, "by") for c in child.children if c.dep_ == "pobj")
    if found:
        return found
    head = root.head
    person = root.lower_ in _attacker_nouns()
    acts = words("state.on_attackers") if person else words("state.doing_verbs")
    doing = head.lower_ in acts
    if root.dep_ in ("dobj", "attr", "oprd") and is_verb(head) and doing:
        return _subjects(head)
    if (
        root.dep_ == "pobj"
        and head.dep_ == "prep"
        and head.lower_ in words("state.manner_preps")
        and is_verb(head.head)
    ):
        return _subjects(head.head)
    return []


@cache
def _attacker_nouns() -> frozenset[str]:
    return frozenset(str(w).lower() for w in load_data("perps.yaml")["perp_nouns"])


@cache
def _country_words() -> tuple[frozenset[str], frozenset[str]]:
    """Country names (and their aliases), and the words for their people ("Russian")."""
    states = load_data("states.yaml")
    names = {str(c).lower() for c in states["countries"]}
    names |= {str(a).lower() for aliases in states["country_aliases"].values() for a in aliases}
    people = {str(w).lower() for demonyms in states["countries"].values() for w in demonyms}
    return frozenset(names), frozenset(people)


def _phrase(tok: Token) -> str:
    """``tok`` with its left modifiers ("the Syrian warplanes", "U.S.-led coalition")."""
    return tok.doc[tok.left_edge.i : tok.i + 1].text


def is_state_force(tok: Token, how: str = "subject") -> bool:
    """An agent that is a state force, a government or a state ("police", "Russian jets",
    "the army", "North Korea" as a subject or possessor), or a weapon only states wield ("a
    barrel bomb"), unless a non-state word modifies it ("rebel forces")."""
    mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss")}
    if mods & words("state.non_state_modifiers"):
        return False
    low = tok.lower_
    if how == "modifier" and low in words("state.weapons"):
        return True
    two = f"{tok.nbor(-1).lower_} {low}" if tok.i > 0 else low
    if low in words("state.forces") or two in words("state.forces"):
        return True
    if how in ("subject", "by", "possessor"):
        names, people = _country_words()
        ent = ent_at(tok.doc, tok.i)
        name = re.sub(r"^the\s+", "", (ent.text if ent else tok.text).lower())
        if (tok.ent_type_ == "GPE" and name in names) or low in people:
            return True
        return is_agency_or_state(_phrase(tok))
    return False


def _state_agent(trig: Span) -> Ground | None:
    for tok, how in agents(trig):
        if is_state_force(tok, how):
            phrase = _phrase(tok)
            return Ground(
                "against:state",
                f"{trig.text!r} is done by state forces ({_quote(phrase)!r})",
                start=tok.doc[tok.left_edge.i].idx,
                end=tok.idx + len(tok),
            )
    return None


# --- grounds in the report's words ----------------------------------------------------------------


def _first(rx: re.Pattern[str], spans: Iterable[Span]) -> tuple[Span, re.Match[str]] | None:
    for span in spans:
        hit = prefilter.search(rx, span.text)
        if hit is not None:
            return span, hit
    return None


def _at(span: Span, hit: re.Match[str]) -> tuple[int, int]:
    return span.start_char + hit.start(), span.start_char + hit.end()


def _text_ground(rule: str, name: str, what: str, spans: list[Span]) -> Ground | None:
    """The first cue of list ``name`` in ``spans`` as a ground (against: weight 0)."""
    found = _first(regex(name), spans)
    if found is None:
        return None
    span, hit = found
    weight = 0.0 if rule.startswith("against:") else _weight(rule)
    return Ground(rule, f"{what}: {hit.group(0)!r}", weight, *_at(span, hit))


def _agentive(tok: Token) -> bool:
    """``tok`` is who acts: a subject, a "by" agent, the modifier of an event noun, or the object
    of an attributing phrase ("tied to militants", "blamed on rebels")."""
    dep = tok.dep_
    if dep in SUBJECTS or dep in ("poss", "compound", "amod"):
        return True
    if dep == "pobj" and tok.head.dep_ in ("prep", "agent"):
        prep = tok.head
        if prep.lower_ == "by":
            return True
        return prep.lower_ in ("to", "on", "with") and prep.head.lower_ in ATTRIBUTING
    if dep == "conj":
        return _agentive(tok.head)
    return False


def _perpetrator(spans: list[Span]) -> Ground | None:
    """Non-state perpetrators as the agents of the report's sentences: named by what they are
    ("militants stormed", "blamed on rebels") or by the name of an armed group of the gazetteer
    ("held by an al Qaeda affiliate", "Boko Haram fighters attacked")."""
    rx = regex("grounds.perpetrators")
    for span in spans:
        found = (
            [t for t in span if rx.fullmatch(t.text)] if prefilter.may_match(rx, span.text) else []
        )
        for group in actors_in(span):
            if any(c.isupper() for c in group.text):
                root = group.root
                found.append(root.head if root.dep_ == "compound" else root)
        for tok in sorted(found, key=lambda t: t.i):
            if _agentive(tok):
                phrase = _quote(_phrase(tok))
                return Ground(
                    "perpetrator",
                    f"done by non-state perpetrators: {phrase!r}",
                    _weight("perpetrator"),
                    tok.doc[tok.left_edge.i].idx,
                    tok.idx + len(tok),
                )
    return None


def _group_root(tok: Token) -> bool:
    """``tok`` is the head word of a group name of the gazetteer written as a name."""
    group = actor_at(tok.doc, tok.i)
    return group is not None and group.root.i == tok.i and group.text[:1].isupper()


def forces_attacked(trig: Span) -> Token | None:
    """A casualty verb whose victims are state forces and whose clause names non-state
    perpetrators as the other side ("six soldiers were killed in clashes with militants",
    "rebels killed four police officers"): an attack on the forces, not their operation.
    Returns the perpetrators' word."""
    root = trig.root
    if trig.label_ not in weak_kinds() or not is_verb(root):
        return None
    verbs = [root, root.head] if root.dep_ == "conj" and is_verb(root.head) else [root]
    verbs += [c for c in root.children if c.dep_ == "conj" and is_verb(c)]
    victims = [c for v in verbs for c in v.children if c.dep_ in ("nsubjpass", "dobj")]
    if not any(v.lower_ in words("state.forces") for v in victims):
        return None
    rx = regex("grounds.perpetrators")
    clause = sorted({t for v in verbs for t in v.subtree}, key=lambda t: t.i)
    for tok in clause:
        if tok in victims or tok.head in victims:
            continue
        if rx.fullmatch(tok.text) or _group_root(tok):
            return tok
    return None


def _forces_ground(report: Report) -> Ground | None:
    tok = forces_attacked(report.trigger)
    if tok is None:
        return None
    return Ground(
        "forces-attacked",
        f"state forces hit by non-state perpetrators: {_quote(_phrase(tok))!r}",
        _weight("forces-attacked"),
        tok.idx,
        tok.idx + len(tok),
    )


def _speakers(sent: Span, trig: Span) -> set[int]:
    """The tokens of the subjects of the sentence's statement verbs ("the minister said ...")
    that do not hold the trigger."""
    verbs = grammar_words("statement_verbs")
    found: set[int] = set()
    for tok in sent:
        if tok.dep_ in SUBJECTS and tok.head.lower_ in verbs:
            sub = {t.i for t in tok.subtree}
            if trig.root.i not in sub:
                found |= sub
    return found


def _addressee(tok: Token) -> bool:
    """Whom a statement is made to: "told reporters", "said to journalists"."""
    verbs = grammar_words("statement_verbs") | {"told", "tells", "tell", "briefed"}
    head = tok.head
    if tok.dep_ in ("dobj", "dative") and head.lower_ in verbs:
        return True
    return tok.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ in verbs


def _aim_target(trig: Span, spans: list[Span]) -> Ground | None:
    """A target that gives the attack an aim (a place of worship, a political figure or
    institution, an abortion clinic): named in the trigger's sentence as where or whom it hit
    (an object, a prepositional object, a modifier or a passive subject), not as who speaks of
    it."""
    sent = next((s for s in spans if s.start <= trig.start < s.end), None)
    if sent is None:
        return None
    speakers = _speakers(sent, trig)
    for kind in vocabulary().grounds.aim_targets:
        rx = aim_regex(kind)
        if not prefilter.may_match(rx, sent.text):
            continue
        for hit in rx.finditer(sent.text):
            span = sent.doc.char_span(
                sent.start_char + hit.start(), sent.start_char + hit.end(), alignment_mode="expand"
            )
            if span is None or span.root.dep_ not in ("pobj", "dobj", "compound", "nsubjpass"):
                continue
            if span.root.i in speakers:  # "a member of parliament said the attack ...": a speaker
                continue
            if _addressee(span.root):  # "the sheriff told reporters": whom it was told to
                continue
            return Ground(
                "aim-target",
                f"a target that gives it an aim ({kind}): {_phrase(span.root)!r}",
                vocabulary().grounds.aim_weight,
                span.start_char,
                span.end_char,
            )
    return None


def _device(report: Report, spans: list[Span]) -> Ground | None:
    """An explosive or incendiary device named (as a noun: "bombing the city" is no device) in
    the sentences of a bombing or arson."""
    if report.trigger.label_ not in ("bombing", "arson", "facility"):
        return None
    rx = regex("grounds.devices")
    for span in spans:
        if not prefilter.may_match(rx, span.text):
            continue
        for tok in span:
            if tok.tag_.startswith("NN") and rx.fullmatch(tok.text):
                what = _quote(_phrase(tok))
                return Ground(
                    "device",
                    f"an explosive or incendiary device: {what!r}",
                    _weight("device"),
                    tok.idx,
                    tok.idx + len(tok),
                )
    return None


def _group(mention: Mention) -> list[Ground]:
    gname = mention.get(FieldName.GNAME)
    if gname is None or gname.value.lower() in NOT_A_GROUP:
        return []
    ev = gname.evidence
    at = (ev.start, ev.end) if ev is not None else (None, None)
    claimed = mention.get(FieldName.CLAIMED)
    if claimed is not None and claimed.value == "1":
        return [Ground("claimed", f"claimed by {gname.value}", _weight("claimed"), *at)]
    return [Ground("group", f"attributed to {gname.value}", _weight("group"), *at)]


def _suicide(mention: Mention) -> list[Ground]:
    flag = mention.get(FieldName.SUICIDE)
    if flag is None or flag.value != "1":
        return []
    ev = flag.evidence
    at = (ev.start, ev.end) if ev is not None else (None, None)
    return [Ground("suicide", "a suicide attack", _weight("suicide"), *at)]


def _catalogue(report: Report, spans: list[Span]) -> Ground | None:
    """The report fits an attack of the reference catalogue (its country, date and more)."""
    ref = known_attack(report.mention, [s.text for s in spans], report.document.published)
    if ref is None:
        return None
    return Ground("catalogue", f"a known attack: {ref.id} ({ref.date})", _weight("catalogue"))


def _headline(report: Report) -> Ground | None:
    """The main report's headline frames it: terrorism, militants, a group, a motive."""
    title = report.document.title
    if not report.primary or not title:
        return None
    for name in ("grounds.terror_frame", "grounds.perpetrators", "grounds.motive"):
        hit = prefilter.search(regex(name), title)
        if hit is not None and prefilter.search(regex("grounds.denied_frame"), title) is None:
            return Ground(
                "headline", f"the headline frames it: {hit.group(0)!r}", _weight("headline")
            )
    return None


def _headline_only(report: Report) -> Ground | None:
    """A headline whose article body tells nothing (page furniture): an attack word that is not
    a shooting, stabbing or killing (which may be crime), with its dead or wounded, is all there
    is to go on ("Nine dead in resort attack")."""
    trig = report.trigger
    if not report.headline_only or trig.root.lower_ not in words("grounds.framed_words"):
        return None
    kinds = {t.label_ for t in triggers_in(trig.sent)}
    if not kinds & weak_kinds():
        return None
    detail = f"only the headline tells it: {trig.text!r}, with its casualties"
    return Ground("headline-only", detail, _weight("headline-only"))


FOLLOWING = 3  # sentences after the trigger's that still speak of its attack


def _paragraph(report: Report) -> list[Span]:
    """The report's sentences and the few that follow the trigger's in its paragraph (block)."""
    trig = report.trigger
    doc = trig.doc
    number = sentence_number(doc, trig.sent.start)
    after = sentences(doc)[number + 1 : number + 1 + FOLLOWING]
    block = next((b for b in report.document.blocks if b.start <= trig.start_char < b.end), None)
    if block is not None:
        after = [s for s in after if s.start_char < block.end]
    spans = as_sentences(report.sentences)
    return spans + [s for s in after if all(s.start != own.start for own in spans)]


def _telling(spans: list[Span]) -> list[Span]:
    """The report's sentences that speak of an attack (an attack or casualty word, or a phrase
    pointing back to the attack: "the shooting", "the attackers"); a sentence that only follows
    them in their paragraph ("The city hosts a conference on terrorism") frames nothing."""
    if not spans:
        return spans
    anaphora = patterns()["anaphora"]
    return [s for s in spans if triggers_in(s) or prefilter.search(anaphora, s.text)]


def _noisy_or(weights: Iterable[float]) -> float:
    miss = 1.0
    for w in weights:
        miss *= 1.0 - w
    return round(1.0 - miss, 3)


def trigger_veto(trig: Span) -> Ground | None:
    """What disqualifies the trigger by itself: a non-violent sense, a state agent (read once
    per trigger and parse)."""
    key = f"veto:{trig.start}:{trig.end}"
    return memo(trig.doc, key, lambda: _sense(trig) or _state_agent(trig))


def state_deed(trig: Span) -> bool:
    """The trigger is done by state forces ("police raided", "troops shelled")."""
    veto = trigger_veto(trig)
    return veto is not None and veto.rule == "against:state"


def document_frame(document: Document, qualifications: Iterable[Qualification]) -> Ground | None:
    """Whether the document frames its violence as terrorism: one of its reports qualified on
    its own grounds (that report's strongest ground), or its words call it terrorism; never when
    it denies the frame ("police said it was not terrorism")."""
    texts = [document.title or "", document.text]
    if any(prefilter.search(regex("grounds.denied_frame"), t) for t in texts):
        return None
    for qual in qualifications:
        own = [
            g for g in qual.grounds if g.weight > 0 and g.rule not in ("trigger", "document-frame")
        ]
        if qual.qualified and own:
            best = max(own, key=lambda g: g.weight)
            detail = f"told in an article about terrorism ({best.rule}: {best.detail})"
            return Ground("document-frame", detail, _weight("document-frame"))
    for text in texts:
        hit = prefilter.search(regex("grounds.terror_frame"), text)
        if hit is not None:
            detail = f"told in an article about terrorism ({hit.group(0)!r})"
            return Ground("document-frame", detail, _weight("document-frame"))
    return None


def _framed(report: Report) -> bool:
    """The document's frame extends to the attacks it tells (its main reports), not to those it
    names in passing or refers to (which need grounds of their own)."""
    return not report.mention.background and referenced_scope(report.trigger) is None


def qualify(
    report: Report, frame: Ground | None = None, veto: Ground | None = None
) -> Qualification:
    """The report's qualification: grounds for and against, confidence, verdict. ``frame``: the
    document's frame (``document_frame``), a ground for an attack told with its own time or
    place. ``veto``: the trigger's own disqualification (``trigger_veto``), when already read."""
    trig = report.trigger
    lead = _trigger_ground(report)
    if report.gtd_record:
        record = Ground("gtd-record", "a GTD incident summary", _weight("gtd-record"))
        return Qualification(_noisy_or([record.weight]), [lead, record], True)
    veto = veto or trigger_veto(trig)
    if veto is not None:
        return Qualification(0.0, [lead, veto], False)
    spans = as_sentences(report.sentences)
    told = _telling(spans)
    grounds: list[Ground] = [*_group(report.mention), *_suicide(report.mention)]
    for found in (
        _text_ground("terror-frame", "grounds.terror_frame", "called terrorism", told),
        _perpetrator(spans),
        # a motive is about the attack wherever its paragraph states it ("police said a
        # political motive was likely"), unlike a word of the terrorism frame
        _text_ground(
            "motive", "grounds.motive", "a political, religious or social aim", _paragraph(report)
        ),
        _device(report, spans),
        _aim_target(trig, spans),
        _forces_ground(report),
        _catalogue(report, spans),
        _headline(report),
        frame if frame is not None and _framed(report) else None,
        _headline_only(report),
    ):
        if found is not None:
            grounds.append(found)
    against = _against(report, spans, grounds)
    confidence = _noisy_or(g.weight for g in grounds)
    ok = bool(grounds) and not against and confidence >= vocabulary().grounds.threshold
    return Qualification(confidence if ok else 0.0, [lead, *grounds, *against], ok)


def _against(report: Report, spans: list[Span], grounds: list[Ground]) -> list[Ground]:
    rules = {g.rule for g in grounds}
    found: list[Ground] = []
    if not rules & OVER_DENIAL:
        denied = _text_ground(  # read as far as a motive is ("found no sign of a motive")
            "against:denied-frame", "grounds.denied_frame", "not terrorism", _paragraph(report)
        )
        if denied is not None:
            found.append(denied)
    if not rules & OVER_CRIME:
        crime = _text_ground("against:crime", "against.crime", "a crime with a personal aim", spans)
        if crime is not None:
            found.append(crime)
    if not rules & OVER_CRIME:
        sent = [s for s in spans if s.start <= report.trigger.start < s.end]
        combat = _text_ground(
            "against:combat", "against.combat", "combat between armed sides", sent
        )
        if combat is not None:
            found.append(combat)
    if (
        report.trigger.label_ in EXPLOSION_KINDS
        and "device" not in rules
        and not rules & OVER_CRIME
    ):
        sent = [s for s in spans if s.start <= report.trigger.start < s.end]
        accident = _text_ground("against:accident", "against.accident", "an accident", sent)
        if accident is not None:
            found.append(accident)
    return found
