"""Attack grouping: clause-level modality, background and further attacks, pruning, titles."""

from __future__ import annotations

from datetime import date

import pytest

from incidex.extract.layout.segments import fronted_place, gapped_clause
from incidex.extract.pipeline import Extractor
from incidex.extract.triggers.events import Group, group_sentences
from incidex.models import Block, Document

PUB = date(2023, 5, 12)  # a Friday


def groups(extractor: Extractor, text: str, blocks: list[Block] | None = None) -> list[Group]:
    doc = Document(id="e1", source="test", text=text, published=PUB, blocks=blocks or [])
    return group_sentences(doc, extractor.nlp(text))


def texts(group: Group) -> str:
    return " ".join(s.text for s in group.sentences)


def test_conditional_clause_presupposes_nominal_trigger(extractor: Extractor) -> None:
    text = (
        "If the rebels' claim of a role in the market bombing on Tuesday is true, the army "
        "has failed. The blast killed nine traders."
    )
    found = groups(extractor, text)
    assert len(found) == 1 and found[0].trigger.text == "bombing"


@pytest.mark.parametrize(
    "text",
    [
        "The rebels could attack the capital before the vote.",
        "Officials warned of an attack on the oil terminal.",
        "Investigators are examining the motives for attacking the depot.",
        "The movement has a history of attacks on churches.",
    ],
)
def test_irrealis_and_generic_triggers_start_nothing(extractor: Extractor, text: str) -> None:
    assert groups(extractor, text) == []


def test_background_clause_is_pruned(extractor: Extractor) -> None:
    text = (
        "Gunmen opened fire on mourners at the funeral of a commander in Tikrit on Thursday, "
        "who was killed by an air strike in Mosul three years ago."
    )
    (main,) = groups(extractor, text)
    assert "Tikrit" in texts(main) and "Mosul" not in texts(main)


def test_meanwhile_starts_a_second_attack(extractor: Extractor) -> None:
    text = (
        "Militants stormed a police station in Kano on Wednesday, killing four officers.\n\n"
        "Meanwhile, two engineers were kidnapped near Zaria, the ministry said."
    )
    first, second = groups(extractor, text)
    assert not first.background and not second.background
    assert "Zaria" in texts(second) and "Zaria" not in texts(first)


def test_announced_attacks_each_get_a_mention(extractor: Extractor) -> None:
    text = (
        "A bomb exploded at a bus stop in Lahore on Thursday, killing three people. "
        "The day also saw two other attacks in the province. "
        "In Multan, a gunman shot a shopkeeper. "
        "In Sialkot, assailants set fire to a school."
    )
    found = groups(extractor, text)
    assert [g.background for g in found] == [False, False, False]
    assert "Multan" in texts(found[1]) and "Sialkot" in texts(found[2])


def test_coordinated_clause_with_fronted_place_is_split(extractor: Extractor) -> None:
    text = (
        "A car bomb exploded in a market in Basra on Monday, and in Najaf, gunmen "
        "attacked a checkpoint."
    )
    found = groups(extractor, text)
    assert len(found) == 2 and "Najaf" in texts(found[1]) and "Najaf" not in texts(found[0])


def test_year_modifier_and_bare_month_make_background(extractor: Extractor) -> None:
    text = (
        "A suicide bomber struck a mosque in Kunduz on Friday, killing 12 worshippers. "
        "The city saw the 2017 hospital attack. "
        "Another bomb attack in February killed five people there."
    )
    main, *bgs = groups(extractor, text)
    assert not main.background and [g.background for g in bgs] == [True, True]
    assert {g.date.value for g in bgs if g.date} == {"2017", "2023-02"}


def test_same_dated_background_references_merge(extractor: Extractor) -> None:
    text = (
        "Gunmen killed six guards at a mine in Tillaberi on Monday. "
        "In March 2019, the group attacked a convoy near Niamey. "
        "Officials said the March 2019 ambush had killed 20 soldiers."
    )
    found = groups(extractor, text)
    assert len(found) == 2 and found[1].background and len(found[1].sentences) == 2


