"""Perpetrator counts: how many attackers took part (nperps) and how many were caught (nperpcap).

Counts come from a number word before a perpetrator noun ("three gunmen", "two suicide bombers")
and from capture phrases ("police arrested two suspects"); cue lists are in ``data/taxonomy.yaml``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from incidex.extract.base import MentionContext, load_data
from incidex.extract.numbers import number_word
from incidex.models import FieldName, FieldValue


@cache
def _cfg() -> dict[str, Any]:
    data: dict[str, Any] = load_data("taxonomy.yaml")
    return data


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


@cache
def _lone_rx() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lone = "|".join(_cfg()["lone_perp_nouns"])
    plural = "|".join(_cfg()["plural_perp_nouns"])
    return (
        re.compile(rf"\b(?:an?|the|lone)\s+(?:[\w-]+\s+)?(?:{lone})\b", re.I),
        re.compile(rf"\b(?:{plural})\b", re.I),
    )


def _lone(ctx: MentionContext) -> FieldValue | None:
    """nperps 1 when the mention speaks of one attacker ("a gunman", "the assailant") and never
    of several ("gunmen", "attackers")."""
    one, many = _lone_rx()
    if any(many.search(sent.text) for sent in ctx.sentences):
        return None
    for sent in ctx.sentences:
        m = one.search(sent.text)
        if m:
            s, e = sent.start_char + m.start(), sent.start_char + m.end()
            return ctx.value(FieldName.NPERPS, "1", s, e, "taxonomy.nperps-lone", 0.5)
    return None


def extract_perps(ctx: MentionContext) -> list[FieldValue]:
    """nperps from "<number> <perpetrator noun>" or one lone attacker, nperpcap from capture
    phrases."""
    out: list[FieldValue] = []
    for sent in ctx.sentences:
        m = _perps_rx().search(sent.text)
        if m:
            n = number_word(m["n"])
            if n is not None and n > 0 and not (n == 1 and m["noun"].lower().endswith("s")):
                s = sent.start_char + m.start()
                e = sent.start_char + m.end()
                out.append(ctx.value(FieldName.NPERPS, str(n), s, e, "taxonomy.nperps", 0.6))
                break
    if not out:
        lone = _lone(ctx)
        if lone is not None:
            out.append(lone)
    for sent in ctx.sentences:
        m = _capture_rx().search(sent.text)
        if m:
            word = m["n"] or m["n2"] or ""
            n = number_word(word) if word else None
            if n is None and word.lower() in ("", "the", "all"):
                continue
            if n is not None and n > 0:
                s = sent.start_char + m.start()
                e = sent.start_char + m.end()
                out.append(ctx.value(FieldName.NPERPCAP, str(n), s, e, "taxonomy.nperpcap", 0.5))
                break
    return out
