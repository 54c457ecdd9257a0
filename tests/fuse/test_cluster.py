"""Grouping reports into attacks: scenarios of a dense feed, on invented reports."""

import itertools
from datetime import date

from incidex.fuse.fuser import fuse_mentions, per_document, story_order
from incidex.models import FieldName, Incident, Mention
from tests.factories import mention

BOMB = {"attacktype": "Bombing/Explosion", "weaptype": "Explosives"}
SHOOTING = {"attacktype": "Armed Assault", "weaptype": "Firearms"}
RURITANIA = {"country": "Ruritania", "provstate": "North March"}


def groups(incidents: list[Incident]) -> set[frozenset[str]]:
    return {frozenset(m.doc_id for m in i.mentions) for i in incidents}


def test_two_attacks_in_one_province_on_one_day_stay_apart() -> None:
    strelsau = {"city": "Strelsau", "latitude": "10.0", "longitude": "20.0"}
    zenda = {"city": "Zenda", "latitude": "10.9", "longitude": "20.4"}
    reports = [
        mention("a1", date="2023-05-10", **RURITANIA, **strelsau, **BOMB),
        mention("a2", date="2023-05-10", **RURITANIA, **strelsau, **BOMB),
        mention("b1", date="2023-05-10", **RURITANIA, **zenda, **BOMB),
        mention("b2", date="2023-05-10", **RURITANIA, **zenda, **BOMB),
    ]
    assert groups(fuse_mentions(reports)) == {frozenset({"a1", "a2"}), frozenset({"b1", "b2"})}


def test_two_attacks_in_one_town_on_one_day_keep_their_own_reports() -> None:
    reports = [
        mention("bomb1", date="2023-05-10", city="Strelsau", **RURITANIA, **BOMB),
        mention("shot1", date="2023-05-10", city="Strelsau", **RURITANIA, **SHOOTING),
        mention("bomb2", date="2023-05-10", city="Strelsau", nkill="3", **RURITANIA, **BOMB),
        mention("shot2", date="2023-05-10", city="Strelsau", **RURITANIA, **SHOOTING),
    ]
    assert groups(fuse_mentions(reports)) == {
        frozenset({"bomb1", "bomb2"}),
        frozenset({"shot1", "shot2"}),
    }


def test_a_report_that_fits_two_incidents_equally_stays_apart() -> None:
    market = "A bomb exploded at the Vasco market in Strelsau."
    depot = "A bomb exploded at the Lorenz depot in Strelsau."
    vague = "Explosions shook Strelsau on Wednesday, police said."
    place = {"city": "Strelsau", **RURITANIA, **BOMB}
    reports = [
        mention("m1", date="2023-05-10", sentence=market, nkill="2", **place),
        mention("m2", date="2023-05-10", sentence=market, nkill="2", **place),
        mention("d1", date="2023-05-10", sentence=depot, nkill="5", **place),
        mention("d2", date="2023-05-10", sentence=depot, nkill="5", **place),
        mention("v", date="2023-05-10", sentence=vague, **place),
    ]
    found = groups(fuse_mentions(reports))
    assert frozenset({"v"}) in found
    assert frozenset({"m1", "m2"}) in found and frozenset({"d1", "d2"}) in found


def test_a_report_joins_no_incident_one_of_whose_reports_it_contradicts() -> None:
    """No snowball: linking to one report of an incident is not enough when it clashes with
    another (here: the kind of attack)."""
    place = {"city": "Strelsau", "date": "2023-05-10", **RURITANIA}
    reports = [
        mention("a", **place, **BOMB, nkill="12"),
        mention("b", **place, nkill="12"),  # says nothing of the kind of attack
        mention("c", **place, **SHOOTING),
    ]
    found = groups(fuse_mentions(reports))
    assert frozenset({"a", "b"}) in found and frozenset({"c"}) in found


