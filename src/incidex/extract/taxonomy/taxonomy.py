"""GTD attack type, weapon type, target type and text, suicide, multiple and perpetrator counts.

Cue phrases live in ``data/taxonomy.yaml``. Attack type follows GTD precedence (Assassination >
Hijacking > Kidnapping > Barricade > Bombing > Armed Assault > Unarmed Assault > Facility); an
attack on a named person (a PERSON entity as the target of the first attack sentence) counts as an
assassination. The target type is decided by the leftmost target cue in the phrase the attack
verb points at ("...targeting <phrase> in <place>"), else in the whole mention.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Any

from spacy.tokens import Span

from incidex.extract.actors.perps import extract_perps
from incidex.extract.base import MentionContext, cue_regex, load_data
from incidex.extract.layout.segments import gapped_clause
from incidex.extract.sentences import same_sentence
from incidex.extract.taxonomy.flags import extract_flags
from incidex.extract.taxonomy.targets import (
    Target,
    classify,
    find_target,
    find_targets,
    is_place,
    is_prominent,
    target_labels,
    target_rx,
    target_words,
    type_text,
)
from incidex.models import FieldName, FieldValue
from incidex.text import prefilter

UNKNOWN = "Unknown"


@cache
def _cfg() -> dict[str, Any]:
    data: dict[str, Any] = load_data("taxonomy.yaml")
    return data


@cache
def _attack_rx() -> dict[str, re.Pattern[str]]:
    return {k: cue_regex(v) for k, v in _cfg()["attack_cues"].items()}


@cache
def _weapon_rx() -> dict[str, re.Pattern[str]]:
    return {k: cue_regex(v) for k, v in _cfg()["weapon_cues"].items()}


@cache
def _first_attack_rx() -> dict[str, re.Pattern[str]]:
    return {k: cue_regex(v) for k, v in _cfg()["attack_cues_first"].items()}


@cache
def _simple_rx(key: str) -> re.Pattern[str]:
    return cue_regex(_cfg()[key])


def _first_trigger_sentence(ctx: MentionContext) -> Span:
    """The attack's own unit: an earlier sentence of the mention that already names an attack
    ("X attempted to stab a man. X was shot by a guard": the shot is the response), else the unit
    holding the trigger (one item of a list of attacks keeps its own target), else its sentence."""
    gapped = next((s for s in ctx.sentences if gapped_clause(s)), None)
    if gapped is not None:  # "killed 15 at a hotel in A and seven at a mosque in B": B's own
        return gapped
    if ctx.trigger is not None:
        trig = ctx.trigger
        for sent in ctx.sentences:
            if sent.start >= trig.sent.start:
                break
            if any(rx.search(sent.text) for rx in _attack_rx().values()):
                return sent
        own = [s for s in ctx.sentences if s.start <= trig.start and trig.end <= s.end]
        return own[0] if own else same_sentence(trig.sent, ctx.sentences)
    for sent in ctx.sentences:
        if len(sent.text) > 15:
            return sent
    return ctx.sentences[0]


@cache
def _openers_rx() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(_cfg()["target_openers"]) + r")\b", re.I)


@cache
def _phrase_end_rx() -> re.Pattern[str]:
    return re.compile("|".join(_cfg()["target_phrase_ends"]))


NO_TARGET_ENTS = frozenset({"GPE", "LOC", "DATE", "TIME"})


def _target_phrase(sent: Span) -> tuple[int, int]:
    """Character range (in the doc) of the phrase naming the target in an attack sentence."""
    text = sent.text
    m = next((m for m in _openers_rx().finditer(text) if not _names_no_target(sent, m.end())), None)
    if m is None:
        return sent.start_char, sent.start_char
    start = m.end()
    end_m = _phrase_end_rx().search(text[start:])
    end = start + end_m.start() if end_m else len(text)
    return sent.start_char + start, sent.start_char + end


def _names_no_target(sent: Span, offset: int) -> bool:
    """What follows an opener is a place, a time or a hedge ("near Moscow", "at least 40"),
    not the attacked thing."""
    pos = sent.start_char + offset + 1
    token = next((t for t in sent if t.idx >= pos), None)
    return token is not None and (
        token.ent_type_ in NO_TARGET_ENTS or token.lower_ in target_words("hedge_words")
    )


Hit = tuple[str, int, int]  # label, start, end (document characters)
CLAIM = re.compile(r"claim|attribut|suspect|responsib|blamed", re.I)


def _cue_hits(
    rxs: dict[str, re.Pattern[str]], sents: list[Span], hits: dict[str, tuple[int, int]]
) -> None:
    """First match per label over ``sents``, added to ``hits`` (earlier entries kept)."""
    for label, rx in rxs.items():
        if label in hits:
            continue
        for sent in sents:
            m = prefilter.search(rx, sent.text)
            if m:
                hits[label] = (sent.start_char + m.start(), sent.start_char + m.end())
                break


@cache
def _security_rx() -> re.Pattern[str]:
    return cue_regex(_cfg()["security_cues"])


@cache
def _victim_rx() -> dict[str, re.Pattern[str]]:
    return {k: cue_regex(v) for k, v in _cfg()["security_victim_cues"].items()}


def _victim_type(ctx: MentionContext, first: Span) -> tuple[str, int, int] | None:
    """The one security target type (police, military, militia) of the casualties in later
    sentences."""
    wanted = set(_cfg()["security_victims"])
    found: dict[str, tuple[int, int]] = {}
    for sent in ctx.sentences:
        if sent == first or CLAIM.search(sent.text):
            continue
        for m in target_rx().finditer(sent.text):
            label = target_labels()[int((m.lastgroup or "t0")[1:])]
            if label in wanted and not _security_rx().fullmatch(m.group()):
                found.setdefault(label, (sent.start_char + m.start(), sent.start_char + m.end()))
        for label, rx in _victim_rx().items():
            for m in rx.finditer(sent.text):
                found.setdefault(label, (sent.start_char + m.start(), sent.start_char + m.end()))
    if len(found) != 1:
        return None
    label, (s, e) = next(iter(found.items()))
    return label, s, e


def _casualty_count(target: Target) -> bool:
    """The target is only the attack's victims counted ("a bombing that killed seven people")."""
    cfg = _cfg()
    head = target.head
    return (
        target.owner is None
        and head.lower_ in cfg["casualty_heads"]
        and head.head.lower_ in cfg["casualty_verbs"]
    )


