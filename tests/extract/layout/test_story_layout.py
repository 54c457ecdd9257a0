"""Rules that keep a news story's layout and asides from making attacks of their own: paragraphs
as sentence bounds, a person's nationality, doubted reports, speakers' places, asides' times,
generic plurals and set-aside tolls. All sentences are invented."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from incidex.extract.components import BLOCK_STARTS
from incidex.extract.pipeline import Extractor
from incidex.extract.triggers.events import group_sentences
from incidex.ingest import prepare
from incidex.models import Document, FieldName, Mention

Run = Callable[..., list[Mention]]
PUB = date(2022, 9, 15)  # a Thursday


def story(extractor: Extractor, text: str) -> list[Mention]:
    """Mentions of ``text`` read as an ingested article (paragraph blocks found by the reader)."""
    doc = prepare(Document(id="s1", source="test.txt", text=text, published=PUB))
    return next(iter(extractor.extract([doc])))[1]


def test_sentence_never_crosses_a_paragraph(extractor: Extractor) -> None:
    text = "Valley Courier\nHome | News\n\nTwo killed in depot blast\n\nTwo workers died."
    sents = [s.text.strip() for s in extractor.nlp(text).sents]
    assert "Two killed in depot blast" in sents


def test_block_starts_given_by_the_reader_bound_sentences(extractor: Extractor) -> None:
    text = "Depot blast kills two\nA bomb exploded at a fuel depot in Mosul on Monday."
    sdoc = extractor.nlp.make_doc(text)
    sdoc.user_data[BLOCK_STARTS] = [text.index("A bomb")]
    parsed = extractor.nlp(sdoc)
    assert [s.text.strip() for s in parsed.sents][0] == "Depot blast kills two"


def test_headline_toll_is_not_added_to_the_body_toll(extractor: Extractor) -> None:
    text = (
        "Harbour Daily\nHome | World\n\nPublished: 15 September 2022\n\n"
        "Market bombing: 12 dead in Mosul\n\n"
        "Twelve people were killed when a bomb exploded at a market in Mosul on Wednesday, "
        "police said."
    )
    mentions = story(extractor, text)
    assert [m.value(FieldName.NKILL) for m in mentions] == ["12"]


def test_nationality_of_a_person_is_not_the_attack_country(run: Run) -> None:
    text = (
        "A bomb exploded outside a concert hall in Leeds on Wednesday night as the Canadian "
        "singer Jo Marr left the stage. Four people were killed."
    )
    mentions = run(text, PUB)
    assert len(mentions) == 1
    assert mentions[0].value(FieldName.COUNTRY) == "United Kingdom"


def test_venue_named_after_its_city(run: Run) -> None:
    text = "A suicide bomber blew himself up at Leeds Arena on Wednesday, killing five people."
    mentions = run(text, PUB)
    assert mentions[0].value(FieldName.CITY) == "Leeds"


@pytest.mark.parametrize(
    "sentence",
    [
        "Reports of a second blast near the station could not be confirmed.",
        "Unconfirmed reports of gunfire at the port spread online.",
        "Reports of a shooting at the market were denied by the police.",
    ],
)
def test_doubted_report_is_no_attack(run: Run, sentence: str) -> None:
    text = "A car bomb killed six people in Baghdad on Wednesday. " + sentence
    assert len(run(text, PUB)) == 1


def test_report_that_is_not_doubted_still_counts(extractor: Extractor) -> None:
    text = "Reports of a shooting at the market in Basra reached the capital within minutes."
    doc = Document(id="r1", source="t", text=text, published=PUB)
    assert len(group_sentences(doc, extractor.nlp(text))) == 1


def test_speakers_place_is_not_another_attack(run: Run) -> None:
    text = (
        "A car bomb killed six people in Baghdad on Wednesday. In Amman, a government "
        "spokesman said his country had no part in the bombing."
    )
    assert len(run(text, PUB)) == 1


def test_time_of_an_aside_is_not_the_attacks(run: Run) -> None:
    text = (
        "A car bomb killed six people in Baghdad on Wednesday. The militia, which seized the "
        "district two weeks ago, condemned the bombing and blamed its rivals."
    )
    mentions = run(text, PUB)
    assert len(mentions) == 1 and not mentions[0].background


def test_earlier_attacks_in_general_are_no_attack(run: Run) -> None:
    text = (
        "A car bomb killed six people in Baghdad on Wednesday. Analysts said the method "
        "matched earlier attacks by the group's southern wing."
    )
    assert len(run(text, PUB)) == 1


def test_figure_set_aside_is_not_counted(run: Run) -> None:
    text = (
        "A car bomb exploded in Baghdad on Wednesday. Officials revised the number of dead, "
        "saying 31 people had been killed rather than the figure of more than 40 given earlier."
    )
    assert run(text, PUB)[0].value(FieldName.NKILL) == "31"


def test_items_of_a_list_share_its_kind_and_group(run: Run) -> None:
    text = (
        "A car bomb killed six people in Baghdad on Wednesday. Iraq has been a frequent target "
        "of Islamic State, with two bombings in 2021 blamed on the militant Sunni group, in the "
        "town of Tikrit by the river and in the city of Mosul, the second killing over "
        "40 people."
    )
    mosul = next(m for m in run(text, PUB) if m.value(FieldName.CITY) == "Mosul")
    assert mosul.value(FieldName.ATTACKTYPE) == "Bombing/Explosion"
    assert mosul.value(FieldName.GNAME) == "Islamic State of Iraq and the Levant (ISIL)"


def test_gapped_item_keeps_its_own_count_and_target(run: Run) -> None:
    text = (
        "Suicide bombers killed 14 people in an attack on a guesthouse housing aid workers in "
        "Kirkuk and five at a Shia mosque in Basra on Friday."
    )
    basra = next(m for m in run(text, PUB) if m.value(FieldName.CITY) == "Basra")
    assert basra.value(FieldName.NKILL) == "5"
    assert basra.value(FieldName.TARGTYPE) == "Religious Figures/Institutions"


def test_each_labelled_item_of_a_digest_is_an_attack_of_its_own(run: Run) -> None:
    # a weekly round-up: one attack per paragraph, each opened by its country's name
    text = (
        "Mali: Gunmen attacked an army post near Gao on Tuesday, killing three soldiers.\n\n"
        "Syria: A car bomb exploded at a market in Azaz on Thursday, killing four civilians.\n\n"
        "Colombia: Rebels blew up an oil pipeline in Arauca on Sunday, causing a spill."
    )
    found = run(text, date(2024, 2, 5))
    assert sorted(m.value(FieldName.COUNTRY) or "" for m in found) == ["Colombia", "Mali", "Syria"]
    syria = next(m for m in found if m.value(FieldName.COUNTRY) == "Syria")
    # the label names where, not who: "Syria" is no state agent of the bombing
    assert syria.qualification is not None and not syria.qualification.disqualified


def test_a_toll_naming_where_people_fled_stays_with_the_attack(run: Run) -> None:
    text = (
        "Armed men rode into Kukawa on motorcycles on Saturday night and began shooting. "
        "Officials said 38 people were killed and hundreds fled to Maiduguri."
    )
    (attack,) = run(text, date(2024, 1, 22))
    assert attack.value(FieldName.NKILL) == "38"  # Maiduguri is where they fled, not elsewhere
