"""The reference catalogue of notable attacks and the resolver that dates background mentions.

Mentions are built by hand (tests.factories) for the rules, and a few invented reports run through
the extractor end to end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from incidex.config import Settings
from incidex.extract.pipeline import Extractor
from incidex.geo.gazetteer import code_to_country, provinces
from incidex.kb.reference import (
    catalogue,
    known_attack,
    link,
    link_background,
    link_known,
    resolve,
    rules,
)
from incidex.models import Document, FieldName, Mention
from incidex.vocab import group_aliases, load_data
from tests.factories import mention

RULE = "reference:catalogue"


def background(
    hedges: dict[str, tuple[float | None, float | None]] | None = None, **fields: str
) -> Mention:
    """A background mention of an invented report."""
    return mention("d1", 1, primary=False, background=True, hedges=hedges, **fields)


def rule_of(m: Mention, name: FieldName) -> str | None:
    value = m.get(name)
    return value.evidence.rule if value and value.evidence else None


# --- the catalogue --------------------------------------------------------------------------


def test_catalogue_entries_are_well_formed() -> None:
    tax = load_data("taxonomy.yaml")
    attack_types = set(tax["attack_precedence"])
    weapons = set(tax["weapon_cues"]) | set(tax["attack_default_weapon"].values())
    countries = set(code_to_country().values())
    groups = set(group_aliases()) | {"Unknown"}
    seen: set[str] = set()
    entries = catalogue()
    assert 150 <= len(entries) <= 300
    for ref in entries:
        assert ref.id not in seen, ref.id
        seen.add(ref.id)
        day = date.fromisoformat(ref.date)
        assert 2000 <= day.year <= 2025, ref.id
        assert ref.country in countries, ref.id
        if ref.province is not None:
            assert ref.country in provinces().get(ref.province.lower(), set()), ref.id
        assert ref.group in groups, ref.id
        assert set(ref.attacktypes) <= attack_types, ref.id
        assert ref.weaptype in weapons, ref.id
        assert ref.names and all(n.strip() for n in ref.names), ref.id
        assert ref.deaths is None or ref.deaths >= 0, ref.id
        assert ref.city is not None or ref.places or ref.province, ref.id


def test_catalogue_spans_many_countries() -> None:
    assert len({ref.country for ref in catalogue()}) >= 40


def test_catalogue_value_is_less_confident_than_text() -> None:
    assert rules()["confidence"] < 0.5


# --- linking rules --------------------------------------------------------------------------


def test_city_and_type_link_a_year_mention_to_its_day() -> None:
    m = background(date="2016", country="France", city="Nice", attacktype="Unarmed Assault")
    ref = link(m, ["Security has been tight since the 2016 truck attack in Nice."])
    assert ref is not None and ref.id == "nice-promenade-2016"
    value = m.get(FieldName.DATE)
    assert value is not None and value.value == "2016-07-14"
    assert value.evidence is not None and value.evidence.rule == RULE
    assert value.evidence.confidence < 0.8  # below the text's own date
    assert value.evidence.sentence == m.trigger.sentence  # the mention's own sentence


def test_vague_city_and_year_link_nothing() -> None:
    m = background(date="2017", country="Afghanistan", city="Kabul", attacktype="Unknown")
    assert link(m, ["Residents recalled an attack in Kabul in 2017."]) is None
    assert m.value(FieldName.DATE) == "2017"


def test_two_entries_fitting_as_well_link_none() -> None:
    # two Kabul bombings of 2017 agree on city and type alike
    m = background(date="2017", country="Afghanistan", city="Kabul", attacktype="Bombing/Explosion")
    assert resolve(m, ["It was the worst since a bombing in Kabul in 2017."]) is None


def test_the_clearly_better_of_two_fits_is_linked() -> None:
    m = background(
        date="2022-09",
        country="Afghanistan",
        city="Kabul",
        attacktype="Bombing/Explosion",
        gname="Khorasan Chapter of the Islamic State",
    )
    ref = resolve(m, ["In September 2022 a suicide bomber struck the Russian embassy in Kabul."])
    assert ref is not None and ref.id == "kabul-russian-embassy-2022"


def test_wrong_country_links_nothing() -> None:
    text = ["Twelve people died when a truck hit a Christmas market in 2016."]
    fields = {"date": "2016", "attacktype": "Unarmed Assault", "nkill": "12"}
    found = resolve(background(country="Germany", **fields), text)
    assert found is not None and found.id == "berlin-breitscheidplatz-2016"
    assert resolve(background(country="Belgium", **fields), text) is None


def test_another_city_rules_the_entry_out() -> None:
    m = background(date="2015", country="Turkey", city="Izmir", attacktype="Bombing/Explosion")
    m.values.append(replace(m.values[0], name=FieldName.NKILL, value="103"))
    assert resolve(m, ["A bombing in Izmir in 2015 killed 103 people."]) is None


def test_month_must_match() -> None:
    m = background(date="2015-03", country="Turkey", city="Ankara", attacktype="Bombing/Explosion")
    m.values.append(replace(m.values[0], name=FieldName.NKILL, value="103"))
    assert resolve(m, ["A bombing in Ankara in March 2015 killed 103 people."]) is None


def test_hedged_toll_agrees_with_the_entry() -> None:
    m = background(
        hedges={"nkill": (100, None)}, date="2015", country="Turkey", city="Ankara", nkill="100"
    )
    ref = link(m, ["In the capital Ankara, a bombing last year killed more than 100 people."])
    assert ref is not None and m.value(FieldName.DATE) == "2015-10-10"


def test_a_far_higher_toll_rules_the_entry_out() -> None:
    m = background(
        date="2015", country="Turkey", city="Ankara", attacktype="Bombing/Explosion", nkill="900"
    )
    assert resolve(m, ["A bombing in Ankara in 2015 killed 900 people."]) is None


def test_name_in_the_sentences_counts_and_fills_the_place() -> None:
    m = background(date="2015", country="France", attacktype="Armed Assault")
    ref = link(m, ["Since the 2015 massacre at the Bataclan, concert halls search every bag."])
    assert ref is not None and ref.id == "paris-november-13-2015"
    assert m.value(FieldName.CITY) == "Paris"
    assert m.value(FieldName.PROVSTATE) == "Ile-de-France"
    assert rule_of(m, FieldName.CITY) == RULE


def test_a_name_equal_to_the_city_is_not_a_second_agreement() -> None:
    m = background(date="2004", country="Russia", city="Beslan", attacktype="Unknown")
    assert resolve(m, ["Beslan has not forgotten 2004."]) is None


def test_group_family_agrees() -> None:
    m = background(
        date="2018-07",
        country="Pakistan",
        attacktype="Bombing/Explosion",
        gname="Khorasan Chapter of the Islamic State",
    )
    ref = link(m, ["Its deadliest strike hit Pakistan in July 2018."])
    assert ref is not None and ref.id == "mastung-rally-2018"
    assert m.value(FieldName.CITY) == "Mastung"


def test_text_values_are_never_overridden() -> None:
    m = background(
        date="2015", country="France", city="Saint-Denis", attacktype="Bombing/Explosion"
    )
    ref = link(m, ["Bombers struck outside the Stade de France in Saint-Denis in 2015."])
    assert ref is not None and ref.id == "paris-november-13-2015"
    assert m.value(FieldName.CITY) == "Saint-Denis"
    assert rule_of(m, FieldName.CITY) == "test.city"


def test_a_place_guessed_from_the_main_attack_gives_way() -> None:
    m = background(date="2015", country="France", city="Lyon", attacktype="Armed Assault")
    city = m.get(FieldName.CITY)
    assert city is not None and city.evidence is not None
    m.values[m.values.index(city)] = replace(
        city, evidence=replace(city.evidence, rule="places.main-attack")
    )
    ref = link(m, ["The gunmen of the Bataclan in 2015 had trained abroad."])
    assert ref is not None and m.value(FieldName.CITY) == "Paris"


def test_a_type_cue_for_another_attack_type_rules_the_entry_out() -> None:
    m = background(date="2016", country="France", city="Nice", attacktype="Bombing/Explosion")
    kind = m.get(FieldName.ATTACKTYPE)
    assert kind is not None and kind.evidence is not None
    m.values[m.values.index(kind)] = replace(
        kind, evidence=replace(kind.evidence, rule="taxonomy.attack-cue")
    )
    m.values.append(replace(m.values[0], name=FieldName.NKILL, value="86"))
    assert resolve(m, ["A bomb in Nice in 2016 killed 86 people."]) is None


def test_only_background_mentions_with_a_year_or_month_are_linked() -> None:
    fields = {"country": "France", "city": "Nice", "attacktype": "Unarmed Assault"}
    main = mention("d1", 0, date="2016", **fields)
    assert resolve(main, ["A truck ploughed into a crowd in Nice in 2016."]) is None
    dated = background(date="2016-07-15", **fields)
    assert link(dated, ["A truck ploughed into a crowd in Nice on July 15, 2016."]) is None
    assert dated.value(FieldName.DATE) == "2016-07-15"


def test_link_background_leaves_main_mentions_alone() -> None:
    fields = {"date": "2016", "country": "France", "city": "Nice", "attacktype": "Unarmed Assault"}
    main = mention("d1", 0, **fields)
    past = background(**fields)
    link_background([main, past], [[], []])
    assert main.value(FieldName.DATE) == "2016"
    assert past.value(FieldName.DATE) == "2016-07-14"


def test_an_undated_report_of_a_known_attack_takes_its_day_and_place() -> None:
    """ "ahead of the Nice attack", told in an article months later: the entry of its country and
    place from before publication dates it."""
    told = mention("d2", country="France", city="Nice", attacktype="Vehicle Attack")
    ref = link_known(told, [], date(2016, 9, 1))
    assert ref is not None and ref.date == "2016-07-14"
    assert told.value(FieldName.DATE) == "2016-07-14" and rule_of(told, FieldName.DATE) == RULE


def test_an_undated_report_needs_its_place_and_a_recent_entry() -> None:
    nowhere = mention("d3", country="France", attacktype="Armed Assault")
    assert known_attack(nowhere, [], date(2016, 9, 1)) is None  # no place, no name: a guess
    later = mention("d4", country="France", city="Nice")
    assert known_attack(later, [], date(2024, 9, 1)) is None  # years later: another attack


def test_a_day_the_text_gives_is_never_replaced() -> None:
    told = mention("d5", date="2016-07-15", country="France", city="Nice")
    assert link_known(told, [], date(2016, 7, 20)) is None
    assert told.value(FieldName.DATE) == "2016-07-15"


def test_a_main_report_dated_to_its_year_takes_the_entrys_day() -> None:
    main = mention("d6", date="2016", country="France", city="Nice", attacktype="Unarmed Assault")
    assert link_known(main, [], date(2017, 1, 5)) is not None
    assert main.value(FieldName.DATE) == "2016-07-14"


# --- end to end -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extract() -> Callable[[str, bool], list[Mention]]:
    # every realis report kept: the invented stabbing needs not qualify as terrorism here
    settings = replace(Settings.from_env(), qualify=False)
    on, off = Extractor(settings), Extractor(replace(settings, reference_links=False))
    off._nlp = on.nlp

    def _extract(text: str, links: bool = True) -> list[Mention]:
        doc = Document(id="t1", source="test", text=text, published=date(2019, 3, 4))
        return next(iter((on if links else off).extract([doc])))[1]

    return _extract


NICE = (
    "A man stabbed two passers-by at a tram stop in Lyon on Monday, police said. Security has "
    "been tight in France since the 2016 truck attack in Nice that killed 86 people."
)


def test_extractor_dates_a_famous_background_attack(
    extract: Callable[[str, bool], list[Mention]],
) -> None:
    mentions = extract(NICE, True)
    past = [m for m in mentions if m.background]
    assert [m.value(FieldName.DATE) for m in past] == ["2016-07-14"]
    assert rule_of(past[0], FieldName.DATE) == RULE
    main = [m for m in mentions if not m.background]
    assert all(rule_of(m, FieldName.DATE) != RULE for m in main)


def test_setting_turns_linking_off(extract: Callable[[str, bool], list[Mention]]) -> None:
    past = [m for m in extract(NICE, False) if m.background]
    assert [m.value(FieldName.DATE) for m in past] == ["2016"]


def test_extractor_leaves_a_vague_background_attack(
    extract: Callable[[str, bool], list[Mention]],
) -> None:
    text = (
        "A car bomb exploded near a market in Kandahar on Tuesday, killing six people, police "
        "said. It was the deadliest attack since a bombing in Kabul in 2017."
    )
    past = [m for m in extract(text, True) if m.background]
    assert past and all(m.value(FieldName.DATE) == "2017" for m in past)