def _attacked_thing(ctx: MentionContext, first: Span, count: Target) -> Target | None:
    """ "killed 9 guests in a raid on a guesthouse": the thing attacked, typed, that the same
    sentence names after the victims counted."""
    for found in find_targets(first):
        later = found.head.i > count.head.i and not _casualty_count(found)
        if later and classify(found, ctx.sentences) is not None:
            return found
    return None


def _aimed_target(ctx: MentionContext, first: Span) -> Target | None:
    """A typed target that another sentence of the mention says the attack was aimed at."""
    aims = set(_cfg()["aim_verbs"])
    for sent in ctx.sentences:
        if sent == first or CLAIM.search(sent.text):
            continue
        for found in find_targets(sent):
            if found.head.head.lower_ in aims and classify(found, ctx.sentences) is not None:
                return found
    return None


def _target_type(
    ctx: MentionContext, first: Span, target: Target | None
) -> tuple[str, int, int, str] | None:
    """Target type from the parsed target, else the target phrase, else the mention's sentences."""
    if target is not None:
        found = classify(target, ctx.sentences)
        if found is None and not is_place(target):  # "an attack on a city with an assault on X"
            typings = (classify(t, ctx.sentences) for t in find_targets(first) if t != target)
            found = next((x for x in typings if x is not None), None)
        if found is None and is_place(target):
            span = target.span()
            return _cfg()["default_target"], span.start_char, span.end_char, "taxonomy.target-place"
        if found is not None:
            label, span = found
            if _security_rx().search(span.text):
                victim = _victim_type(ctx, first)
                if victim is not None:
                    return (*victim, "taxonomy.target-victims")
            return label, span.start_char, span.end_char, "taxonomy.target-parse"
    t_lo, t_hi = _target_phrase(first)
    typed = type_text(ctx.text[t_lo:t_hi])
    if typed is not None and typed[0] not in _cfg()["not_from_mention"]:
        return typed[0], t_lo + typed[1], t_lo + typed[2], "taxonomy.target-phrase"
    others = [x for x in ctx.sentences if x != first and not CLAIM.search(x.text)]
    for sent in others[: _cfg()["target_sentences"]]:
        later = find_target(sent)
        found = classify(later, ctx.sentences) if later is not None else None
        if found is not None:
            label, span = found
            return label, span.start_char, span.end_char, "taxonomy.target-later-parse"
    for sent in others:
        if _simple_rx("report_cues").search(sent.text):
            continue
        typed = type_text(sent.text)
        if typed is not None and typed[0] not in _cfg()["not_from_mention"]:
            s = sent.start_char
            return typed[0], s + typed[1], s + typed[2], "taxonomy.target-mention"
    return None


