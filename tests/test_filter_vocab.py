"""The filter's vocabularies: country names and codes, GTD regions, type labels, and the checks
of the data file (every mistake with its line)."""

from __future__ import annotations

import pycountry
import pytest

from incidex import filter_vocab
from incidex.errors import DataError

GOOD = """\
regions:
  - code: 1
    name: North America
    countries: [CA, US]
  - code: 2
    name: Western Europe
    countries: [FR, "NO", West Germany (FRG)]
attack_types:
  - {code: 1, name: Assassination}
weapon_types:
  - {code: 1, name: Firearms}
target_types:
  - {code: 1, name: Business}
"""


@pytest.mark.parametrize(
    ("text", "gtd"),
    [
        ("Russian Federation", "Russia"),
        ("russia", "Russia"),
        ("RU", "Russia"),
        ("RUS", "Russia"),
        ("United States of America", "United States"),
        ("USA", "United States"),
        ("Syrian Arab Republic", "Syria"),
        ("Côte d'Ivoire", "Ivory Coast"),
        ("Kosovo", "Kosovo"),
        ("Soviet Union", "Soviet Union"),
        ("Narnia", None),
    ],
)
def test_country_names_and_codes_give_gtds_name(text: str, gtd: str | None) -> None:
    assert filter_vocab.country_name(text) == gtd


def test_a_countrys_spellings_are_every_name_it_goes_by() -> None:
    assert {"russia", "russian federation", "ru", "rus"} <= filter_vocab.country_spellings("RU")
    assert filter_vocab.country_spellings("Narnia") == frozenset()


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("Iraq", "Middle East & North Africa"),
        ("Turkey", "Middle East & North Africa"),
        ("Mexico", "North America"),
        ("Georgia", "Central Asia"),
        ("Greece", "Western Europe"),
        ("Ukraine", "Eastern Europe"),
        ("Sudan", "Sub-Saharan Africa"),
        ("Philippines", "Southeast Asia"),
        ("Pakistan", "South Asia"),
        ("Taiwan", "East Asia"),
        ("Haiti", "Central America & Caribbean"),
        ("Peru", "South America"),
        ("Fiji", "Australasia & Oceania"),
        ("Yugoslavia", "Eastern Europe"),
        ("West Bank and Gaza Strip", "Middle East & North Africa"),
        (None, None),
        ("Narnia", None),
    ],
)
def test_region_of_a_country(country: str | None, region: str | None) -> None:
    assert filter_vocab.region_of(country) == region


def test_every_inhabited_country_has_a_region() -> None:
    uninhabited = {"AQ", "BV", "HM", "TF", "GS", "UM", "IO", "CC", "CX", "SJ"}
    missing = {c.alpha_2 for c in pycountry.countries} - uninhabited
    missing = {code for code in missing if filter_vocab.region_of(code) is None}
    assert missing == set()
    assert len(filter_vocab.region_names()) == 12


@pytest.mark.parametrize(
    ("kind", "text", "label"),
    [
        ("attack", "3", "Bombing/Explosion"),
        ("attack", "bombing/explosion", "Bombing/Explosion"),
        ("attack", "explosion", "Bombing/Explosion"),
        ("attack", "barricade", "Hostage Taking (Barricade Incident)"),
        ("attack", "hostage", None),  # two labels: no guess
        ("weapon", "vehicle", filter_vocab.type_labels("weapon")[9]),
        ("weapon", "fire", "Firearms"),
        ("target", "government (diplomatic)", "Government (Diplomatic)"),
        ("target", "government", None),
        ("target", "22", "Violent Political Party"),
        ("target", "23", None),
        ("region", "sub-saharan", "Sub-Saharan Africa"),
        ("region", "asia", None),
    ],
)
def test_labels_by_code_label_or_start_of_a_word(kind: str, text: str, label: str | None) -> None:
    assert filter_vocab.resolve_label(kind, text) == label  # type: ignore[arg-type]


def test_a_good_file_parses() -> None:
    data = filter_vocab.parse(GOOD)
    assert data.regions[1].countries == ("FR", "NO", "West Germany (FRG)")


@pytest.mark.parametrize(
    ("change", "line", "says"),
    [
        (('[FR, "NO",', "[FR, NO,"), 7, "valid string"),  # YAML's NO is a boolean
        (("[CA, US]", "[CA, US, QQ]"), 4, "'QQ' is no ISO alpha-2 code"),
        (("[CA, US]", "[CA, US, FR]"), 7, "'FR' is in two regions"),
        (("code: 2", "code: 1"), 5, "code 1 is given twice"),
        (("name: Firearms", "name: Firearms, colour: red"), 11, "colour"),
    ],
)
def test_mistakes_in_the_file_stop_with_the_line(
    change: tuple[str, str], line: int, says: str
) -> None:
    with pytest.raises(DataError) as error:
        filter_vocab.parse(GOOD.replace(*change), "vocab.yaml")
    assert f"vocab.yaml:{line}:" in str(error.value) and says in str(error.value)


def test_the_shipped_file_is_valid() -> None:
    data = filter_vocab.vocabulary()
    assert [len(data.attack_types), len(data.weapon_types), len(data.target_types)] == [9, 13, 22]
