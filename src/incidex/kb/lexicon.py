"""The names of known actors: armed groups (``actors.yaml`` groups), agencies (``actors.yaml``
agencies), states (``states.yaml`` and pycountry), resolved from any alias and found in text.

Resolution is exact on a normalised form first (case, dashes, quotes, a leading "the", and the
spelling variants of space, hyphen and apostrophe: "Al Qaida", "al-Qaida", "Hay'at"/"Hayat" are one
key), then on the parts of "Name (ACRONYM)", then on the gazetteer's noise patterns ("ISIS–-K").
Finding in text uses word-bounded regexes that allow the same variants: acronyms case-sensitively,
other names case-insensitively, longest first.

This is the one matcher of actor names: the extractor's spaCy component builds its phrase
patterns from :func:`group_phrases` (the same aliases, split by the same acronym rule), and the
groups a parsed document names are its token-level hits merged with :func:`find`'s by
:func:`merge` (``extract/actors/names.py``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from incidex.actor_gazetteer import actors, normalize
from incidex.text import prefilter
from incidex.text.alternation import SEPARATOR, literal_atoms, tree_pattern
from incidex.vocab import load_data

GROUP, STATE, AGENCY, PERSON, ORGANIZATION = "group", "state", "agency", "person", "organization"
APOSTROPHE = "['’‘]?"


@dataclass(frozen=True, slots=True)
class Entry:
    """A known actor: canonical name, kind, gazetteer aliases and parent group."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor named at ``text[start:end]``."""

    name: str
    kind: str
    start: int
    end: int


def spelling_pattern(alias: str) -> str:
    """A regex for ``alias`` in any of its spelling variants: words joined by spaces or hyphens,
    an apostrophe written, typographic or left out."""
    return "".join(spelling_atoms(alias))


def spelling_atoms(alias: str) -> list[str]:
    """:func:`spelling_pattern` as atoms (for a prefix-tree alternation): one per character,
    the separator between words, the optional apostrophe."""
    atoms: list[str] = []
    for i, word in enumerate(w for w in re.split(SEPARATOR, alias) if w):
        if i:
            atoms.append(SEPARATOR)
        for j, part in enumerate(re.split(r"['’‘]", word)):
            if j:
                atoms.append(APOSTROPHE)
            atoms.extend(literal_atoms(part))
    return atoms


def is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


@cache
def group_phrases() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The armed groups' names and aliases as phrases for a token matcher, by canonical name:
    acronyms (each also after "the") to match as spelled, the others to match in any case."""
    exact: dict[str, list[str]] = {}
    lower: dict[str, list[str]] = {}
    for group in actors().groups:
        name = group.name
        for alias in {name, *group.aliases}:
            if is_acronym(alias):
                exact.setdefault(name, []).append(alias)
                exact[name].append("the " + alias)
            else:
                lower.setdefault(name, []).append(alias)
    return exact, lower


def merge(refs: list[ActorRef], finds: list[ActorRef]) -> list[ActorRef]:
    """``refs`` with ``finds`` added in order: a find inside a ref is dropped, a find replaces
    the refs inside it and is dropped when it overlaps another; sorted by start."""
    out = list(refs)
    for hit in finds:
        s, e = hit.start, hit.end
        if any(r.start <= s and e <= r.end for r in out):
            continue
        kept = [r for r in out if not (s <= r.start and r.end <= e)]
        if any(r.start < e and s < r.end for r in kept):
            continue
        out = kept + [hit]
    return sorted(out, key=lambda r: r.start)


@cache
def entries() -> dict[str, Entry]:
    """Every gazetteer actor by canonical name (groups, then agencies, then states)."""
    data = actors()
    out: dict[str, Entry] = {}
    for g in data.groups:
        out[g.name] = Entry(g.name, GROUP, g.aliases, g.parent)
    for a in data.agencies:
        out[a.name] = Entry(a.name, AGENCY, a.aliases)
    for name, names in _state_names().items():
        out.setdefault(name, Entry(name, STATE, tuple(sorted(names))))
    return out


@cache
def _state_names() -> dict[str, set[str]]:
    """Country (GTD name) -> names a text uses for the state itself ("the US", "America")."""
    import pycountry

    states: dict[str, Any] = load_data("states.yaml")
    places: dict[str, Any] = load_data("places.yaml")
    gtd = places.get("gtd_names") or {}
    out: dict[str, set[str]] = {}
    for c in pycountry.countries:
        name = str(gtd.get(c.alpha_2) or getattr(c, "common_name", c.name))
        out.setdefault(name, set()).update({c.name, getattr(c, "common_name", c.name)})
    for country, words in states.get("countries", {}).items():
        # acronyms among the demonyms name the state itself ("US", "UK")
        out.setdefault(country, set()).update(str(w) for w in words if is_acronym(str(w)))
    for country, names in states.get("country_aliases", {}).items():
        out.setdefault(country, set()).update(str(n) for n in names)
    for alias, country in (places.get("aliases") or {}).items():
        if country in out and is_acronym(str(alias)):
            out[country].add(str(alias))
    for name in out:
        out[name].discard(name)
    return out


@cache
def alias_index() -> dict[str, str]:
    """Normalised alias -> canonical name. A group's own alias wins over an agency's or state's."""
    index: dict[str, str] = {}
    for entry in entries().values():
        for alias in (entry.name, *entry.aliases):
            index.setdefault(normalize(alias), entry.name)
    return index


