"""Target typing and the assassination test from the parse (incidex.extract.taxonomy.targets).

Every sentence here is invented for the test.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from incidex.extract.pipeline import Extractor
from incidex.extract.taxonomy.targets import find_target, type_text
from incidex.models import FieldName, Mention

Run = Callable[..., list[Mention]]
Tax = Callable[[str], dict[FieldName, str]]  # the shared ``tax`` fixture (conftest.py)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # plural security nouns and "security positions" are the armed forces'
        ("Rebels attacked security positions near Varno, Ostland.", "Military"),
        ("Insurgents attacked two checkpoints in Kelar district.", "Military"),
        ("A bomb exploded under a Peshmerga vehicle near Dorin.", "Military"),
        # commercial trucks are a business's property, not transportation
        ("Gunmen opened fire on a logging truck near Palen.", "Business"),
        # "road" only modifies: the site belongs to a construction business
        ("Militants attacked a road construction site near Ketu village.", "Business"),
        # an institution head keeps its own type whatever owns it
        ("Arsonists set fire to the Government Girls School in Maru.", "Educational Institution"),
        # "village" only modifies; a chairman is a government role
        ("Gunmen shot a village chairman outside his shop in Tiko.", "Government (General)"),
    ],
)
def test_target_type_from_the_noun_phrase(tax: Tax, text: str, target: str) -> None:
    assert tax(text)[FieldName.TARGTYPE] == target


def test_role_given_in_a_later_sentence_types_a_named_owner(tax: Tax) -> None:
    text = (
        "A bomb detonated targeting the car of Ayub Karimzai in Kelar, Ostland. "
        "Karimzai, the deputy head of the district council, was wounded in the blast."
    )
    m = tax(text)
    assert m[FieldName.TARGTYPE] == "Government (General)"
    assert m[FieldName.ATTACKTYPE] == "Assassination"


def test_a_named_victim_without_a_role_is_no_assassination(tax: Tax) -> None:
    text = "Gunmen shot and killed Tomas Brenner in Ruvalo, Ostland. Brenner was a baker."
    assert tax(text)[FieldName.ATTACKTYPE] == "Armed Assault"


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen shot and killed Maro Tensi, a labour union leader, in Ruvalo.",
        "Gunmen shot and killed Maro Tensi in Ruvalo. Tensi, a member of the town council, died.",
    ],
)
def test_leader_roles_make_an_assassination(tax: Tax, text: str) -> None:
    assert tax(text)[FieldName.ATTACKTYPE] == "Assassination"


def test_the_weapon_is_no_target(extractor: Extractor) -> None:
    text = "Air defences intercepted a drone targeting the port city of Najran."
    found = find_target(next(iter(extractor.nlp(text).sents)))
    assert found is not None and found.head.text != "drone"


def test_a_prominent_hostage_killed_is_an_assassination(tax: Tax) -> None:
    killed = "Gunmen abducted a district governor in Kelar. The governor was killed the next day."
    assert tax(killed)[FieldName.ATTACKTYPE] == "Assassination"
    freed = "Gunmen abducted a district governor in Kelar. The governor was freed the next day."
    assert tax(freed)[FieldName.ATTACKTYPE] == "Hostage Taking (Kidnapping)"


def test_an_assassination_by_arson_keeps_its_incendiary_weapon(tax: Tax) -> None:
    text = "Attackers set fire to the house of Maro Tensi, a district governor, in Ruvalo."
    m = tax(text)
    assert m[FieldName.ATTACKTYPE] == "Assassination"
    assert m[FieldName.WEAPTYPE] == "Incendiary"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # a town followed by its province is a place, even when the tagger calls it a person;
        # the soldiers killed later are the defenders, not the target
        (
            "Rebels attacked Kobiri, Lower Dano, Ostland. Three soldiers were killed.",
            "Private Citizens & Property",
        ),
        # an election candidate is a private citizen (GTD), not the government
        ("Gunmen shot a local election candidate in Maru.", "Private Citizens & Property"),
        ("Bandits attacked a farm near Ketu.", "Private Citizens & Property"),
        # "town" only modifies the council
        (
            "Gunmen shot Maro Tensi, a member of the Kobiri town council, in Ruvalo.",
            "Government (General)",
        ),
    ],
)
def test_places_candidates_and_farms(tax: Tax, text: str, target: str) -> None:
    assert tax(text)[FieldName.TARGTYPE] == target


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # students away from their school are private citizens; the head noun decides
        ("Gunmen abducted six high school students near Ketu.", "Private Citizens & Property"),
        ("Gunmen opened fire on religious civilians near Ketu.", "Private Citizens & Property"),
        # an institute is an educational institution
        ("Arsonists set a technical institute on fire in Maru.", "Educational Institution"),
    ],
)
def test_people_heads_and_institutes(tax: Tax, text: str, target: str) -> None:
    assert tax(text)[FieldName.TARGTYPE] == target


@pytest.mark.parametrize(
    ("text", "attack"),
    [
        # a prayer leader or a prosecutor shot is an armed assault, not an assassination (GTD)
        ("Gunmen shot and killed an imam outside a mosque in Ruvalo.", "Armed Assault"),
        ("Gunmen shot and killed a senior prosecutor in Ruvalo.", "Armed Assault"),
        # "assailants attacked <X>" with no weapon: an assault on a business, a facility attack on
        # a utility
        ("Assailants attacked a cement factory in Ruvalo.", "Armed Assault"),
        ("Assailants attacked a power substation in Ruvalo.", "Facility/Infrastructure Attack"),
        # ... and no type at all on a security post (a raid, a bombing or shelling alike)
        ("Assailants attacked a military outpost in Ruvalo.", "Unknown"),
    ],
)
def test_attack_type_by_role_and_target(tax: Tax, text: str, attack: str) -> None:
    assert tax(text)[FieldName.ATTACKTYPE] == attack


def test_schoolchildren_are_an_educational_target(tax: Tax) -> None:
    text = "Gunmen opened fire on school children in Ruvalo."
    assert tax(text)[FieldName.TARGTYPE] == "Educational Institution"


@pytest.mark.parametrize(
    ("text", "multiple"),
    [
        # a kind of attack the group is able to mount is no statement about this one
        (
            "Gunmen stormed a theatre in Ruvalo. The group has shown its capacity for coordinated "
            "attacks abroad.",
            "0",
        ),
        ("Coordinated attacks hit two hotels in Ruvalo on Monday.", "1"),
        ("Back-to-back bombings struck a market in Ruvalo, killing ten.", "1"),
        ("A bomb exploded at a market, followed by a suicide bombing among rescuers.", "1"),
    ],
)
def test_multiple(tax: Tax, text: str, multiple: str) -> None:
    assert tax(text)[FieldName.MULTIPLE] == multiple


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # "major" before a noun is an adjective, not an army rank; the attack's second object
        # (the consulate) types it when the first (a city area) has no type
        (
            "Rebels claimed an attack on a major urban center with an assault on the Ostland "
            "consulate.",
            "Government (Diplomatic)",
        ),
        # the noun compounded with an attack noun is its target
        (
            "The toll from the market bombings rose to 40 on Monday, officials said.",
            "Private Citizens & Property",
        ),
    ],
)
def test_target_from_the_whole_attack_sentence(tax: Tax, text: str, target: str) -> None:
    assert tax(text)[FieldName.TARGTYPE] == target


def test_the_response_is_not_the_attack(tax: Tax) -> None:
    text = (
        "An assailant attempted to stab a shopkeeper at a market in Ruvalo. "
        "The assailant was shot and killed by a guard."
    )
    m = tax(text)
    assert m[FieldName.WEAPTYPE] == "Melee"


def test_people_missing_after_an_attack_mean_an_armed_assault(tax: Tax) -> None:
    text = "Assailants attacked an army outpost near Ruvalo. Four soldiers were reported missing."
    assert tax(text)[FieldName.ATTACKTYPE] == "Armed Assault"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # the owner chain is followed to its end: vehicle -> employees -> ministry
        (
            "Gunmen opened fire on a bus carrying employees of the Ministry of Health in Maru.",
            "Government (General)",
        ),
        ("Arsonists threw petrol bombs at the town hall in Maru.", "Government (General)"),
        # an ethnic name before a role only modifies it
        ("Gunmen shot and killed a Hazara police officer in Maru.", "Police"),
    ],
)
def test_owner_chains_halls_and_ethnic_modifiers(tax: Tax, text: str, target: str) -> None:
    assert tax(text)[FieldName.TARGTYPE] == target


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("A bomb exploded near the Kobiri football stadium in Maru.", "Business"),
        ("Arsonists set fire to a flour mill in Maru.", "Business"),
        ("Gunmen attacked a shipyard in Maru.", "Maritime"),
    ],
)
def test_business_and_maritime_places(tax: Tax, text: str, target: str) -> None:
    assert tax(text)[FieldName.TARGTYPE] == target


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # UN peacekeepers are diplomatic (GTD), other peacekeepers the army
        ("Gunmen ambushed a MINUSCA peacekeeping patrol near Ketu.", "Government (Diplomatic)"),
        ("Gunmen ambushed Kenyan peacekeepers near Ketu.", "Military"),
        # a border force is the army's
        ("A bomb hit a Border Force vehicle near Ketu.", "Military"),
        # prisons and these forces are the police's
        ("Militants stormed the central prison in Maru.", "Police"),
        ("Gunmen shot a Territorial Defence Volunteers member in Maru.", "Police"),
        # election bodies, senators, municipalities and vaccination teams are the government's
        ("Arsonists targeted the Elections Commission office in Maru.", "Government (General)"),
        ("Gunmen opened fire on a senator near Ketu.", "Government (General)"),
        ("Rioters threw stones at the municipality building in Maru.", "Government (General)"),
        ("Gunmen shot two polio vaccinators in Maru.", "Government (General)"),
        # pro-government uprising forces are a militia
        (
            "Rebels attacked popular uprising forces in Kelar district.",
            "Terrorists/Non-State Militia",
        ),
        ("Gunmen kidnapped three Doctors Without Borders staff near Ketu.", "NGO"),
        ("Arsonists burned a wooden chapel in Maru.", "Religious Figures/Institutions"),
        ("Vandals set fire to broadband cabinets in Maru.", "Telecommunication"),
        # fishermen and motorists are private citizens; a road is only where it happened
        ("Pirates abducted six fishermen near Ketu.", "Private Citizens & Property"),
        ("Bandits attacked motorists along the Kobiri-Maru road.", "Private Citizens & Property"),
        # the West Bank is no bank; a bus inside a name is no bus
        (
            "Settlers attacked a Palestinian car near the entrance of Kobiri, West Bank.",
            "Private Citizens & Property",
        ),
        (
            "A bomb exploded targeting three brothers in the desert, Busara, Ostland.",
            "Private Citizens & Property",
        ),
    ],
)
def test_force_and_institution_vocabulary(tax: Tax, text: str, target: str) -> None:
    assert tax(text)[FieldName.TARGTYPE] == target


def test_a_town_listed_with_its_country_is_a_place(tax: Tax) -> None:
    # the parser leaves the country out of the town's subtree; the comma list still makes it a
    # place, whose people are the target even when the drone was stopped
    text = "Air defences intercepted and destroyed a drone targeting Tamar Kesh, Dhofar, Oman."
    assert tax(text)[FieldName.TARGTYPE] == "Private Citizens & Property"
    # a possessive after the name is a role, not a place list
    assert tax("Gunmen shot Maro Tensi, Oman's trade minister.")[FieldName.TARGTYPE] != (
        "Private Citizens & Property"
    )


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # a title before the name gives way to the role the mention gives the person
        (
            "A bomb exploded under the car of Colonel Ayub Karimzai in Kelar. Karimzai, the "
            "district police director, was wounded.",
            "Police",
        ),
        # the chief of a typed body takes the body's type
        (
            "A bomb exploded under the car of Ayub Karimzai in Kelar. Karimzai, the deputy chief "
            "of the national army, was unhurt.",
            "Military",
        ),
        # ... but a place after "chief of" types nothing: the chief is still the government's
        ("Gunmen shot the chief of Kobiri village in Kelar.", "Government (General)"),
    ],
)
def test_titles_and_leaders(tax: Tax, text: str, target: str) -> None:
    assert tax(text)[FieldName.TARGTYPE] == target


def test_an_attacker_in_a_relative_clause_is_no_target(extractor: Extractor) -> None:
    # the woman who tried to stab is the attacker; the officers are the target
    text = "In Maru, a 40-year-old woman who tried to stab two police officers was shot and killed."
    found = find_target(next(iter(extractor.nlp(text).sents)))
    assert found is not None and found.head.text == "officers"
    # a victim's passive relative clause keeps the victim
    text = "Gunmen shot a soldier who was wounded in an earlier attack."
    found = find_target(next(iter(extractor.nlp(text).sents)))
    assert found is not None and found.head.text == "soldier"


@pytest.mark.parametrize(
    "text",
    [
        # a candidate for any office is a private citizen, whatever office the modifiers name
        (
            "Gunmen shot and killed Ana Ruiz, a deputy of the Green Party and municipal council "
            "candidate, in Maru."
        ),
        # labour unions are private citizens' organisations (GTD)
        "Gunmen shot and killed a labor union leader near the port of Maru.",
    ],
)
def test_candidates_and_unions_are_private(tax: Tax, text: str) -> None:
    assert tax(text)[FieldName.TARGTYPE] == "Private Citizens & Property"


def test_a_relative_clause_of_a_place_keeps_the_place(extractor: Extractor) -> None:
    text = "Gunmen attacked the Palm Hotel in Maru, which left 22 people dead."
    found = find_target(next(iter(extractor.nlp(text).sents)))
    assert found is not None and found.head.text == "Hotel"


def test_audience_at_a_venue_is_private_citizens(tax: Tax) -> None:
    found = tax("Gunmen opened fire on concertgoers and then set fire to the Nova Town Hall venue.")
    assert found[FieldName.TARGTYPE] == "Private Citizens & Property"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Gunmen burst into a cafe near Lyon on Friday and opened fire.", "cafe"),
        ("Masked men stormed a bakery outside Turin, at least 5 dead.", "bakery"),
    ],
)
def test_target_text_is_never_the_place_or_the_toll(run: Run, text: str, target: str) -> None:
    assert run(text)[0].value(FieldName.TARGET) == target


def test_thing_attacked_beats_the_victims_counted(run: Run) -> None:
    text = "Gunmen killed 8 people in an assault on a hotel housing diplomats in Mocha."
    mention = run(text)[0]
    assert mention.value(FieldName.TARGTYPE) == "Business"
    assert mention.value(FieldName.TARGET) == "hotel housing diplomats"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("a Houthi-run mosque", "Religious Figures/Institutions"),
        ("a government-run school", "Educational Institution"),
    ],
)
def test_owner_in_a_compound_adjective_only_qualifies(text: str, label: str) -> None:
    found = type_text(text)
    assert found is not None and found[0] == label
