"""What one document teaches the actor knowledge base: aliases stated in text, people, and
relations between actors, each with its evidence (``data/kb_patterns.yaml``).

Aliases: "Name (ACRONYM)", "X, sometimes referred to as Y", "X (or Y)", "D known as Y", "X,
known ... by his nom de guerre, Y", "X, whose real name is Y". One side must be a known actor (or
both new, a person, or an acronym of the name); the other becomes its alias. People: names after a
title ("General", "spokesperson", "President") or in a nom-de-guerre phrase. Relations: two actors
tied by a cue of negotiation, contact, cooperation, rivalry or branch-of in one sentence.
Everything here is read from the text alone (no parse), so the store can run it on any document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from incidex.kb import lexicon
from incidex.kb.lexicon import ALL_KINDS, GROUP, ORGANIZATION, PERSON, ActorRef
from incidex.models import ActorAlias, ActorRelation, Document, Evidence
from incidex.vocab import load_data

WORD = re.compile(r"[\w'’.\-–]+|[^\w\s]")
BRANCH_NOUNS = r"branch|affiliate|chapter|wing|offshoot|faction|cell|province|franchise|unit"
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’]?|(?=\n)|$)")


@dataclass(slots=True)
class Knowledge:
    """The aliases, people and relations one document states."""

    aliases: list[ActorAlias] = field(default_factory=list)
    relations: list[ActorRelation] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AliasRule:
    rule: str
    cue: re.Pattern[str]
    canonical: str  # "first" or "second"
    close: bool  # the second name ends at a closing parenthesis
    person: bool


@cache
def _patterns() -> dict[str, Any]:
    data: dict[str, Any] = load_data("kb_patterns.yaml")
    return data


@cache
def alias_rules() -> list[AliasRule]:
    return [
        AliasRule(
            r["rule"],
            re.compile(r["cue"], re.I),
            r.get("canonical", "first"),
            bool(r.get("close")),
            bool(r.get("person")),
        )
        for r in _patterns()["aliases"]
    ]


@cache
def _particles() -> frozenset[str]:
    return frozenset(str(p).lower() for p in _patterns()["name_particles"])


@cache
def _titles() -> re.Pattern[str]:
    word = r"(?:[A-Z][\w'’\-]+|(?:al|el|bin|ibn)-[\w'’\-]+)"
    first = r"(?:[A-Z][\w'’\-]+|(?:al|el|bin|ibn|abu)-?[A-Z]?[\w'’\-]*)"
    name = rf"(?P<name>{first}(?:\s+{word}){{1,3}})"
    return re.compile(rf"\b(?i:{_patterns()['person_titles']})\s+{name}")


@cache
def _place_words() -> str:
    return str(_patterns()["place_words"])


@cache
def _relation_cues() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (kind, re.compile(r"\b(?:" + "|".join(cues) + r")\b", re.I))
        for kind, cues in _patterns()["relations"].items()
    ]


def _is_name_token(tok: str) -> bool:
    return (
        tok[:1].isupper()
        or tok.lower() in _particles()
        or bool(re.match(r"(?:al|el)-\w", tok, re.I))
    )


def _clean(tokens: list[str]) -> str:
    while tokens and tokens[0].islower() and tokens[0] in _particles():
        tokens = tokens[1:]
    while tokens and tokens[-1].islower() and tokens[-1] in _particles():
        tokens = tokens[:-1]
    return " ".join(tokens)


def name_before(text: str, end: int, floor: int = 0) -> tuple[int, str] | None:
    """The name phrase ending at ``text[end]`` (a branch noun may close it: "X's Afghan
    branch"), as (start, phrase); it starts at ``floor`` at the earliest."""
    chunk = text[max(floor, end - 160) : end]
    base = end - len(chunk)
    toks = list(WORD.finditer(chunk))
    kept: list[re.Match[str]] = []
    for i, m in enumerate(reversed(toks)):
        tok = m.group(0)
        if i > 0 and tok.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", tok):
            break  # the end of the previous sentence
        if i == 0 and re.fullmatch(BRANCH_NOUNS, tok, re.I):
            kept.append(m)
            continue
        if tok in ("(", ")") or not _is_name_token(tok):
            break
        kept.append(m)
        if len(kept) >= 9:
            break
    kept.reverse()
    while kept and kept[0].group(0).lower() in _particles() and kept[0].group(0).islower():
        kept = kept[1:]
    if not kept or not any(k.group(0)[:1].isupper() for k in kept):
        return None
    start = base + kept[0].start()
    return start, text[start:end].strip()


def name_after(text: str, start: int, close: bool, ceil: int) -> tuple[int, str] | None:
    """The name phrase starting at ``text[start]`` (ending by ``ceil``), as (end, phrase)."""
    if close:
        m = re.match(r"([^()\n]{1,60})\)", text[start:ceil])
        if m is None:
            return None
        phrase = m.group(1).strip()
        if not phrase[:1].isupper() or len(phrase.split()) > 6 or re.search(r"\d", phrase):
            return None
        return start + m.end(1), phrase
    toks: list[re.Match[str]] = []
    for m in WORD.finditer(text, start, min(ceil, start + 120)):
        tok = m.group(0).rstrip(".,;:")
        if not tok or not _is_name_token(tok) or tok in ("(", ")"):
            break
        toks.append(m)
        if m.group(0) != tok:  # the name ends at punctuation
            break
    words = _clean([t.group(0).rstrip(".,;:") for t in toks])
    if not words or not words[:1].isupper() and not words.lower().startswith("the "):
        return None
    end = text.find(words.split()[-1], start) + len(words.split()[-1])
    return end, words


def _acronym_of(short: str, long: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", short).upper()
    initials = "".join(
        w[0] for w in re.findall(r"[A-Za-z][\w'’]*", long) if w.lower() not in _particles()
    ).upper()
    return len(letters) >= 2 and (letters == initials or letters in initials)


def person_key(name: str) -> str:
    """Block key of a person: surname and first initial ("Qassem Soleimani" = "Qasem ...")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z][a-z'\-]*", plain) if w not in ("al", "el", "the")]
    if not words:
        return plain
    last = re.sub(r"^(?:al|el)-", "", words[-1])
    return f"{last}|{words[0][0]}"


class Learner:
    """Reads one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.known: dict[str, tuple[str, str]] = {}  # normalised name -> (actor, kind)
        self.named: dict[str, tuple[str, str]] = {}  # names learned here, as written
        self.seen: set[tuple[str, str, int]] = set()
        self.out = Knowledge()
        boiler = [(b.start, b.end) for b in doc.boilerplate_blocks()]
        self.sentences = [
            (m.start(), m.end())
            for m in SENTENCE.finditer(self.text)
            if not any(a <= m.start() < b for a, b in boiler)
        ]

    def _sentence(self, pos: int) -> str:
        for a, b in self.sentences:
            if a <= pos < b:
                return self.text[a:b].strip()
        return self.text[max(0, pos - 100) : pos + 100]

    def _evidence(self, start: int, end: int, rule: str, conf: float = 0.7) -> Evidence:
        return Evidence(self.doc.id, start, end, self._sentence(start), rule, conf)

    def _resolve(self, name: str) -> tuple[str, str] | None:
        key = lexicon.normalize(name)
        if key in self.known:
            return self.known[key]
        found = lexicon.resolve(name)
        return (found, lexicon.kind_of(found) or GROUP) if found else None

    def _add(self, actor: str, kind: str, alias: str, start: int, end: int, rule: str) -> None:
        key = lexicon.normalize(alias)
        if (actor, key, start) in self.seen:
            return
        self.seen.add((actor, key, start))
        self.known[key] = (actor, kind)
        self.named[alias] = (actor, kind)
        self.known.setdefault(lexicon.normalize(actor), (actor, kind))
        ev = self._evidence(start, end, rule)
        self.out.aliases.append(ActorAlias(actor, alias, kind, "text", ev))

    def people(self) -> None:
        """Names after a title are people; spellings of one person share one actor."""
        for a, b in self.sentences:
            for m in _titles().finditer(self.text, a, b):
                name = m.group("name")
                title = re.match(rf"(?:(?i:{_patterns()['person_titles']})\s+)+", name)
                if title:  # "commander in chief Major General X"
                    name = name[title.end() :]
                if len(name.split()) < 2 or re.fullmatch(_place_words(), name.split()[-1]):
                    continue
                if self._resolve(name) is not None:
                    continue
                self._add(name, PERSON, name, m.start("name"), m.end("name"), "kb.person-title")

    def aliases(self) -> None:
        for rule in alias_rules():
            for a, b in self.sentences:
                for m in rule.cue.finditer(self.text, a, b):
                    self._alias(rule, m, a, b)

    def _alias(self, rule: AliasRule, m: re.Match[str], floor: int, ceil: int) -> None:
        first = name_before(self.text, m.start(), floor)
        second = name_after(self.text, m.end(), rule.close, ceil)
        if first is None or second is None:
            return
        (start, x), (end, y) = first, second
        x, y = (re.sub(r"^(?:the|an?)\s+", "", n, flags=re.I) for n in (x, y))
        if lexicon.normalize(x) == lexicon.normalize(y):
            return
        rx, ry = self._resolve(x), self._resolve(y)
        name = f"kb.alias-{rule.rule}"
        if rx and ry:  # the text confirms a known alias; a conflict teaches nothing
            if rx == ry and not _state_or_agency(rx[1]):
                alias = y if rule.canonical == "first" else x
                self._add(rx[0], rx[1], alias, start, end, name)
            return
        if rx and not _state_or_agency(rx[1]):
            self._add(rx[0], rx[1], y, start, end, name)
        elif ry and not _state_or_agency(ry[1]):
            self._add(ry[0], ry[1], x, start, end, name)
        elif rule.person:
            canonical, alias = (x, y) if rule.canonical == "first" else (y, x)
            self._add(canonical, PERSON, canonical, start, end, name)
            self._add(canonical, PERSON, alias, start, end, name)
        elif rule.close and _acronym_of(y, x):
            self._add(x, ORGANIZATION, x, start, end, name)
            self._add(x, ORGANIZATION, y, start, end, name)

    def _refs(self, a: int, b: int) -> list[ActorRef]:
        """Actors named in ``text[a:b]``: known ones and those this document named."""
        refs = lexicon.find(self.text[a:b], a, ALL_KINDS)
        for alias, (actor, kind) in self.named.items():
            flags = 0 if lexicon.is_acronym(alias) else re.I
            for m in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w])", self.text[a:b], flags):
                s, e = a + m.start(), a + m.end()
                if not any(r.start < e and s < r.end for r in refs):
                    refs.append(ActorRef(actor, kind, s, e))
        for m in _anaphor().finditer(self.text, a, b):
            prior = lexicon.find(
                self.text[max(0, m.start() - 800) : m.start()], 0, frozenset({GROUP})
            )
            if prior:
                refs.append(ActorRef(prior[-1].name, GROUP, m.start(), m.end()))
        refs.sort(key=lambda r: (r.start, -(r.end - r.start)))
        out: list[ActorRef] = []
        for r in refs:
            if not out or r.start >= out[-1].end:
                out.append(r)
        return out

    def relations(self) -> None:
        for a, b in self.sentences:
            for kind, rx in _relation_cues():
                for m in rx.finditer(self.text, a, b):
                    pair = self._pair(a, b, m.start(), m.end())
                    if pair is None:
                        continue
                    src, dst = pair
                    ev = self._evidence(
                        min(src.start, m.start()), max(dst.end, m.end()), f"kb.relation-{kind}", 0.6
                    )
                    self.out.relations.append(
                        ActorRelation(
                            src.name, kind, dst.name, ev, self.doc.published, src.kind, dst.kind
                        )
                    )

    def _pair(self, a: int, b: int, cs: int, ce: int) -> tuple[ActorRef, ActorRef] | None:
        refs = self._refs(a, b)
        before = [r for r in refs if r.end <= cs and cs - r.end <= 120]
        after = [r for r in refs if r.start >= ce and r.start - ce <= 80]
        if len(before) >= 2:
            x, y = before[-2], before[-1]
            gap = self.text[x.end : y.start]
            if re.fullmatch(r"\)?\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?", gap) and x.name != y.name:
                return x, y
        if before and after and before[-1].name != after[0].name:
            gap = self.text[before[-1].end : cs]
            if not re.search(r"[;]|\b(?:that|which|who|where|while|when|whereas)\b", gap):
                return before[-1], after[0]
        return None


@cache
def _anaphor() -> re.Pattern[str]:
    """ "the group", "the militants": a reference back to the last group named."""
    return re.compile(load_data("stances.yaml")["anaphor"], re.I)


def _state_or_agency(kind: str) -> bool:
    return kind in (lexicon.STATE, lexicon.AGENCY)


def learn_document(doc: Document) -> Knowledge:
    """The aliases, people and relations stated in one document's body."""
    learner = Learner(doc)
    learner.aliases()
    learner.people()
    learner.relations()
    return learner.out