@cache
def noise_patterns() -> list[tuple[re.Pattern[str], str]]:
    """The gazetteer's patterns for noisy spellings of group names, and the names."""
    return [(re.compile(p), name) for p, name in actors().regex.items()]


def resolve(text: str, extra: dict[str, str] | None = None) -> str | None:
    """The canonical name of a known actor written ``text``, if any (no fuzzy matching)."""
    index = alias_index()
    key = normalize(text)
    for table in (extra or {}, index):
        if key in table:
            return table[key]
    paren = re.fullmatch(r"(?P<a>[^()]+?)\s*\((?P<b>[^()]+)\)\s*(?P<c>.*)", key)
    if paren:  # "Islamic State Khorasan (ISK) Province", "the Islamic State (IS)"
        for part in (f"{paren['a']} {paren['c']}".strip(), paren["a"], paren["b"]):
            found = resolve(part, extra)
            if found:
                return found
    for rx, name in noise_patterns():
        if rx.fullmatch(unicodedata.normalize("NFKC", text.strip())):
            return name
    return None


def kind_of(name: str) -> str | None:
    entry = entries().get(name)
    return entry.kind if entry else None


@dataclass(frozen=True, slots=True)
class Finders:
    """The compiled finders for actors of some kinds."""

    acronyms: re.Pattern[str]  # case-sensitive ("IS" is not "is")
    names: tuple[str, ...]  # the other names, longest first
    names_lower: re.Pattern[str]  # the names in lower case, run on the lowered text (faster)
    table: dict[str, str]  # normalised alias -> canonical name


@cache
def _finders(kinds: frozenset[str]) -> Finders:
    """The finders for actors of ``kinds``."""
    exact: set[str] = set()
    lower: set[str] = set()
    table: dict[str, str] = {}
    for entry in entries().values():
        if entry.kind not in kinds:
            continue
        for alias in (entry.name, *entry.aliases):
            table.setdefault(normalize(alias), entry.name)
            (exact if is_acronym(alias) else lower).add(alias)

    lowered = {n.lower() for n in lower}
    names = tuple(sorted(lower, key=len, reverse=True))
    return Finders(
        _names_rx(tuple(sorted(exact, key=len, reverse=True)), 0),
        names,
        _names_rx(tuple(sorted(lowered, key=len, reverse=True)), 0),
        table,
    )


@cache
def _names_rx(ordered: tuple[str, ...], flags: int) -> re.Pattern[str]:
    """One word-bounded regex of ``ordered`` (as a prefix tree), each in its spelling variants.
    The case-insensitive one is built on first need only: few texts change length when lowered."""
    alt = tree_pattern([spelling_atoms(n) for n in ordered], flags) or "(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w]|-\w)", flags)


def find(
    text: str, offset: int = 0, kinds: frozenset[str] = frozenset({STATE, AGENCY})
) -> list[ActorRef]:
    """Known actors of ``kinds`` named in ``text`` (offsets shifted by ``offset``), in order."""
    found = _finders(kinds)
    lowered = text.lower()
    # a big alternation runs ~3x faster case-sensitively: match the lowered text when lowering
    # keeps every offset (it does, except for a few letters such as the dotted capital I)
    names = (
        (found.names_lower, lowered)
        if len(lowered) == len(text)
        else (_names_rx(found.names, re.I), text)
    )
    hits: list[ActorRef] = []
    for rx, searched in (names, (found.acronyms, text)):
        for m in rx.finditer(searched):
            name = found.table.get(normalize(text[m.start() : m.end()]))
            if name is None:
                continue
            s, e = offset + m.start(), offset + m.end()
            if any(h.start < e and s < h.end for h in hits):
                continue
            hits.append(ActorRef(name, kind_of(name) or GROUP, s, e))
    if GROUP in kinds:
        for rx, name in noise_patterns():
            for m in prefilter.finditer(rx, text):
                s, e = offset + m.start(), offset + m.end()
                hits = [h for h in hits if not (s <= h.start and h.end <= e)]
                if not any(h.start < e and s < h.end for h in hits):
                    hits.append(ActorRef(name, GROUP, s, e))
    return sorted(hits, key=lambda h: h.start)


ALL_KINDS = frozenset({GROUP, STATE, AGENCY})
