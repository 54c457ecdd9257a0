"""Attack/weapon/target types with GTD precedence, suicide, multiple, perpetrator counts.

The taxonomy extractor is called directly on one mention spanning the whole invented text, so these
tests depend only on the parse and on ``taxonomy``/``targets``/``perps``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from incidex.extract.pipeline import Extractor
from incidex.extract.taxonomy.targets import find_target
from incidex.models import FieldName

Tax = Callable[[str], dict[FieldName, str]]  # the shared ``tax`` fixture (conftest.py)


@pytest.mark.parametrize(
    ("text", "attack", "weapon"),
    [
        ("Assailants assassinated a judge with a pistol.", "Assassination", "Firearms"),
        ("Gunmen hijacked a ferry and shot a sailor.", "Hijacking", "Firearms"),
        (
            "Militants kidnapped three engineers and detonated a bomb.",
            "Hostage Taking (Kidnapping)",
            "Explosives",
        ),
        ("A bomb exploded and gunmen opened fire on a market.", "Bombing/Explosion", "Explosives"),
        ("Gunmen opened fire on a wedding party.", "Armed Assault", "Firearms"),
        ("An attacker stabbed two commuters at a station.", "Armed Assault", "Melee"),
        (
            "Attackers set fire to a polling office overnight.",
            "Facility/Infrastructure Attack",
            "Incendiary",
        ),
        ("Assailants attacked an army outpost at night.", "Unknown", "Unknown"),
    ],
)
def test_attack_and_weapon(tax: Tax, text: str, attack: str, weapon: str) -> None:
    m = tax(text)
    assert m[FieldName.ATTACKTYPE] == attack
    assert m[FieldName.WEAPTYPE] == weapon


@pytest.mark.parametrize(
    ("text", "attack", "weapon"),
    [
        # hyphenated compounds are cues too
        (
            "An explosives-laden truck was driven into a barracks gate.",
            "Bombing/Explosion",
            "Explosives",
        ),
        ("A drone struck a fuel depot near the border.", "Bombing/Explosion", "Explosives"),
        # an ambush or raid is an armed assault; its weapon defaults to firearms
        ("Insurgents ambushed a supply convoy on a mountain road.", "Armed Assault", "Firearms"),
        # an attack on people with no weapon named is an armed assault
        ("Attackers killed six herders in a remote hamlet.", "Armed Assault", "Firearms"),
        # an abduction with no weapon named: firearms, as GTD codes most kidnappings
        (
            "Unknown men abducted four aid workers from their compound.",
            "Hostage Taking (Kidnapping)",
            "Firearms",
        ),
        # damage told after the attack sentence is no facility attack
        (
            "Gunmen opened fire on a checkpoint. Two cars were damaged.",
            "Armed Assault",
            "Firearms",
        ),
        (
            "Arsonists firebombed a tax office after midnight.",
            "Facility/Infrastructure Attack",
            "Incendiary",
        ),
    ],
)
def test_attack_rules(tax: Tax, text: str, attack: str, weapon: str) -> None:
    m = tax(text)
    assert m[FieldName.ATTACKTYPE] == attack
    assert m[FieldName.WEAPTYPE] == weapon


def test_arson_that_hurt_people_is_an_assault(tax: Tax) -> None:
    m = tax("Raiders set fire to a row of huts. Two farmers were killed.")
    assert m[FieldName.ATTACKTYPE] == "Armed Assault"
    assert m[FieldName.ATTACKTYPE2] == "Facility/Infrastructure Attack"
    assert m[FieldName.WEAPTYPE] == "Firearms"


@pytest.mark.parametrize("nobody", ["Nobody was hurt.", "No one was injured in the fire."])
def test_arson_that_hurt_nobody_stays_an_arson(tax: Tax, nobody: str) -> None:
    m = tax(f"Raiders set fire to a chapel in Zenda. {nobody}")
    assert m[FieldName.ATTACKTYPE] == "Facility/Infrastructure Attack"
    assert m[FieldName.WEAPTYPE] == "Incendiary"


def test_what_was_blown_up_was_blown_up_with_explosives(tax: Tax) -> None:
    m = tax("Rebels blew up an oil pipeline near Zenda on Tuesday.")
    assert m[FieldName.WEAPTYPE] == "Explosives"


def test_gunfire_with_grenades_is_an_assault(tax: Tax) -> None:
    m = tax("Militants opened fire and hurled grenades at a border post.")
    assert m[FieldName.ATTACKTYPE] == "Armed Assault"
    assert m[FieldName.WEAPTYPE] == "Explosives"


def test_weapon_of_the_attack_sentence_wins(tax: Tax) -> None:
    m = tax("A man stabbed a guard at the gate. The attacker was later shot dead by soldiers.")
    assert m[FieldName.WEAPTYPE] == "Melee"


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen shot and killed a provincial judge outside a courthouse.",
        "A bomb detonated targeting the vehicle of a district governor.",
        "A bomb detonated under the car of Rahim Salehzai in the old town.",
    ],
)
def test_assassination_of_prominent_person(tax: Tax, text: str) -> None:
    assert tax(text)[FieldName.ATTACKTYPE] == "Assassination"


def test_prominent_kidnapping_stays_kidnapping(tax: Tax) -> None:
    text = "Gunmen abducted a district governor on the highway."
    assert tax(text)[FieldName.ATTACKTYPE] == "Hostage Taking (Kidnapping)"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("A bomb exploded targeting an army convoy near the pass.", "Military"),
        ("Gunmen opened fire on a police station in the suburb.", "Police"),
        ("A grenade was thrown at a mosque during prayers.", "Religious Figures/Institutions"),
        ("Assailants set fire to a school in the valley.", "Educational Institution"),
        ("A bomb exploded outside the home of a provincial official.", "Government (General)"),
        # the owner of a container decides
        ("Gunmen opened fire on the vehicle of a school principal.", "Educational Institution"),
        # "Police District" is a place, not a police target
        ("A bomb struck a bakery in Police District 4 of the city.", "Business"),
        # a market is a public place: private citizens
        ("A car bomb exploded at a crowded vegetable market.", "Private Citizens & Property"),
        # a named town attacked
        ("Militants attacked Kerowa, killing three.", "Private Citizens & Property"),
        # a village word modifying a role does not decide
        ("Gunmen shot a village councilor near his farm.", "Government (General)"),
        # a defused device with no target named
        ("Soldiers found and defused a bomb in the capital.", "Unknown"),
        # a generic security post takes the type of its casualties
        (
            "Insurgents attacked a security outpost overnight. Four policemen were killed.",
            "Police",
        ),
        # a named owner typed by the role the next sentence gives the name
        (
            "A bomb detonated under the car of Rahim Salehzai. Salehzai, a provincial "
            "lawmaker, was wounded.",
            "Government (General)",
        ),
        ("Drones attacked a Popular Mobilization Forces base.", "Military"),
    ],
)
def test_target_type(tax: Tax, text: str, target: str) -> None:
    assert tax(text)[FieldName.TARGTYPE] == target


def test_find_target_owner(extractor: Extractor) -> None:
    sent = next(iter(extractor.nlp("A bomb detonated targeting the vehicle of a mayor.").sents))
    found = find_target(sent)
    assert found is not None and found.head.text == "vehicle"
    assert found.owner is not None and found.owner.text == "mayor"


def test_suicide_and_multiple(tax: Tax) -> None:
    m = tax("Two suicide bombers carried out twin blasts at a rally, killing nine people.")
    assert m[FieldName.SUICIDE] == "1"
    assert m[FieldName.MULTIPLE] == "1"
    assert m[FieldName.NPERPS] == "2"
    single = tax("A bomb exploded outside a bank, injuring four people.")
    assert single[FieldName.SUICIDE] == "0" and single[FieldName.MULTIPLE] == "0"


def test_perpetrators_captured(tax: Tax) -> None:
    text = "Three gunmen stormed a hotel and shot five guests. Police arrested three attackers."
    m = tax(text)
    assert m[FieldName.NPERPS] == "3"
    assert m[FieldName.NPERPCAP] == "3"


def test_lone_attacker(tax: Tax) -> None:
    assert tax("The assailant opened fire in a cafe, wounding two.")[FieldName.NPERPS] == "1"
    several = tax("The assailant opened fire in a cafe. Police said the attackers fled.")
    assert FieldName.NPERPS not in several


def test_target_from_a_later_sentence(tax: Tax) -> None:
    text = "An explosion shook the old quarter on Monday. The blast targeted a synagogue."
    assert tax(text)[FieldName.TARGTYPE] == "Religious Figures/Institutions"


def test_a_date_is_no_target(extractor: Extractor) -> None:
    sent = next(
        iter(extractor.nlp("Rebels claimed a bombing on Friday near the old bridge.").sents)
    )
    found = find_target(sent)
    assert found is None or found.head.text != "Friday"


@pytest.mark.parametrize(
    "text",
    [
        "Two doctors were kidnapped overnight in the north, the interior ministry said.",
        "Explosions rocked the centre of Maru on Friday in what the police called a terror attack.",
    ],
)
def test_the_speaker_of_a_report_is_no_target(tax: Tax, text: str) -> None:
    assert tax(text)[FieldName.TARGTYPE] not in ("Government (General)", "Police")


def test_what_the_attack_targeted_beats_a_casualty_count(tax: Tax) -> None:
    text = (
        "Rebels detonated a car bomb that killed seven people in Maru on Monday. "
        "The car bomb targeted a police checkpoint near the market."
    )
    assert tax(text)[FieldName.TARGTYPE] == "Police"
    # without a stated aim the victims stay the target
    text = "Rebels detonated a car bomb that killed seven people in Maru on Monday."
    assert tax(text)[FieldName.TARGTYPE] == "Private Citizens & Property"


def test_the_speaker_is_no_target_of_the_mention(tax: Tax) -> None:
    text = (
        "An explosion rocked the old town of Maru late on Monday. The interior ministry said "
        "nobody was hurt."
    )
    assert tax(text)[FieldName.TARGTYPE] != "Government (General)"
