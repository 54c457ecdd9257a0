"""Incident qualification (issue 11): the document gate, the vetoes on a trigger (its sense, a
state agent), the grounds that make a realis attack terrorism and those against it, one test per
kind of non-attack. Every text is invented (Ruritania, Strelsau, Zenda, Graustark)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from pydantic import ValidationError

from incidex.config import Settings
from incidex.extract.pipeline import Extractor
from incidex.extract.triggers.gate import relevance
from incidex.extract.triggers.realis import RealisVocabulary
from incidex.models import Document, FieldName, Ground, Incident, Mention, Qualification
from incidex.vocab import load_data

PUB = date(2023, 5, 12)  # a Friday

Run = Callable[..., list[Mention]]


def _run(extractor: Extractor) -> Run:
    def run(text: str, title: str | None = None, published: date = PUB) -> list[Mention]:
        doc = Document(id="q1", source="test", text=text, title=title, published=published)
        return next(iter(extractor.extract([doc])))[1]

    return run


@pytest.fixture(scope="module")
def incidents(qualifying: Extractor) -> Run:
    """The extractor as shipped: the reports that qualify as incidents (it also keeps reports
    nothing speaks against, unqualified, for another report of the attack to qualify)."""
    run = _run(qualifying)

    def qualified(*args: object, **kwargs: object) -> list[Mention]:
        found = run(*args, **kwargs)
        return [m for m in found if m.qualification is None or m.qualification.qualified]

    return qualified


def test_a_report_nothing_speaks_for_or_against_is_kept_unqualified(
    qualifying: Extractor,
) -> None:
    text = "Two gunmen attacked a post office in Strelsau with a grenade on Monday."
    found = _run(qualifying)(text)
    assert found and found[0].qualification is not None
    assert not found[0].qualification.qualified and not found[0].qualification.disqualified
    crime = "Two robbers shot a jeweller dead during a robbery in Strelsau on Friday."
    assert _run(qualifying)(crime) == []  # something speaks against it: not kept


@pytest.fixture(scope="module")
def reports(extractor: Extractor) -> Run:
    """Every realis attack report, each with its qualification (``Settings.qualify`` off)."""
    return _run(extractor)


def rules(mention: Mention) -> set[str]:
    assert mention.qualification is not None
    return {g.rule for g in mention.qualification.grounds}


# --- the grounds that qualify a report ---------------------------------------------------------


def test_a_claimed_suicide_bombing_qualifies_with_its_reasons(incidents: Run) -> None:
    text = (
        "A suicide bomber killed 12 people at a market in Strelsau on Monday. Al-Shabaab claimed "
        "responsibility for the attack."
    )
    (found,) = incidents(text)
    qual = found.qualification
    assert qual is not None and qual.qualified and qual.confidence >= 0.95
    assert {"trigger", "claimed", "suicide"} <= rules(found)
    assert qual.grounds[0].rule == "trigger" and "events.trigger-" in qual.grounds[0].detail
    assert any("claimed by Al-Shabaab" in r for r in qual.reasons)


def test_a_bomb_is_a_device_and_qualifies(incidents: Run) -> None:
    (found,) = incidents("A bomb exploded at a bus station in Strelsau on Monday, killing four.")
    assert "device" in rules(found)


def test_militants_as_agents_qualify(incidents: Run) -> None:
    (found,) = incidents("Militants stormed a hotel in Zenda on Tuesday, killing nine guests.")
    assert "perpetrator" in rules(found)


def test_militants_killed_by_troops_are_no_perpetrators(reports: Run) -> None:
    found = reports("Nine militants were killed in clashes near Zenda on Tuesday.")
    assert all("perpetrator" not in rules(m) for m in found)


def test_a_stabbing_called_terrorism_qualifies(incidents: Run) -> None:
    text = "A man stabbed two guards in Zenda on Monday. Police called it a terrorist attack."
    (found,) = incidents(text)
    assert "terror-frame" in rules(found)


def test_a_stated_social_aim_qualifies(incidents: Run) -> None:
    text = (
        "A gunman opened fire at a shelter for refugees in Strelsau on Sunday, killing two, in "
        "what police said was a shooting driven by hatred of immigrants."
    )
    (found,) = incidents(text)
    assert "motive" in rules(found)


def test_a_place_of_worship_attacked_gives_an_aim(incidents: Run) -> None:
    (found,) = incidents("A man opened fire at a synagogue in Zenda on Saturday night.")
    assert "aim-target" in rules(found)


def test_the_main_report_of_an_article_about_terrorism_qualifies(incidents: Run) -> None:
    text = (
        "A man stabbed three people on a ferry near Zenda on Monday.\n\nThe ferry company "
        "cancelled its evening crossings.\n\nMinisters met on Tuesday to discuss terrorism laws."
    )
    (found,) = incidents(text)
    assert "document-frame" in rules(found)


def test_a_catalogued_attack_named_in_passing_qualifies(reports: Run) -> None:
    text = (
        "A man was stabbed at a tram stop in Lyon on Monday. Security has been tight in France "
        "since the 2016 truck attack in Nice that killed 86 people."
    )
    past = [m for m in reports(text, published=date(2019, 3, 4)) if m.background]
    assert past and "catalogue" in rules(past[0]) and past[0].qualification
    assert past[0].qualification.qualified


def test_a_gtd_summary_is_an_incident_record(incidents: Run) -> None:
    text = "01/05/2021: Assailants shot and killed a farmer in Zenda, Ruritania."
    (found,) = incidents(text)
    assert "gtd-record" in rules(found)


def test_a_headline_is_all_there_is_when_the_body_is_furniture(incidents: Run) -> None:
    body = "Subscribe to our newsletter for the latest headlines. Follow us on social media."
    (found,) = incidents(body, title="Seven dead in bombing at Strelsau resort")
    assert {"headline-only"} & rules(found) or "device" in rules(found)


# --- the non-attack kinds: none is an incident -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # metaphor: an event noun in a non-violent sense
        "The senator launched a fierce attack on the Strelsau budget plan on Monday.",
        "A cyber attack on the Zenda water utility disrupted bills on Monday, militants said.",
        "A shark attack injured a swimmer off the Zenda coast on Sunday.",
        "John Smith's attack on the minister dominated the Strelsau debate, a day after militants "
        "were arrested.",
        # disaster and accident
        "An explosion at a chemical plant in Strelsau killed three workers on Tuesday; officials "
        "blamed a gas leak.",
        # ordinary crime, no political, religious or social aim stated
        "Two robbers shot a jeweller dead during a robbery in Strelsau on Friday.",
        "A man stabbed his estranged wife in Zenda on Friday after a dispute, police said.",
        # state forces' operations and strikes
        "Ruritanian warplanes bombed rebel positions near Zenda on Sunday, killing 12 fighters.",
        "Strelsau police shot dead a gunman during a dawn search on Tuesday.",
        # battles between armies
        "Ruritanian troops shelled Graustark army positions along the border on Sunday.",
        # arrests
        "Police arrested three men in Zenda on suspicion of planning an attack on the parliament.",
        # threats and warnings
        "The militants threatened to attack the Strelsau airport, officials said on Monday.",
        # foiled plots
        "Security services foiled a plot by militants to bomb the Strelsau metro on Sunday.",
        # hypotheticals and opinion
        "Militants could attack the capital before the vote, analysts said.",
        # a state weapons test
        "Ruritania announced a successful hydrogen bomb test near Zenda on Monday.",
        # statistics, not one attack
        "There were 300 attacks by militants in Ruritania last year. Those attacks killed 900.",
        "Analysts noted a sharp rise in militant attacks in Ruritania, where fighters attacked "
        "oil fields.",
    ],
)
def test_no_incident(incidents: Run, text: str) -> None:
    assert incidents(text) == []


def test_a_crime_with_frame_words_elsewhere_is_still_crime(incidents: Run) -> None:
    text = (
        "A gunman killed two clerks in a robbery at a bank in Strelsau on Monday. The city hosts "
        "a conference on terrorism next week."
    )
    assert incidents(text) == []


def test_terrorism_denied_is_no_incident(incidents: Run) -> None:
    text = (
        "A gunman killed three people at a factory in Zenda on Thursday. The sheriff said the "
        "shooting was not terrorism."
    )
    assert incidents(text) == []


def test_an_accident_in_an_article_about_militants(reports: Run) -> None:
    text = (
        "A blast at a refinery in Zenda killed two workers on Monday after a pipeline ruptured. "
        "Militants have attacked refineries in the region before."
    )
    main = [m for m in reports(text) if not m.background]
    assert main and "against:accident" in rules(main[0])
    assert main[0].qualification is not None and not main[0].qualification.qualified


def test_combat_between_armed_sides_is_no_incident(incidents: Run) -> None:
    text = (
        "Government troops and rebels agreed a truce in Graustark on Wednesday after a week of "
        "fighting. Both sides had used rockets and artillery in the battle for the town of "
        "Zenda, killing dozens."
    )
    assert incidents(text, title="Army and rebels agree truce after week of fighting") == []


def test_combat_words_elsewhere_leave_an_attack_an_attack(incidents: Run) -> None:
    text = (
        "Militants bombed a bus station in Zenda on Monday, killing nine civilians, in an attack "
        "claimed by the Graustark Liberation Army. Fighting between the army and rebels has "
        "raged in the north for a year."
    )
    assert incidents(text)  # the combat is told in another sentence


def test_an_attack_that_could_happen_is_hypothetical(reports: Run) -> None:
    text = "A coordinated attack on the Strelsau grid could cut power for weeks, a report said."
    assert reports(text) == []  # no realis report at all
    told = "The attack on the Strelsau grid could cost the utility millions, engineers said."
    assert reports(told)  # a definite attack is taken for granted, whatever it could cost


def test_a_headline_of_a_foiled_plot_yields_no_incident(incidents: Run) -> None:
    text = "Detectives arrested three men in Strelsau on Monday. They seized bomb-making materials."
    assert incidents(text, title="Police foil plot to bomb Strelsau cathedral") == []


def test_a_commemoration_dates_no_incident_to_its_own_day(incidents: Run) -> None:
    text = (
        "Hundreds gathered in Strelsau on Sunday to mark the anniversary of the 2019 bombing of "
        "the central station by militants."
    )
    found = incidents(text)
    assert all(m.value(FieldName.DATE) != "2023-05-07" for m in found)


def test_a_trial_dates_the_attack_not_the_verdict(incidents: Run) -> None:
    text = (
        "A court in Strelsau on Thursday jailed a man for life over his role in the March 3 "
        "bombing of a bus by militants."
    )
    found = incidents(text)
    assert found and all(m.value(FieldName.DATE) == "2023-03-03" for m in found)


# --- vetoes, seen on kept reports -----------------------------------------------------------------


def test_a_state_agent_is_a_veto_with_its_reason(reports: Run) -> None:
    (found,) = reports("Ruritanian warplanes bombed a market near Zenda on Sunday.")
    assert found.qualification is not None and not found.qualification.qualified
    assert "against:state" in rules(found)
    assert any("warplanes" in r for r in found.qualification.reasons)


def test_rebel_forces_are_not_the_state(reports: Run) -> None:
    (found,) = reports("Rebel forces attacked a market in Zenda on Sunday, killing six.")
    assert "against:state" not in rules(found)


def test_an_object_named_by_the_attack_word_is_no_attack(reports: Run) -> None:
    found = reports("The bomb squad cleared the Strelsau station on Monday.")
    assert (
        all("against:sense" in rules(m) for m in found if m.qualification is not None) or not found
    )


def test_the_making_of_bombs_is_no_bombing(reports: Run) -> None:
    found = reports("Detectives seized bomb-making materials from a flat in Strelsau on Monday.")
    bombs = [m for m in found if "bomb" in m.trigger.sentence[m.trigger.start : m.trigger.end]]
    assert bombs and all("against:sense" in rules(m) for m in bombs)


def test_setting_off_keeps_every_report_with_its_verdict(reports: Run) -> None:
    (found,) = reports("Two robbers shot a jeweller dead during a robbery in Strelsau on Friday.")
    assert found.qualification is not None and not found.qualification.qualified
    assert found.qualification.confidence == 0.0


# --- one attack told twice in a document --------------------------------------------------------


def test_an_attack_and_a_reference_to_it_are_one_mention(incidents: Run) -> None:
    text = (
        "Police charged two men on Monday over a flat used ahead of the Strelsau bombing by "
        "militants. The May 9 bombing at the Strelsau station killed 14 people."
    )
    found = incidents(text)
    days = [m.value(FieldName.DATE) for m in found]
    assert days.count("2023-05-09") == 1


# --- the document gate -----------------------------------------------------------------------


def _verdict(extractor: Extractor, text: str, title: str | None = None) -> tuple[bool, str]:
    doc = Document(id="g1", source="test", text=text, title=title, published=PUB)
    _, _, verdict = extractor._gate(doc)
    return verdict.relevant, verdict.reason


def test_gate_drops_an_article_with_no_attack_word(qualifying: Extractor) -> None:
    assert _verdict(qualifying, "The Strelsau council approved a new park on Monday.") == (
        False,
        "no attack word",
    )


def test_gate_drops_violence_nothing_could_make_terrorism(qualifying: Extractor) -> None:
    relevant, reason = _verdict(qualifying, "A man was shot dead in a bar in Zenda on Monday.")
    assert not relevant and "no armed group" in reason


def test_gate_keeps_an_armed_group_named_as_a_proper_noun(qualifying: Extractor) -> None:
    relevant, reason = _verdict(qualifying, "Al-Shabaab fighters attacked a base near Zenda.")
    assert relevant and "armed group" in reason


def test_gate_keeps_a_gtd_summary(qualifying: Extractor) -> None:
    assert _verdict(qualifying, "01/05/2021: A man was shot dead in Zenda.")[0]


def test_gate_reads_tokens_only(qualifying: Extractor) -> None:
    nlp = qualifying.nlp
    doc = Document(id="g2", source="test", text="Militants attacked Zenda.", published=PUB)
    tokens = nlp.make_doc(doc.text)
    gazetteer = nlp.get_pipe("incidex_gazetteer")
    verdict = relevance(doc, [tokens], gazetteer)  # type: ignore[arg-type]
    assert verdict.relevant and not tokens.has_annotation("DEP")


def test_gated_documents_are_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    extractor = Extractor(Settings.from_env())
    nlp = extractor.nlp
    parsed: list[str] = []
    real = type(nlp).pipe

    def counting(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        for item in real(self, texts, **kwargs):
            if kwargs.get("as_tuples"):
                parsed.append(item[1].id)
            yield item

    monkeypatch.setattr(type(nlp), "pipe", counting)
    docs = [
        Document(
            id="off", source="t", text="The council approved a park on Monday.", published=PUB
        ),
        Document(id="on", source="t", text="Militants bombed a market in Zenda.", published=PUB),
    ]
    out = dict((d.id, m) for d, m in extractor.extract(docs))
    assert parsed == ["on"] and out["off"] == [] and out["on"]


# --- the vocabulary file and the records ---------------------------------------------------


def test_the_vocabulary_is_validated_at_load() -> None:
    data = load_data("realis.yaml")
    RealisVocabulary.model_validate(data)
    bad_weight = {**data, "grounds": {**data["grounds"], "threshold": 1.5}}
    bad_regex = {**data, "against": {**data["against"], "crime": ["(unclosed"]}}
    missing = {k: v for k, v in data.items() if k != "state"}
    extra = {**data, "sense": {**data["sense"], "typo": []}}
    for broken in (bad_weight, bad_regex, missing, extra):
        with pytest.raises(ValidationError):
            RealisVocabulary.model_validate(broken)
    no_weight = dict(data["grounds"]["weights"])
    no_weight.pop("claimed")
    with pytest.raises(ValidationError, match="claimed"):
        RealisVocabulary.model_validate(
            {**data, "grounds": {**data["grounds"], "weights": no_weight}}
        )


def test_qualification_round_trips_as_plain_data() -> None:
    qual = Qualification(
        0.9,
        [
            Ground("trigger", "events.trigger-bombing 'bomb'", 0.8, 2, 6),
            Ground("device", "a bomb", 0.6),
        ],
    )
    assert Qualification.from_dict(qual.as_dict()) == qual
    assert qual.reasons == ["trigger: events.trigger-bombing 'bomb'", "device: a bomb"]


def test_an_incident_takes_its_most_confident_report() -> None:
    from incidex.models import Evidence

    def mention(doc: str, conf: float, rule: str) -> Mention:
        trig = Evidence(doc, 0, 4, "s", "events.trigger-bombing", 0.8)
        grounds = [Ground("trigger", f"{doc} trigger", 0.8), Ground(rule, f"{rule} in {doc}", conf)]
        return Mention(doc, 0, trig, qualification=Qualification(conf, grounds))

    incident = Incident("i", mentions=[mention("a", 0.6, "device"), mention("b", 0.9, "claimed")])
    qual = incident.qualification
    assert qual is not None and qual.confidence == 0.9
    assert [g.rule for g in qual.grounds] == ["trigger", "claimed", "device"]
    assert qual.grounds[0].detail == "b trigger"


def test_settings_turn_qualification_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDEX_QUALIFY", "0")
    assert not Settings.from_env().qualify
    monkeypatch.delenv("INCIDEX_QUALIFY")
    assert Settings.from_env().qualify
    assert not replace(Settings.from_env(), qualify=False).qualify


def test_a_facility_blown_up_by_militants_qualifies(incidents: Run) -> None:
    (found,) = incidents("Militants blew up a gas pipeline near Zenda on Sunday.")
    assert "perpetrator" in rules(found)


def test_a_hostage_held_by_a_named_group_is_not_dated_to_the_report(incidents: Run) -> None:
    text = (
        "Ruritania said on Monday it was working to free a reporter being held hostage by "
        "Al-Shabaab near Strelsau."
    )
    (found,) = incidents(text)
    assert "perpetrator" in rules(found)
    assert found.value(FieldName.DATE) != "2023-05-08"


def test_gate_keeps_a_target_that_gives_an_aim_only_near_an_attack_word(
    qualifying: Extractor,
) -> None:
    near = "A man opened fire at a mosque in Zenda on Friday."
    far = (
        "The minister opened a new school in Strelsau on Monday and spoke for an hour about "
        "roads, budgets, harvests and the weather of the coming season. Later that week a man "
        "was shot dead in a bar in Zenda."
    )
    assert _verdict(qualifying, near)[0]
    assert not _verdict(qualifying, far)[0]


def test_soldiers_killed_by_militants_are_an_attack_on_the_forces(incidents: Run) -> None:
    text = (
        "Ruritanian authorities said on Friday the army had pushed into the hills.\n\n"
        "Four soldiers were killed and six wounded in clashes with militants in Zenda province "
        "on Friday, the army said."
    )
    (found,) = incidents(text)
    assert "forces-attacked" in rules(found)


def test_militants_killed_by_the_forces_are_their_operation(incidents: Run) -> None:
    assert incidents("Fifteen militants were killed in clashes in Zenda province on Friday.") == []


def test_a_speaker_is_no_target(reports: Run) -> None:
    text = (
        "A member of parliament said on Monday that swimmers, not the shark, were to blame for "
        "the attack near Zenda."
    )
    assert all("aim-target" not in rules(m) for m in reports(text))
