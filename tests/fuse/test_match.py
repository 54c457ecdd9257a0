"""The same-attack decision, report against report: each veto and signal, on invented reports."""

from dataclasses import replace
from datetime import date

import pytest

from incidex.dates import PartialDate
from incidex.fuse.match import SAME_ATTACK, Verdict, compare, km_apart
from incidex.fuse.profile import build_profile, word_weight
from incidex.models import FieldName, Mention
from tests.factories import mention

EXACT = {"date": "dates.month-day-year"}
BOMB = {"attacktype": "Bombing/Explosion", "weaptype": "Explosives"}
SHOOTING = {"attacktype": "Armed Assault", "weaptype": "Firearms"}
# Two made-up towns 6 km apart and one 300 km away (coordinates as the gazetteer gives them).
NEAR = {"latitude": "10.000", "longitude": "20.000"}
NEAR_TOO = {"latitude": "10.050", "longitude": "20.020"}
FAR = {"latitude": "12.700", "longitude": "20.000"}


def verdict(a: Mention, b: Mention) -> Verdict:
    return compare(build_profile(a), build_profile(b))


def report(doc: str, **fields: str) -> Mention:
    base = {"country": "Ruritania", "date": "2023-05-10"}
    return mention(doc, **(base | fields))


def test_partial_dates_compare_at_their_precision() -> None:
    assert PartialDate.parse("2024-01-03").days_apart(PartialDate.parse("2024-01-05")) == 2
    assert PartialDate.parse("2024").days_apart(PartialDate.parse("2024-01-05")) == 0
    assert PartialDate.parse("2024-02").days_apart(PartialDate.parse("2024-01-05")) is None
    assert PartialDate.parse("2023").days_apart(PartialDate.parse("2024-01-05")) is None
    assert PartialDate.parse("not a date") is None


def test_same_town_same_day_links() -> None:
    assert verdict(report("a", city="Strelsau"), report("b", city="Strelsau")).links


def test_a_day_apart_needs_one_more_agreement() -> None:
    a, b = report("a", city="Strelsau"), report("b", city="Strelsau", date="2023-05-11")
    assert not verdict(a, b).links
    a = report("a", city="Strelsau", **BOMB)
    b = report("b", city="Strelsau", date="2023-05-11", **BOMB)
    assert verdict(a, b).links


# --- vetoes ---------------------------------------------------------------------------------


def test_veto_other_country() -> None:
    found = verdict(report("a", city="Strelsau"), report("b", city="Strelsau", country="Borduria"))
    assert found.veto == "country" and not found.links


def test_veto_one_document() -> None:
    a, b = (
        mention("a", 0, country="Ruritania", date="2023-05-10", city="Strelsau"),
        mention("a", 1, country="Ruritania", date="2023-05-10", city="Strelsau"),
    )
    assert verdict(a, b).veto == "same document"


def test_veto_dates_beyond_the_window() -> None:
    found = verdict(report("a", city="Strelsau"), report("b", city="Strelsau", date="2023-05-17"))
    assert found.veto == "date"


def test_veto_two_stated_calendar_dates_that_differ() -> None:
    a = report("a", city="Strelsau", rules=EXACT, **BOMB)
    b = report("b", city="Strelsau", date="2023-05-11", rules=EXACT, **BOMB)
    assert verdict(a, b).veto == "date"
    relative = report("c", city="Strelsau", date="2023-05-11", **BOMB)  # "on Wednesday"
    assert verdict(a, relative).links


def test_a_stated_day_outside_the_attack_sentence_may_be_two_days_off() -> None:
    day_month = {"date": "dates.month-day"}
    in_the_attack_sentence = report(
        "a", city="Strelsau", date="2023-05-12", rules=day_month, **BOMB
    )
    b = report("b", city="Strelsau", **BOMB)  # "on Wednesday"
    assert not verdict(in_the_attack_sentence, b).links
    elsewhere = report("c", city="Strelsau", date="2023-05-12", rules=day_month, **BOMB)
    dated = elsewhere.get(FieldName.DATE)
    assert dated is not None and dated.evidence is not None
    dated.evidence = replace(dated.evidence, sentence="The king declared May 12 a day of mourning.")
    assert verdict(elsewhere, b).links


def test_veto_far_apart_towns() -> None:
    a = report("a", city="Strelsau", **NEAR)
    found = verdict(a, report("b", city="Zenda", **FAR))
    assert found.veto == "place"
    assert km_apart((10.0, 20.0), (12.7, 20.0)) == pytest.approx(300, rel=0.01)


def test_a_nearby_town_is_no_contradiction() -> None:
    a = report("a", city="Strelsau", **NEAR, **BOMB)
    b = report("b", city="Strelsau Airport Town", **NEAR_TOO, **BOMB)
    found = verdict(a, b)
    assert found.veto is None and found.links


def test_a_far_town_named_in_the_report_excuses_the_clash() -> None:
    dateline = report(
        "a",
        city="Capital City",
        sentence="Officials in Capital City said the blast in Strelsau killed nine people.",
        **FAR,
        **BOMB,
    )
    found = verdict(dateline, report("b", city="Strelsau", **NEAR, **BOMB))
    assert found.veto is None


def test_veto_provinces_apart_when_no_town_is_known() -> None:
    found = verdict(report("a", provstate="North March"), report("b", provstate="South March"))
    assert found.veto == "place"


# --- agreement and contradiction -------------------------------------------------------------


