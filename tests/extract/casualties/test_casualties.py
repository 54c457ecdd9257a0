"""Killed/wounded counts: hedges, number words, sums, subsets and GTD zero rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from incidex.extract.casualties.numbers import parse_quantity
from incidex.models import FieldName, Mention

Run = Callable[..., list[Mention]]


def counts(run: Run, text: str) -> tuple[str | None, str | None]:
    m = run(text)[0]
    return m.value(FieldName.NKILL), m.value(FieldName.NWOUND)


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("at least 12", 12, 12, None),
        ("around 50", 50, 45, 55),
        ("nearly 100", 100, 90, 99),
        ("more than 60", 60, 61, None),
        ("over 30", 30, 31, None),
        ("some 20", 20, 18, 22),
        ("about 10", 10, 9, 11),
        ("approximately 40", 40, 36, 44),
        ("up to 15", 15, None, 15),
        ("a dozen", 12, 12, 12),
        ("seventy", 70, 70, 70),
        ("twenty-two", 22, 22, 22),
        ("1,500", 1500, 1500, 1500),
    ],
)
def test_hedges_and_number_words(
    text: str, value: int, low: float | None, high: float | None
) -> None:
    q = parse_quantity(text)
    assert q is not None and (q.value, q.low, q.high) == (value, low, high)


def test_killed_and_wounded_apart(run: Run) -> None:
    text = (
        "A car bomb exploded at a bus depot. Four drivers were killed and nine others were injured."
    )
    assert counts(run, text) == ("4", "9")


def test_parts_are_summed(run: Run) -> None:
    text = "Rebels stormed a garrison town. Seven policemen and at least 21 villagers were killed."
    m = run(text)[0]
    kill = m.get(FieldName.NKILL)
    assert kill is not None and kill.value == "28" and kill.low == 28


def test_subset_not_added(run: Run) -> None:
    text = (
        "05/02/2020: A grenade blast hit a school fair. "
        "Eleven people, including three pupils, were wounded."
    )
    assert counts(run, text) == ("0", "11")


def test_singular_victims(run: Run) -> None:
    text = (
        "Gunmen opened fire on a pharmacy. "
        "The owner and a guard were killed, and one customer was hurt."
    )
    assert counts(run, text) == ("2", "1")


def test_active_voice_and_perpetrator_death(run: Run) -> None:
    text = "A gunman shot two farmers near the river. Police killed the attacker later."
    kill, _ = counts(run, text)
    assert kill == "1"


def test_hostages_and_arrests_not_counted(run: Run) -> None:
    text = "06/07/2020: Bandits abducted 14 travellers on a highway. Police arrested five suspects."
    # neither count is a casualty; the outcome is known, so GTD codes the silence as 0
    assert counts(run, text) == ("0", "0")


def test_no_casualties(run: Run) -> None:
    text = "A mortar round landed near a stadium. No one was hurt in the explosion."
    assert counts(run, text) == ("0", "0")


def test_silence_means_zero_wounded(run: Run) -> None:
    m = run("03/04/2020: Militants ambushed a patrol near the dam. Three soldiers were killed.")[0]
    wound = m.get(FieldName.NWOUND)
    assert wound is not None and wound.value == "0" and wound.evidence is not None
    assert wound.evidence.confidence < 0.5


def test_unknown_outcome_left_empty(run: Run) -> None:
    text = "Fighters raided a hamlet at dawn. The outcome of the raid is unknown."
    assert counts(run, text) == (None, None)


def test_lives_claimed(run: Run) -> None:
    m = run("The explosion at the depot claimed the lives of nearly 40 workers.")[0]
    kill = m.get(FieldName.NKILL)
    assert kill is not None and (kill.value, kill.low, kill.high) == ("40", 36, 39)


# --- GTD zero / unknown conventions -------------------------------------------------------


def test_silence_in_an_article_is_zero_once_the_outcome_is_known(run: Run) -> None:
    text = "Militants ambushed a patrol near the dam on Friday. Three soldiers were killed."
    m = run(text)[0]
    wound = m.get(FieldName.NWOUND)
    assert m.value(FieldName.NKILL) == "3"
    assert wound is not None and wound.value == "0"
    assert wound.evidence is not None and wound.evidence.rule == "casualties.silence-zero"


def test_silence_in_an_article_without_any_count_is_not_zero(run: Run) -> None:
    text = "Militants ambushed a patrol near the dam on Friday. Shooting went on for hours."
    assert counts(run, text) == (None, None)


def test_unknown_number_injured_leaves_wounded_empty(run: Run) -> None:
    text = (
        "04/09/2020: Gunmen raided a market in Tarko, Ruritania. "
        "An unknown number of traders were injured in the raid."
    )
    assert counts(run, text) == ("0", None)


def test_unknown_whether_casualties_leaves_both_empty(run: Run) -> None:
    text = (
        "04/10/2020: Rebels shelled a ferry terminal in Oskar, Ruritania. "
        "It is unknown whether the shelling caused any casualties."
    )
    assert counts(run, text) == (None, None)


def test_vague_count_gives_no_value(run: Run) -> None:
    text = (
        "04/11/2020: A bomb exploded near a bus stop in Vell, Ruritania. "
        "Two commuters were killed and several others were injured."
    )
    assert counts(run, text) == ("2", None)


def test_dud_device_is_zero(run: Run) -> None:
    text = (
        "04/12/2020: A grenade was thrown at a courthouse in Vell. The grenade failed to explode."
    )
    assert counts(run, text) == ("0", "0")


# --- sums, additions and splits -----------------------------------------------------------


def test_total_across_related_attacks_is_split(run: Run) -> None:
    text = (
        "05/01/2020: Gunmen attacked a checkpoint in Darun, Ruritania. This was one of three "
        "related attacks in the district on this date. Twelve police officers were killed and "
        "six were wounded across the attacks."
    )
    assert counts(run, text) == ("4", "2")


def test_in_addition_to_the_bomber(run: Run) -> None:
    text = (
        "05/03/2020: A suicide bomber detonated a vest at a wedding hall in Darun. "
        "In addition to the assailant, at least eight guests were killed."
    )
    m = run(text)[0]
    kill = m.get(FieldName.NKILL)
    assert kill is not None and kill.value == "9"


def test_dead_attackers_in_another_sentence_are_added(run: Run) -> None:
    text = (
        "05/04/2020: Militants stormed a border post in Kesh. Five guards were killed. "
        "Two attackers were shot dead by reinforcements."
    )
    assert counts(run, text)[0] == "7"


def test_also_killed_adds(run: Run) -> None:
    text = (
        "05/05/2020: Gunmen shot and killed a judge outside his home in Kesh. "
        "His bodyguard was also killed in the attack."
    )
    assert counts(run, text)[0] == "2"


def test_succumbed_moves_from_wounded_to_killed(run: Run) -> None:
    text = (
        "05/06/2020: A roadside bomb struck a truck near Kesh. "
        "The driver was wounded and later died of his injuries."
    )
    assert counts(run, text) == ("1", "0")
    text = (
        "05/06/2020: A roadside bomb struck a bus near Kesh. Three workers were injured. "
        "The driver later succumbed to his injuries."
    )
    assert counts(run, text) == ("1", "2")


@pytest.mark.parametrize("death", ["later died in hospital", "died in hospital on Tuesday"])
def test_a_stabbed_victim_who_died_later_moves_to_killed(run: Run, death: str) -> None:
    text = (
        f"05/06/2020: A man stabbed four passengers at the Kesh bus station. "
        f"One victim, a teacher, {death}."
    )
    assert counts(run, text) == ("1", "3")


def test_later_reference_takes_the_earlier_count(run: Run) -> None:
    text = (
        "05/07/2020: Gunmen kidnapped six shepherds near Orla. "
        "The shepherds were executed two days later."
    )
    assert counts(run, text)[0] == "6"


def test_passive_count_without_parsed_subject(run: Run) -> None:
    text = "Thirty-one villagers were killed in the raid and eleven were injured, officials said."
    assert counts(run, text) == ("31", "11")


def test_headline_groups_are_summed(run: Run) -> None:
    m = run("Nine farmers, three guards dead in raid on plantation, police say.")[0]
    assert m.value(FieldName.NKILL) == "12"


def test_lives_lost(run: Run) -> None:
    m = run("In a night of terror in Orla, 57 lives were lost when gunmen raided a fair.")[0]
    assert m.value(FieldName.NKILL) == "57"


def test_bodies_found(run: Run) -> None:
    text = "06/01/2020: Assailants abducted a priest in Orla. His body was found on June 3, 2020."
    assert counts(run, text)[0] == "1"


def test_to_death(run: Run) -> None:
    text = "06/02/2020: Assailants attacked a farmer in Orla. The farmer was hacked to death."
    assert counts(run, text)[0] == "1"


# --- things that are not casualty counts --------------------------------------------------


def test_animals_not_counted(run: Run) -> None:
    text = "06/03/2020: Raiders attacked a ranch in Orla. One herder and 30 goats were killed."
    assert counts(run, text)[0] == "1"


def test_age_is_not_a_count(run: Run) -> None:
    m = run("A 45-year-old shopkeeper was stabbed and killed by a man in Orla on Monday.")[0]
    assert m.value(FieldName.NKILL) == "1"


def test_speculative_toll_ignored(run: Run) -> None:
    text = (
        "Gunmen stormed a college in Orla on Monday, killing at least 12 students. "
        "A police spokesman warned the number of dead may climb to 25."
    )
    assert counts(run, text)[0] == "12"


def test_background_conviction_not_counted(run: Run) -> None:
    text = (
        "06/04/2020: Assailants set fire to a shop in Orla. The owner's brother was "
        "convicted of killing two men in 2015."
    )
    assert counts(run, text)[0] == "0"


# --- clause combination: conjuncts, companions, updates -------------------------------------


def test_a_conjunct_with_its_own_casualty_word_counts_for_that_word(run: Run) -> None:
    text = "Gunmen raided the village on Friday. Officials said 20 dead and 15 others injured."
    assert counts(run, text) == ("20", "15")


def test_victims_along_with_the_attackers_are_added(run: Run) -> None:
    text = (
        "Rebels ambushed a convoy on Monday. Four farmers were killed along with three attackers."
    )
    assert counts(run, text)[0] == "7"


def test_a_superseded_figure_yields_to_the_current_one(run: Run) -> None:
    text = (
        "Gunmen attacked a border post in Ruritania on Monday. Officials said two guards were "
        "killed. Those numbers contradict the ones released earlier by the ministry, which had "
        "reported that five guards were killed."
    )
    assert counts(run, text)[0] == "2"


def test_a_days_overall_toll_is_not_the_attacks(run: Run) -> None:
    text = (
        "A suicide bomber killed 9 people at a checkpoint in Ruritania on Sunday. Further "
        "explosions in the provinces raised the weekend's combined toll to 33."
    )
    assert counts(run, text)[0] == "9"


def test_toll_rising_from_one_figure_to_another_takes_the_new_one(run: Run) -> None:
    text = "Rebels bombed a market in Ruritania on Sunday. The death toll rose from 20 to 31."
    assert counts(run, text)[0] == "31"


def test_the_old_figure_a_toll_rose_from_is_not_the_toll(run: Run) -> None:
    text = "Rebels bombed a market in Ruritania on Sunday. The death toll rose from 30 overnight."
    assert counts(run, text)[0] != "30"


def test_people_in_hospital_are_wounded_when_nothing_else_is_said(run: Run) -> None:
    text = (
        "A bomb hit a market in Ruritania on Sunday, killing nine people. "
        "Another 40 people remain in hospital."
    )
    assert counts(run, text) == ("9", "40")


def test_a_total_that_its_breakdown_and_the_dead_attackers_fill_is_not_raised(run: Run) -> None:
    total = "Attackers stormed a base in Ruritania on Monday, killing at least 30 people. "
    dead = "Troops killed 18 attackers. "
    parts = "Officials said seven civilians were killed along with five soldiers."
    assert counts(run, total + dead + parts)[0] == "30"
    assert counts(run, total + dead)[0] == "48"


def test_an_attacker_shot_dead_after_the_attack_counts_as_killed(run: Run) -> None:
    text = (
        "In Ruritania, a Kurd opened fire at police on Sunday, wounding two, "
        "before being shot dead."
    )
    assert counts(run, text) == ("1", "2")


def test_a_place_joined_to_the_victim_is_no_victim(run: Run) -> None:
    text = (
        "06/02/2020: Assailants shot and killed a teacher of a school in Ward 4, Tarko town, "
        "Tarko, Ruritania."
    )
    assert counts(run, text)[0] == "1"


def test_conjuncts_of_an_appositive_victim_are_summed(run: Run) -> None:
    text = (
        "06/02/2020: Assailants attacked a camp in Tarko, Ruritania. One Ruritanian guard, one "
        "Freedonian guard and two assailants were killed during the ensuing clash."
    )
    assert counts(run, text)[0] == "4"


def test_attackers_in_addition_are_added_to_the_wounded_when_the_clause_wounds(run: Run) -> None:
    text = (
        "06/02/2020: Assailants attacked soldiers near Tarko, Ruritania. In addition to two "
        "assailants, five soldiers were wounded in the attack."
    )
    assert counts(run, text) == ("0", "7")


def test_the_killing_of_n_people_counts_them(run: Run) -> None:
    text = (
        "Gunmen opened fire at a wedding in Tarko on Friday, a massacre and the killing of "
        "14 guests."
    )
    assert counts(run, text)[0] == "14"


def test_a_time_is_no_victim_and_the_shared_subject_counts(run: Run) -> None:
    text = (
        "06/02/2020: Assailants abducted three guards in Tarko, Ruritania. "
        "The guards were beaten and killed a short time later."
    )
    assert counts(run, text)[0] == "3"


def test_a_definite_victim_named_again_is_no_new_count(run: Run) -> None:
    text = (
        "06/02/2020: Assailants attacked the home of a judge in Tarko, Ruritania. Two relatives "
        "of the slain judge were killed."
    )
    assert counts(run, text)[0] == "2"


def test_the_counted_part_beside_an_unknown_number_is_read(run: Run) -> None:
    text = (
        "02/03/2021: Assailants attacked a security post in Gao, Mali. Three people were killed, "
        "including two assailants, and three soldiers and an unknown number of assailants were "
        "wounded in the attack."
    )
    assert counts(run, text) == ("3", "3")


def test_an_unknown_number_beside_another_clause_stays_unknown(run: Run) -> None:
    text = (
        "02/03/2021: Assailants attacked a village in Gao, Mali. At least 22 civilians were "
        "killed and an unknown number of people were injured in the attack."
    )
    assert counts(run, text) == ("22", None)


def test_another_member_is_one_even_when_misspelt_as_a_plural(run: Run) -> None:
    text = (
        "02/03/2021: An explosive device detonated targeting a convoy in Hilla, Babil, Iraq. "
        "A commander was killed and another militia members was injured in the blast."
    )
    assert counts(run, text) == ("1", "1")


@pytest.mark.parametrize(
    "statistic",
    [
        "The civil war, which began with street protests, has spread across the region, killed "
        "more than 300,000 people and driven millions from their homes.",
        "Over 9,000 people have been killed since the insurgency began in 1998.",
        "A rebellion that has killed 20,000 people grinds on in the hills.",
    ],
)
def test_a_conflicts_toll_is_no_attacks_outcome(run: Run, statistic: str) -> None:
    text = f"A car bomb killed nine people at a bus stop in Zenda on Monday. {statistic}"
    assert counts(run, text)[0] == "9"


def test_shot_dead_with_its_victim_counts_the_dead(run: Run) -> None:
    assert (
        counts(run, "Gunmen shot dead a court clerk outside his office in Tarlac on Monday.")[0]
        == "1"
    )
    assert counts(run, "Masked gunmen shot dead three farmers near Tarlac on Monday.")[0] == "3"
