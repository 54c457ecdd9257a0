"""The incident's gname and claimed follow from the attribution statements of all its reports
(fuse/reconcile.py with kb/attribution.py), one test per stated rule, on hand-built mentions."""

from __future__ import annotations

from incidex.fuse.fuser import fuse_mentions
from incidex.fuse.reconcile import reconcile
from incidex.kb.attribution import add_mention_attribution, contested
from incidex.models import Evidence, FieldName, Incident, Mention, Stance, Statement
from tests.factories import mention

ISIL = "Islamic State of Iraq and the Levant (ISIL)"
ISKP = "Khorasan Chapter of the Islamic State"
AQ = "Al-Qaida"
AQAP = "Al-Qaida in the Arabian Peninsula (AQAP)"
CLAIM = "The group said in a statement on its channel that it carried out the raid."
BLAME = "Officials blamed the insurgents for the raid."


def said(
    doc_id: str, source: str, stance: Stance, target: str | None, sentence: str, at: int = 0
) -> Statement:
    """A statement whose evidence is ``sentence`` at ``at`` in document ``doc_id``."""
    kind = "group" if target in (ISIL, ISKP, AQ, AQAP, "Taliban", "Boko Haram") else "state"
    source_kind = "group" if source in (ISIL, ISKP, AQ, AQAP, "Taliban", "Boko Haram") else "state"
    ev = Evidence(doc_id, at, at + len(sentence), sentence, f"statements.{stance}", 0.7)
    return Statement(source, stance, target, ev, source_kind, kind)


def report(doc_id: str, statements: list[Statement], **fields: str) -> Mention:
    """A mention with the field readers' values and its statements (and their reports)."""
    fields.setdefault("date", "2024-02-01")
    fields.setdefault("country", "Afghanistan")
    found = mention(doc_id, **fields)
    found.statements = statements
    add_mention_attribution(found)
    return found


def chosen(*mentions: Mention) -> Incident:
    return reconcile(Incident(id="i", mentions=list(mentions)))


def test_a_claim_by_a_group_names_it_and_sets_claimed() -> None:
    m = report("a", [said("a", "Taliban", Stance.CLAIMS, "Taliban", CLAIM)], claimed="0")
    incident = chosen(m)
    assert incident.value(FieldName.GNAME) == "Taliban"
    assert incident.value(FieldName.CLAIMED) == "1"
    ev = incident.values[FieldName.GNAME].evidence
    assert ev is not None and ev.sentence == CLAIM and ev.rule == "attribution.claim"


def test_the_chosen_report_is_the_mentions_own_statement_value() -> None:
    m = report("a", [said("a", "Taliban", Stance.CLAIMS, "Taliban", CLAIM)], gname="Boko Haram")
    incident = chosen(m)
    assert incident.values[FieldName.GNAME] in m.values  # the store keeps its evidence


def test_a_claim_beats_the_field_readers_and_a_blame_of_another_group() -> None:
    m = report(
        "a",
        [
            said("a", "Nigeria", Stance.BLAMES, "Boko Haram", BLAME, 0),
            said("a", ISIL, Stance.CLAIMS, ISIL, CLAIM, 60),
        ],
        gname="Boko Haram",
        claimed="0",
    )
    incident = chosen(m)
    assert (incident.value(FieldName.GNAME), incident.value(FieldName.CLAIMED)) == (ISIL, "1")
    assert contested(incident.statements)


def test_a_branch_a_statement_names_beats_its_claiming_parent() -> None:
    confirm = "US officials confirmed that the Khorasan branch carried out the bombing."
    m = report(
        "a",
        [
            said("a", ISIL, Stance.CLAIMS, ISIL, CLAIM, 0),
            said("a", "United States", Stance.CONFIRMS, ISKP, confirm, 80),
        ],
    )
    incident = chosen(m)
    assert incident.value(FieldName.GNAME) == ISKP
    assert incident.value(FieldName.CLAIMED) == "1"
    assert not contested(incident.statements)  # a branch and its parent are one organisation
    ev = incident.values[FieldName.GNAME].evidence
    assert ev is not None and ev.sentence == CLAIM and ev.rule == "attribution.claim-branch"


