"""Group names, aliases, fuzzy matching and claims."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from incidex.extract.actors.actors import resolve_name
from incidex.extract.actors.attribution import is_agency_or_state
from incidex.extract.base import load_data
from incidex.models import FieldName, Mention

Run = Callable[..., list[Mention]]
ISKP = "Khorasan Chapter of the Islamic State"
ISIL = "Islamic State of Iraq and the Levant (ISIL)"


def actor(run: Run, text: str) -> tuple[str | None, str | None]:
    m = run(text)[0]
    return m.value(FieldName.GNAME), m.value(FieldName.CLAIMED)


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Daesh", ISIL),
        ("ISIS", ISIL),
        ("ISKP", ISKP),
        ("ISIS-K", ISKP),
        ("Islamic State Khorasan", ISKP),
        ("Ansar Allah", "Houthi extremists (Ansar Allah)"),
        ("NPA", "New People's Army (NPA)"),
        ("Fulani militants", "Fulani extremists"),
        ("al-Shabab", "Al-Shabaab"),
    ],
)
def test_aliases(run: Run, alias: str, name: str) -> None:
    gname, claimed = actor(run, f"A bomb exploded at a checkpoint. {alias} claimed responsibility.")
    assert (gname, claimed) == (name, "1")


def test_fuzzy_spelling() -> None:
    assert resolve_name("Boku Haram") == "Boko Haram"


def test_dash_noise(run: Run) -> None:
    gname, _ = actor(run, "A suicide bomber struck a hotel. ISIS\u2013-K claimed the bombing.")
    assert gname == ISKP


def test_attribution_without_claim(run: Run) -> None:
    text = (
        "Gunmen opened fire on a bus. No group claimed responsibility; however, officials "
        "attributed the attack to the Taliban."
    )
    assert actor(run, text) == ("Taliban", "0")


def test_blame(run: Run) -> None:
    text = "A grenade was thrown into a bar. Police blamed Al-Shabaab for the blast."
    assert actor(run, text) == ("Al-Shabaab", "0")


def test_no_group(run: Run) -> None:
    text = "A bomb exploded near a bakery. No group claimed responsibility for the blast."
    assert actor(run, text) == (None, "0")


def test_denial_drops_group(run: Run) -> None:
    text = "A rocket hit a depot. The Houthis denied responsibility for the strike on the depot."
    gname, _ = actor(run, text)
    assert gname is None


def test_branch_named_elsewhere(run: Run) -> None:
    text = (
        "Twin blasts hit a parade. IS claimed responsibility for the bombing. "
        "Analysts say the Afghan branch of ISIS has grown."
    )
    assert actor(run, text)[0] == ISKP


def values(run: Run, text: str) -> dict[FieldName, str]:
    m = run(text)[0]
    return {v.name: v.value for v in m.values}


def test_gazetteer_size_and_agencies() -> None:
    data = load_data("actors.yaml")
    assert len(data["groups"]) >= 300
    names = {g["name"] for g in data["groups"]}
    assert not any(a["name"] in names for a in data["agencies"])
    assert is_agency_or_state("the State Department")
    assert is_agency_or_state("IRGC")


def test_faction_of_parent_group(run: Run) -> None:
    text = (
        "Gunmen raided a market in a northern town. The Ibrahim faction (Islamic State West "
        "Africa Province-ISWAP) of Boko Haram claimed responsibility for the raid."
    )
    assert actor(run, text) == ("Boko Haram", "1")


def test_unit_of_group_is_group(run: Run) -> None:
    text = (
        "Assailants burned two trucks on a rural road. No group claimed responsibility; however, "
        "sources attributed the attack to the Southern Bloc Mobile Column of the National "
        "Liberation Army of Colombia (ELN)."
    )
    assert actor(run, text) == ("National Liberation Army of Colombia (ELN)", "0")


def test_typographic_apostrophe(run: Run) -> None:
    text = (
        "Rebels torched a crane at a port. Police blamed the New People\u2019s Army for the arson."
    )
    assert actor(run, text)[0] == "New People's Army (NPA)"


def test_ttp_spelling_variant(run: Run) -> None:
    text = "A bomb hit a police van near a bridge. Tehreek-e Taliban Pakistan claimed the bombing."
    assert actor(run, text) == ("Tehrik-i-Taliban Pakistan (TTP)", "1")


def test_attributed_despite_denial(run: Run) -> None:
    text = (
        "A mortar hit a clinic in a village. No group claimed responsibility; however, sources "
        "attributed the attack to the Taliban, which denied involvement."
    )
    assert actor(run, text) == ("Taliban", "0")


def test_victim_group_is_not_perpetrator(run: Run) -> None:
    text = (
        "An explosive device detonated against a Popular Mobilization Forces (PMF) patrol. "
        "Two PMF members were killed in the blast. No group claimed responsibility."
    )
    assert actor(run, text) == (None, "0")


def test_group_the_parse_makes_the_doer(run: Run) -> None:
    # no claim or blame phrase: the passive's agent is the group that did it, nobody claimed
    text = "A Ruritanian engineer was kidnapped near Gao last week by Ansar Dine."
    assert actor(run, text) == ("Ansar Dine", "0")


def test_generic_singular_claimant(run: Run) -> None:
    text = "An assailant set fire to a bank branch. A left-wing extremist claimed the arson."
    assert actor(run, text)[0] == "Left-wing extremists"


def test_unnamed_claimant_claims_without_group(run: Run) -> None:
    text = "Assailants set fire to a chapel in a hill town. Unknown men took responsibility."
    assert actor(run, text) == (None, "1")


def test_regional_branch_of_islamic_state(run: Run) -> None:
    text = (
        "Gunmen attacked a checkpoint near Arish in North Sinai. Islamic State claimed the attack."
    )
    assert actor(run, text)[0] == "Sinai Province of the Islamic State"


def test_second_group_also_attributed(run: Run) -> None:
    text = (
        "Gunmen killed three farmers in a village. The Central Africa Province of the Islamic "
        "State claimed responsibility for the attack. Sources also attributed the attack to the "
        "Allied Democratic Forces (ADF)."
    )
    got = values(run, text)
    assert got[FieldName.GNAME] == "Central Africa Province of the Islamic State"
    assert got[FieldName.GNAME2] == "Allied Democratic Forces (ADF)"


def test_claim_mode_posted(run: Run) -> None:
    text = (
        "A suicide bomber struck a wedding hall. Al-Shabaab claimed responsibility in a statement "
        "posted on Telegram."
    )
    assert values(run, text)[FieldName.CLAIMMODE] == "Posted to website, blog, etc."


def test_nationality(run: Run) -> None:
    text = (
        "Gunmen stormed a theatre and killed nine people. "
        "Police said the attackers hailed from Tajikistan."
    )
    assert values(run, text)[FieldName.NATIONALITY] == "Tajikistan"


def test_agency_blaming_is_not_gname(run: Run) -> None:
    text = "Twin blasts hit a shrine. The IRGC blamed Israel for the bombing."
    assert actor(run, text)[0] is None


def test_agent_subject(run: Run) -> None:
    text = "Al-Shabaab gunmen armed with rifles stormed a hotel in the capital, killing six guests."
    assert actor(run, text) == ("Al-Shabaab", "0")


def test_anaphora_to_group_named_before(run: Run) -> None:
    text = (
        "Analysts describe the rise of ISIS-K in the east of the country. "
        "The group was responsible for a bombing at a Kabul hospital in 2021 that killed 20."
    )
    assert actor(run, text)[0] == ISKP


def test_dependency_subject_claim(run: Run) -> None:
    text = (
        "Militants attacked a college and killed 12 students. Abu Omar, a commander of the "
        "Pakistani Taliban who had led earlier raids in the valley, claimed responsibility."
    )
    assert actor(run, text) == ("Tehrik-i-Taliban Pakistan (TTP)", "1")


def test_linked_group_is_an_affiliation_not_the_actor(run: Run) -> None:
    text = (
        "Gunmen stormed a hotel in Gao on Friday, killing nine guests. "
        "An al Qaeda-linked group claimed responsibility for the assault."
    )
    gname, claimed = actor(run, text)
    assert gname != "Al-Qaida" and claimed == "1"


def test_space_spelled_al_qaeda_branch(run: Run) -> None:
    text = (
        "A car bomb exploded near a barracks in Gao. Al Qaeda in the Islamic Maghreb took "
        "responsibility."
    )
    assert actor(run, text) == ("Al-Qaida in the Islamic Maghreb (AQIM)", "1")


def test_anaphor_with_several_adjectives(run: Run) -> None:
    text = (
        "The country has become a target for the Islamic State, with a bombing in 2019 blamed "
        "on the radical Sunni Muslim group."
    )
    assert actor(run, text)[0] == ISIL
