"""An attack told in the same sentence as another event (issue 11): a state operation's raid,
strike or toll, a later event "a week after" the attack, a habit, a claim sentence pointing back.
Each rule is read on the team's own invented sentences; the attack's fields must come from the
attack's words, never from the other event's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from incidex.config import Settings
from incidex.extract.pipeline import Extractor
from incidex.models import Document, FieldName, Mention, RoleKind

PUB = date(2023, 8, 21)  # a Monday

Run = Callable[..., list[Mention]]


def _qualified(extractor: Extractor, text: str, published: date = PUB) -> list[Mention]:
    doc = Document(id="o1", source="test", text=text, published=published)
    found = next(iter(extractor.extract([doc])))[1]
    return [m for m in found if m.qualification is None or m.qualification.qualified]


@pytest.fixture(scope="module")
def incidents(qualifying: Extractor) -> Run:
    return lambda text, published=PUB: _qualified(qualifying, text, published)


STRIKES_THEN_AMBUSH = (
    "The army said on Monday that air strikes on hideouts in the Kurram district had killed 19 "
    "militants, a week after insurgents ambushed a supply convoy in the same district and "
    "killed five soldiers."
)


def test_a_state_strikes_toll_is_not_the_attacks(incidents: Run) -> None:
    (ambush,) = incidents(STRIKES_THEN_AMBUSH)
    assert ambush.value(FieldName.NKILL) == "5"  # not 5 + the 19 the strikes killed
    assert ambush.value(FieldName.NPERPS) is None  # the strikes' dead are no attackers
    assert ambush.value(FieldName.TARGTYPE) == "Military"  # the convoy, not the hideouts


def test_an_attack_a_week_before_the_sentences_event_is_dated_back(incidents: Run) -> None:
    (ambush,) = incidents(STRIKES_THEN_AMBUSH)
    date_value = ambush.get(FieldName.DATE)
    assert date_value is not None and date_value.value == "2023-08-14"
    assert date_value.evidence is not None and date_value.evidence.rule == "dates.interval"


def test_days_after_an_attack_in_a_sentence_about_something_else(incidents: Run) -> None:
    text = (
        "Hundreds of mourners marched through Peshawar on Saturday, three days after a gunman "
        "shot dead four worshippers at a church in the city."
    )
    (attack,) = incidents(text)
    assert attack.value(FieldName.DATE) == "2023-08-16"  # Saturday the 19th, three days back


def test_hours_after_an_attack_keep_its_day(incidents: Run) -> None:
    text = (
        "Police sealed off the square on Saturday, hours after a gunman shot dead four "
        "worshippers at a church in Peshawar."
    )
    (attack,) = incidents(text)
    assert attack.value(FieldName.DATE) != "2023-08-16"


def test_a_raid_over_an_attack_gives_way_to_the_attack(incidents: Run) -> None:
    text = (
        "Police in Lyon raided a garage on Tuesday in their investigation into last Friday's "
        "knife attack at a street market. Prosecutors said the attacker had pledged allegiance "
        "to the Islamic State group."
    )
    (attack,) = incidents(text, date(2023, 10, 3))
    assert attack.value(FieldName.DATE) == "2023-09-29"
    assert attack.value(FieldName.CITY) == "Lyon"
    perpetrators = attack.roles.of(RoleKind.PERPETRATOR_ORGANIZATIONS)
    assert all(r.text != "Police" for r in perpetrators)  # the raid's doers are not attackers
    assert attack.value(FieldName.TARGET) != "garage"


def test_a_referred_attack_takes_no_toll_of_the_raid_it_is_named_in(incidents: Run) -> None:
    text = (
        "Officers in Charleroi on Tuesday shot dead an armed man who resisted arrest at a flat "
        "used by militants involved in the November 2015 Paris attacks. Local media said three "
        "officers were hurt."
    )
    found = incidents(text, date(2016, 3, 15))
    paris = [m for m in found if m.value(FieldName.CITY) == "Paris"]
    assert paris, [m.value(FieldName.CITY) for m in found]
    assert paris[0].value(FieldName.NKILL) != "1"  # the gunman the police killed
    assert paris[0].value(FieldName.NWOUND) != "3"


def test_the_same_attack_despite_a_blast_keeps_its_toll(incidents: Run) -> None:
    text = (
        "Six people were killed in Thursday's siege of a hotel in Mogadishu despite two blasts "
        "at the gate, officials said. Al-Shabaab claimed the assault."
    )
    found = incidents(text, date(2023, 8, 25))
    assert any(m.value(FieldName.NKILL) == "6" for m in found)


def test_a_habit_is_no_attack(incidents: Run) -> None:
    text = (
        "A car bomb exploded at a cattle market in Konduga on Sunday, killing six traders. No "
        "group has claimed the blast, but Boko Haram fighters have repeatedly struck markets in "
        "Borno state."
    )
    found = incidents(text)
    assert len(found) == 1
    assert found[0].value(FieldName.GNAME) in (None, "Unknown")


def test_a_claim_sentence_pointing_back_is_the_same_attack(incidents: Run) -> None:
    text = (
        "A bomb went off at a bus stop in Mogadishu on Sunday, killing three people. Al-Shabaab "
        "has claimed the bombing in a statement."
    )
    (attack,) = incidents(text)
    assert attack.value(FieldName.GNAME) == "Al-Shabaab"


def test_shouted_slogans_are_a_motive(incidents: Run) -> None:
    text = (
        "A man shouting religious slogans stabbed three shoppers at a supermarket in Graz on "
        "Friday before officers overpowered him."
    )
    (attack,) = incidents(text)
    assert attack.qualification is not None
    assert "motive" in {g.rule for g in attack.qualification.grounds}


def test_chanting_protesters_are_no_motive(qualifying: Extractor) -> None:
    text = "Protesters chanting slogans threw stones at a police station in Graz on Friday."
    found = _qualified(qualifying, text)
    assert all(
        "motive" not in {g.rule for g in (m.qualification.grounds if m.qualification else [])}
        for m in found
    )


def test_a_regional_branch_follows_the_attacks_place() -> None:
    extractor = Extractor(Settings.from_env())
    text = (
        "A gunman killed nine people at a concert hall in Denver on Sunday. The Islamic State "
        "claimed responsibility for the attack, saying the gunman had trained in Kabul."
    )
    (attack,) = _qualified(extractor, text, date(2023, 8, 21))
    assert attack.value(FieldName.GNAME) == "Islamic State of Iraq and the Levant (ISIL)"
    text_afghan = (
        "A gunman killed nine people at a mosque in Kabul on Sunday. The Islamic State claimed "
        "responsibility for the attack."
    )
    (attack,) = _qualified(extractor, text_afghan, date(2023, 8, 21))
    assert attack.value(FieldName.GNAME) == "Khorasan Chapter of the Islamic State"


def test_a_motive_stated_later_in_the_paragraph_qualifies_the_attack(incidents: Run) -> None:
    text = (
        "Arsonists set fire to the door of a shelter for asylum seekers in Cottbus early on "
        "Sunday, police said. All 25 residents got out unhurt. Officers found anti-migrant "
        "slogans sprayed on a wall and said a political motive was likely."
    )
    (attack,) = incidents(text)
    assert attack.qualification is not None
    assert "motive" in {g.rule for g in attack.qualification.grounds}


def test_a_survivors_testimony_dates_the_attack_by_its_year(incidents: Run) -> None:
    text = (
        "A survivor of the 2019 bombing at a church in Jolo told a court on Monday that the blast, "
        "which killed 20 worshippers, had destroyed her hearing."
    )
    (attack,) = incidents(text)
    assert (attack.value(FieldName.DATE) or "").startswith("2019")  # not the day the court sat
    assert attack.value(FieldName.NKILL) == "20"  # the toll told of the attack, in its sentence


def test_a_series_of_claimed_attacks_names_no_group_for_this_one(incidents: Run) -> None:
    text = (
        "Gunmen shot dead two police officers at a checkpoint near Nalchik on Sunday. The region "
        "has seen a series of attacks on police in recent years, many of them claimed by the "
        "Islamic State."
    )
    found = incidents(text)
    assert found and all(m.value(FieldName.GNAME) in (None, "Unknown") for m in found)


def test_a_motive_ruled_out_later_in_the_paragraph_keeps_it_a_crime(incidents: Run) -> None:
    text = (
        "The gunman who shot dead two guards at a warehouse in Tucson on Monday had been sacked "
        "from the firm last month, police said. Detectives said they had seen no evidence of a "
        "political or religious motive."
    )
    assert incidents(text) == []


def test_an_attack_on_the_press_has_an_aim(incidents: Run) -> None:
    text = "Unidentified gunmen shot dead a newspaper editor outside his home in Cebu on Monday."
    (attack,) = incidents(text)
    assert attack.qualification is not None
    assert "aim-target" in {g.rule for g in attack.qualification.grounds}
    assert attack.value(FieldName.NKILL) == "1"


def test_reporters_told_of_a_shooting_are_not_its_target(incidents: Run) -> None:
    text = (
        "A man killed two co-workers in a shooting at a furniture plant in Tupelo on Thursday, "
        "the county sheriff told reporters."
    )
    assert incidents(text) == []


def test_forces_response_naming_the_attackers_adds_their_dead(incidents: Run) -> None:
    text = (
        "A car bomb killed nine people outside a bank in Quetta on Monday, police said. Soldiers "
        "then stormed a house nearby and killed two of the attackers after a gunfight. A "
        "separatist group claimed the bombing."
    )
    (attack,) = incidents(text)
    assert attack.value(FieldName.NKILL) == "11"  # GTD counts the attackers who died
    assert attack.value(FieldName.NPERPS) == "2"


def test_a_forces_operation_that_names_no_attacker_stays_apart(incidents: Run) -> None:
    text = (
        "A car bomb killed nine people outside a bank in Quetta on Monday, police said. Soldiers "
        "raided hideouts in the hills on Tuesday and killed four suspected militants."
    )
    (attack,) = incidents(text)
    assert attack.value(FieldName.NKILL) == "9"


def test_the_doers_of_the_sentence_an_attack_is_referred_from_may_be_its_own(
    extractor: Extractor,
) -> None:
    text = (
        "Fighters of the Allied Democratic Forces seized the village of Mamove in eastern Congo "
        "after an overnight assault on an army camp, residents said on Tuesday."
    )
    doc = Document(id="o2", source="test", text=text, published=date(2024, 5, 14))
    (attack,) = next(iter(extractor.extract([doc])))[1]
    assert attack.value(FieldName.GNAME) == "Allied Democratic Forces (ADF)"
    assert attack.value(FieldName.COUNTRY) == "Democratic Republic of the Congo"
