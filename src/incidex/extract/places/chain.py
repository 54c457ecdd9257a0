"""The comma chain that ends a GTD-style place: "in <site>, <city>, <province>, <Country>".

Read right to left: the country, then the province (first-level division), then the city — the
first part left of the province that is a settlement, not a site inside one ("Police District 5",
"Hodan neighborhood", "Airport Road") and preferably not a second-level unit ("Jere district").
When every part left of the province is such a site, or the chain names one place only ("in
Kabul, Afghanistan"), the province name doubles as the city if the gazetteer knows such a city in
that country — GTD's convention for provinces named after their capital.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from incidex.extract.base import load_data
from incidex.extract.places.names import country_names, country_regex, places_config
from incidex.geo.gazetteer import City, city_in, provinces

Part = tuple[str, int, int]  # text, start, end (document offsets)


@dataclass(slots=True)
class Place:
    """A resolved place with the character spans that support each part."""

    country: Part | None = None
    provstate: Part | None = None
    city: Part | None = None
    coords: City | None = None
    rule: str = "places.chain"
    confidence: float = 0.9


@cache
def _config() -> dict[str, Any]:
    data: dict[str, Any] = load_data("places.yaml")
    return data


def _words(key: str) -> str:
    return "|".join(re.escape(w) for w in sorted(_config()[key], key=len, reverse=True))


@cache
def sublocal_regex() -> re.Pattern[str]:
    """A site inside a settlement: "Hodan neighborhood", "Police District 5", "the KM4 area"."""
    words = _words("sublocal_suffixes")
    return re.compile(
        rf"\b(?:{words})s?(?:\s+(?:no\.?\s*)?\d+)?$"
        rf"|^(?:the\s+)?(?:[\w'-]+\s+)?(?:{words})\s+(?:(?P<of>of)\s+|[A-Z]?-?\d)"
        rf"|^(?:the\s+)?\d+(?:st|nd|rd|th)?\s+(?:{words})\b|^\d|^[A-Z]{{1,3}}\d+\b",
        re.I,
    )


@cache
def admin2_regex() -> re.Pattern[str]:
    """A second-level unit named by its kind: "Jere district", "Mamund tehsil"."""
    return re.compile(rf"\s+(?:{_words('admin2_suffixes')})$", re.I)


@cache
def settlement_regex() -> re.Pattern[str]:
    """A settlement named by its kind: "Ghazni city", "Wedow village", "the town of Dikwa"."""
    words = _words("settlement_words")
    return re.compile(rf"\s+(?:{words})$|^(?:the\s+)?(?:{words})\s+of\s+", re.I)


@cache
def province_suffix_regex() -> re.Pattern[str]:
    """A division named by its kind: "Mudug region", "Diyala province", "Borno State"."""
    return re.compile(rf"\s+(?:{_words('province_suffixes')})$", re.I)


def strip_kind(part: Part, rx: re.Pattern[str]) -> Part:
    """Drop a kind word ("Mudug region" -> "Mudug"), keeping the evidence span."""
    text, s, e = part
    m = rx.search(text)
    if m is None or (m.start() == 0 and m.end() == len(text)):
        return part
    if m.start() == 0:
        return text[m.end() :], s + m.end(), e
    return text[: m.start()], s, s + m.start()


def _lead_the(part: Part) -> Part:
    text, s, e = part
    if text.lower().startswith("the "):
        return text[4:], s + 4, e
    return part


KNOWN_CITY = 50000  # population above which a gazetteer city outranks an unknown locality


def _known(part: Part, country: str) -> int:
    city = city_in(part[0], country)
    return city.population if city is not None else 0


def choose_city(rest: list[Part], province: Part, country: str, kind: bool = False) -> Part | None:
    """The settlement among the parts left of the province (see module doc); ``kind``: the
    province was named with its kind ("Menaka region"), so it does not double as a city."""
    plain: list[Part] = []
    admin2: list[Part] = []
    for raw in rest:
        part = _lead_the(raw)
        if " and " in part[0]:
            continue  # "between Bannu and Mir Ali": two places, neither is the city
        sub = sublocal_regex().search(part[0])
        if sub is not None:
            if sub["of"]:  # "Al-Haboubi Square of Nasiriyah"
                plain.append((part[0][sub.end() :], part[1] + sub.end(), part[2]))
            continue
        if settlement_regex().search(part[0]):
            plain.append(strip_kind(part, settlement_regex()))
        elif admin2_regex().search(part[0]):
            admin2.append(part)  # GTD keeps "Jere district" as the city
        else:
            plain.append(part)
    if len(plain) > 1 and not _known(plain[0], country):
        # "Inma, Aden, Adan": a locality unknown to the gazetteer inside a known city
        known = [p for p in plain[1:] if _known(p, country) >= KNOWN_CITY]
        if known:
            return known[0]
    if plain:
        return plain[0]
    if admin2:
        return admin2[0]
    if not kind and city_in(province[0], country) is not None:
        return province
    return None


@cache
def _chain_regex() -> re.Pattern[str]:
    openers = sorted(places_config()["chain_openers"], key=len, reverse=True)
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


LIST_GOES_ON = re.compile(r"^\s*(?:,|\band\b)\s*(?:the\s+)?")


def _country_list(parts: list[Part], m: re.Match[str], text: str) -> bool:
    """ "citizens of Ruritania, Freedonia and Elbonia": countries in a list, not a chain (a
    division named like a country, "Niger, Nigeria", ends its chain)."""
    names = country_names()
    country = names[m.group(0)]
    if not any(names.get(p[0], country) != country for p in parts):
        return False
    rest = text[m.end() :]
    go_on = LIST_GOES_ON.match(rest)
    return go_on is not None and country_regex().match(rest[go_on.end() :]) is not None


def read_chain(sent_text: str, offset: int) -> Place | None:
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
        if not parts or _country_list(parts, m, sent_text):
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
