"""Perpetrator counts (nperps) and attackers captured (nperpcap), from invented sentences."""

from __future__ import annotations

from collections.abc import Callable

from incidex.models import FieldName, Mention

Run = Callable[..., list[Mention]]


def perps(run: Run, text: str) -> tuple[str | None, str | None]:
    m = run(text)[0]
    return m.value(FieldName.NPERPS), m.value(FieldName.NPERPCAP)


def test_largest_count(run: Run) -> None:
    text = (
        "Two gunmen opened fire at a cafe in Ruritania on Friday. Police said five assailants "
        "took part in the assault."
    )
    assert perps(run, text)[0] == "5"


def test_terrorist_as_a_modifier_is_no_attacker(run: Run) -> None:
    text = (
        "A bomb exploded at a market in Ruritania on Monday, killing ten people, in what police "
        "called a terrorist attack."
    )
    assert perps(run, text)[0] is None


def test_partitive_gives_the_whole(run: Run) -> None:
    text = (
        "Twin blasts hit a rally in Ruritania on Monday. Police said one of the two alleged "
        "suicide bombers was a foreigner."
    )
    assert perps(run, text)[0] == "2"


def test_armed_persons_are_attackers(run: Run) -> None:
    text = (
        "Two women carrying explosives attacked a market in Ruritania on Monday, "
        "killing five people."
    )
    assert perps(run, text)[0] == "2"


def test_a_leaders_men(run: Run) -> None:
    text = (
        "Rebels raided a depot in Ruritania on Monday. Their leader admitted the raid "
        "and said that three of his men had taken part."
    )
    assert perps(run, text)[0] == "3"


def test_lone_actor_subject_of_the_attack(run: Run) -> None:
    text = "A teenager who attacked a rabbi in Lyon on Monday wounded him slightly."
    assert perps(run, text)[0] == "1"


def test_group_members_claiming_do_not_make_the_attacker_several(run: Run) -> None:
    text = (
        "A gunman opened fire in a mall in Ruritania on Friday, killing three. "
        "Islamic State militants claimed responsibility."
    )
    assert perps(run, text)[0] == "1"


def test_captured_count_with_an_elided_noun(run: Run) -> None:
    text = (
        "Gunmen stormed a police post in Ruritania on Monday. "
        "Troops killed 12 attackers and arrested four, officials said."
    )
    assert perps(run, text)[1] == "4"


def test_all_the_perpetrators_captured(run: Run) -> None:
    text = (
        "Five attackers stormed a fair in Ruritania on Sunday. "
        "Police apprehended the perpetrators on Monday."
    )
    assert perps(run, text) == ("5", "5")


def test_the_lone_attacker_arrested(run: Run) -> None:
    text = (
        "A teenager who attacked a rabbi in Lyon on Monday wounded him slightly "
        "before being stopped and arrested."
    )
    assert perps(run, text) == ("1", "1")


def test_suspects_and_helpers_are_not_the_attackers_captured(run: Run) -> None:
    text = (
        "Three gunmen stormed a hotel in Ruritania on Friday. Police arrested two suspects. "
        "Officers detained four men who helped the attackers."
    )
    assert perps(run, text) == ("3", None)


def test_a_count_given_as_the_subject_of_attackers(run: Run) -> None:
    text = (
        "Gunmen stormed a cafe in Ruritania on Friday. Two gunmen opened fire on diners. Nine "
        "people were killed, and four of them were the attackers themselves."
    )
    assert perps(run, text)[0] == "4"


def test_the_lone_attacker_arrested_when_the_parse_loses_the_subject(run: Run) -> None:
    text = (
        "A teenager attacked a rabbi in Lyon on Monday, police said. The 16 year-old, who was "
        "armed with a knife, wounded the rabbi slightly before being stopped and arrested."
    )
    assert perps(run, text) == ("1", "1")


def test_a_lone_attacker_killed_at_the_scene_leaves_none_captured(run: Run) -> None:
    text = "A gunman shot dead six worshippers at a chapel in Zenda on Sunday before being killed."
    assert perps(run, text) == ("1", "0")


def test_every_counted_attacker_killed_leaves_none_captured(run: Run) -> None:
    text = (
        "Three attackers stormed a hotel in Zenda on Friday, killing nine guests; the three "
        "attackers were killed by troops."
    )
    assert perps(run, text) == ("3", "0")


def test_one_of_several_attackers_killed_says_nothing_of_the_others(run: Run) -> None:
    text = (
        "Gunmen stormed a hotel in Zenda on Friday, killing nine guests. The attackers fled "
        "after a guard was killed and one gunman was killed."
    )
    assert perps(run, text)[1] is None


def test_a_suicide_attack_with_no_capture_told_leaves_none_captured(run: Run) -> None:
    text = "A suicide bomber killed eleven people at a market in Zenda on Friday."
    assert perps(run, text)[1] == "0"
