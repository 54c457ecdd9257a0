"""Contested attribution and the resolution of actor names (kb/attribution.py, kb/lexicon.py)."""

from __future__ import annotations

from incidex.kb.attribution import attributed, by_stance, contested
from incidex.kb.lexicon import find, resolve
from incidex.models import Evidence, Stance, Statement

ISIL = "Islamic State of Iraq and the Levant (ISIL)"
ISKP = "Khorasan Chapter of the Islamic State"


def st(source: str, stance: Stance, target: str | None, kind: str = "group") -> Statement:
    return Statement(source, stance, target, Evidence("d", 0, 1, "s", "test"), "state", kind)


def test_a_claim_confirmed_by_a_state_is_not_contested() -> None:
    said = [st(ISIL, Stance.CLAIMS, ISIL), st("Iran", Stance.CONFIRMS, ISKP)]
    assert not contested(said)  # a branch and its parent are one organisation
    assert attributed(said) == (ISKP, True)  # the branch a statement names beats its parent


def test_two_organisations_held_responsible_is_contested() -> None:
    said = [st(ISIL, Stance.CLAIMS, ISIL), st("Iran", Stance.BLAMES, "Israel", "state")]
    assert contested(said)


def test_a_denied_accusation_is_contested() -> None:
    said = [st("Iran", Stance.BLAMES, "Taliban"), st("Taliban", Stance.DENIES, "Taliban")]
    assert contested(said)
    assert list(by_stance(said)) == ["blames", "denies"]
    assert attributed(said) == ("Taliban", False)


def test_a_denial_alone_is_not_contested() -> None:
    assert not contested([st("Taliban", Stance.DENIES, "Taliban")])


def test_resolve_any_alias_case_parenthesis_and_noise() -> None:
    assert resolve("the Afghan branch of ISIS") == ISKP
    assert resolve("islamic state khorasan (isk) province") == ISKP
    assert resolve("ISIS\u2013-K") == ISKP
    assert resolve("the Islamic State (IS)") == ISIL
    assert resolve("the State Department") == "United States Department of State"
    assert resolve("America") == "United States"
    assert resolve("Nowhere Brigade") is None


def test_find_states_and_agencies_but_acronyms_only_in_capitals() -> None:
    refs = find("The IRGC and Iran's Intelligence Ministry said the US is to blame.")
    names = [r.name for r in refs]
    assert names == [
        "Islamic Revolutionary Guard Corps (IRGC)",
        "Iran",
        "Ministry of Intelligence (Iran)",
        "United States",
    ]


def test_spelling_variants_of_space_hyphen_and_apostrophe_resolve() -> None:
    aqap = "Al-Qaida in the Arabian Peninsula (AQAP)"
    assert resolve("Al Qaida in the Arabian Peninsula") == aqap
    assert resolve("al-Qaida-in-the-Arabian-Peninsula") == aqap
    assert resolve("Boko-Haram") == "Boko Haram"
    assert resolve("Hayat Tahrir al Sham") == "Hay'at Tahrir al-Sham"


def test_spelling_variants_are_found_in_text() -> None:
    text = "Fighters loyal to Al Qaida in the Arabian Peninsula and to Hayat Tahrir al Sham."
    found = find(text, kinds=frozenset({"group"}))
    assert [r.name for r in found] == [
        "Al-Qaida in the Arabian Peninsula (AQAP)",
        "Hay'at Tahrir al-Sham",
    ]
    assert text[found[0].start : found[0].end] == "Al Qaida in the Arabian Peninsula"
