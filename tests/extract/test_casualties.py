"""Killed/wounded counts: hedges, number words, sums, subsets and GTD zero rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from incidex.extract.numbers import parse_quantity
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
    text = "A grenade blast hit a school fair. Eleven people, including three pupils, were wounded."
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
    text = "Bandits abducted 14 travellers on a highway. Police arrested five suspects."
    assert counts(run, text) == (None, None)


def test_no_casualties(run: Run) -> None:
    text = "A mortar round landed near a stadium. No one was hurt in the explosion."
    assert counts(run, text) == ("0", "0")


def test_silence_means_zero_wounded(run: Run) -> None:
    m = run("Militants ambushed a patrol near the dam. Three soldiers were killed.")[0]
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
