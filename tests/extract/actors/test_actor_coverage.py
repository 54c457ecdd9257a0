"""Groups from every region and era of the gazetteer are recognised in invented sentences, and
ordinary words are not taken for groups."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from incidex.extract.actors.actors import resolve_name
from incidex.models import FieldName, Mention

Run = Callable[..., list[Mention]]


def gname(run: Run, text: str) -> str | None:
    return run(text)[0].value(FieldName.GNAME)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Gunmen from the Shining Path attacked a police post in Zenda on Monday.",
            "Shining Path (SL)",
        ),
        (
            "Rebels belonging to the Farabundo Marti National Liberation Front raided a power "
            "substation in Zenda.",
            "Farabundo Marti National Liberation Front (FMLN)",
        ),
        (
            "A car bomb exploded outside a bank in Zenda. The Tupac Amaru Revolutionary Movement "
            "claimed responsibility.",
            "Tupac Amaru Revolutionary Movement (MRTA)",
        ),
        (
            "Rebels of the M-19 stormed a town hall in Zenda and killed two guards.",
            "April 19 Movement (M-19)",
        ),
        (
            "A bomb damaged a courthouse in Zenda. Police blamed the Manuel Rodriguez Patriotic "
            "Front for the attack.",
            "Manuel Rodriguez Patriotic Front (FPMR)",
        ),
        (
            "A bomb exploded in a pub in Zenda. The Irish National Liberation Army claimed "
            "responsibility for the bombing.",
            "Irish National Liberation Army (INLA)",
        ),
        (
            "Gunmen shot dead a shopkeeper in Zenda. The Ulster Freedom Fighters said they "
            "carried out the killing.",
            "Ulster Freedom Fighters (UFF)",
        ),
        (
            "A bomb exploded at the gate of an army base in Zenda. The Red Army Faction claimed "
            "responsibility in a letter.",
            "Red Army Faction (RAF)",
        ),
        (
            "Militants attacked a village in Zenda and killed nine people. Officials blamed the "
            "Revolutionary United Front.",
            "Revolutionary United Front (RUF)",
        ),
        (
            "Armed men abducted four teachers near Zenda. The Movement of Democratic Forces of "
            "Casamance claimed the kidnapping.",
            "Movement of Democratic Forces of Casamance",
        ),
        (
            "A grenade was thrown at a market in Zenda. The Armed Islamic Group claimed "
            "responsibility.",
            "Armed Islamic Group (GIA)",
        ),
        (
            "A bomb exploded on a train near Zenda. Police suspected the United People's "
            "Democratic Solidarity, an outlawed group.",
            "United People's Democratic Solidarity (UPDS)",
        ),
        (
            "Suspected Free Aceh Movement rebels set fire to a school in Zenda.",
            "Free Aceh Movement (GAM)",
        ),
        (
            "A bomb exploded at a bus stop in Zenda. Authorities attributed the attack to the "
            "Japanese Red Army.",
            "Japanese Red Army (JRA)",
        ),
        (
            "Fighters of the Kosovo Liberation Army ambushed a police patrol near Zenda.",
            "Kosovo Liberation Army (KLA)",
        ),
    ],
)
def test_new_groups_are_recognised(run: Run, text: str, name: str) -> None:
    assert gname(run, text) == name


@pytest.mark.parametrize(
    "text",
    [
        "A bomb exploded at a market in Zenda, killing three people. The soldiers will return "
        "to the front after the army and the liberation forces regroup.",
        "Gunmen killed two farmers in Zenda. The national army said its forces would defend "
        "the people and the revolutionary front of the struggle.",
        "On 17 November unidentified gunmen set fire to a bus in Zenda; the passengers could "
        "not return home until the triple-A rated bank reopened the road.",
    ],
)
def test_ordinary_words_are_no_group(run: Run, text: str) -> None:
    assert gname(run, text) in (None, "Unknown")


def test_fuzzy_matching_skips_generic_names() -> None:
    """An unknown "National Liberation Front" is no misspelling of a known group's longer name."""
    assert resolve_name("National Liberation Front") is None
    assert resolve_name("Farabundo Marti Nationa Liberation Front") == (
        "Farabundo Marti National Liberation Front (FMLN)"
    )
