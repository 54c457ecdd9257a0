"""Places: GTD comma chains, the gazetteer's provinces, GTD spellings and datelines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from incidex.extract.pipeline import Extractor
from incidex.extract.places.places import extract_place
from incidex.geo.gazetteer import gtd_province, lookup_city
from incidex.models import Document, FieldName, Mention
from tests.extract.conftest import one_mention

Place = Callable[[str], dict[FieldName, str]]


@pytest.fixture(scope="module")
def place(extractor: Extractor) -> Place:
    """The place fields of one invented text, all sentences one mention, first trigger."""

    def _place(text: str) -> dict[FieldName, str]:
        return {v.name: v.value for v in extract_place(one_mention(extractor, text))}

    return _place


@pytest.mark.parametrize(
    ("text", "province", "city"),
    [
        # a numbered police district inside the city that shares the province's name
        (
            "Gunmen shot a clerk in Police District 7, Kandahar, Afghanistan.",
            "Kandahar",
            "Kandahar",
        ),
        # an ordinal district, then "X city", then the province
        (
            "A bomb hit a van in the 3rd Police District, Herat city, Herat, Afghanistan.",
            "Herat",
            "Herat",
        ),
        # a street site before the town
        (
            "A grenade hit a shop on Station Road, Turbat, Balochistan, Pakistan.",
            "Balochistan",
            "Turbat",
        ),
        # the town follows a verb, not a preposition
        ("02/03/2022: Assailants raided Gwoza, Borno, Nigeria.", "Borno", "Gwoza"),
        # a province named with its kind is no city
        ("A mine struck a truck in Menaka region, Mali.", "Menaka", None),
        # two places joined by "and" are neither the city
        ("Rebels cut a line between Foo and Bar, Diyala, Iraq.", "Diyala", None),
        # an unknown locality inside a known city
        ("Gunmen fired on a car in Shaykh Zayd, Aden, Adan, Yemen.", "Adan", "Aden"),
        # "X Square of City"
        ("A man was stabbed in Freedom Square of Basra, Basra, Iraq.", "Basra", "Basra"),
    ],
)
def test_chain_city_and_province(
    place: Place, text: str, province: str | None, city: str | None
) -> None:
    got = place(text)
    assert got.get(FieldName.PROVSTATE) == province
    assert got.get(FieldName.CITY) == city


def test_named_city_gets_its_province(place: Place) -> None:
    got = place("A suicide bomber struck a wedding in Mosul, killing nine.")
    assert got[FieldName.CITY] == "Mosul"
    assert got[FieldName.PROVSTATE] == "Nineveh"
    assert got[FieldName.COUNTRY] == "Iraq"
    assert got[FieldName.SPECIFICITY] == "1"


def test_dateline_city_is_title_cased(place: Place) -> None:
    got = place("MOGADISHU (Reuters) - A car bomb exploded outside a hotel, killing five people.")
    assert got[FieldName.CITY] == "Mogadishu"
    assert got[FieldName.PROVSTATE] == "Banaadir"


def test_trigger_sentence_place_before_others(place: Place) -> None:
    text = (
        "Officials in Lahore condemned the violence. "
        "A bomb exploded at a market in Quetta, wounding twelve people."
    )
    got = place(text)
    assert got[FieldName.CITY] == "Quetta"
    assert got[FieldName.PROVSTATE] == "Balochistan"


@pytest.mark.parametrize(
    ("geonames", "gtd"),
    [
        ("Muhafazat Kirkuk", "Kirkuk"),
        ("Salah ad Din Governorate", "Saladin"),
        ("Ninawa", "Nineveh"),
        ("Nord Kivu", "North Kivu"),
        ("Banaadir", "Banaadir"),
    ],
)
def test_gtd_province_spelling(geonames: str, gtd: str) -> None:
    assert gtd_province(geonames) == gtd


def test_province_settled_by_country() -> None:
    iran = lookup_city("Kerman", ["Iran"])
    assert iran is not None and iran.province == "Kerman"
    congo = lookup_city("Bunia", ["Democratic Republic of the Congo"])
    assert congo is not None and congo.province == "Ituri"


def test_lone_city_in_chain_gets_gazetteer_province(place: Place) -> None:
    got = place("LAHORE, Pakistan (AP) - A bomb exploded near a busy park, killing three people.")
    assert got[FieldName.CITY] == "Lahore"
    assert got[FieldName.PROVSTATE] == "Punjab"


def test_dateline_is_only_a_fallback(place: Place) -> None:
    got = place("NAIROBI (Reuters) - Gunmen attacked a bus near Mandera on Tuesday, killing ten.")
    assert got[FieldName.CITY] == "Mandera"
    assert got[FieldName.COUNTRY] == "Kenya"


def test_dateline_chain_is_not_the_attack_chain(place: Place) -> None:
    text = (
        "KABUL, Afghanistan - Militants stormed a school in eastern Afghanistan on Monday. "
        "The gunmen climbed the walls of the compound in Jalalabad before dawn."
    )
    assert place(text)[FieldName.CITY] == "Jalalabad"


def test_town_the_model_misses_is_found_after_a_preposition(place: Place) -> None:
    got = place("A teenager who stabbed a rabbi in Strasbourg on Friday was arrested.")
    assert got[FieldName.CITY] == "Strasbourg"
    assert got[FieldName.COUNTRY] == "France"
    assert got[FieldName.PROVSTATE] == "Grand Est"  # GTD's name of the merged region


def test_unknown_town_named_by_its_kind(place: Place) -> None:
    got = place("Gunmen stormed through the Kenyan town of Qorahadley on Sunday, killing six.")
    assert got[FieldName.CITY] == "Qorahadley"
    assert got[FieldName.COUNTRY] == "Kenya"


def test_suburb_of_a_city_is_the_place(place: Place) -> None:
    got = place("In the Tel Aviv suburb of Ashdod, a man stabbed two shoppers.")
    assert got[FieldName.CITY] == "Ashdod"
    assert got[FieldName.PROVSTATE] == "Southern"


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Explosions were heard on Friday in Mali's capital as gunmen stormed a hotel.", "Bamako"),
        ("A car bomb exploded outside a hotel in the Kenyan capital, killing four.", "Nairobi"),
        ("Gunmen stormed a hotel in the capital of Somalia, killing four.", "Mogadishu"),
    ],
)
def test_capital_named_by_its_country(place: Place, text: str, city: str) -> None:
    assert place(text)[FieldName.CITY] == city


def test_facility_named_after_its_city(place: Place) -> None:
    text = "A blast tore a hole in the plane after it took off from Garissa International Airport."
    assert place(text)[FieldName.CITY] == "Garissa"


def test_province_named_by_its_kind(place: Place) -> None:
    got = place("Gunmen killed five villagers in northern Afghanistan, within Sar-e Pol Province.")
    assert got[FieldName.PROVSTATE] == "Sar-e Pul"
    assert FieldName.CITY not in got


def test_world_city_by_its_bare_name(place: Place) -> None:
    text = "A US official said gunmen attacked a concert hall near Moscow on Friday."
    assert place(text)[FieldName.COUNTRY] == "Russia"


def test_country_nearer_the_trigger_bounds_the_city(place: Place) -> None:
    text = "Twin bombings killed forty people at rallies in Pakistan, a year after a raid in Kabul."
    got = place(text)
    assert got[FieldName.COUNTRY] == "Pakistan"
    assert FieldName.CITY not in got


def test_bordering_country_is_not_the_place(place: Place) -> None:
    text = "Gunmen kidnapped a doctor near the border with Mali, in northern Burkina Faso."
    assert place(text)[FieldName.COUNTRY] == "Burkina Faso"


def test_list_of_countries_is_not_a_chain(place: Place) -> None:
    text = "A bomb exploded at a hotel, killing visitors from Russia, China and the United States."
    got = place(text)
    assert FieldName.PROVSTATE not in got


def test_town_spelled_with_other_vowels_is_found(place: Place) -> None:
    got = place("Raiders shot two guards in the Tunisian town of Sidi Bouzeid on Friday.")
    assert got[FieldName.CITY] == "Sidi Bouzeid"  # as the text spells it
    assert got[FieldName.PROVSTATE] == "Sidi Bouzid"  # the province of GeoNames' "Sidi Bouzid"


def test_place_in_the_triggers_comma_stretch_first(place: Place) -> None:
    text = (
        "Officials recalled past violence in Kabul, twin bombings that killed forty people at "
        "rallies in Karachi, and other attacks."
    )
    assert place(text)[FieldName.CITY] == "Karachi"


def test_a_country_that_qualifies_people_or_attention_is_not_the_place() -> None:
    from incidex.extract.places.names import BLOCKED_COUNTRY

    assert BLOCKED_COUNTRY.search("the killing caught the attention of ")
    assert BLOCKED_COUNTRY.search("three citizens of the ")
    assert not BLOCKED_COUNTRY.search("a blast in the north of ")
    assert not BLOCKED_COUNTRY.search("a market in the capital of ")


def test_abbreviated_us_state_is_the_state_not_a_namesake_town(place: Place) -> None:
    # "Fla." is an alternate name of a town abroad in the gazetteer; after a dateline city it is
    # the AP abbreviation of Florida
    fields = place("MIAMI, Fla. A gunman shot dead six worshippers at a church on Sunday.")
    assert fields[FieldName.COUNTRY] == "United States"
    assert fields[FieldName.PROVSTATE] == "Florida"


def _first_city(extractor: Extractor, text: str, published: date) -> str | None:
    doc = Document(id="t", source="test", text=text, published=published)
    ((_, mentions),) = list(extractor.extract([doc]))
    return mentions[0].value(FieldName.CITY) if mentions else None


def test_dateline_places_the_news_not_an_attack_of_months_ago(extractor: Extractor) -> None:
    old = (
        "MADRID (Reuters) - Investigators said on Thursday that the couple who shot dead nine "
        "people at an office party on Nov. 3 had been radicalised online."
    )
    assert _first_city(extractor, old, date(2016, 3, 10)) != "Madrid"
    fresh = (
        "MADRID (Reuters) - Gunmen shot dead nine people at an office party on Tuesday, "
        "police said."
    )
    assert _first_city(extractor, fresh, date(2016, 3, 10)) == "Madrid"


def test_a_division_of_the_storys_country_over_a_namesake_town_abroad(place: Place) -> None:
    # "Bali" is also a small town in Nigeria; in a story about Indonesia it is the province
    got = place(
        "Police in Indonesia and Nigeria traded files on the sect on Friday. The cell grew out "
        "of the network behind the 2002 bombings on the island of Bali that killed 202."
    )
    assert got[FieldName.COUNTRY] == "Indonesia"
    assert got[FieldName.PROVSTATE] == "Bali"


@pytest.mark.parametrize(
    ("text", "city"),
    [
        (
            "A chief told us that after the Boston Marathon bombing, races hired more guards.",
            "Boston",
        ),
        ("Mourners recalled the Orlando nightclub shooting at a vigil on Sunday.", "Orlando"),
    ],
)
def test_an_attack_named_for_its_town_is_placed_there(place: Place, text: str, city: str) -> None:
    assert place(text).get(FieldName.CITY) == city


def test_a_capital_opening_the_sentence_is_no_town_the_attack_is_named_for(place: Place) -> None:
    # "Twin" is also a small town abroad; in a title-case headline every word is capitalised
    got = place("Twin Blasts Kill Dozens At Shrine In Iran")
    assert got.get(FieldName.COUNTRY) == "Iran" and got.get(FieldName.CITY) != "Twin"


@pytest.mark.parametrize(
    ("text", "level", "rule"),
    [
        # a city of the gazetteer: its own point
        ("04/05/2020: Assailants shot a guard in Herat, Herat, Afghanistan.", "1", "geonames"),
        # a village the 5,000+ gazetteer lacks, found among GeoNames' smaller places
        ("04/05/2020: Assailants shot a guard in Aq Kupruk, Balkh, Afghanistan.", "1", "geonames"),
        # a village no table knows: its province's centroid
        ("04/05/2020: Assailants shot a guard in Zzyqorwal, Kandahar, Afghanistan.", "2", "geo-"),
        # only the province
        ("04/05/2020: Assailants shot a guard in Kandahar province, Afghanistan.", "4", "geo-"),
    ],
)
def test_every_place_gets_a_point_and_its_specificity(
    extractor: Extractor, text: str, level: str, rule: str
) -> None:
    values = {v.name: v for v in extract_place(one_mention(extractor, text))}
    assert values[FieldName.SPECIFICITY].value == level
    latitude = values[FieldName.LATITUDE]
    assert latitude.evidence is not None and latitude.evidence.rule.startswith(f"places.{rule}")
    assert FieldName.LONGITUDE in values


def test_a_country_alone_has_no_point(place: Place) -> None:
    found = place("04/05/2020: Assailants shot a guard in Afghanistan.")
    assert found.get(FieldName.SPECIFICITY) == "5" and FieldName.LATITUDE not in found


def test_an_attack_referred_to_from_another_events_sentence_is_placed_by_its_own_clause(
    place: Place,
) -> None:
    # the marches are in Boston and Denver; the shooting the sentence refers to is in Texas
    found = place(
        "Marches in Boston and Denver are expected to draw crowds on Sunday, two weeks after a "
        "shooting at a Texas bar shocked the city's students."
    )
    assert found.get(FieldName.CITY) not in ("Boston", "Denver")
    assert found[FieldName.PROVSTATE] == "Texas"


def test_a_referring_clause_without_a_place_takes_the_sentences(place: Place) -> None:
    # the siege's place is the attack's: the clause that tells the storming names none
    found = place(
        "Troops ended a long siege at a hotel in Mogadishu on Saturday, after gunmen stormed "
        "the building on Friday evening."
    )
    assert found.get(FieldName.CITY) == "Mogadishu"


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen ambushed a convoy in Mexico's Guerrero state on Monday.",
        "Gunmen ambushed a convoy in the state of Guerrero on Monday.",
    ],
)
def test_a_state_named_with_its_country_or_its_kind_first(place: Place, text: str) -> None:
    found = place(text)
    assert (found[FieldName.COUNTRY], found[FieldName.PROVSTATE]) == ("Mexico", "Guerrero")


def test_a_city_that_dwarfs_its_namesakes_gives_its_country(
    run: Callable[..., list[Mention]],
) -> None:
    text = "Gunmen attacked a police post on the edge of the city of Derbent on Sunday."
    (mention,) = run(text)
    assert mention.value(FieldName.COUNTRY) == "Russia"


@pytest.mark.parametrize(
    ("where", "country"),
    [
        ("in eastern Congo", "Democratic Republic of the Congo"),  # AP/Reuters style: the DRC
        ("in the Republic of Congo", "Republic of the Congo"),
    ],
)
def test_congo_alone_is_the_drc(
    run: Callable[..., list[Mention]], where: str, country: str
) -> None:
    (mention,) = run(f"Rebels attacked an army post in the town of Kakuto {where} on Sunday.")
    assert mention.value(FieldName.COUNTRY) == country
