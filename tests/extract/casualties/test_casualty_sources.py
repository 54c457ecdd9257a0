"""Whose casualty figure counts, and figures the parse or the grouping used to lose (invented
sentences): the attackers' own claims, stab victims, a lost object, teasers, trailing clauses."""

from __future__ import annotations

from collections.abc import Callable

from incidex.extract.pipeline import Extractor
from incidex.ingest import prepare
from incidex.models import Document, FieldName, Mention

Run = Callable[..., list[Mention]]


def counts(run: Run, text: str) -> tuple[str | None, str | None]:
    m = run(text)[0]
    return m.value(FieldName.NKILL), m.value(FieldName.NWOUND)


def test_the_attackers_own_figure_yields_to_the_officials(run: Run) -> None:
    text = (
        "Gunmen attacked an army post in Ruritania on Monday, killing four soldiers, officials "
        'said. "Our brave fighters struck the apostates," the group said in a statement. '
        "It added that 30 soldiers were killed."
    )
    assert counts(run, text)[0] == "4"


def test_a_named_group_claiming_a_toll_is_the_attackers_figure(run: Run) -> None:
    text = (
        "A suicide bomber struck a police academy in Ruritania on Monday, killing nine cadets, "
        "police said. The Taliban said in a statement that 40 policemen were killed."
    )
    assert counts(run, text)[0] == "9"


def test_the_attackers_figure_is_used_when_no_one_else_gives_one(run: Run) -> None:
    text = (
        "Militants stormed a border post in Ruritania on Monday. "
        "The Taliban said in a statement that 12 guards were killed."
    )
    assert counts(run, text)[0] == "12"


def test_a_monitoring_group_is_no_claimant(run: Run) -> None:
    text = (
        "A car bomb exploded at a market in Ruritania on Sunday. Later, 18 people were killed "
        "by shelling, the monitoring group said. It added that 25 people were killed in the blast."
    )
    assert counts(run, text)[0] == "25"


def test_a_stabbed_victim_is_wounded(run: Run) -> None:
    text = (
        "In the town of Ruritania, a man entered a bakery on Monday and stabbed a customer. "
        "Police said the attacker was shot dead."
    )
    assert counts(run, text) == ("1", "1")


def test_stabbed_and_killed_is_no_wounded(run: Run) -> None:
    text = "A man stabbed and killed a guard at a bank in Ruritania on Monday."
    assert counts(run, text) == ("1", "0")


def test_an_attempt_is_no_outcome(run: Run) -> None:
    text = (
        "In Ruritania, a man who tried to kill two soldiers at a checkpoint was shot dead on "
        "Monday, the army said."
    )
    assert counts(run, text)[0] == "1"


def test_a_lost_object_after_an_attack_subject_is_read_from_the_surface(run: Run) -> None:
    text = (
        "A suicide attack claimed by the Taliban last month in Kunduz in the north of the country "
        "killed at least 52 people, the city's governor said in a statement."
    )
    assert counts(run, text)[0] == "52"


def test_wounded_spoken_of_without_a_figure_is_no_zero(run: Run) -> None:
    text = (
        "A truck bomb killed 26 people at a depot in Ruritania on Friday. "
        "Some of the badly wounded later died in hospital, doctors said."
    )
    assert counts(run, text) == ("26", None)


def test_a_trailing_while_clause_keeps_its_hospital_count(run: Run) -> None:
    text = (
        "A truck bomb killed 26 people at a depot in Ruritania on Friday. Some of the "
        "badly hurt later died while 38 people remain in hospital, doctors said."
    )
    assert counts(run, text)[1] == "38"


def test_a_related_story_teaser_adds_its_wounded(extractor: Extractor) -> None:
    text = (
        "Gunmen opened fire at a stadium in Ruritania on Friday, officials said.\n\n"
        "The attack was claimed by a little-known group.\n\n"
        "RELATED STORIES\n\n"
        "At least 40 killed in Ruritania stadium attack, group claims responsibility\n\n"
        "Health officials said about 90 people were wounded, of which 20 are in critical "
        "condition\n\n"
    )
    doc = prepare(Document(id="t2", source="test", text=text))
    mentions = next(iter(extractor.extract([doc])))[1]
    main = next(m for m in mentions if m.primary)
    assert main.value(FieldName.NWOUND) == "90"
    assert main.value(FieldName.NKILL) == "40"
