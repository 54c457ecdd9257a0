"""Whether an attack trigger tells another attack than the one a report is telling.

Read by ``events`` for each sentence unit with a strong trigger once an attack is being told:
- another time: a date in the trigger's clause of another year or month, a year or month
  modifying the trigger noun ("the 2021 airport attack", "the November attack"), a bare month
  ("in December", "last April"), or another day when the trigger names new victims or a new town;
- another named event: "the Gaza massacre", named for a place no attack of the report was told at;
- a dated apposition or relative clause inside a sentence about the current attack ("X, the
  mastermind of a school massacre in December 2014, claimed the assault").
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from spacy.tokens import Doc, Span, Token

from incidex.extract.dates.dates import MONTHS, DateHit, month_year
from incidex.extract.doc_index import ents_in
from incidex.extract.triggers.modality import clause_tokens, is_verb

YEAR_TOKEN = re.compile(r"(?:19|20)\d{2}")
BARE_MONTH = re.compile(
    r"\b(?:in|since|during|last) (?P<mon>" + "|".join(calendar.month_name[1:]) + r")\b(?!\s+\d)"
)
DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def other_time(hits: list[DateHit], ref: str | None) -> DateHit | None:
    """A date of the unit that cannot be the current attack's (other year or month)."""
    if ref is None:
        return None
    for hit in hits:
        if hit.value[:4] != ref[:4]:
            return hit
        if len(hit.value) >= 7 and len(ref) >= 7 and hit.value[:7] != ref[:7] and not hit.relative:
            return hit
    return None


def _month_hit(tok_start: int, name: str, month: int, published: date) -> DateHit:
    value = f"{month_year(month, published):04d}-{month:02d}"
    return DateHit(tok_start, tok_start + len(name), value, "dates.bare-month", 0.6)


def bare_month(unit: Span, trig: Span, ref: str | None, published: date | None) -> DateHit | None:
    """ "in December" or "last April" with no day or year, in the trigger's clause: another month
    than the attack's is another attack (a month in a nested clause dates something else)."""
    if ref is None or len(ref) < 7 or published is None:
        return None
    inside = {t.i for t in clause_tokens(trig)}
    for m in BARE_MONTH.finditer(unit.text):
        span = unit.char_span(m.start("mon"), m.end("mon"))
        if span is None or not any(t.i in inside for t in span):
            continue
        month = MONTHS[m["mon"].lower()]
        if month == int(ref[5:7]):
            return None
        return _month_hit(unit.start_char + m.start("mon"), m["mon"], month, published)
    return None


def time_modifier(strong: list[Span], ref: str | None, published: date | None) -> DateHit | None:
    """A year or month modifying the trigger noun ("a 2013 assault", "the November attack")
    that is not the attack's."""
    if ref is None:
        return None
    for trig in strong:
        for tok in trig.root.lefts:
            if tok.like_num and YEAR_TOKEN.fullmatch(tok.text) and tok.text != ref[:4]:
                return DateHit(tok.idx, tok.idx + 4, tok.text, "dates.year-modifier", 0.7)
            month = MONTHS.get(tok.lower_) if tok.tag_ == "NNP" else None
            if month and published and len(ref) >= 7 and month != int(ref[5:7]):
                hit = _month_hit(tok.idx, tok.text, month, published)
                return DateHit(hit.start, hit.end, hit.value, "dates.month-modifier", 0.6)
    return None


def new_victims(trig: Span, current_label: str) -> bool:
    """A verb trigger of another kind than the attack's, whose subject is a new, indefinite
    referent ("Two doctors were abducted early Saturday" after a hotel assault on Friday)."""
    verb = trig.root
    if not is_verb(verb) or trig.label_ == current_label:
        return False
    return any(
        c.dep_ in ("nsubj", "nsubjpass")
        and any(
            d.dep_ == "nummod" or (d.dep_ == "det" and d.lower_ in ("a", "an")) for d in c.children
        )
        for c in verb.children
    )


def other_day(
    unit: Span,
    strong: list[Span],
    hits: list[DateHit],
    ref: str | None,
    current_label: str,
    told: set[str],
) -> DateHit | None:
    """Another day than the attack's, at a town none of its sentences named (``told``) or with
    new victims, told with an indefinite trigger ("On Tuesday, a bomber killed ten in Istanbul"
    in a report of Thursday's attack): an earlier attack. "Friday's attacks" refers back."""
    if ref is None or len(ref) < 10:
        return None
    if any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE)
        for t in strong
        for c in t.root.children
    ):
        return None
    day = next((h for h in hits if len(h.value) == 10 and h.value != ref), None)
    # "this month", "earlier this year": a span that holds the attack's day, told of an
    # indefinite attack at a new town, is another attack's time
    coarse = next((h for h in hits if len(h.value) < 10 and ref.startswith(h.value)), None)
    if day is None and coarse is None:
        return None
    places = [e for e in ents_in(unit) if e.label_ == "GPE"]
    if day is not None and places and all(e.root.lower_ not in told for e in places):
        return day
    # the cities a story was filed from ("IZMIR/ANKARA") are no place an attack was told at
    body = told - _dateline_words(unit.doc)
    if coarse is not None and places and all(e.root.lower_ not in body for e in places):
        return coarse
    if day is not None and any(new_victims(t, current_label) for t in strong):
        return day
    return None


def _dateline_words(doc: Doc) -> set[str]:
    """The words of a dateline opening the story in capitals ("IZMIR/ANKARA -")."""
    out: set[str] = set()
    for tok in doc[:12]:
        if not (tok.is_upper or tok.is_punct):
            break
        if tok.is_alpha:
            out.add(tok.lower_)
    return out


def other_date(
    unit: Span,
    strong: list[Span],
    hits: list[DateHit],
    ref: str | None,
    published: date | None,
    current_label: str,
    told: set[str],
) -> DateHit | None:
    """The first sign that the unit's triggers tell an attack of another time, if any."""
    return (
        other_time(hits, ref)
        or time_modifier(strong, ref, published)
        or next((h for t in strong if (h := bare_month(unit, t, ref, published))), None)
        or other_day(unit, strong, hits, ref, current_label, told)
    )


def named_elsewhere(strong: list[Span], told: set[str]) -> bool:
    """Every trigger is named for a place no attack here was told at ("the Gaza massacre"):
    a passing reference to another, well-known event."""
    for trig in strong:
        names = [
            c
            for c in trig.root.children
            if c.dep_ in ("compound", "poss", "nmod", "amod")
            and (c.ent_type_ in ("GPE", "LOC") or (c.ent_type_ == "NORP" and c.tag_ == "NNP"))
        ]
        if not names or any(n.lower_ in told for n in names):
            return False
    return True


def nested_earlier(doc: Doc, trig: Span, strong: list[Span], other: DateHit | None) -> Span | None:
    """The nested modifier (apposition, relative clause) that tells the dated earlier attack
    inside a sentence about the current one ("X, the mastermind of a school massacre in
    December 2014, claimed the assault"), when another trigger lies outside it."""
    if other is None:
        return None
    found: Token | None = None
    tok = trig.root
    while tok.head.i != tok.i:
        if tok.dep_ in ("appos", "relcl", "acl"):
            found = tok
        tok = tok.head
    if found is None:
        return None
    span = doc[found.left_edge.i : found.right_edge.i + 1]
    outside = [t for t in strong if not span.start <= t.start < span.end]
    if not outside or not span.start_char <= other.start < span.end_char:
        return None
    return span