@cache
def _mixed_rx() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    mixed = _cfg()["mixed_assault"]
    return cue_regex(mixed["firearms"]), cue_regex(mixed["thrown"]), cue_regex(mixed["not"])


def _mixed_assault(first: Span) -> bool:
    """Gunfire together with thrown or launched explosives, none of them a planted device."""
    fire, thrown, planted = _mixed_rx()
    text = first.text
    return bool(fire.search(text) and thrown.search(text) and not planted.search(text))


def _attack(
    ctx: MentionContext, first: Span, target: Target | None, targtype: str | None
) -> list[FieldValue]:
    """Attack type 1 and 2 by GTD precedence over the cues of the mention."""
    cfg = _cfg()
    hits: dict[str, tuple[int, int]] = {}
    _cue_hits(_attack_rx(), ctx.sentences, hits)
    _cue_hits(_first_attack_rx(), [first], hits)
    trig = ctx.trigger
    outside = trig is not None and not any(s.start <= trig.start < s.end for s in ctx.sentences)
    if not hits and trig is not None and outside:
        _cue_hits(_attack_rx(), [trig], hits)  # one item of a list: its kind is the list's trigger
    rule = "taxonomy.attack-cue"
    killed = any(_simple_rx("killed_cues").search(x.text) for x in ctx.sentences)
    blocked = not killed and any(a in hits for a in cfg["not_assassination"])
    if (
        target is not None
        and not blocked
        and "Assassination" not in hits
        and is_prominent(target, ctx.sentences)
    ):
        span = target.span()
        hits["Assassination"] = (span.start_char, span.end_char)
    people = cfg["people_attack"]
    by_target = cfg["attack_by_target"].get(targtype or "")
    if not hits and target is not None and by_target is not None:
        span = target.span()
        hits[by_target] = (span.start_char, span.end_char)
        rule = "taxonomy.attack-by-target"
    facility = "Facility/Infrastructure Attack"
    ranked = [a for a in cfg["attack_precedence"] if a in hits]
    if ranked and ranked[0] == facility and people not in hits:
        harmed = next((x for x in ctx.sentences if _harms(x.text)), None)
        if harmed is not None:  # arson that killed or hurt people is an assault on them
            hits[people] = (harmed.start_char, harmed.end_char)
            rule = "taxonomy.attack-harmed-people"
    if _mixed_assault(first) and "Bombing/Explosion" in hits:
        del hits["Bombing/Explosion"]
        hits.setdefault(people, (first.start_char, first.end_char))
        rule = "taxonomy.attack-mixed-assault"
    ranked = [a for a in cfg["attack_precedence"] if a in hits]
    if not ranked:
        return [
            ctx.value(
                FieldName.ATTACKTYPE,
                UNKNOWN,
                first.start_char,
                first.end_char,
                "taxonomy.attack-unknown",
                0.4,
            )
        ]
    s, e = hits[ranked[0]]
    out = [ctx.value(FieldName.ATTACKTYPE, ranked[0], s, e, rule, 0.7)]
    if len(ranked) > 1:
        s2, e2 = hits[ranked[1]]
        out.append(ctx.value(FieldName.ATTACKTYPE2, ranked[1], s2, e2, "taxonomy.attack-cue", 0.5))
    return out


