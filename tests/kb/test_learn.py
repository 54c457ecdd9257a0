"""Alias learning, people and relations from text (kb/learn.py), one test per pattern, on the
team's own sentences."""

from __future__ import annotations

from datetime import date

from incidex.kb.learn import learn_document, person_key
from incidex.models import Block, Document

ISIL = "Islamic State of Iraq and the Levant (ISIL)"
ISKP = "Khorasan Chapter of the Islamic State"


def learn(text: str):  # type: ignore[no-untyped-def]
    doc = Document("k1", "test", text, published=date(2022, 4, 2), blocks=[Block(0, len(text))])
    return learn_document(doc)


def aliases(text: str) -> set[tuple[str, str, str]]:
    return {(a.alias, a.actor, a.evidence.rule if a.evidence else "") for a in learn(text).aliases}


def test_parenthesis_acronym_of_a_known_group() -> None:
    found = aliases(
        "Fighters of the Khorasan Wing of IS (KWIS) were seen. "
        "Islamic State Khorasan (IKP) struck again."
    )
    assert ("IKP", ISKP, "kb.alias-parenthesis") in found


def test_parenthesis_with_a_known_acronym_teaches_the_long_name() -> None:
    found = aliases("The Movement of Khorasan Fighters (ISKP) recruited in the north.")
    assert ("Movement of Khorasan Fighters", ISKP, "kb.alias-parenthesis") in found


def test_parenthesis_with_or() -> None:
    found = aliases("Analysts say ISIS (or Dawla) keeps a cell in the city.")
    assert ("Dawla", ISIL, "kb.alias-parenthesis-or") in found


def test_sometimes_referred_to_as() -> None:
    found = aliases("Al-Shabaab, sometimes referred to as the Youth Movement, held the town.")
    assert ("Youth Movement", "Al-Shabaab", "kb.alias-also-known-as") in found


def test_also_known_as() -> None:
    found = aliases("The Taliban, also known as Talibs in some reports, seized the post.")
    assert ("Talibs", "Taliban", "kb.alias-also-known-as") in found


def test_a_description_known_as_a_name() -> None:
    found = aliases("Officials spoke about the Islamic State's Pakistani cell known as ISKP today.")
    assert ("Islamic State's Pakistani cell", ISKP, "kb.alias-also-known-as") in found


def test_formerly() -> None:
    found = aliases("Boko Haram, formerly Yusufiyya, has split twice.")
    assert ("Yusufiyya", "Boko Haram", "kb.alias-formerly") in found


def test_nom_de_guerre_makes_a_person_with_an_alias() -> None:
    learned = learn(
        "Talks began with Karim Benali, known for years by his nom de guerre, Abu Layth al-Misri."
    ).aliases
    names = {(a.alias, a.actor, a.kind) for a in learned}
    assert ("Karim Benali", "Karim Benali", "person") in names
    assert ("Abu Layth al-Misri", "Karim Benali", "person") in names


def test_real_name_makes_the_real_name_canonical() -> None:
    learned = learn("The raid was led by Abu Hafs Omari, whose real name is Tarek Salim.").aliases
    assert {(a.alias, a.actor) for a in learned} >= {("Abu Hafs Omari", "Tarek Salim")}


def test_a_titled_name_is_a_person_and_spellings_share_a_key() -> None:
    learned = learn("The funeral of commander Mahmoud Rahimi drew crowds.").aliases
    assert [(a.alias, a.kind) for a in learned] == [("Mahmoud Rahimi", "person")]
    assert person_key("Mahmoud Rahimi") == person_key("Mahmud Rahimi")


def test_relations_of_every_kind_with_evidence_and_date() -> None:
    text = (
        "The Taliban and the TTP are negotiating a truce. "
        "Boko Haram is in contact with Ansaru. "
        "Al-Shabaab and Hizbul Islam jointly attacked the base. "
        "ISKP remains a bitter rival of the Taliban in the east. "
    )
    rels = {(r.source, r.kind, r.target) for r in learn(text).relations}
    assert ("Taliban", "negotiation", "Tehrik-i-Taliban Pakistan (TTP)") in rels
    assert ("Boko Haram", "contact", "Ansaru") in rels
    assert ("Al-Shabaab", "cooperation", "Hizbul Islam (Somalia)") in rels
    assert (ISKP, "rivalry", "Taliban") in rels
    first = learn(text).relations[0]
    assert first.when == date(2022, 4, 2) and "negotiating" in first.evidence.sentence


def test_a_stated_branch() -> None:
    rels = learn("Ansaru, a breakaway branch of Boko Haram, raided the camp.").relations
    assert [(r.source, r.kind, r.target) for r in rels] == [("Ansaru", "branch-of", "Boko Haram")]


def test_states_are_not_given_aliases() -> None:
    assert aliases("Officials in Iran (Persia) said so.") == set()


def test_a_titled_place_is_not_a_person_and_articles_are_dropped() -> None:
    learned = learn(
        "Rockets hit King Faisal Air Base. An Afghan Village Guard (AVG) unit fled."
    ).aliases
    assert {(a.alias, a.kind) for a in learned} == {
        ("Afghan Village Guard", "organization"),
        ("AVG", "organization"),
    }


def test_a_relative_clause_keeps_its_antecedent_out_of_a_relation() -> None:
    text = "Militias in Iraq which are fighting the Islamic State held the town."
    assert learn(text).relations == []
