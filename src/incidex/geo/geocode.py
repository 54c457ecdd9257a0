"""Coordinates and GTD ``specificity`` of a place given as country, province and city.

One geocoder for every layer that needs a point: the extractor (each report's place), fusion (the
place an incident's reports agree on) and the analyst's corrections (a corrected city or province
moves the point). It knows names, not text: which mention of a place is the attack's is the
extractor's business.

- A city is looked up among GeoNames' places of 500+ inhabitants (``data/localities.tsv.gz``;
  the extractor's gazetteer holds only those of 5,000+), in the given country, the
  province's first when the province is known (a town of that name in another province is not
  the one meant). Names are compared folded (``names.fold``): accents, case, hyphens and a spaced
  or hyphenated Arabic article ("Al-X", "al X") do not matter.
- A district named after its seat ("X district") is placed at the seat, as the centroid of the
  smallest region named (specificity 3).
- Otherwise the province's centroid (``data/admin1_centroids.tsv``: the median point of its
  GeoNames places): specificity 2 when a city was named but is not in the gazetteers, 4 when only
  the province is known.
- Only a country: no coordinates, specificity 5.

The specificity codes are the GTD codebook's: 1 the city itself; 2 a city not found, the
centroid of the smallest region identified; 3 not in a city, the centroid of the smallest region
identified; 4 the centre of the first-level division; 5 no first-level division identified,
coordinates unknown. Tables are read lazily, once per process (``tools/build_localities.py``).
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from incidex.geo.gazetteer import admin1, code_to_country
from incidex.geo.names import fold

LOCALITIES = "localities.tsv.gz"
CENTROIDS = "admin1_centroids.tsv"
INDEX_SECTION = "# index: folded name, row numbers"
_AREA = re.compile(r"\s+(?:district|sub-?district|county|municipality|area|region)$", re.I)
_SETTLEMENT = re.compile(r"\s+(?:city|town|village|camp)$", re.I)

CITY, REGION, CITY_NOT_FOUND, PROVINCE, COUNTRY = (
    "city",
    "region",
    "city-not-found",
    "province",
    "country",
)
SPECIFICITY = {
    CITY: 1,
    CITY_NOT_FOUND: 2,
    REGION: 3,
    PROVINCE: 4,
    COUNTRY: 5,
}


@dataclass(frozen=True, slots=True)
class Location:
    """Where a place was put: a point (None when only the country is known) and how precise."""

    latitude: float | None
    longitude: float | None
    specificity: int  # GTD codebook, 1-5
    basis: str  # CITY, REGION, CITY_NOT_FOUND, PROVINCE or COUNTRY: what the point stands for

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class _Town:
    name: str
    country_code: str
    admin1: str
    population: int
    latitude: float
    longitude: float
    own_name: bool  # found by its own name, not an alternate one


@cache
def _country_codes() -> dict[str, frozenset[str]]:
    """GTD country name (lower case) -> its ISO alpha-2 codes."""
    out: dict[str, set[str]] = {}
    for code, name in code_to_country().items():
        out.setdefault(name.lower(), set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


def country_codes(country: str) -> frozenset[str]:
    """The ISO alpha-2 codes of a GTD country name (empty for an unknown one)."""
    return _country_codes().get(country.strip().lower(), frozenset())


@dataclass(frozen=True, slots=True)
class _Lines:
    """``data/localities.tsv.gz`` kept as its bytes with the offsets of its lines (the table as
    Python strings took over 100 MB): rows from ``first_row``, index lines from ``first_key``."""

    blob: bytes
    starts: npt.NDArray[np.int32]
    ends: npt.NDArray[np.int32]
    first_row: int
    first_key: int

    def line(self, number: int) -> bytes:
        return self.blob[int(self.starts[number]) : int(self.ends[number])]


@cache
def _localities() -> _Lines:
    raw = resources.files("incidex").joinpath("data", LOCALITIES).read_bytes()
    blob = gzip.decompress(raw)
    ends = np.flatnonzero(np.frombuffer(blob, dtype=np.uint8) == ord("\n")).astype(np.int32)
    starts = np.concatenate((np.zeros(1, dtype=np.int32), ends[:-1] + 1))
    section = blob.index(b"\n" + INDEX_SECTION.encode() + b"\n") + 1
    first_key = int(np.searchsorted(starts, section)) + 1
    first_row = 0
    while blob[int(starts[first_row]) : int(starts[first_row]) + 1] == b"#":
        first_row += 1
    return _Lines(blob, starts, ends, first_row, first_key)


def _locality_rows(key: str) -> list[int]:
    """Rows (0 = the first row line) of the places whose folded name is ``key``: a binary search
    over the sorted index lines."""
    table = _localities()
    probe = key.encode("ascii", "ignore") + b"\t"
    lo, hi = table.first_key, len(table.starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if table.line(mid) < probe:
            lo = mid + 1
        else:
            hi = mid
    if not key or lo == len(table.starts) or not table.line(lo).startswith(probe):
        return []
    return [int(n) for n in table.line(lo)[len(probe) :].split(b",")]


def _locality(row: int) -> list[str]:
    table = _localities()
    return table.line(table.first_row + row).decode("utf-8").split("\t")


@cache
def centroids() -> dict[tuple[str, str], tuple[float, float]]:
    """(ISO alpha-2, GeoNames admin1 code) -> the division's centroid (latitude, longitude)."""
    text = resources.files("incidex").joinpath("data", CENTROIDS).read_text(encoding="utf-8")
    table: dict[tuple[str, str], tuple[float, float]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        try:
            key, lat, lon, _ = line.split("\t")
            cc, code = key.split(".", 1)
            table[(cc, code)] = (float(lat), float(lon))
        except ValueError as exc:
            raise ValueError(f"data/{CENTROIDS}, line {number}: malformed row {line!r}") from exc
    return table


@cache
def _divisions() -> dict[tuple[str, str], frozenset[str]]:
    """(ISO alpha-2, folded GTD province name) -> the GeoNames admin1 codes of that name."""
    out: dict[tuple[str, str], set[str]] = {}
    for (cc, code), name in admin1().items():
        out.setdefault((cc, fold(name)), set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


SIMILAR = 0.85  # a province spelled this close to one division of its country is that division


@lru_cache(maxsize=4096)
def _province_codes(codes: frozenset[str], provstate: str) -> frozenset[tuple[str, str]]:
    """The divisions called ``provstate`` in the countries ``codes``: by folded name, else the
    one division whose name ends with it ("Asir" of "Mintaqat Asir") or is spelled nearly the
    same ("Hamah" and "Hama", "North Darfur" and "Northern Darfur"), when only one is."""
    key = fold(provstate)
    found = frozenset((cc, code) for cc in codes for code in _divisions().get((cc, key), ()))
    if found or len(key) < 4:
        return found
    names = {(cc, name) for (cc, name) in _divisions() if cc in codes}
    near = {(cc, name) for cc, name in names if name.endswith(key)}
    if not near:
        scored = sorted(
            ((SequenceMatcher(None, key, name).ratio(), cc, name) for cc, name in names),
            reverse=True,
        )
        if scored and scored[0][0] >= SIMILAR and (len(scored) == 1 or scored[1][0] < SIMILAR):
            near = {(scored[0][1], scored[0][2])}
    if len(near) != 1:
        return frozenset()
    cc, name = next(iter(near))
    return frozenset((cc, code) for code in _divisions()[(cc, name)])


def _towns(name: str, codes: frozenset[str]) -> list[_Town]:
    """Towns called ``name`` (folded) in the countries ``codes``."""
    key = fold(name)
    if not key:
        return []
    found: list[_Town] = []
    for number in _locality_rows(key):
        town, cc, code, population, lat, lon = _locality(number)
        if cc in codes:
            own = fold(town) == key
            found.append(_Town(town, cc, code, int(population), float(lat), float(lon), own))
    return found


def _best(towns: list[_Town], provinces: frozenset[tuple[str, str]]) -> _Town | None:
    """The town meant: one in the named province when the province is known, own names before
    alternate ones, then the most populous."""
    if provinces:
        towns = [t for t in towns if (t.country_code, t.admin1) in provinces]
    if not towns:
        return None
    return min(towns, key=lambda t: (not t.own_name, -t.population, t.name))


def _point(town: _Town, basis: str) -> Location:
    return Location(town.latitude, town.longitude, SPECIFICITY[basis], basis)


def locate(country: str | None, provstate: str | None, city: str | None) -> Location | None:
    """Where ``city`` (of ``provstate``, of ``country``) is, as precisely as the tables allow;
    None when no country is given or it is unknown."""
    codes = country_codes(country or "")
    if not codes:
        return None
    provinces = _province_codes(codes, provstate) if provstate else frozenset()
    if city and city.strip():
        name = city.strip()
        town = _best(_towns(name, codes), provinces)
        if town is not None:
            return _point(town, CITY)
        for pattern, basis in ((_SETTLEMENT, CITY), (_AREA, REGION)):
            bare = pattern.sub("", name)
            if bare != name and (town := _best(_towns(bare, codes), provinces)) is not None:
                return _point(town, basis)
    points = [centroids()[k] for k in sorted(provinces) if k in centroids()]
    if points:
        basis = CITY_NOT_FOUND if city and city.strip() else PROVINCE
        return Location(points[0][0], points[0][1], SPECIFICITY[basis], basis)
    return Location(None, None, SPECIFICITY[COUNTRY], COUNTRY)
