"""Places (GTD chains, gazetteer, ambiguity), mention grouping, modality and background."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from incidex.models import FieldName, Mention

Run = Callable[..., list[Mention]]


def test_gtd_chain(run: Run) -> None:
    text = (
        "05/02/2022: Assailants opened fire on a checkpoint in Old Market neighborhood, "
        "Karbala, Karbala, Iraq. One police officer was killed."
    )
    m = run(text)[0]
    assert m.value(FieldName.DATE) == "2022-05-02"
    assert m.value(FieldName.COUNTRY) == "Iraq"
    assert m.value(FieldName.PROVSTATE) == "Karbala"
    assert m.value(FieldName.CITY) == "Karbala"


def test_country_spelling_and_province_only(run: Run) -> None:
    m = run("A bomb exploded at a depot in North Kivu, Democratic Republic of Congo.")[0]
    assert m.value(FieldName.COUNTRY) == "Democratic Republic of the Congo"
    assert m.value(FieldName.PROVSTATE) == "North Kivu"
    assert m.value(FieldName.CITY) is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("A bomb exploded in the Iranian city of Kerman, killing four.", "Iran"),
        ("A bomb exploded in Kerman, California, injuring a farmer.", "United States"),
    ],
)
def test_ambiguous_city_settled_by_context(run: Run, text: str, country: str) -> None:
    m = run(text)[0]
    assert m.value(FieldName.CITY) == "Kerman"
    assert m.value(FieldName.COUNTRY) == country


def test_near_city(run: Run) -> None:
    m = run("Gunmen opened fire at a concert hall near Moscow, killing dozens.")[0]
    assert m.value(FieldName.CITY) == "Moscow" and m.value(FieldName.COUNTRY) == "Russia"
    assert m.value(FieldName.LATITUDE) is not None


@pytest.mark.parametrize(
    "text",
    [
        "The militia threatened to bomb the airport next week.",
        "Police foiled a plot to attack the parliament.",
        "Officers arrested two men suspected of planning a bombing.",
        "Extremists may exploit the chaos to launch attacks.",
        "An air strike by the army killed ten militants.",
        "The embassy warned of an imminent attack in Lisbon.",
        "In the columnist's opinion, the movement will strike the port again.",
        "Recent arrests in Spain were linked to the network.",
        "Analysts said the cell could attack Western interests abroad.",
    ],
)
def test_modality_negatives(run: Run, text: str) -> None:
    assert run(text) == []


def test_background_mention(run: Run) -> None:
    text = (
        "A bomb exploded at a bus station in Quetta on Tuesday, killing six people. "
        "In September 2019, the same group claimed a suicide bombing at a market in Peshawar."
    )
    mentions = run(text, published=date(2025, 2, 6))
    assert len(mentions) == 2
    main, bg = mentions
    assert main.primary and not main.background
    assert main.value(FieldName.DATE) == "2025-02-04"
    assert bg.background and not bg.primary
    assert bg.value(FieldName.DATE) == "2019-09"
    assert bg.value(FieldName.SUICIDE) == "1"


def test_evidence_points_into_text(run: Run) -> None:
    text = "Gunmen opened fire on a police post in Kano, Nigeria, killing two officers."
    m = run(text)[0]
    assert m.index == 0 and m.primary
    for value in m.values:
        ev = value.evidence
        assert ev is not None and 0 <= ev.start <= ev.end <= len(text)
        assert ev.doc_id == "t1" and 0 <= ev.confidence <= 1 and ev.rule


def test_failing_document_does_not_stop_batch(extractor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from incidex.models import Document

    calls = {"n": 0}
    original = extractor.mentions

    def flaky(document, sdoc, deadline=None):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if document.id == "bad":
            raise RuntimeError("boom")
        return original(document, sdoc, deadline)

    monkeypatch.setattr(extractor, "mentions", flaky)
    docs = [Document(id=i, source="t", text="A bomb exploded in Kabul.") for i in ("a", "bad", "c")]
    out = list(extractor.extract(docs))
    assert [d.id for d, _ in out] == ["a", "bad", "c"]
    assert out[1][1] == [] and out[0][1] and out[2][1]


def test_dateline_belongs_to_the_main_attack_only(run: Run) -> None:
    text = (
        "KABUL A bomb exploded near a checkpoint on Monday, killing four soldiers.\n\n"
        "Meanwhile, gunmen kidnapped two aid workers overnight in the north, officials said."
    )
    ms = [m for m in run(text, published=date(2023, 5, 15)) if not m.background]
    assert ms[0].value(FieldName.CITY) == "Kabul"
    assert len(ms) == 2
    assert ms[1].value(FieldName.CITY) is None
    assert ms[1].value(FieldName.COUNTRY) == "Afghanistan"
    assert ms[1].value(FieldName.DATE) == "2023-05-15"  # overnight: the publication day


def test_background_attack_gets_no_dateline_city(run: Run) -> None:
    text = (
        "CAIRO Gunmen killed six soldiers at a checkpoint in Arish on Sunday.\n\n"
        "Militants carried out two bombings last year in Egypt."
    )
    ms = run(text, published=date(2023, 5, 15))
    bg = [m for m in ms if m.background]
    assert bg and bg[0].value(FieldName.CITY) is None


def test_main_attack_city_from_the_lead(run: Run) -> None:
    text = (
        "Rescuers recovered a body near Garissa on Wednesday.\n\n"
        "Late Tuesday night, an explosion tore through a bus, a police source told reporters."
    )
    m = run(text, published=date(2023, 5, 17))[0]
    assert m.value(FieldName.CITY) == "Garissa"


def test_fronted_place_covers_every_clause(run: Run) -> None:
    text = (
        "JERUSALEM A man stabbed a tourist in Haifa on Tuesday, police said.\n\n"
        "In Hebron, a gunman opened fire at soldiers, wounding two, before being shot dead."
    )
    ms = [m for m in run(text, published=date(2023, 5, 17)) if not m.background]
    assert ms[0].value(FieldName.CITY) == "Haifa"
    assert all(m.value(FieldName.CITY) == "Hebron" for m in ms[1:])
    assert all(m.value(FieldName.DATE) == "2023-05-16" for m in ms)  # the story's day


def test_date_of_the_main_clause_is_not_the_attack_date(run: Run) -> None:
    text = (
        "Soldiers recaptured the museum on Saturday from militants who had seized it in a raid "
        "that killed 14 visitors.\n\nFriday's siege stunned the town."
    )
    m = run(text, published=date(2023, 5, 13))[0]
    assert m.value(FieldName.DATE) == "2023-05-12"


def test_attack_the_previous_day(run: Run) -> None:
    text = "The toll from market bombings the previous day in eastern Baghdad rose to 40 on Monday."
    m = run(text, published=date(2023, 5, 15))[0]
    assert m.value(FieldName.DATE) == "2023-05-14"


def test_same_city_points_back_to_the_main_attack(run: Run) -> None:
    text = (
        "A suicide bomber killed nine people in the Afghan city of Kunduz on Sunday.\n\n"
        "Militants in the same city last month claimed an attack on a police post that "
        "killed four officers."
    )
    ms = run(text, published=date(2023, 5, 14))
    bg = [m for m in ms if m.background]
    assert bg and bg[0].value(FieldName.CITY) == "Kunduz"
    assert bg[0].value(FieldName.PROVSTATE) == "Kunduz"
