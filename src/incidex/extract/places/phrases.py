"""Place phrases of a news sentence: the names it gives for where something happened.

A small NER model misses or mislabels places ("Marseille" as ORG, a town as PERSON), so the
candidates come from the words around them (vocabulary in ``data/places.yaml``):
- a capitalised name after a locative preposition ("in Marseille", "near Djibo", "in eastern X");
- a name after a settlement noun ("the town of X", "the Strelsau suburb of X", "the X area");
- a possessive ("X's old city") and GPE/LOC entities;
- a capital ("Ruritania's capital", "the Ruritanian capital", "the capital");
- a division named by its kind ("X province").
A name that only qualifies a part of another place ("the X suburb of Y", "X's outskirts of Y") is
dropped in favour of that place. places.py resolves the candidates in the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Span

from incidex.extract.base import load_data

NAME = (
    r"(?:(?:al|el|as|ad|an|ar|at|ash)-)?[A-Z][\w'\u2019.-]*"
    r"(?:\s+(?:(?:al|el|de|du|la|le|bin)[-\s])?[A-Z][\w'\u2019-]*){0,3}"
)


@dataclass(slots=True, frozen=True)
class Candidate:
    """One place name of a sentence, with document offsets and how it was named."""

    text: str
    start: int
    end: int
    kind: str  # settlement | locative | entity | capital | province
    country: str | None = None  # capital phrases: the country whose capital is meant


@cache
def _config() -> dict[str, Any]:
    data: dict[str, Any] = load_data("places.yaml")
    return data


def _alt(key: str) -> str:
    return "|".join(re.escape(w) for w in sorted(_config()[key], key=len, reverse=True))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    mods = _alt("place_modifiers")
    mod = rf"(?:(?:the|a)\s+)?(?:(?:{mods}|[a-z]+ern)\s+){{0,2}}"
    return {
        "locative": re.compile(rf"\b(?:{_alt('locative_prepositions')})\s+{mod}(?P<name>{NAME})"),
        "settlement": re.compile(
            rf"(?:\b(?P<dem>[A-Z][a-z]+)\s+)?\b(?:{_alt('settlement_nouns')})\s+of\s+(?P<name>{NAME})"
        ),
        "locality": re.compile(rf"\bthe\s+(?P<name>{NAME})\s+(?:{_alt('locality_nouns')})\b"),
        "possessive": re.compile(rf"(?P<name>{NAME})(?:'s|\u2019s)\s"),
        "part_of": re.compile(
            rf"^(?:'s|\u2019s)?\s+(?:[a-z]+\s+)?(?:{_alt('part_of_nouns')})\s+of\s+[A-Z]"
        ),
        "province": re.compile(rf"(?P<name>{NAME})\s+(?i:{_alt('province_suffixes')})\b"),
        "province_of": re.compile(
            rf"\bthe\s+(?i:{_alt('province_suffixes')})\s+of\s+(?P<name>{NAME})"
        ),
        "kind_after": re.compile(rf"\s+(?i:{_alt('province_suffixes')})\b"),
        "facility_after": re.compile(
            r"\s+(?:" + "|".join(_config()["facility_name_nouns"]) + r")\b(?!\s+of\b)"
        ),
        "article_before": re.compile(r"\b(?:a|an|the)\s+$", re.I),
        "capital_of": re.compile(r"\bcapital(?:\s+city)?\s+of\s+(?:the\s+)?(?P<name>" + NAME + ")"),
        "capital_poss": re.compile(rf"(?P<name>{NAME})(?:'s|\u2019s)\s+capital\b"),
        "capital_dem": re.compile(r"\bthe\s+(?P<name>[A-Z][a-z]+)\s+capital\b"),
        "capital_bare": re.compile(r"\b(?:in|at|near|into|outside)\s+the\s+capital\b(?!\s+of)"),
    }


def _stop_words() -> set[str]:
    return set(_config()["not_places"])


def _trim(name: str) -> str:
    """Drop trailing words that are not part of a name ("Kabul On" never, "Jakarta The")."""
    words = name.split()
    while words and words[-1] in _stop_words():
        words.pop()
    return " ".join(words)


def _country_goes_on(name: str, rest: str) -> bool:
    """``name`` opens a country's name that goes on after it ("Republic" + " of Congo")."""
    from incidex.extract.places.names import country_names  # names reads this module

    m = re.match(r"\s+of\s+(?:the\s+)?([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)", rest)
    if m is None:
        return False
    names = country_names()
    return f"{name} of {m[1]}" in names or f"{name} of the {m[1]}" in names


