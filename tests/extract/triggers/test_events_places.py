"""Where grouping meets places and targets: demonym places, background attacks placed by the
main attack, list items with their own target."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from incidex.models import FieldName, Mention

PUB = date(2023, 5, 12)

Run = Callable[..., list[Mention]]


def test_demonym_on_a_place_noun_gives_the_country(run: Run) -> None:
    (mention,) = run("A bomb exploded at a shrine in the Iraqi city on Monday, killing 9.", PUB)
    assert mention.value(FieldName.COUNTRY) == "Iraq"


def test_unplaced_background_attack_is_placed_by_the_main_attack(run: Run) -> None:
    text = (
        "BEIRUT (Reuters) - Twin car bombs killed 25 people in the Syrian city of Homs on "
        "Sunday. Another bomb attack in December killed 32 people in the city."
    )
    main, bg = run(text, PUB)
    assert bg.background and bg.value(FieldName.CITY) == main.value(FieldName.CITY) == "Homs"


def test_list_item_keeps_its_own_target(run: Run) -> None:
    text = (
        "Gunmen killed four farmers near Bama on Monday. "
        "The group's worst attacks include the 2014 raid on an army base in Kano that killed "
        "40 soldiers, and a suicide bombing in May 2019 that killed 12 worshippers at a mosque "
        "in Yola."
    )
    last = run(text, PUB)[-1]
    assert last.background and last.value(FieldName.TARGTYPE) != "Military"


def test_attack_date_comes_from_its_own_clause(run: Run) -> None:
    text = (
        "Troops retook a hotel in Bamako on Saturday from rebels who seized it in an assault "
        "that killed 20 people. The assault began on Friday evening."
    )
    (mention,) = run(text, date(2023, 5, 14))
    assert mention.value(FieldName.DATE) == "2023-05-12"


def test_background_naming_a_town_keeps_its_own_place(run: Run) -> None:
    text = (
        "BEIRUT (Reuters) - Twin car bombs killed 25 people in the Syrian city of Homs on "
        "Sunday. In 2015, a bombing in the town of Zabrivka killed 30 people."
    )
    main, bg = run(text, PUB)
    assert bg.background and bg.value(FieldName.CITY) != "Homs"


def test_list_item_keeps_the_lists_actor(run: Run) -> None:
    text = (
        "Gunmen killed four farmers near Bama on Monday. Boko Haram has grown in the region. "
        "Some of its worst attacks include the 2014 raid on a school in Buni Yadi that killed "
        "40 pupils, and a suicide bombing in May 2019 that killed 12 worshippers at a mosque "
        "in Yola."
    )
    last = run(text, PUB)[-1]
    assert last.background and last.value(FieldName.GNAME) == "Boko Haram"


def test_demonym_after_an_adjective_gives_the_country(run: Run) -> None:
    text = "A man stabbed a rabbi in the southern French town on Monday, wounding him."
    (mention,) = run(text, PUB)
    assert mention.value(FieldName.COUNTRY) == "France"


def test_scene_clause_starts_a_further_attack_in_the_main_country(run: Run) -> None:
    text = (
        "Gunmen raided the village of Kaleri near Maiduguri on Saturday night, killing 30.\n\n"
        "As residents fled toward the village of Dalwa Kura, three women carrying suicide bombs "
        "blew themselves up in a crowd, the army said."
    )
    main, other = run(text, date(2023, 5, 14))
    assert not other.background
    assert other.value(FieldName.COUNTRY) == main.value(FieldName.COUNTRY) == "Nigeria"
    assert other.value(FieldName.DATE) == main.value(FieldName.DATE)


def test_background_with_only_a_guessed_country_takes_the_main_attacks(run: Run) -> None:
    text = (
        "Gunmen stormed a hotel in the Malian capital Bamako on Friday, killing 12 people. "
        "Norway said three of its citizens were killed and Norway sent condolences.\n\n"
        "Two Dutch engineers were abducted on Thursday, officials said."
    )
    mentions = run(text, date(2023, 5, 13))
    bg = mentions[-1]
    assert bg.background and bg.value(FieldName.COUNTRY) == "Mali"


def test_background_on_the_same_square_is_placed_by_the_main_attack(run: Run) -> None:
    text = (
        "A car bomb killed 7 people on a crowded square in the Syrian city of Latakia on "
        "Sunday. A year ago, a gunman attacked a police post off the same square, killing two "
        "officers."
    )
    main, bg = run(text, PUB)
    assert bg.background and bg.value(FieldName.CITY) == main.value(FieldName.CITY) == "Latakia"
    assert bg.value(FieldName.DATE) == "2022-05"


def test_dated_second_event_noun_is_the_background_attack(run: Run) -> None:
    text = (
        "A bomb killed 6 people at a bus stop in the Syrian city of Latakia on Sunday.\n\n"
        "Concern about the group rose after the Brussels bombings and the killing of 7 people in "
        "Ohio in March."
    )
    bg = run(text, PUB)[-1]
    assert bg.background and bg.value(FieldName.DATE) == "2023-03"
    assert bg.value(FieldName.COUNTRY) == "United States"
    assert bg.value(FieldName.PROVSTATE) == "Ohio"


def test_state_name_that_is_also_a_small_town_is_the_state(run: Run) -> None:
    (mention,) = run("A gunman killed 5 people at a school in California on Monday.", PUB)
    assert mention.value(FieldName.PROVSTATE) == "California"
    assert mention.value(FieldName.COUNTRY) == "United States"
    assert mention.value(FieldName.CITY) in (None, "")


def test_date_of_a_clause_about_the_attack_gives_only_its_month(run: Run) -> None:
    # Thursday dates the testimony; the bombing was told before, on some day up to then
    text = (
        "A researcher told lawmakers on Thursday that the Lisbon bombing proved the cell's reach."
    )
    (mention,) = run(text, date(2023, 5, 14))
    assert mention.value(FieldName.DATE) == "2023-05"


def test_date_of_an_event_the_attack_came_before_gives_only_its_month(run: Run) -> None:
    text = "Vigils are planned on Sunday, after a gunman killed eight people at a cafe in Porto."
    (mention,) = run(text, date(2023, 5, 14))
    assert mention.value(FieldName.DATE) == "2023-05"


def test_an_event_two_weeks_after_the_attack_dates_it_back(run: Run) -> None:
    text = (
        "Vigils are planned on Sunday, two weeks after a gunman killed eight people at a cafe "
        "in Porto."
    )
    (mention,) = run(text, date(2023, 5, 14))
    found = mention.get(FieldName.DATE)
    assert found is not None and found.value == "2023-04-30"  # Sunday the 14th, 14 days back
    assert found.evidence is not None and found.evidence.rule == "dates.interval"


def test_a_toll_told_on_a_day_dates_the_attack_it_followed_from(run: Run) -> None:
    text = (
        "Two men were killed on Friday after a quarrel at a checkpoint in Gao turned into gunfire."
    )
    mentions = run(text, date(2023, 5, 14))
    assert mentions and all(m.value(FieldName.DATE) == "2023-05-12" for m in mentions)


def test_an_indefinite_attack_this_month_at_a_new_town_is_another_attack(run: Run) -> None:
    text = (
        "IZMIR/KONYA Four people were killed when a suicide bomber struck a crowded avenue in "
        "central Izmir on Saturday. A car bombing in the city of Konya killed 37 people this month."
    )
    main, other = run(text, date(2016, 3, 20))
    assert main.value(FieldName.CITY) == "Izmir" and main.value(FieldName.NKILL) != "37"
    assert other.background and other.value(FieldName.NKILL) == "37"
