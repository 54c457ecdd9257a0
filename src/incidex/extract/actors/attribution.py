"""How a text ties a named group to an attack: claim, blame, denial, agency; plus claim mode and
the perpetrators' nationality.

The cue phrases live in ``data/attribution.yaml`` and ``data/states.yaml``; this module compiles
them once and reads one group mention in its sentence: "X claimed responsibility" (claim),
"sources attributed the attack to X" (blame), "X militants stormed" (agent), "X denied
involvement" (denial). Governments and agencies (``actors.yaml`` ``agencies``) and states are
sources of such statements, never perpetrators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from incidex.actor_gazetteer import actors
from incidex.extract.base import load_data
from incidex.text import prefilter
from incidex.text.alternation import literal_pattern

# Role weights: which mention of a group names the perpetrator of this attack.
CLAIM = 3.0
BLAME = 2.0
AGENT = 1.5
WEAK = 1.0
BACKGROUND_PENALTY = 1.6
# Between a "before" cue and the group: a few words ("the Al-Barnawi faction ("), or the name of a
# unit of the group ("the Jose Maria Becerra Front of the").
LEAD = r"(?:(?:the|a|an|some|other)\s+)?(?:(?:\S+\s+){0,3}\(?|[^.;]{0,100}?\bof\s+(?:the\s+)?)"


def _join(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@dataclass(slots=True, frozen=True)
class Cues:
    """The compiled cue regexes."""

    claim_after: re.Pattern[str]
    claim_before: re.Pattern[str]
    claim_any: re.Pattern[str]
    no_claim: re.Pattern[str]
    strong_before: re.Pattern[str]
    strong_after: re.Pattern[str]
    weak_before: re.Pattern[str]
    agent_after: re.Pattern[str]
    denial_after: re.Pattern[str]
    background: re.Pattern[str]
    many_attacks: re.Pattern[str]
    anaphor: re.Pattern[str]
    faction_of: re.Pattern[str]
    claimmode: tuple[tuple[str, re.Pattern[str]], ...]
    regional: dict[str, tuple[tuple[re.Pattern[str], str], ...]]


@cache
def cues() -> Cues:
    """The cue regexes, compiled once per process."""
    d: dict[str, Any] = load_data("attribution.yaml")

    def before(key: str) -> re.Pattern[str]:
        # the cue ends right before the group ("attributed the attack to the X"), or before a
        # unit of it ("attributed the attack to the 33rd Front of the X")
        return re.compile(rf"\b(?:{_join(d[key])})\s*{LEAD}$", re.I)

    def after(key: str, gap: int = 3) -> re.Pattern[str]:
        # the cue must follow the group closely ("X, which ..., claimed" is read by the parser)
        return re.compile(rf"^[\s,)'’s]*(?:\S+\s+){{0,{gap}}}?(?:{_join(d[key])})\b", re.I)

    return Cues(
        claim_after=after("claim_after", 4),
        claim_before=before("claim_before"),
        claim_any=re.compile(_join(d["claim_after"]), re.I),
        no_claim=re.compile(
            r"\b(?:" + _join(d["no_claim"]) + r")(?!" + d["delayed_claim"][1:] + r")", re.I
        ),
        strong_before=before("strong_before"),
        strong_after=after("strong_after", 2),
        weak_before=before("weak_before"),
        agent_after=re.compile(r"^[\s,)'’]*(?:" + _join(d["agent_after"]) + r")\b", re.I),
        denial_after=after("denial_after", 3),
        background=re.compile(_join(d["background"]), re.I),
        many_attacks=re.compile(_join(d["many_attacks"]), re.I),
        anaphor=re.compile(_join(d["anaphor"]), re.I),
        faction_of=re.compile(d["faction_of"], re.I),
        claimmode=tuple(
            (label, re.compile(r"\b(?:" + _join(pats) + r")", re.I))
            for label, pats in d["claimmode"].items()
        ),
        regional={
            parent: tuple((re.compile(p), branch) for p, branch in table.items())
            for parent, table in (d.get("regional_branches") or {}).items()
        },
    )


@dataclass(slots=True, frozen=True)
class Role:
    """What one group mention says about the attack."""

    kind: str  # claim | blame | agent | weak | named
    score: float
    denied: bool = False


def read_role(sentence: str, rel_start: int, rel_end: int, background: bool) -> Role:
    """The role of the group at ``sentence[rel_start:rel_end]``."""
    c = cues()
    before = sentence[max(0, rel_start - 150) : rel_start]
    after = sentence[rel_end : rel_end + 100]
    denied = c.denial_after.search(after) is not None
    kind, score = "named", 0.0
    if c.claim_after.search(after) or c.claim_before.search(before):
        kind, score = "claim", CLAIM
    elif c.strong_before.search(before) or c.strong_after.search(after):
        kind, score = "blame", BLAME
    elif c.agent_after.search(after):
        kind, score = "agent", AGENT
    elif c.weak_before.search(before):
        kind, score = "weak", WEAK
    if background and score:
        score -= BACKGROUND_PENALTY
    return Role(kind, score, denied)


def about_many_attacks(sentence: str) -> bool:
    """The sentence speaks of a group's many or repeated attacks ("a series of attacks, many of
    them claimed by <group>")."""
    return prefilter.search(cues().many_attacks, sentence) is not None