def test_statistics_paragraph_joins_no_attack(extractor: Extractor) -> None:
    text = (
        "A grenade exploded at a bar in Goma on Saturday, wounding eight people. "
        "The insurgency has killed 3,000 people. Soldiers killed 40 rebels last month."
    )
    (main,) = groups(extractor, text)
    assert "3,000" not in texts(main) and "40 rebels" not in texts(main)


def test_boilerplate_supports_but_never_starts(extractor: Extractor) -> None:
    body = "Gunmen attacked a hotel in Bamako on Friday, killing 11 guests."
    teaser = "Related: Bomb kills three at a Bamako market"
    other = "Related: Explosion at a Dakar refinery"
    text = f"{body}\n\n{teaser}\n\n{other}"
    a, b = len(body) + 2, len(body) + 2 + len(teaser)
    blocks = [
        Block(0, len(body)),
        Block(a, b, "boilerplate", "related stories"),
        Block(b + 2, len(text), "boilerplate", "related stories"),
    ]
    (main,) = groups(extractor, text, blocks)
    assert "Bamako market" in texts(main) and "Dakar" not in texts(main)
    only_teaser = groups(extractor, text[a:], [Block(0, len(text) - a, "boilerplate")])
    assert only_teaser == []


def test_title_fallback_when_body_is_furniture(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    import incidex.extract.pipeline as pipeline

    monkeypatch.setattr(pipeline, "extract_casualties", lambda ctx: [])  # isolate grouping
    doc = Document(
        id="e2",
        source="test",
        text="Subscribe to our newsletter for the latest headlines.",
        title="Nine soldiers dead in ambush on convoy in Mali, army says",
        published=PUB,
    )
    (mention,) = next(iter(extractor.extract([doc])))[1]
    assert mention.primary and mention.trigger.rule.startswith("events.title-")


def test_casualties_elsewhere_do_not_join(extractor: Extractor) -> None:
    text = (
        "A bomb exploded at a rally in Quetta on Sunday. "
        "The movement was blamed for killing hundreds in Yemen and Somalia."
    )
    (main,) = groups(extractor, text)
    assert "Yemen" not in texts(main)


def test_date_in_nested_clause_is_not_the_attacks(extractor: Extractor) -> None:
    text = (
        "Gunmen shot a judge in Herat on Monday. "
        "The attackers struck a memorial for a general, who was killed by a drone strike "
        "in 2019."
    )
    (main,) = groups(extractor, text)
    assert "2019" not in texts(main)


def test_list_of_attacks_gives_one_mention_per_item(extractor: Extractor) -> None:
    text = (
        "Gunmen killed four farmers near Bama on Monday. "
        "The group's worst attacks include the 2014 market attack in Kano that killed 40 people, "
        "twin bombings in June 2016 that killed 30 at a rally in Maiduguri, and a suicide "
        "bombing in May 2019 that killed 12 in Yola."
    )
    main, *bgs = groups(extractor, text)
    assert not main.background and [g.background for g in bgs] == [True, True, True]
    assert [g.date.value for g in bgs if g.date] == ["2014", "2016-06", "2019-05"]
    assert "Yola" in texts(bgs[2]) and "Yola" not in texts(bgs[1])


def test_at_least_is_no_fronted_place(extractor: Extractor) -> None:
    doc = extractor.nlp("The raid killed two guards and at least 12 soldiers in Gao, police said.")
    start = next(t.i for t in doc if t.lower_ == "and")
    assert fronted_place(doc[start + 1 :]) == []


def test_event_named_for_another_place_is_no_part_of_the_attack(extractor: Extractor) -> None:
    text = (
        "Gunmen stormed a hotel in Bamako on Friday, killing 11 guests. "
        "Critics say the regime exploits the Aleppo massacre to deflect criticism."
    )
    (main,) = groups(extractor, text)
    assert "Aleppo" not in texts(main)


def test_month_in_a_nested_clause_keeps_the_attack(extractor: Extractor) -> None:
    text = (
        "Gunmen stormed a hotel in Niamey on Friday, killing 11 guests. "
        "A jihadist group said it carried out the attack, which resembled one in Dosso in March."
    )
    (main,) = groups(extractor, text)
    assert "jihadist group" in texts(main)


def test_last_month_name_is_background(extractor: Extractor) -> None:
    text = (
        "Gunmen stormed a hotel in Niamey on Friday, killing 11 guests. "
        "A French engineer was kidnapped last February."
    )
    main, bg = groups(extractor, text)
    assert bg.background and bg.date is not None and bg.date.value == "2023-02"


def test_split_clause_keeps_the_fronted_place(extractor: Extractor) -> None:
    text = (
        "In Hebron, a man stabbed a soldier at a checkpoint, and a woman who tried to stab "
        "the guards was also shot."
    )
    first, second = groups(extractor, text)
    assert second.trigger.text == "stab" and "In Hebron" in texts(second)


def test_announced_attacks_take_the_announced_day_and_keep_their_paragraph(
    extractor: Extractor,
) -> None:
    text = (
        "A bomb killed three people at a bus stop in Lahore on Thursday.\n\n"
        "Wednesday also saw two other attacks in the province.\n\n"
        "In Multan, a gunman shot a shopkeeper.\n\n"
        "In Sialkot, a man stabbed a guard at a school. The wounded guard and a teacher "
        "overpowered the attacker."
    )
    blocks, start = [], 0
    for part in text.split("\n\n"):
        blocks.append(Block(start, start + len(part)))
        start += len(part) + 2
    _, multan, sialkot = groups(extractor, text, blocks)
    assert multan.date is not None and multan.date.value == "2023-05-10"
    assert "overpowered" in texts(sialkot) and "overpowered" not in texts(multan)


def test_attack_of_another_day_and_town_is_background(extractor: Extractor) -> None:
    text = (
        "Gunmen attacked a church in Kaduna on Thursday, killing five worshippers. "
        "On Tuesday, a suicide bomber killed nine people in Maiduguri."
    )
    main, bg = groups(extractor, text)
    assert bg.background and "Maiduguri" not in texts(main)


def test_speaker_setting_and_contrast_are_pruned(extractor: Extractor) -> None:
    text = (
        "While the north has long suffered raids from Mali, gunmen attacked a hotel in Niamey "
        "on Friday, killing 11 guests. "
        "Speaking in Geneva, the minister condemned Friday's attack."
    )
    (main,) = groups(extractor, text)
    assert "Mali" not in texts(main) and "Geneva" not in texts(main)
    assert "condemned" in texts(main)


def test_legal_step_ends_a_continuation(extractor: Extractor) -> None:
    text = (
        "Gunmen attacked a hotel in Bamako on Friday, killing 11 guests. The attack follows "
        "months of unrest. The government issued an arrest warrant for a former minister in Dakar."
    )
    (main,) = groups(extractor, text)
    assert "Dakar" not in texts(main)


def test_attacks_of_the_same_bare_year_stay_apart(extractor: Extractor) -> None:
    text = (
        "Gunmen killed six guards at a mine in Tillaberi on Monday. "
        "In 2019, a bomb hit a bus near Niamey. "
        "In 2019, gunmen also attacked a church in Dosso."
    )
    found = groups(extractor, text)
    assert [g.background for g in found] == [False, True, True]


def test_coordinated_places_of_one_trigger_are_two_attacks(extractor: Extractor) -> None:
    text = (
        "A bomb exploded at a market in Kano on Monday, killing six people. "
        "The group carried out two bombings in 2019, in the town of Potiskum and in the "
        "capital Abuja, the latter killing 30 people."
    )
    main, first, second = groups(extractor, text)
    assert first.background and second.background
    assert "Abuja" in texts(second) and "Abuja" not in texts(first)


def test_dated_apposition_is_an_earlier_attack_inside_a_claim(extractor: Extractor) -> None:
    text = (
        "Gunmen stormed a college in Mardan on Wednesday, killing 12 students. "
        "Ali Khan, a rebel commander and the organiser of a hotel bombing in March 2019 in "
        "nearby Swat, claimed responsibility for the assault."
    )
    main, bg = groups(extractor, text)
    assert "claimed responsibility" in texts(main) and "Swat" not in texts(main)
    assert bg.background and "Swat" in texts(bg) and "claimed" not in texts(bg)


def test_month_modifier_makes_background(extractor: Extractor) -> None:
    text = (
        "Gunmen stormed a hotel in Niamey on Friday, killing 11 guests. "
        "The same group had claimed the February attack on a convoy."
    )
    main, bg = groups(extractor, text)
    assert bg.background and bg.date is not None and bg.date.value == "2023-02"


def test_new_victims_of_another_kind_on_another_day_are_another_attack(
    extractor: Extractor,
) -> None:
    text = (
        "Gunmen stormed a hotel in Niamey on Wednesday, killing 11 guests.\n\n"
        "Two aid workers were kidnapped early Thursday, the minister said."
    )
    main, other = groups(extractor, text)
    assert other.background and "aid workers" not in texts(main)


def test_restrictive_modifier_of_the_trigger_is_its_clause(extractor: Extractor) -> None:
    text = (
        "Twin car bombs killed 20 people in Homs on Sunday. "
        "A bomb attack claimed by the group last month in the city killed 24."
    )
    main, bg = groups(extractor, text)
    assert bg.background and "last month" in texts(bg)


def test_where_an_actor_comes_from_is_pruned(extractor: Extractor) -> None:
    text = (
        "A suicide bomber who had crossed from Chad killed six people at a market in Maroua "
        "on Friday. "
        "A bomb attack claimed by the group last year in Kolofata killed 12 people."
    )
    main, bg = groups(extractor, text)
    assert "Chad" not in texts(main) and "Maroua" in texts(main)
    assert "Kolofata" in texts(bg)


def test_that_attack_after_a_background_attack_refers_to_it(extractor: Extractor) -> None:
    text = (
        "A bomb killed 6 people at a bus stop in the Syrian city of Latakia on Sunday. Police "
        "said the bomber acted alone.\n\nIn 2019, a gunman shot two guards at the city hall. "
        "That attack was claimed by a small leftist cell."
    )
    found = groups(extractor, text)
    assert found[-1].background and "leftist cell" in texts(found[-1])
    assert "leftist cell" not in texts(found[0])


def test_gapped_count_at_another_place_is_a_second_attack(extractor: Extractor) -> None:
    text = (
        "A bomb killed 6 people at a bus stop in the Syrian city of Latakia on Sunday. Police "
        "said the bomber acted alone.\n\nGunmen from the Falcon Brigade killed 12 people in an "
        "attack on a bank in Hama and nine at a market in Idlib on March 3, 2019."
    )
    found = groups(extractor, text)
    hama, idlib = found[-2], found[-1]
    assert hama.background and idlib.background
    assert "Hama" in texts(hama) and "Idlib" not in texts(hama)
    assert "Idlib" in texts(idlib) and "Gunmen" in texts(idlib)
    assert hama.date is not None and hama.date.value == idlib.date.value == "2019-03-03"


def test_years_listed_after_and_are_no_gapped_attack(extractor: Extractor) -> None:
    text = "Militants bombed nightclubs in Mosul in 2011 and 2013, and hotels in Basra."
    doc = extractor.nlp(text)
    cut = next(t.i for t in doc if t.lower_ == "and")
    assert not gapped_clause(doc[cut:])
