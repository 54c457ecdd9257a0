"""The filter's vocabularies: country names and codes, GTD regions and type labels (read from the
one GTD codebook, whose checks ``tests/test_codebook.py`` tests)."""

from __future__ import annotations

import pycountry
import pytest

from incidex import filter_vocab


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


def test_a_region_holds_its_states_of_the_past_by_every_name() -> None:
    africa = filter_vocab.region_countries("Sub-Saharan Africa")
    assert {"rhodesia", "zaire", "zimbabwe", "zw", "zwe"} <= africa
    assert "soviet union" not in africa and "soviet union" in filter_vocab.region_countries(
        "Eastern Europe"
    )
    assert filter_vocab.region_countries("Atlantis") == frozenset()


def test_type_codes_and_labels_are_the_codebooks() -> None:
    assert filter_vocab.type_codes("attack")[2] == (3, "Bombing/Explosion")
    assert [len(filter_vocab.type_labels(k)) for k in ("attack", "weapon", "target")] == [9, 13, 22]