def candidates(text: str, offset: int, ents: list[Span] | None = None) -> list[Candidate]:
    """The place candidates of one sentence ``text`` (document offset ``offset``)."""
    rx = _patterns()
    found: list[Candidate] = []
    stop = _stop_words()

    states: dict[str, str] = _config()["us_state_abbreviations"]

    def add(name: str | None, start: int, kind: str, country: str | None = None) -> None:
        if not name:
            return
        stem = name.rstrip(".")
        after = start + len(stem)
        if text[after : after + 1] == "." and stem + "." in states:
            # "TAMPA, Fla.": the state, abbreviated, never a town of that name elsewhere
            found.append(Candidate(states[stem + "."], start + offset, after + 1 + offset, kind))
            return
        name = _trim(re.sub(r"(?:['\u2019]s|[.'\u2019])$", "", name))
        if not name or name.split()[0] in stop:
            return
        end = start + len(name)
        if _country_goes_on(name, text[end:]):
            return  # "the Republic of Congo": a country's name, read as a country
        if kind != "capital" and rx["part_of"].match(text[end:]):
            return  # "the Strelsau suburb of Zenda": Strelsau only qualifies the suburb
        if kind not in ("capital", "province") and rx["kind_after"].match(text[end:]):
            return  # "in Menaka region": the region, not its town
        if rx["facility_after"].match(text, end) and not rx["article_before"].search(
            text, max(0, start - 6), start
        ):
            return  # "near Victoria station": the station's name
        found.append(Candidate(name, start + offset, end + offset, kind, country))

    for m in rx["settlement"].finditer(text):
        add(m["name"], m.start("name"), "settlement", m["dem"])
    for m in rx["locality"].finditer(text):
        add(m["name"], m.start("name"), "settlement")
    for m in rx["locative"].finditer(text):
        add(m["name"], m.start("name"), "locative")
    for m in rx["possessive"].finditer(text):
        add(m["name"], m.start("name"), "locative")
    for m in rx["province"].finditer(text):
        name, start = m["name"], m.start("name")
        owner = re.search(r"['\u2019]s\s+", name)
        if owner is not None:  # "Mexico's Guerrero state": the country owns the state
            name, start = name[owner.end() :], start + owner.end()
        add(name, start, "province")
    for m in rx["province_of"].finditer(text):
        add(m["name"], m.start("name"), "province")  # "the state of Guerrero"
    for key in ("capital_of", "capital_poss", "capital_dem"):
        for m in rx[key].finditer(text):
            add(m.group(0), m.start(), "capital", m["name"])
    for m in rx["capital_bare"].finditer(text):
        add(m.group(0), m.start(), "capital", "")
    facility = set(_config()["facility_words"])
    for ent in ents or []:
        named_facility = ent.label_ in ("FAC", "ORG") and bool(facility & set(ent.text.split()))
        if ent.label_ in ("GPE", "LOC") or named_facility:
            s = ent.start_char - offset
            name = ent.text.removeprefix("the ")
            add(name, s + len(ent.text) - len(name), "entity")
        elif ent.label_ == "EVENT":
            # "the Boston Marathon", "the Paris Air Show": an event named for its town
            words = ent.text.removeprefix("the ").split()
            s = ent.end_char - offset - len(" ".join(words))
            for n in range(len(words) - 1, 0, -1):
                if all(w[:1].isupper() for w in words[:n]):
                    add(" ".join(words[:n]), s, "entity")
    unique: dict[tuple[int, str], Candidate] = {}
    for c in found:
        unique.setdefault((c.start, c.text), c)
    return sorted(unique.values(), key=lambda c: c.start)


def prefixes(name: str) -> list[str]:
    """The name, then its leading parts before a facility word ("Mogadishu International
    Airport" -> "Mogadishu"): a facility is named after its city."""
    words = name.split()
    facility = set(_config()["facility_words"])
    out = [name]
    for n in range(len(words) - 1, 0, -1):
        if any(w in facility for w in words[n:]):
            out.append(" ".join(words[:n]))
    return out
