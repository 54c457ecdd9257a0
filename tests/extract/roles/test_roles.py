"""Attack frames: the roles read from the parse of invented sentences, one test per rule.

Each test names the role it checks and the dependency rule that should fill it; the sentences are
the team's own (Ruritania, Strelsau, Zenda), never evaluation text.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from incidex.extract.pipeline import Extractor
from incidex.extract.roles import extract_roles
from incidex.models import Frame, RoleKind
from tests.extract.conftest import one_mention

PI = RoleKind.PERPETRATOR_INDIVIDUALS
PO = RoleKind.PERPETRATOR_ORGANIZATIONS
TARGET = RoleKind.TARGETS
VICTIM = RoleKind.VICTIMS
WEAPON = RoleKind.WEAPONS

Roles = Callable[[str], dict[RoleKind, list[str]]]


@pytest.fixture(scope="module")
def frame_of(extractor: Extractor) -> Callable[[str], Frame]:
    def _frame(text: str) -> Frame:
        return extract_roles(one_mention(extractor, text))

    return _frame


@pytest.fixture(scope="module")
def roles(frame_of: Callable[[str], Frame]) -> Roles:
    """The frame of ``text`` read as one mention: role -> filler texts in text order."""

    def _roles(text: str) -> dict[RoleKind, list[str]]:
        found: dict[RoleKind, list[str]] = {}
        for role in frame_of(text).roles:
            found.setdefault(role.kind, []).append(role.text)
        return found

    return _roles


# --- attack verbs: subject, object, passive, agent ----------------------------------------------


def test_subject_attacks_object(roles: Roles) -> None:
    found = roles("Two gunmen attacked a police station in Strelsau on Monday.")
    assert found[PI] == ["Two gunmen"]  # the number stays: it tells how many
    assert found[TARGET] == ["police station"]


def test_passive_subject_is_the_victim_and_the_agent_the_attacker(roles: Roles) -> None:
    found = roles("Rupert Hentzau was kidnapped by urban guerrillas in Strelsau.")
    assert found[VICTIM] == ["Rupert Hentzau"]
    assert found[PI] == ["urban guerrillas"]


@pytest.mark.parametrize(
    "text",
    [
        "A Ruritanian engineer was kidnapped near Gao by a group called Ansar Dine.",
        "The Zenda barracks were stormed by a militant group known as Ansar Dine.",
        "Gunmen from a faction named Ansar Dine attacked a bank in Gao.",
    ],
)
def test_the_name_a_generic_noun_introduces_fills_the_role(roles: Roles, text: str) -> None:
    assert roles(text)[PO] == ["Ansar Dine"]  # not "group", "militant group" or "faction"


def test_coordinated_objects_are_each_a_target(roles: Roles) -> None:
    found = roles("Two gunmen attacked a police station and a school in Strelsau on Monday.")
    assert found[TARGET] == ["police station", "school"]


def test_relative_clause_hands_over_its_subject(roles: Roles) -> None:
    found = roles("Guerrillas who attacked the Zenda post office fled into the hills.")
    assert found[PI] == ["Guerrillas"]
    assert found[TARGET] == ["Zenda post office"]


def test_relative_clause_hands_over_its_object(roles: Roles) -> None:
    found = roles("The bus that the rebels burned belonged to a Strelsau company.")
    assert found[TARGET] == ["bus"]
    assert found[PI] == ["rebels"]


def test_a_habit_is_no_attack(roles: Roles) -> None:
    assert roles("Soldiers said the rebels who attack military posts are based in the hills.") == {}


def test_a_threat_is_no_attack(roles: Roles) -> None:
    assert roles("Rebels may attack the Strelsau power station, officials warned.") == {}


# --- weapons -------------------------------------------------------------------------------------


def test_instrument_with(roles: Roles) -> None:
    found = roles("Rebels attacked the army post with rifles and grenades.")
    assert found[WEAPON] == ["rifles", "grenades"]
    assert found[TARGET] == ["army post"]


def test_weapon_verb_object_and_its_aim(roles: Roles) -> None:
    found = roles("Terrorists hurled a powerful bomb at the Strelsau courthouse.")
    assert found[WEAPON] == ["bomb"]  # a rating adjective is left out
    assert found[TARGET] == ["Strelsau courthouse"]
    assert found[PI] == ["Terrorists"]


def test_blast_subject_is_the_weapon(roles: Roles) -> None:
    found = roles(
        "A powerful car bomb exploded outside the Ministry of Finance building in Strelsau."
    )
    assert found[WEAPON] == ["car bomb"]
    assert found[TARGET] == ["Ministry of Finance building"]


def test_weapon_subject_of_an_attack_verb(roles: Roles) -> None:
    found = roles("Four powerful rockets hit the Strelsau airport.")
    assert found[WEAPON] == ["rockets"]
    assert found[TARGET] == ["Strelsau airport"]


def test_weapon_participle_names_who_placed_it(roles: Roles) -> None:
    found = roles("A bomb planted by two men under the car of the mayor exploded on Friday.")
    assert found[WEAPON] == ["bomb"]
    assert found[PI] == ["two men"]
    assert found[TARGET] == ["car"]


def test_quantity_of_a_weapon(roles: Roles) -> None:
    found = roles(
        "Unidentified individuals attacked the house of Judge Fritz Tarlenheim with 55 kg of "
        "dynamite."
    )
    assert found[WEAPON] == ["dynamite"]
    assert found[PI] == ["Unidentified individuals"]
    assert found[TARGET] == ["house of Judge Fritz Tarlenheim"]


def test_weapon_noun_before_an_attack_noun(roles: Roles) -> None:
    found = roles("A dynamite attack damaged the Strelsau power station.")
    assert found[WEAPON] == ["dynamite"]
    assert found[TARGET] == ["Strelsau power station"]


# --- attack nouns --------------------------------------------------------------------------------


def test_attack_on_by(roles: Roles) -> None:
    found = roles(
        "The attack on the Strelsau embassy by the Zenda Liberation Front left two guards wounded."
    )
    assert found[TARGET] == ["Strelsau embassy"]
    assert found[PO] == ["Zenda Liberation Front"]


def test_group_acronym_before_an_attack_noun(roles: Roles) -> None:
    found = roles("The ZLF bombing of the Strelsau bridge was condemned.")
    assert found[PO] == ["ZLF"]
    assert found[TARGET] == ["Strelsau bridge"]


def test_possessor_of_an_attack_is_the_attacker(roles: Roles) -> None:
    found = roles("The guerrillas' attack on the Zenda barracks lasted an hour.")
    assert found[PI] == ["guerrillas"]
    assert found[TARGET] == ["Zenda barracks"]


def test_possessor_of_a_murder_is_the_victim(roles: Roles) -> None:
    assert roles("Fritz Tarlenheim's murder shocked Ruritania.") == {VICTIM: ["Fritz Tarlenheim"]}


def test_murder_of_a_titled_person_names_the_person(roles: Roles) -> None:
    found = roles("The murder of Judge Antoinette Mauban shocked Ruritania.")
    assert found == {VICTIM: ["Antoinette Mauban"]}  # trimmed of the title


# --- perpetrators: deeds, accusations, groups ----------------------------------------------------


def test_members_of_a_group_are_individuals_and_the_group_an_organization(roles: Roles) -> None:
    found = roles(
        "Members of the Zenda Liberation Front (ZLF) attacked an electric power substation."
    )
    assert found[PI] == ["Members of the Zenda Liberation Front"]
    assert found[PO] == ["Zenda Liberation Front"]
    assert found[TARGET] == ["electric power substation"]


def test_group_name_before_attackers_is_the_organization(roles: Roles) -> None:
    found = roles("ZLF guerrillas dynamited the Strelsau oil pipeline on Tuesday.")
    assert found[PO] == ["ZLF"]
    assert found[PI] == ["guerrillas"]
    assert found[TARGET] == ["Strelsau oil pipeline"]


def test_carried_out_the_attack(roles: Roles) -> None:
    found = roles("Police said the Zenda Liberation Front carried out the attack.")
    assert found == {PO: ["Zenda Liberation Front"]}


def test_claimed_responsibility(roles: Roles) -> None:
    found = roles(
        "The Zenda Liberation Front claimed responsibility for the bombing of the Strelsau "
        "city hall."
    )
    assert found[PO] == ["Zenda Liberation Front"]
    assert found[TARGET] == ["Strelsau city hall"]


def test_accused_of_the_crime(roles: Roles) -> None:
    found = roles(
        "The government accused the Zenda Liberation Front of the murder of Judge Antoinette "
        "Mauban."
    )
    assert found[PO] == ["Zenda Liberation Front"]
    assert found[VICTIM] == ["Antoinette Mauban"]


def test_responsible_for(roles: Roles) -> None:
    found = roles("The Zenda Liberation Front is responsible for the bombing, the minister said.")
    assert found == {PO: ["Zenda Liberation Front"]}


def test_behind_the_attack_and_an_apposition_making_names_people(roles: Roles) -> None:
    found = roles(
        "Rudolf Rassendyll and Antoinette Mauban, two notorious drug traffickers, are behind "
        "the bombing."
    )
    assert found == {PI: ["Rudolf Rassendyll", "Antoinette Mauban"]}


def test_the_group_points_back_to_the_group_named(roles: Roles) -> None:
    found = roles(
        "The Zenda Front said the group would keep fighting. The group blew up a bridge near "
        "Strelsau."
    )
    assert found[PO] == ["Zenda Front"]
    assert found[TARGET] == ["bridge"]


# --- victims -------------------------------------------------------------------------------------


def test_names_set_beside_a_description(roles: Roles) -> None:
    found = roles(
        "The two engineers, Fritz Tarlenheim and Rudolf Elphberg, were kidnapped near Zenda."
    )
    assert found == {VICTIM: ["Fritz Tarlenheim", "Rudolf Elphberg"]}


def test_described_people_are_counted_not_listed(roles: Roles) -> None:
    found = roles("Gunmen killed three farmers near Zenda.")
    assert VICTIM not in found
    assert found[PI] == ["Gunmen"]


def test_a_surname_is_given_as_the_full_name(roles: Roles) -> None:
    found = roles("Attorney General Rudolf Elphberg was shot on Monday. Elphberg was killed.")
    assert found[VICTIM] == ["Rudolf Elphberg"]


def test_the_victims_were(roles: Roles) -> None:
    found = roles("The victims were identified as Rudolf Elphberg and Flavia Strel.")
    assert found == {VICTIM: ["Rudolf Elphberg", "Flavia Strel"]}


def test_participle_before_a_name(roles: Roles) -> None:
    assert roles("The assassinated Fritz Tarlenheim was buried in Strelsau.") == {
        VICTIM: ["Fritz Tarlenheim"]
    }


def test_taken_hostage(roles: Roles) -> None:
    found = roles("Gunmen took Fritz Tarlenheim hostage at a dam near Zenda.")
    assert found == {PI: ["Gunmen"], VICTIM: ["Fritz Tarlenheim"]}


# --- targets -------------------------------------------------------------------------------------


def test_a_part_hands_over_to_the_whole(roles: Roles) -> None:
    assert roles("The explosion damaged the windows of the Central Bank in Strelsau.") == {
        TARGET: ["Central Bank"]
    }


def test_set_fire_to(roles: Roles) -> None:
    found = roles("The guerrillas set fire to three buses in Zenda.")
    assert found == {PI: ["guerrillas"], TARGET: ["buses"]}


def test_the_target_was(roles: Roles) -> None:
    assert roles("The target of the attack was the Strelsau radio station.") == {
        TARGET: ["Strelsau radio station"]
    }


def test_shot_at(roles: Roles) -> None:
    found = roles("Gunmen shot at the car of the mayor of Strelsau.")
    assert found == {PI: ["Gunmen"], TARGET: ["car"]}


# --- evidence ------------------------------------------------------------------------------------


def test_evidence_points_at_the_words(frame_of: Callable[[str], Frame]) -> None:
    text = "Nothing happened on Sunday. Two gunmen attacked a police station in Strelsau."
    frame = frame_of(text)
    [target] = frame.of(TARGET)
    ev = target.evidence
    assert text[ev.start : ev.end] == "police station"
    assert ev.sentence == "Two gunmen attacked a police station in Strelsau."
    assert ev.rule == "roles.object"
    assert ev.doc_id == "t"


def test_a_group_named_with_its_acronym_in_brackets_is_one_filler(roles: Roles) -> None:
    found = roles("The Shining Path (SL) blew up an electricity pylon near Zenda on Friday.")
    assert found[PO] == ["Shining Path"]
