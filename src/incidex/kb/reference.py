"""Link reports to a catalogue of notable attacks (``data/reference_incidents.yaml``).

News names earlier attacks in passing ("since the 2017 Manchester Arena bombing", "two bombings
last year ... in the capital Ankara, the latter killing more than 100 people") with a year or a
month only, or refers to one with no date at all ("ahead of the Brussels attacks"). When such a
report agrees with exactly one catalogue entry of its country and year (and month) on at least
``min_agreements`` independent points (place, a name of the attack in its sentences, attack type,
death toll, group; one for a report dated to the day), contradicts it on none, and no other entry
fits nearly as well (``margin``), the entry's day becomes the report's date, and its city and
province fill the ones the text left open (``link_known``; ``link`` and ``resolve`` for background
mentions only). An undated report fits an entry of its country from the ``window_days`` before
publication that its place or a name agrees with. A day the text gave is never replaced, nor any
other value the text gave. ``known_attack`` is also a ground of ``extract.qualify``: a catalogued
attack is an incident.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from incidex.kb.attribution import family
from incidex.models import Evidence, FieldName, FieldValue, Mention
from incidex.vocab import load_data

CATALOGUE = "reference_incidents.yaml"
UNKNOWN = ("", "unknown")


@dataclass(frozen=True, slots=True)
class Reference:
    """One catalogue attack: its day, place, names, GTD type, group and approximate toll."""

    id: str
    date: str  # YYYY-MM-DD
    country: str
    province: str | None
    city: str | None
    places: tuple[str, ...]
    names: tuple[str, ...]
    attacktype: str
    also: tuple[str, ...]
    weaptype: str
    group: str
    deaths: int | None

    @property
    def attacktypes(self) -> tuple[str, ...]:
        """Every attack type reports may give this attack."""
        return (self.attacktype, *self.also)

    @property
    def sites(self) -> set[str]:
        """Normalised names of the places of this attack (main city and others)."""
        return {_key(p) for p in (self.city, *self.places) if p}


def _key(text: str) -> str:
    """Case, accents, typographic quotes and punctuation folded: "Suruç" and "suruc" are one key."""
    plain = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w']+", " ", plain).split())


@cache
def rules() -> dict[str, Any]:
    """The resolver's thresholds and rule names (``rules`` of the catalogue file)."""
    data: dict[str, Any] = load_data(CATALOGUE)["rules"]
    return data


def _entry(raw: dict[str, Any]) -> Reference:
    return Reference(
        id=str(raw["id"]),
        date=str(raw["date"]),
        country=str(raw["country"]),
        province=raw.get("province"),
        city=raw.get("city"),
        places=tuple(raw.get("places") or ()),
        names=tuple(str(n) for n in raw.get("names") or ()),
        attacktype=str(raw["attacktype"]),
        also=tuple(raw.get("also") or ()),
        weaptype=str(raw["weaptype"]),
        group=str(raw.get("group") or "Unknown"),
        deaths=raw.get("deaths"),
    )


@cache
def catalogue() -> tuple[Reference, ...]:
    """Every catalogue entry, read once."""
    return tuple(_entry(raw) for raw in load_data(CATALOGUE)["incidents"])


@cache
def _by_country_year() -> dict[tuple[str, str], tuple[Reference, ...]]:
    index: dict[tuple[str, str], list[Reference]] = {}
    for ref in catalogue():
        index.setdefault((ref.country, ref.date[:4]), []).append(ref)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _name_regex(ref: Reference) -> re.Pattern[str] | None:
    """The entry's names that are more than one of its places, as one word-bounded regex over
    ``_key``-folded text."""
    keys = {_key(n) for n in ref.names} - ref.sites - {""}
    if not keys:
        return None
    alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def _text_value(mention: Mention, name: FieldName) -> FieldValue | None:
    """The mention's value of ``name`` when the text gave it (not a guess from the context)."""
    value = mention.get(name)
    if value is None or value.value.strip().lower() in UNKNOWN:
        return None
    if value.evidence is not None and value.evidence.rule in rules()["inferred_rules"]:
        return None
    return value


def _place_vote(mention: Mention, ref: Reference) -> int:
    """+1 when the mention's city (or, without one, its province) is the entry's; -1 when it names
    another place; 0 when it says nothing about the place."""
    city = _text_value(mention, FieldName.CITY)
    province = _text_value(mention, FieldName.PROVSTATE)
    same_province = (
        province is not None
        and ref.province is not None
        and _key(province.value) == _key(ref.province)
    )
    if city is not None:
        if _key(city.value) in ref.sites:
            return 1
        return 0 if same_province else -1
    if province is not None and ref.province is not None:
        return 1 if same_province else -1
    return 0


