from incidex.dates import PartialDate
from incidex.fuse.fuser import fuse_mentions, per_document, story_order
from incidex.fuse.match import compare
from incidex.fuse.profile import build_profile
from incidex.models import FieldName
from tests.factories import mention


def _links(a, b):  # type: ignore[no-untyped-def]
    return compare(build_profile(a), build_profile(b)).links


def test_partial_dates_compare_at_their_precision():
    assert PartialDate.parse("2024-01-03").days_apart(PartialDate.parse("2024-01-05")) == 2
    assert PartialDate.parse("2024").days_apart(PartialDate.parse("2024-01-05")) == 0
    assert PartialDate.parse("2024-02").days_apart(PartialDate.parse("2024-01-05")) is None
    assert PartialDate.parse("2023").days_apart(PartialDate.parse("2024-01-05")) is None
    assert PartialDate.parse("not a date") is None


def test_same_place_and_close_date_match():
    a = mention("a", date="2024-01-03", country="Iran", city="Kerman")
    assert _links(a, mention("b", date="2024-01-03", country="Iran", city="Kerman"))
    bombing = {"attacktype": "Bombing/Explosion"}
    a = mention("a", date="2024-01-03", country="Iran", city="Kerman", **bombing)
    b = mention("b", date="2024-01-04", country="Iran", city="Kerman", **bombing)
    assert _links(a, b)


def test_other_country_or_distant_date_never_match():
    a = mention("a", date="2024-01-03", country="Iran", city="Kerman")
    assert not _links(a, mention("b", date="2024-01-03", country="Iraq", city="Kerman"))
    assert not _links(a, mention("c", date="2024-01-09", country="Iran", city="Kerman"))


def test_date_and_country_alone_are_not_enough():
    a = mention(
        "a", date="2024-01-03", country="Iran", city="Kerman", attacktype="Bombing/Explosion"
    )
    b = mention("b", date="2024-01-03", country="Iran", city="Zahedan", gname="Jaish al-Adl")
    assert not _links(a, b)


def test_mentions_of_one_document_stay_apart():
    a = mention("a", 0, date="2024-01-03", country="Iran", city="Kerman")
    b = mention("a", 1, date="2024-01-03", country="Iran", city="Kerman")
    assert not _links(a, b)
    assert len(fuse_mentions([a, b])) == 2


def test_fuse_groups_reports_of_one_attack():
    reports = [
        mention("a", date="2024-03-22", country="Russia", city="Moscow"),
        mention("b", date="2024-03-22", country="Russia", city="Moscow"),
        mention("c", date="2021-08-26", country="Afghanistan", city="Kabul"),
    ]
    fused = fuse_mentions(reports)
    assert sorted(len(i.doc_ids) for i in fused) == [1, 2]
    assert len(per_document(reports)) == 3


def test_story_order_reported_attacks_first_then_background_in_text_order():
    reports = [
        mention("a", 2, background=True, date="2015", country="Chad", city="Bol"),
        mention("a", 1, date="2016-03-02", country="Chad", city="Mongo"),
        mention("a", 0, date="2016-03-01", country="Chad", city="Abeche"),
        mention("b", 0, date="2016-02-01", country="Mali", city="Gao"),
    ]
    for ordering in (reports, list(reversed(reports))):
        cities = [i.value(FieldName.CITY) for i in story_order(fuse_mentions(ordering))]
        assert cities == ["Abeche", "Mongo", "Gao", "Bol"]