def is_background(sentence: str) -> bool:
    """The sentence speaks of an earlier attack or of a group's history."""
    return prefilter.search(cues().background, sentence) is not None


def claim_mode(sentence: str) -> str | None:
    """GTD ``claimmode_txt`` label for how a claim was made, when the sentence says it."""
    for label, rx in cues().claimmode:
        if prefilter.search(rx, sentence):
            return label
    return None


def regional_branch(name: str, text: str) -> str | None:
    """The province of ``name`` (a parent group) where ``text`` places the attack, if known."""
    for rx, branch in cues().regional.get(name, ()):
        if rx.search(text):
            return branch
    return None


@cache
def _not_perpetrators() -> frozenset[str]:
    """Lower-cased names of agencies, governments and states."""
    out: set[str] = set()
    for agency in actors().agencies:
        out.add(agency.name.lower())
        out.update(a.lower() for a in agency.aliases)
    states: dict[str, Any] = load_data("states.yaml")
    for country, words in states["countries"].items():
        out.add(country.lower())
        out.update(str(w).lower() for w in words)
    for names in states["country_aliases"].values():
        out.update(str(n).lower() for n in names)
    return frozenset(out)


def is_agency_or_state(name: str) -> bool:
    """``name`` is a government, agency or state (a source of claims and blame, never a gname)."""
    key = re.sub(r"^(?:the|an?)\s+", "", name.strip(), flags=re.I).lower()
    if key in _not_perpetrators():
        return True
    words = key.split()
    return bool(words) and " ".join(words[-2:]) in _not_perpetrators() and len(words) <= 3


@cache
def _nationality_rx() -> tuple[re.Pattern[str], dict[str, str]]:
    states: dict[str, Any] = load_data("states.yaml")
    lookup: dict[str, str] = {}
    for country, words in states["countries"].items():
        lookup[country.lower()] = country
        for w in words:
            lookup[str(w).lower()] = country
    for country, names in states["country_aliases"].items():
        for n in names:
            lookup[str(n).lower()] = country
    alt = literal_pattern(sorted(lookup, key=lambda k: len(re.escape(k)), reverse=True), re.I)
    perp = _join(states["perpetrator_nouns"])
    rx = re.compile(
        rf"\b(?:{perp})\b[^.;]{{0,60}}?\b(?:hailed|came|come|comes|were|was|are|is)\s+"
        rf"(?:originally\s+|all\s+)?(?:from|citizens of|nationals of)\s+(?P<a>{alt})\b"
        rf"|\b(?:{perp})\b[^.;]{{0,40}}?\b(?:were|was|are|is)\s+(?:all\s+)?(?:an?\s+)?"
        rf"(?P<b>{alt})\s+(?:nationals?|citizens?|men|man|immigrants?|migrants?)\b"
        rf"|\b(?P<c>{alt})\s+(?:{perp})\b"
        rf"|\b(?:{perp})\b\s+(?:from|of)\s+(?P<d>{alt})\b",
        re.I,
    )
    return rx, lookup


@cache
def _perp_rx() -> re.Pattern[str]:
    """Any perpetrator noun: every branch of the nationality pattern needs one (a quick test)."""
    return re.compile(rf"(?:{_join(load_data('states.yaml')['perpetrator_nouns'])})\b", re.I)


def nationality(sentence: str) -> tuple[str, int, int] | None:
    """The perpetrators' country (GTD name) and its span in ``sentence``, when stated."""
    if prefilter.search(_perp_rx(), sentence) is None:
        return None
    rx, lookup = _nationality_rx()
    m = prefilter.search(rx, sentence)
    if m is None:
        return None
    for g in ("a", "b", "c", "d"):
        if m.group(g):
            return lookup[m.group(g).lower()], m.start(g), m.end(g)
    return None