def _type_vote(mention: Mention, ref: Reference) -> int:
    """+1 when the mention's attack type is one the entry's reports give; -1 when a cue word of
    the text says another type; 0 otherwise (unknown, or a type guessed from the target)."""
    kind = _text_value(mention, FieldName.ATTACKTYPE)
    if kind is None:
        return 0
    if kind.value in ref.attacktypes:
        return 1
    strong = kind.evidence is not None and kind.evidence.rule in rules()["strong_type_rules"]
    return -1 if strong else 0


def _deaths_vote(mention: Mention, ref: Reference) -> int:
    """+1 when the reported death toll fits the entry's (within the sources' usual spread);
    -1 when the text reports far more deaths than the entry; 0 otherwise (a part of the toll,
    such as "13 US troops", is no contradiction)."""
    value = _text_value(mention, FieldName.NKILL)
    told = value.number if value is not None else None
    if value is None or told is None or ref.deaths is None:
        return 0
    cfg = rules()["deaths"]
    low = value.low if value.low is not None else told
    high = value.high if value.high is not None else told
    if value.low is not None and value.high is None:  # "more than n"
        high = math.inf
    if value.high is not None and value.low is None:  # "nearly n"
        low = high / cfg["open_range"]
    if math.isinf(high):
        high = low * cfg["open_range"]
    if told > ref.deaths * cfg["conflict"] + cfg["conflict_slack"]:
        return -1
    fits = low * cfg["low"] - cfg["slack"] <= ref.deaths <= high * cfg["high"] + cfg["slack"]
    return 1 if fits else 0


def _group_vote(mention: Mention, ref: Reference) -> int:
    """+1 when the mention's group is the entry's or of its family (ISKP and ISIL); never -1:
    reports blame and claim loosely."""
    group = _text_value(mention, FieldName.GNAME)
    if group is None or ref.group.lower() in UNKNOWN:
        return 0
    return 1 if family(group.value) == family(ref.group) else 0


def _name_vote(text: str, ref: Reference) -> int:
    """+1 when a name of the attack ("Bataclan", "Westgate mall") is in the mention's sentences."""
    regex = _name_regex(ref)
    return 1 if regex is not None and regex.search(text) else 0


def agreements(mention: Mention, ref: Reference, text: str = "") -> int | None:
    """How many independent points agree, or None when one contradicts the entry."""
    votes = (
        _place_vote(mention, ref),
        _type_vote(mention, ref),
        _deaths_vote(mention, ref),
        _group_vote(mention, ref),
        _name_vote(text, ref),
    )
    return None if -1 in votes else sum(votes)


def _mention_text(mention: Mention, sentences: Sequence[str]) -> str:
    """The folded text of the mention's sentences (its trigger's and its values' when not given)."""
    texts = list(sentences) or [mention.trigger.sentence] + [
        v.evidence.sentence for v in mention.values if v.evidence is not None
    ]
    return _key(" \n ".join(dict.fromkeys(texts)))


def resolve(mention: Mention, sentences: Sequence[str] = ()) -> Reference | None:
    """The one catalogue entry a background mention dated to a year or a month refers to, or None
    (not background, precise or no date, no country, no entry agreeing enough, or several)."""
    if not mention.background:
        return None
    date = _text_value(mention, FieldName.DATE)
    if date is None or len(date.value) not in (4, 7):
        return None
    return _fit(mention, sentences, rules()["min_agreements"])


def known_attack(
    mention: Mention, sentences: Sequence[str] = (), published: date | None = None
) -> Reference | None:
    """The catalogued attack a mention (main or background) reports, or None: its country and date
    (at the date's precision) are the entry's, and beyond them a day-precise mention agrees on one
    more point (place, name, attack type, toll, group), a coarser one on ``min_agreements``; none
    contradicts, and no other entry fits about as well. An undated mention ("the Brussels
    attacks", told after the fact) fits an entry of its country from the ``window_days`` before
    ``published`` that its place or a name of the attack agrees with."""
    when = _text_value(mention, FieldName.DATE)
    if when is None:
        return _fit_undated(mention, sentences, published)
    need = 1 if len(when.value) == 10 else rules()["min_agreements"]
    return _fit(mention, sentences, need)