def test_the_result_does_not_depend_on_the_order_of_the_reports() -> None:
    place = {"city": "Strelsau", **RURITANIA}
    reports = [
        mention("a", date="2023-05-10", **place, **BOMB),
        mention("b", date="2023-05-11", **place, **BOMB),
        mention("c", date="2023-05", **place, **BOMB, background=True),
        mention("d", date="2023-05-10", **place, **SHOOTING),
        mention("e", date="2023-05-12", **place, **SHOOTING, nkill="2"),
        mention("f", date="2023-05-10", city="Zenda", **RURITANIA, **BOMB),
    ]
    expected = [(i.id, sorted(m.id for m in i.mentions)) for i in fuse_mentions(reports)]
    for order in itertools.permutations(reports):
        found = [(i.id, sorted(m.id for m in i.mentions)) for i in fuse_mentions(order)]
        assert sorted(found) == sorted(expected)


def test_main_reports_group_before_mentions_in_passing() -> None:
    """A document that tells one attack twice (a report and an aside) cannot split the
    attack's other reports between its two mentions."""
    place = {"city": "Strelsau", "date": "2023-05-10", **RURITANIA, **BOMB}
    aside = "Last week's bombing in Strelsau, blamed on the Quillborne cell, killed nine."
    reports = [
        mention("x", 0, **place, nkill="9"),
        mention("x", 1, background=True, sentence=aside, **place),
        mention("y", 0, background=True, sentence=aside, **place),
        mention("z", 0, **place, nkill="9"),
    ]
    found = fuse_mentions(reports)
    assert any({m.doc_id for m in i.mentions} == {"x", "y", "z"} for i in found)


def test_a_growing_toll_is_one_attack_with_the_latest_figure() -> None:
    place = {"city": "Strelsau", "date": "2023-05-10", **RURITANIA, **BOMB}
    reports = [
        mention("day1", nkill="4", reported=date(2023, 5, 10), **place),
        mention("day2", nkill="11", reported=date(2023, 5, 11), **place),
        mention("day3", nkill="17", reported=date(2023, 5, 13), **place),
    ]
    (incident,) = fuse_mentions(reports)
    assert incident.value(FieldName.NKILL) == "17"


def fused_one(reports: list[Mention]) -> Incident:
    (incident,) = fuse_mentions(reports)
    return incident


def test_fuse_groups_reports_of_one_attack() -> None:
    reports = [
        mention("a", date="2024-03-22", country="Russia", city="Moscow"),
        mention("b", date="2024-03-22", country="Russia", city="Moscow"),
        mention("c", date="2021-08-26", country="Afghanistan", city="Kabul"),
    ]
    fused = fuse_mentions(reports)
    assert sorted(len(i.doc_ids) for i in fused) == [1, 2]
    assert len(per_document(reports)) == 3


def test_story_order_reported_attacks_first_then_background_in_text_order() -> None:
    reports = [
        mention("a", 2, background=True, date="2015", country="Chad", city="Bol"),
        mention("a", 1, date="2016-03-02", country="Chad", city="Mongo"),
        mention("a", 0, date="2016-03-01", country="Chad", city="Abeche"),
        mention("b", 0, date="2016-02-01", country="Mali", city="Gao"),
    ]
    for ordering in (reports, list(reversed(reports))):
        cities = [i.value(FieldName.CITY) for i in story_order(fuse_mentions(ordering))]
        assert cities == ["Abeche", "Mongo", "Gao", "Bol"]


def test_each_fused_report_records_why_it_was_fused() -> None:
    place = {"country": "Ruritania", "city": "Strelsau", "date": "2023-05-10", **BOMB}
    a, b = mention("a", nkill="6", **place), mention("b", nkill="6", **place)
    alone = mention("c", country="Ruritania", city="Zenda", date="2023-05-10", **BOMB)
    fused, single = sorted(fuse_mentions([a, b, alone]), key=lambda i: -len(i.mentions))
    assert fused.links[a.id].mention_id == b.id and fused.links[b.id].mention_id == a.id
    assert fused.links[a.id].reasons[:2] == ("date +1.00", "place +1.00")
    assert fused.links[a.id].score >= 2.0
    assert single.links == {}