def _weapon(ctx: MentionContext, first: Span, attack: str) -> FieldValue:
    """Weapon type: the attack type's own weapon family when cued in the attack sentence, else the
    first family cued there, else the same over the mention (a later "the attacker was shot" is
    the response, not the attack), else the attack type's usual weapon."""
    own: dict[str, tuple[int, int]] = {}
    _cue_hits(_weapon_rx(), [first], own)
    hits = dict(own)
    _cue_hits(_weapon_rx(), ctx.sentences, hits)
    implied = _cfg()["attack_weapon"].get(attack)
    if attack == _cfg()["people_attack"] and _mixed_assault(first):
        implied = _cfg()["mixed_assault"]["weapon"]
    if implied in own or not own:
        weapon = implied if implied in hits else next(iter(hits), None)
    else:
        weapon = next(iter(own))
    default = _cfg()["attack_default_weapon"].get(attack)
    side = weapon in _cfg()["side_weapons"] and attack not in _cfg()["side_weapon_attacks"]
    if side and weapon != implied and default is not None:
        weapon = None  # property burnt beside an assault: the assault's own weapon comes first
    if weapon is not None:
        s, e = hits[weapon]
        return ctx.value(FieldName.WEAPTYPE, weapon, s, e, "taxonomy.weapon-cue", 0.7)
    if default is not None:
        return ctx.value(
            FieldName.WEAPTYPE,
            default,
            first.start_char,
            first.end_char,
            "taxonomy.weapon-by-attack",
            0.5,
        )
    return ctx.value(
        FieldName.WEAPTYPE,
        UNKNOWN,
        first.start_char,
        first.end_char,
        "taxonomy.weapon-unknown",
        0.4,
    )


def extract_taxonomy(ctx: MentionContext) -> list[FieldValue]:
    """Attack, weapon and target type, target text, suicide, multiple, nperps, nperpcap."""
    first = _first_trigger_sentence(ctx)
    target = find_target(first)
    if target is not None and _casualty_count(target):  # the victims: what was attacked?
        target = _attacked_thing(ctx, first, target) or _aimed_target(ctx, first) or target
    found = _target_type(ctx, first, target)
    out = _attack(ctx, first, target, found[0] if found else None)
    out.append(_weapon(ctx, first, out[0].value))
    if found is not None:
        label, s, e, rule = found
        out.append(ctx.value(FieldName.TARGTYPE, label, s, e, rule, 0.6))
    else:
        harmless = any(_simple_rx("unknown_target_cues").search(x.text) for x in ctx.sentences)
        out.append(
            ctx.value(
                FieldName.TARGTYPE,
                UNKNOWN if harmless else _cfg().get("default_target", UNKNOWN),
                first.start_char,
                first.end_char,
                "taxonomy.target-default",
                0.3,
            )
        )
    if target is not None:
        span = target.span()
        s, e = span.start_char, span.end_char
    else:
        s, e = _target_phrase(first)
    text = re.sub(r"^(?:of\s+)?(?:the|a|an)\s+", "", ctx.text[s:e].strip(" ,\n"), flags=re.I)
    if 2 < len(text) < 120:
        out.append(ctx.value(FieldName.TARGET, text, s, e, "taxonomy.target-text", 0.5))
    out.extend(extract_flags(ctx, first))
    out.extend(extract_perps(ctx))
    return _suicide_captures(out)


def _suicide_captures(out: list[FieldValue]) -> list[FieldValue]:
    """A suicide attack with no capture told: no attacker was captured (GTD codes 0 when the
    outcome is known; the attackers died in it)."""
    suicide = next((v for v in out if v.name is FieldName.SUICIDE), None)
    if suicide is None or suicide.value != "1" or suicide.evidence is None:
        return out
    if any(v.name is FieldName.NPERPCAP for v in out):
        return out
    evidence = replace(suicide.evidence, rule="perps.suicide", confidence=0.4)
    return [*out, replace(suicide, name=FieldName.NPERPCAP, value="0", evidence=evidence)]


NEGATED_HARM = re.compile(r"\b(?:no|nobody|none|not|without|never|no one)\b[^.;]{0,30}$", re.I)


def _harms(text: str) -> bool:
    """The sentence tells that people were killed or hurt, not that nobody was ("Nobody was
    hurt", "no one was injured")."""
    return any(
        NEGATED_HARM.search(text[: m.start()]) is None
        for m in _simple_rx("harm_cues").finditer(text)
    )
