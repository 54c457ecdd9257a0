"""GTD attack type, weapon type, target type and text, suicide, multiple and perpetrator counts.

Cue phrases live in ``data/taxonomy.yaml``. Attack type follows GTD precedence (Assassination >
Hijacking > Kidnapping > Barricade > Bombing > Armed Assault > Unarmed Assault > Facility); an
attack on a named person (a PERSON entity as the target of the first attack sentence) counts as an
assassination. The target type is decided by the leftmost target cue in the phrase the attack
verb points at ("...targeting <phrase> in <place>"), else in the whole mention.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from spacy.tokens import Span

from incidex.extract.base import MentionContext, load_data
from incidex.extract.numbers import number_word
from incidex.models import FieldName, FieldValue

UNKNOWN = "Unknown"


def _alt(cues: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(cues) + r")(?![\w-])", re.I)


@cache
def _cfg() -> dict[str, Any]:
    data: dict[str, Any] = load_data("taxonomy.yaml")
    return data


@cache
def _attack_rx() -> dict[str, re.Pattern[str]]:
    return {k: _alt(v) for k, v in _cfg()["attack_cues"].items()}


@cache
def _weapon_rx() -> dict[str, re.Pattern[str]]:
    return {k: _alt(v) for k, v in _cfg()["weapon_cues"].items()}


@cache
def _target_rx() -> re.Pattern[str]:
    parts = []
    for i, (_label, cues) in enumerate(_cfg()["target_cues"].items()):
        parts.append(f"(?P<t{i}>" + "|".join(cues) + ")")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.I)


@cache
def _target_labels() -> list[str]:
    return list(_cfg()["target_cues"])


@cache
def _simple_rx(key: str) -> re.Pattern[str]:
    return _alt(_cfg()[key])


@cache
def _perps_rx() -> re.Pattern[str]:
    nouns = "|".join(_cfg()["perp_nouns"])
    return re.compile(
        rf"\b(?P<n>\w+(?:-\w+)?)\s+(?:armed\s+|suspected\s+|unidentified\s+|masked\s+)?(?P<noun>{nouns})\b",
        re.I,
    )


@cache
def _capture_rx() -> re.Pattern[str]:
    verbs = "|".join(_cfg()["capture_verbs"])
    nouns = "|".join(_cfg()["perp_nouns"] + ["suspects?"])
    return re.compile(
        rf"\b(?:{verbs})\s+(?:all\s+)?(?:the\s+)?(?P<n>\w+)?\s*(?:of the\s+)?(?:{nouns})\b"
        rf"|\b(?P<n2>\w+)\s+(?:{nouns})\s+(?:were|was|have been)\s+(?:{verbs})\b",
        re.I,
    )


CASE_SENSITIVE_TARGETS = re.compile(r"^[A-Z0-9]{2,}$")


def _first_trigger_sentence(ctx: MentionContext) -> Span:
    if ctx.trigger is not None:
        return ctx.trigger.sent
    for sent in ctx.sentences:
        if len(sent.text) > 15:
            return sent
    return ctx.sentences[0]


def _target_phrase(sent: Span) -> tuple[int, int]:
    """Character range (in the doc) of the phrase naming the target in an attack sentence."""
    text = sent.text
    openers = _cfg()["target_openers"]
    rx = re.compile(r"\b(?:" + "|".join(openers) + r")\b", re.I)
    m = rx.search(text)
    start = m.end() if m else 0
    end_m = re.search(
        r",? (?:in|near|along|between|outside of|on the outskirts of) (?=[A-Z])|[.;]", text[start:]
    )
    end = start + end_m.start() if end_m else len(text)
    return sent.start_char + start, sent.start_char + end


OWNER = re.compile(r"\b(?:of|owned by|belonging to|carrying|transporting)\s+", re.I)


def _targtype(ctx: MentionContext, lo: int, hi: int) -> tuple[str, int, int] | None:
    """Leftmost target cue in ``[lo, hi)``; a cue after "of"/"owned by" (the owner) wins."""
    labels = _target_labels()
    m = None
    owner = OWNER.search(ctx.text, lo, hi)
    if owner is not None:
        m = _target_rx().search(ctx.text, owner.end(), hi)
    if m is None:
        m = _target_rx().search(ctx.text, lo, hi)
    if m is None:
        return None
    group = m.lastgroup or ""
    label = labels[int(group[1:])]
    return label, m.start(), m.end()


def extract_taxonomy(ctx: MentionContext) -> list[FieldValue]:
    """Attack, weapon and target type, target text, suicide, multiple, nperps, nperpcap."""
    out: list[FieldValue] = []
    sents = ctx.sentences
    first = _first_trigger_sentence(ctx)
    attack_hits: dict[str, tuple[int, int]] = {}
    for label, rx in _attack_rx().items():
        for sent in sents:
            m = rx.search(sent.text)
            if m:
                attack_hits[label] = (sent.start_char + m.start(), sent.start_char + m.end())
                break
    t_lo, t_hi = _target_phrase(first)
    person = next(
        (e for e in first.ents if e.label_ == "PERSON" and t_lo <= e.start_char < t_hi), None
    )
    if (
        person is not None
        and "Assassination" not in attack_hits
        and (
            re.search(
                r"\b(?:killed|dead|died|shot|vehicle of|house of|home of|targeting)\b",
                ctx.text[t_lo - 40 if t_lo > 40 else 0 : t_hi],
                re.I,
            )
        )
    ):
        attack_hits["Assassination"] = (person.start_char, person.end_char)
    attack = next((a for a in _cfg()["attack_precedence"] if a in attack_hits), None)
    if attack is not None:
        s, e = attack_hits[attack]
        out.append(ctx.value(FieldName.ATTACKTYPE, attack, s, e, "taxonomy.attack-cue", 0.7))
        second = next(
            (a for a in _cfg()["attack_precedence"] if a in attack_hits and a != attack), None
        )
        if second is not None:
            s2, e2 = attack_hits[second]
            out.append(ctx.value(FieldName.ATTACKTYPE2, second, s2, e2, "taxonomy.attack-cue", 0.5))
    else:
        out.append(
            ctx.value(
                FieldName.ATTACKTYPE,
                UNKNOWN,
                first.start_char,
                first.end_char,
                "taxonomy.attack-unknown",
                0.4,
            )
        )
    # weapon
    weapon_hits: dict[str, tuple[int, int]] = {}
    for label, rx in _weapon_rx().items():
        for sent in sents:
            m = rx.search(sent.text)
            if m:
                weapon_hits[label] = (sent.start_char + m.start(), sent.start_char + m.end())
                break
    implied = _cfg()["attack_weapon"].get(attack or "")
    weapon = implied if implied in weapon_hits else next(iter(weapon_hits), None)
    if weapon is not None:
        s, e = weapon_hits[weapon]
        out.append(ctx.value(FieldName.WEAPTYPE, weapon, s, e, "taxonomy.weapon-cue", 0.7))
    else:
        out.append(
            ctx.value(
                FieldName.WEAPTYPE,
                UNKNOWN,
                first.start_char,
                first.end_char,
                "taxonomy.weapon-unknown",
                0.4,
            )
        )
    # target
    found = _targtype(ctx, t_lo, t_hi)
    rule = "taxonomy.target-phrase"
    if found is None:
        for sent in sents:
            lo = t_lo if sent == first else sent.start_char
            found = _targtype(ctx, lo, sent.end_char)
            rule = "taxonomy.target-mention"
            if found is not None:
                break
    if found is not None:
        out.append(ctx.value(FieldName.TARGTYPE, found[0], found[1], found[2], rule, 0.6))
    else:
        out.append(
            ctx.value(
                FieldName.TARGTYPE,
                UNKNOWN,
                first.start_char,
                first.end_char,
                "taxonomy.target-unknown",
                0.3,
            )
        )
    target_text = ctx.text[t_lo:t_hi].strip(" ,")
    target_text = re.sub(r"^(?:the|a|an)\s+", "", target_text, flags=re.I)
    if 2 < len(target_text) < 120:
        out.append(
            ctx.value(FieldName.TARGET, target_text, t_lo, t_hi, "taxonomy.target-text", 0.5)
        )
    # suicide / multiple
    for name, key in ((FieldName.SUICIDE, "suicide_cues"), (FieldName.MULTIPLE, "multiple_cues")):
        hit = None
        for sent in sents:
            m = _simple_rx(key).search(sent.text)
            if m:
                hit = (sent.start_char + m.start(), sent.start_char + m.end())
                break
        if hit:
            out.append(ctx.value(name, "1", hit[0], hit[1], f"taxonomy.{name.value}-cue", 0.85))
        else:
            out.append(
                ctx.value(
                    name, "0", first.start_char, first.end_char, f"taxonomy.{name.value}-none", 0.6
                )
            )
    # perpetrators
    for sent in sents:
        m = _perps_rx().search(sent.text)
        if m:
            n = number_word(m["n"])
            if n is not None and n > 0 and not (n == 1 and m["noun"].lower().endswith("s")):
                s = sent.start_char + m.start()
                out.append(
                    ctx.value(
                        FieldName.NPERPS,
                        str(n),
                        s,
                        sent.start_char + m.end(),
                        "taxonomy.nperps",
                        0.6,
                    )
                )
                break
    for sent in sents:
        m = _capture_rx().search(sent.text)
        if m:
            word = m["n"] or m["n2"] or ""
            n = number_word(word) if word else None
            if n is None and word.lower() in ("", "the", "all"):
                continue
            if n is not None and n > 0:
                out.append(
                    ctx.value(
                        FieldName.NPERPCAP,
                        str(n),
                        sent.start_char + m.start(),
                        sent.start_char + m.end(),
                        "taxonomy.nperpcap",
                        0.5,
                    )
                )
                break
    return out