def test_no_anchor_without_a_shared_town_site_or_name() -> None:
    a = report("a", provstate="North March", **BOMB)
    b = report("b", provstate="North March", **BOMB)
    found = verdict(a, b)
    assert found.score >= SAME_ATTACK and not found.anchored and not found.links


def test_shared_rare_names_anchor_reports_with_no_town() -> None:
    a = report(
        "a",
        sentence="Gunmen stormed the Quillborne Palace hotel, a police spokesman said.",
        **SHOOTING,
    )
    b = report(
        "b",
        sentence="The siege of the Quillborne Palace ended after twelve hours.",
        **SHOOTING,
    )
    found = verdict(a, b)
    assert found.anchored and found.links


def test_rarer_words_weigh_more() -> None:
    assert word_weight("quillborne") > word_weight("hotel") >= word_weight("the") == 0


def test_attack_kind_clash_forbids_a_group() -> None:
    found = verdict(report("a", city="Strelsau", **BOMB), report("b", city="Strelsau", **SHOOTING))
    assert found.clash and found.conflicts and not found.links


def test_named_sites_of_one_town_clash() -> None:
    a = report(
        "a",
        city="Strelsau",
        sentence="A bomb went off in Tarlenheim neighborhood, Strelsau, Ruritania.",
        **BOMB,
    )
    b = report(
        "b",
        city="Strelsau",
        sentence="A bomb went off in Hentzau neighborhood, Strelsau, Ruritania.",
        **BOMB,
    )
    same = report(
        "c",
        city="Strelsau",
        sentence="Police said the device exploded in Tarlenheim neighborhood, Strelsau.",
        **BOMB,
    )
    assert verdict(a, b).clash and not verdict(a, b).links
    assert verdict(a, same).links and not verdict(a, same).clash


def test_the_same_toll_is_evidence_the_larger_the_more() -> None:
    a, b = report("a", city="Strelsau", nkill="37"), report("b", city="Strelsau", nkill="37")
    small_a, small_b = (
        report("c", city="Strelsau", nkill="1"),
        report("d", city="Strelsau", nkill="1"),
    )
    assert (
        verdict(a, b).score
        > verdict(small_a, small_b).score
        > verdict(report("e", city="Strelsau"), report("f", city="Strelsau")).score
    )


def test_a_growing_toll_is_no_contradiction() -> None:
    early = report("a", city="Strelsau", nkill="4", reported=date(2023, 5, 10), **BOMB)
    later = report("b", city="Strelsau", nkill="19", reported=date(2023, 5, 12), **BOMB)
    found = verdict(early, later)
    assert "killed" not in " ".join(found.reasons) and found.links
    # the same figures told on one day (or undated) are two different tolls
    other = report("c", city="Strelsau", nkill="19", reported=date(2023, 5, 10), **BOMB)
    assert any(r.startswith("killed -") for r in verdict(early, other).reasons)


def test_figures_a_little_apart_are_one_toll_counted_differently() -> None:
    a = report("a", city="Strelsau", nkill="28", **BOMB)
    b = report("b", city="Strelsau", nkill="31", **BOMB)
    assert not any(r.startswith("killed") for r in verdict(a, b).reasons)


def test_the_same_group_agrees_rival_claims_cost_evidence() -> None:
    claim = {"claimed": "1"}
    a = report("a", city="Strelsau", gname="Red Hand", **claim)
    b = report("b", city="Strelsau", gname="Red Hand", **claim)
    c = report("c", city="Strelsau", gname="Black Lotus", **claim)
    assert verdict(a, b).score > verdict(a, c).score
    assert not verdict(a, c).links and not verdict(a, c).conflicts


def test_coarse_dates_contained_give_less_evidence() -> None:
    day = report("a", city="Strelsau", **BOMB)
    month = report("b", city="Strelsau", date="2023-05", **BOMB)
    year = report("c", city="Strelsau", date="2023", **BOMB)
    other_month = report("d", city="Strelsau", date="2023-06", **BOMB)
    assert verdict(day, month).score > verdict(day, year).score
    assert verdict(day, month).links
    assert verdict(day, other_month).veto == "date"


def test_same_kind_of_target_anchors_reports_that_name_no_place() -> None:
    kidnap = {"attacktype": "Hostage Taking (Kidnapping)"}
    a = report("a", target="a visiting engineer", **kidnap)
    b = report("b", target="two foreign engineers", **kidnap)
    c = report("c", target="a shopkeeper", **kidnap)
    assert verdict(a, b).links
    assert not verdict(a, c).links


def test_derived_and_default_values_are_no_evidence() -> None:
    derived = {"weaptype": "taxonomy.weapon-by-attack", "targtype": "taxonomy.target-default"}
    a = report("a", city="Strelsau", weaptype="Firearms", targtype="Business", rules=derived)
    b = report("b", city="Strelsau", weaptype="Explosives", targtype="Police", rules=derived)
    assert verdict(a, b).reasons == ("date +1.00", "place +1.00")


def test_a_centroid_is_no_towns_point() -> None:
    """Coordinates of specificity 2-4 (a province's centroid) give the profile no town point, so
    two villages placed at one centroid are not "0 km apart"."""
    town = mention("a", city="Kabul", latitude="34.5", longitude="69.2", specificity="1")
    village = mention("b", city="Zzyq", latitude="34.6", longitude="69.1", specificity="2")
    assert build_profile(town).coords == (34.5, 69.2)
    assert build_profile(village).coords is None
