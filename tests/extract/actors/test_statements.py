"""Attribution statements (extract/statements.py), each stance and each way of naming the source
and the target, on the team's own invented sentences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from incidex.models import FieldName, Mention, Stance

ISIL = "Islamic State of Iraq and the Levant (ISIL)"
ISKP = "Khorasan Chapter of the Islamic State"
ATTACK = "A bomb exploded at a bus station in Kandahar on Monday, killing nine people. "

Run = Callable[..., list[Mention]]


def said(run: Run, text: str) -> set[tuple[str, str, str | None]]:
    mentions = run(text, published=date(2023, 5, 10))
    return {(s.source, str(s.stance), s.target) for m in mentions for s in m.statements}


def test_a_group_claiming_responsibility(run: Run) -> None:
    found = said(run, ATTACK + "The Taliban claimed responsibility for the blast.")
    assert ("Taliban", "claims", "Taliban") in found


def test_a_claim_named_as_a_possession_and_its_confirmation(run: Run) -> None:
    text = ATTACK + "Afghan officials confirmed the Taliban's claim of responsibility on Tuesday."
    found = said(run, text)
    assert ("Taliban", "claims", "Taliban") in found
    assert ("Afghanistan", "confirms", "Taliban") in found


def test_a_group_saying_its_fighters_did_it_claims(run: Run) -> None:
    found = said(
        run, ATTACK + "In a message, the Taliban said its fighters had carried out the raid."
    )
    assert ("Taliban", "claims", "Taliban") in found


def test_blame_on_coordinated_groups_with_a_shared_subject(run: Run) -> None:
    text = (
        "Gunmen attacked a police post in Quetta on Friday, killing four officers. "
        "The Interior Ministry condemned the attack but laid the blame on Lashkar-e-Jhangvi "
        "and Jamaat-ul-Ahrar."
    )
    found = said(run, text)
    assert ("Interior Ministry", "blames", "Lashkar-e-Jhangvi") in found
    assert ("Interior Ministry", "blames", "Jamaat-ul-Ahrar") in found


def test_a_state_organ_suspecting_a_group(run: Run) -> None:
    text = (
        "Gunmen raided a village in Borno state on Sunday, killing 12 farmers. "
        "Nigerian officials suspect Boko Haram of staging the raid."
    )
    assert ("Nigeria", "suspects", "Boko Haram") in said(run, text)


def test_a_group_denying_its_own_involvement(run: Run) -> None:
    found = said(run, ATTACK + "The Taliban denied any involvement in the bombing.")
    assert ("Taliban", "denies", "Taliban") in found
    assert not any(s == "claims" for _, s, _ in found)


def test_a_quoted_denial_names_the_speaker_and_the_cleared_state(run: Run) -> None:
    text = (
        ATTACK + "“Pakistan was not involved in this attack,” the Foreign Ministry said on Tuesday."
    )
    assert ("Foreign Ministry", "denies", "Pakistan") in said(run, text)


def test_no_reason_to_believe_is_a_denial_about_the_target(run: Run) -> None:
    text = ATTACK + "The State Department said it had no reason to believe that Iran was involved."
    found = said(run, text)
    assert ("United States Department of State", "denies", "Iran") in found
    assert not any(s == "blames" for _, s, _ in found)


def test_coordinated_sources_confirm_a_regional_branch_named_through_the_group(run: Run) -> None:
    text = (
        ATTACK
        + "The Islamic State said in a statement that two of its men carried out the attack. "
        "On Thursday Germany and the United States confirmed that the group's Afghan branch "
        "had carried out the bombing."
    )
    found = said(run, text)
    assert ("Germany", "confirms", ISKP) in found
    assert ("United States", "confirms", ISKP) in found
    assert (ISIL, "claims", ISIL) in found


def test_a_branch_of_a_named_group(run: Run) -> None:
    text = (
        ATTACK + "Phone records obtained by the United States have proven that the "
        "Afghanistan branch of ISIS staged the bombing."
    )
    assert ("United States", "confirms", ISKP) in said(run, text)


def test_no_actor_no_statement(run: Run) -> None:
    text = ATTACK + "No group has claimed responsibility. Residents blamed poor security."
    assert said(run, text) == set()


def test_statement_carries_evidence_and_report_date(run: Run) -> None:
    mentions = run(ATTACK + "The Taliban claimed responsibility.", published=date(2023, 5, 10))
    st = next(s for m in mentions for s in m.statements)
    assert st.stance == Stance.CLAIMS and st.reported == date(2023, 5, 10)
    assert st.evidence.sentence.startswith("The Taliban claimed")
    assert st.evidence.rule == "statements.claims"


def test_a_group_named_as_a_modifier_is_not_the_speaker(run: Run) -> None:
    text = ATTACK + "The al-Qaeda-linked Ansar Dine claimed responsibility for the blast."
    found = said(run, text)
    assert not any(source == "Al-Qaida" for source, _, _ in found)
    assert ("Ansar Dine", "claims", "Ansar Dine") in found


def test_an_administration_named_by_its_head_is_the_state(run: Run) -> None:
    text = ATTACK + "Officials from the Obama administration denied any involvement in the blast."
    assert ("United States", "denies", "United States") in said(run, text)


def test_a_second_claim_in_a_run_on_headline_has_its_own_speaker(run: Run) -> None:
    text = (
        ATTACK + "Al Qaeda group claims responsibility Al Qaida in the Arabian Peninsula claimed "
        "responsibility for the blast, a local radio reported."
    )
    found = said(run, text)
    aqap = "Al-Qaida in the Arabian Peninsula (AQAP)"
    assert (aqap, "claims", aqap) in found


def test_a_group_claiming_it_killed_claims_the_attack(run: Run) -> None:
    text = (
        "Al-Shabab fighters attacked an army base in Gedo, Somalia, on Monday. "
        "The al-Qaida-aligned group claimed it had killed some 45 troops."
    )
    assert ("Al-Shabaab", "claims", "Al-Shabaab") in said(run, text)


def test_a_claim_belongs_to_the_attack_of_its_verb_not_of_the_speakers_apposition(
    run: Run,
) -> None:
    text = (
        "Gunmen stormed a college in Mardan on Tuesday, killing 11 students. Khalid Omar, a "
        "Pakistani Taliban commander behind a school massacre in Peshawar in December 2014, "
        "claimed responsibility for the college attack."
    )
    mentions = run(text, published=date(2023, 5, 10))
    main = next(m for m in mentions if m.primary)
    assert any(s.stance == Stance.CLAIMS for s in main.statements)
    assert main.value(FieldName.CLAIMED) is not None
    assert any(
        v.name == FieldName.GNAME and v.evidence and v.evidence.rule.startswith("attribution.")
        for v in main.values
    )


def test_a_faction_of_a_group_claims_as_the_group(run: Run) -> None:
    text = (
        "Gunmen attacked a village in Borno, Nigeria, on Monday, killing six farmers. The Shekau "
        "faction (Islamic State West Africa Province) of Boko Haram claimed responsibility."
    )
    found = said(run, text)
    assert ("Boko Haram", "claims", "Boko Haram") in found