def _fit_undated(
    mention: Mention, sentences: Sequence[str], published: date | None
) -> Reference | None:
    country = _text_value(mention, FieldName.COUNTRY)
    if published is None or country is None:
        return None
    window = rules()["window_days"]
    text = _mention_text(mention, sentences)
    scored: list[tuple[int, Reference]] = []
    for ref in catalogue():
        if ref.country != country.value:
            continue
        if not 0 <= (published - date.fromisoformat(ref.date)).days <= window:
            continue
        if _place_vote(mention, ref) < 1 and _name_vote(text, ref) < 1:
            continue
        n = agreements(mention, ref, text)
        if n is not None:
            scored.append((n, ref))
    scored.sort(key=lambda pair: -pair[0])
    if not scored or (len(scored) > 1 and scored[0][0] - scored[1][0] < rules()["margin"]):
        return None
    return scored[0][1]


def _fit(mention: Mention, sentences: Sequence[str], need: int) -> Reference | None:
    """The one entry of the mention's country whose day its date contains and that agrees on at
    least ``need`` points, clearly ahead of any other; None otherwise."""
    date = _text_value(mention, FieldName.DATE)
    country = _text_value(mention, FieldName.COUNTRY)
    if date is None or country is None:
        return None
    candidates = [
        ref
        for ref in _by_country_year().get((country.value, date.value[:4]), ())
        if ref.date.startswith(date.value)
    ]
    if not candidates:
        return None
    text = _mention_text(mention, sentences)
    margin = rules()["margin"]
    scored = sorted(
        ((n, ref) for ref in candidates if (n := agreements(mention, ref, text)) is not None),
        key=lambda pair: -pair[0],
    )
    fits = [(n, ref) for n, ref in scored if n >= need]
    if not fits or (len(fits) > 1 and fits[0][0] - fits[1][0] < margin):
        return None  # nothing fits, or two fit about as well: which one is a guess
    return fits[0][1]


def _catalogue_value(name: FieldName, value: str, like: FieldValue) -> FieldValue:
    """A value the catalogue sets, with evidence in the mention's own date sentence."""
    cfg = rules()
    ev = like.evidence
    assert ev is not None  # a text date always has evidence
    confidence = min(cfg["confidence"], ev.confidence)
    evidence = Evidence(ev.doc_id, ev.start, ev.end, ev.sentence, cfg["rule"], confidence)
    return replace(like, name=name, value=value, evidence=evidence, low=None, high=None)


def link(mention: Mention, sentences: Sequence[str] = ()) -> Reference | None:
    """Resolve a background mention and, when it refers to a catalogue entry, date it to the
    entry's day and fill the city and province the text left open. Returns the entry."""
    ref = resolve(mention, sentences)
    if ref is not None:
        _take(mention, ref)
    return ref


def link_known(
    mention: Mention, sentences: Sequence[str] = (), published: date | None = None
) -> Reference | None:
    """Date a report of a catalogued attack (``known_attack``) that the text dates to a year or a
    month, or not at all, to the entry's day, and fill the city and province the text left open.
    A day the text gives is never replaced. Returns the entry."""
    told = _text_value(mention, FieldName.DATE)
    if told is not None and len(told.value) == 10:
        return None
    ref = known_attack(mention, sentences, published)
    if ref is not None:
        _take(mention, ref)
    return ref


def _take(mention: Mention, ref: Reference) -> None:
    """The entry's day as the mention's date (evidence: its own date, else its trigger), and the
    entry's city and province where the text gave none (a place guessed from the report's main
    attack is replaced)."""
    when = mention.get(FieldName.DATE)
    like = when if when is not None and when.evidence is not None else _at_trigger(mention)
    dated = _catalogue_value(FieldName.DATE, ref.date, like)
    if when is not None:
        mention.values[mention.values.index(when)] = dated
    else:
        mention.values.append(dated)
    for name, value in ((FieldName.PROVSTATE, ref.province), (FieldName.CITY, ref.city)):
        if _text_value(mention, name) is not None:
            continue
        guess = mention.get(name)
        if guess is not None:
            mention.values.remove(guess)
        if value is not None:
            mention.values.append(_catalogue_value(name, value, dated))


def _at_trigger(mention: Mention) -> FieldValue:
    """A stand-in value whose evidence is the mention's trigger (for a value it never had)."""
    return FieldValue(FieldName.DATE, "", evidence=replace(mention.trigger))


def link_background(mentions: Sequence[Mention], sentences: Sequence[Sequence[str]]) -> None:
    """Link every background mention of a document (``sentences``: each mention's texts)."""
    for mention, texts in zip(mentions, sentences, strict=False):
        if mention.background:
            link(mention, texts)
