"""Group names, aliases, fuzzy matching and claims."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from incidex.extract.actors import resolve_name
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
