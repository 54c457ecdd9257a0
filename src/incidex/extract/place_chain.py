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
from incidex.extract.gazetteer import City, city_in

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
