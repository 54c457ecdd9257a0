"""Attack/weapon/target types with GTD precedence, suicide, multiple, perpetrator counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from incidex.models import FieldName, Mention

Run = Callable[..., list[Mention]]


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
        ("Assailants attacked a hamlet at night.", "Unknown", "Unknown"),
    ],
)
def test_attack_and_weapon(run: Run, text: str, attack: str, weapon: str) -> None:
    m = run(text)[0]
    assert m.value(FieldName.ATTACKTYPE) == attack
    assert m.value(FieldName.WEAPTYPE) == weapon


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("A bomb exploded targeting an army convoy near the pass.", "Military"),
        ("Gunmen opened fire on a police station in the suburb.", "Police"),
        ("A grenade was thrown at a mosque during prayers.", "Religious Figures/Institutions"),
        ("Assailants set fire to a school in the valley.", "Educational Institution"),
        ("A bomb exploded outside the home of a provincial official.", "Government (General)"),
    ],
)
def test_target_type(run: Run, text: str, target: str) -> None:
    assert run(text)[0].value(FieldName.TARGTYPE) == target


def test_suicide_and_multiple(run: Run) -> None:
    m = run("Two suicide bombers carried out twin blasts at a rally, killing nine people.")[0]
    assert m.value(FieldName.SUICIDE) == "1"
    assert m.value(FieldName.MULTIPLE) == "1"
    assert m.value(FieldName.NPERPS) == "2"
    single = run("A bomb exploded outside a bank, injuring four people.")[0]
    assert single.value(FieldName.SUICIDE) == "0" and single.value(FieldName.MULTIPLE) == "0"


def test_perpetrators_captured(run: Run) -> None:
    text = "Three gunmen stormed a hotel and shot five guests. Police arrested three attackers."
    m = run(text)[0]
    assert m.value(FieldName.NPERPS) == "3"
    assert m.value(FieldName.NPERPCAP) == "3"