def test_the_branch_and_the_claim_may_come_from_different_documents() -> None:
    confirm = "Intelligence officials confirmed the Khorasan branch was behind it."
    a = report("a", [said("a", ISIL, Stance.CLAIMS, ISIL, CLAIM)], gname=ISIL, city="Kabul")
    b = report("b", [said("b", "Iran", Stance.CONFIRMS, ISKP, confirm)], city="Kabul")
    [incident] = fuse_mentions([a, b])
    assert incident.value(FieldName.GNAME) == ISKP
    assert incident.value(FieldName.CLAIMED) == "1"


def test_a_branch_the_field_readers_chose_is_kept_under_a_parents_claim() -> None:
    m = report("a", [said("a", ISIL, Stance.CLAIMS, ISIL, CLAIM)], gname=ISKP)
    assert chosen(m).value(FieldName.GNAME) == ISKP


def test_between_two_claiming_organisations_the_one_claiming_more_wins_and_is_contested() -> None:
    m = report(
        "a",
        [
            said("a", "Taliban", Stance.CLAIMS, "Taliban", CLAIM, 0),
            said("a", AQAP, Stance.CLAIMS, AQAP, CLAIM, 80),
            said("a", AQ, Stance.CLAIMS, AQ, CLAIM, 160),
        ],
    )
    incident = chosen(m)
    assert incident.value(FieldName.GNAME) == AQAP  # two claims by the al-Qaida network
    assert contested(incident.statements)


def test_only_blames_name_the_group_most_blamed_not_claimed() -> None:
    m = report(
        "a",
        [
            said("a", "Pakistan", Stance.BLAMES, "Taliban", BLAME, 0),
            said("a", "Afghanistan", Stance.CONFIRMS, "Taliban", BLAME, 50),
            said("a", "India", Stance.BLAMES, ISIL, BLAME, 100),
        ],
        gname=ISIL,
        claimed="1",
        claimmode="Internet",
    )
    incident = chosen(m)
    assert incident.value(FieldName.GNAME) == "Taliban"
    assert incident.value(FieldName.CLAIMED) == "0"
    assert FieldName.CLAIMMODE not in incident.values
    ev = incident.values[FieldName.CLAIMED].evidence
    assert ev is not None and ev.rule == "attribution.not-claimed"


def test_a_denial_by_the_blamed_group_lowers_it() -> None:
    denial = "The Taliban denied any role in the raid."
    m = report(
        "a",
        [
            said("a", "Pakistan", Stance.BLAMES, "Taliban", BLAME, 0),
            said("a", "India", Stance.BLAMES, ISIL, BLAME, 50),
            said("a", "Taliban", Stance.DENIES, "Taliban", denial, 100),
        ],
    )
    assert chosen(m).value(FieldName.GNAME) == ISIL


def test_a_denied_lone_suspicion_names_nobody() -> None:
    m = report(
        "a",
        [
            said("a", "Pakistan", Stance.SUSPECTS, "Taliban", BLAME, 0),
            said("a", "Taliban", Stance.DENIES, "Taliban", "The Taliban denied it.", 50),
        ],
        gname="Boko Haram",
    )
    assert chosen(m).value(FieldName.GNAME) == "Boko Haram"


def test_without_statements_the_field_readers_choice_stands() -> None:
    m = report("a", [], gname="Boko Haram", claimed="0")
    incident = chosen(m)
    assert incident.value(FieldName.GNAME) == "Boko Haram"
    assert incident.value(FieldName.CLAIMED) == "0"


def test_statements_about_states_only_leave_the_field_readers_choice() -> None:
    m = report("a", [said("a", "Iran", Stance.BLAMES, "Israel", BLAME)], gname=ISKP, claimed="1")
    incident = chosen(m)
    assert (incident.value(FieldName.GNAME), incident.value(FieldName.CLAIMED)) == (ISKP, "1")


def test_a_second_group_of_the_same_organisation_is_dropped() -> None:
    m = report("a", [said("a", ISIL, Stance.CLAIMS, ISIL, CLAIM)], gname2=ISKP)
    assert FieldName.GNAME2 not in chosen(m).values
