"""The fusion service: a save re-fuses exactly the component of its reports, so ingesting in any
order or batching gives the incidents that fusing everything at once gives."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from sqlalchemy import select

from incidex.blocking import mention_key
from incidex.fuse.cluster import comparable_pairs
from incidex.fuse.fuser import fuse_mentions
from incidex.fuse.match import MAX_DAYS_APART
from incidex.fuse.profile import build_profile
from incidex.fuse.review import correct_field, merge_incidents, revert_field
from incidex.fuse.service import FusionService
from incidex.models import Document, FieldName, Incident, Mention
from incidex.store.database import Store
from incidex.store.repository import (
    IncidentFilter,
    comparable_mentions,
    get_incident,
    list_incidents,
)
from incidex.store.schema import MentionRow
from tests.factories import document, mention
from tests.postgres import StoreUrls

Reports = list[tuple[Document, list[Mention]]]
BOMB = {"attacktype": "Bombing/Explosion"}
GUNS = {"attacktype": "Armed Assault"}
IRAN = {"country": "Iran"}


def reports() -> Reports:
    """Fifteen hand-made reports: a three-report attack (plus a mention in passing with a
    month only), two same-day attacks in one town (one document tells both), a run of daily
    reports in one town longer than the match window, and reports that match nothing."""
    made = [
        mention("k1", date="2024-01-03", city="Kerman", nkill="84", **IRAN, **BOMB),
        mention("k2", date="2024-01-03", city="Kerman", nkill="91", **IRAN, **BOMB),
        mention("k3", date="2024-01-04", city="Kerman", **IRAN, **BOMB),
        mention("c1", background=True, date="2024-01", city="Kerman", **IRAN, **BOMB),
        mention("c2", background=True, date="2023", city="Kerman", **IRAN, **BOMB),
        mention("z1", date="2024-02-20", city="Zahedan", target="police station", **IRAN, **BOMB),
        mention("z2", date="2024-02-20", city="Zahedan", target="market", **IRAN, **GUNS),
        mention("z3", date="2024-02-20", city="Zahedan", target="police station", **IRAN, **BOMB),
        mention("z4", date="2024-02-20", city="Zahedan", target="market", **IRAN, **GUNS),
        mention("zz", 0, date="2024-02-20", city="Zahedan", **IRAN, **BOMB),
        mention("zz", 1, date="2024-02-20", city="Zahedan", **IRAN, **GUNS),
        *[
            mention(f"m{d}", date=f"2024-03-0{d}", country="Iraq", city="Mosul", **BOMB)
            for d in range(1, 6)
        ],
        mention("a1", date="2024-01-03", country="Afghanistan", city="Kerman", **BOMB),
    ]
    by_doc: dict[str, list[Mention]] = {}
    for m in made:
        by_doc.setdefault(m.doc_id, []).append(m)
    return [(document(d, published=date(2024, 3, 9)), ms) for d, ms in sorted(by_doc.items())]


Groups = list[tuple[str, list[str]]]


def _groups(incidents: list[Incident]) -> Groups:
    return sorted((i.id, sorted(m.id for m in i.mentions)) for i in incidents)


def _stored(store: Store) -> Groups:
    with store.session() as s:
        return _groups(list_incidents(s, IncidentFilter(include_dismissed=True)))


def _save(store: Store, batches: list[Reports]) -> None:
    """Each batch in one transaction, as ``ingest`` writes one document per transaction."""
    for batch in batches:
        with store.session() as s:
            service = FusionService(s)
            for doc, mentions in batch:
                service.save_document(doc, mentions)


@pytest.fixture
def new_store(store_urls: StoreUrls) -> Iterator[Callable[[], Store]]:
    opened: list[Store] = []

    def make() -> Store:
        opened.append(Store(store_urls(f"fused-{len(opened)}")))
        return opened[-1]

    yield make
    for store in opened:
        store.close()


def test_any_order_and_batching_give_the_incidents_of_fusing_everything(new_store) -> None:  # type: ignore[no-untyped-def]
    everything = [m for _, ms in reports() for m in ms]
    expected = _groups(fuse_mentions(everything))
    by_id = {m.id: (m.doc_id, m.index) for m in everything}
    shapes = sorted(sorted(by_id[m] for m in members) for _, members in expected)
    assert [("c1", 0), ("k1", 0), ("k2", 0), ("k3", 0)] in shapes  # three reports, one aside
    assert [("z1", 0), ("z3", 0), ("zz", 0)] in shapes  # two attacks, same town, same day
    assert [("z2", 0), ("z4", 0), ("zz", 1)] in shapes
    assert [("c2", 0)] in shapes and [("a1", 0)] in shapes

    orders = [reports(), list(reversed(reports()))]
    for seed in range(4):
        shuffled = reports()
        random.Random(seed).shuffle(shuffled)
        orders.append(shuffled)
    for order in orders:
        assert _stored(_store_of(new_store(), [[r] for r in order])) == expected
    for size in (3, 5, len(orders[0])):
        order = orders[size % len(orders)]
        batches = [order[n : n + size] for n in range(0, len(order), size)]
        assert _stored(_store_of(new_store(), batches)) == expected


def _store_of(store: Store, batches: list[Reports]) -> Store:
    _save(store, batches)
    return store


def test_a_removed_or_changed_document_refuses_what_it_was_in(new_store) -> None:  # type: ignore[no-untyped-def]
    store = new_store()
    _save(store, [[r] for r in reports()])
    with store.session() as s:
        result = FusionService(s).remove_document("k1")
    assert result.incidents_updated and not result.incidents_new
    left = [m for doc, ms in reports() if doc.id != "k1" for m in ms]
    assert _stored(store) == _groups(fuse_mentions(left))
    # z3 now tells of an armed assault on the market: it leaves the bombing, joins the other
    edited = document("z3", text="Gunmen stormed the Zahedan market.", published=date(2024, 2, 21))
    moved = mention("z3", date="2024-02-20", city="Zahedan", target="market", **IRAN, **GUNS)
    _save(store, [[(edited, [moved])]])
    now = [m for m in left if m.doc_id != "z3"] + [moved]
    assert _stored(store) == _groups(fuse_mentions(now))
    with store.session() as s:
        held = get_incident(s, _holder(s, moved.id))
    assert sorted(held.doc_ids) == ["z2", "z3", "z4", "zz"]


def _holder(session, mention_id: str) -> str:  # type: ignore[no-untyped-def]
    return str(session.scalar(select(MentionRow.incident_id).where(MentionRow.id == mention_id)))


def test_the_neighbourhood_query_finds_every_pair_fusion_compares(new_store) -> None:  # type: ignore[no-untyped-def]
    """The store's blocking query, against ``comparable_pairs``: the same pairs, on dates around
    the window's edges, coarse dates, other years, odd spellings of the country."""
    rng = random.Random(7)
    dates = [
        "2023-12-29", "2023-12-31", "2024", "2024-01", "2024-01-01", "2024-01-02", "2024-01-04",
        "2024-01-05", "2024-02", "2024-02-30", "2023", "2023-12", "2025-01-01", "nonsense", "",
    ]  # fmt: skip
    countries = ["Iran", "iran ", "IRAN", "Iraq", "Unknown", ""]
    made = [
        mention(f"d{n}", date=rng.choice(dates), country=rng.choice(countries), city="Kerman")
        for n in range(80)
    ]
    store = new_store()
    _save(store, [[(document(m.doc_id), [m]) for m in made]])
    profiles = [build_profile(m) for m in made]
    expected = {(made[i].id, made[j].id) for i, j in comparable_pairs(profiles)}
    expected |= {(b, a) for a, b in expected}
    with store.session() as s:
        for m in made:
            key = mention_key(m)
            found = comparable_mentions(s, [key], MAX_DAYS_APART, {m.id}) if key else set()
            assert found == {b for a, b in expected if a == m.id}, (m.doc_id, key)


def test_no_fuse_reports_stay_their_own_incident_until_an_analyst_merges(new_store) -> None:  # type: ignore[no-untyped-def]
    store = new_store()
    first, second, third = (
        (document(d), [mention(d, date="2024-01-03", city="Kerman", **IRAN, **BOMB)])
        for d in ("a", "b", "c")
    )
    with store.session() as s:
        FusionService(s).save_document(*first, fuse=False)
        FusionService(s).save_document(*second, fuse=False)
    assert [len(members) for _, members in _stored(store)] == [1, 1]
    _save(store, [[third]])  # a fused report of the same attack does not join them
    assert [len(members) for _, members in _stored(store)] == [1, 1, 1]
    with store.session() as s:
        assert s.scalars(select(MentionRow.fuse).order_by(MentionRow.doc_id)).all() == [
            False,
            False,
            True,
        ]
        a, b, c = (_holder(s, ms[0].id) for _, ms in (first, second, third))
        merged = merge_incidents(s, a, c, "ann")
    assert merged.doc_ids == ["a", "c"]
    assert sorted(len(members) for _, members in _stored(store)) == [1, 2]
    fourth = (document("d"), [mention("d", date="2024-01-03", city="Kerman", **IRAN, **BOMB)])
    _save(store, [[fourth]])  # joins c, and so the incident a was merged into; b stays alone
    assert sorted(len(members) for _, members in _stored(store)) == [1, 3]


def test_a_correction_is_stored_beside_the_value_extraction_chose(new_store) -> None:  # type: ignore[no-untyped-def]
    store = new_store()
    _save(store, [[r] for r in reports() if r[0].id in ("k1", "k2")])
    with store.session() as s:
        [kerman] = list_incidents(s, IncidentFilter())
        assert kerman.value(FieldName.NKILL) == "91" and not kerman.extracted
        corrected = correct_field(s, kerman.id, "nkill", "84", "ann")
        cleared = correct_field(s, kerman.id, "city", "", "ann")
    for incident in (corrected, cleared):
        assert incident.value(FieldName.NKILL) == "84"
        extracted = incident.extracted[FieldName.NKILL]
        assert extracted.value == "91" and extracted.evidence and extracted.evidence.doc_id == "k2"
    assert cleared.value(FieldName.CITY) is None
    assert cleared.extracted[FieldName.CITY].value == "Kerman"
    _save(store, [[r] for r in reports() if r[0].id == "k3"])  # re-fusion keeps both
    with store.session() as s:
        [after] = list_incidents(s, IncidentFilter())
        assert after.value(FieldName.NKILL) == "84" and after.extracted[FieldName.NKILL].value
        reverted = revert_field(s, after.id, "nkill", "ann")
    assert reverted.value(FieldName.NKILL) == "91" and set(reverted.extracted) == {FieldName.CITY}


def test_a_document_with_hundreds_of_reports_is_saved_in_one_go(new_store) -> None:  # type: ignore[no-untyped-def]
    """More neighbourhood branches than one query holds (SQLite compounds 500 selects)."""
    many = [
        mention("long", n, date=f"20{n % 25:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}", **IRAN)
        for n in range(600)
    ]
    store = new_store()
    _save(store, [[(document("long"), many)]])
    assert len(_stored(store)) == 600


def test_syndicated_copies_are_stored_with_their_incident(new_store) -> None:  # type: ignore[no-untyped-def]
    wire = (
        "A car bomb tore through a crowded bus station in the town of Zenda on Tuesday, killing "
        "14 people and wounding dozens more, the provincial governor told reporters."
    )
    place = {"country": "Ruritania", "city": "Zenda", "date": "2023-05-09", **BOMB}
    batch = [
        (
            document(d, wire, published=date(2023, 5, day)),
            [mention(d, sentence=wire, nkill="14", **place)],
        )
        for d, day in (("wire", 9), ("paper", 10), ("radio", 10))
    ]
    store = new_store()
    _save(store, [batch])
    with store.session() as session:
        (incident,) = list_incidents(session, IncidentFilter())
        assert incident.copies == {"paper": "wire", "radio": "wire"}


def test_why_reports_were_fused_is_stored_and_an_analyst_merge_has_none(new_store) -> None:  # type: ignore[no-untyped-def]
    place = {"country": "Iran", "city": "Kerman", "date": "2024-01-03", **BOMB}
    batch = [(document(d), [mention(d, **place)]) for d in ("a", "b")] + [
        (document("c"), [mention("c", country="Iran", city="Zahedan", date="2024-01-03", **GUNS)])
    ]
    store = new_store()
    _save(store, [batch])
    with store.session() as s:
        fused = next(i for i in list_incidents(s, IncidentFilter()) if len(i.mentions) == 2)
        (b_id,) = [m.id for m in fused.mentions if m.doc_id == "b"]
        assert fused.links[b_id].reasons[:2] == ("date +1.00", "place +1.00")
        other = next(i for i in list_incidents(s, IncidentFilter()) if len(i.mentions) == 1)
        merged = merge_incidents(s, fused.id, other.id, "ann")
    c_id = next(m.id for m in merged.mentions if m.doc_id == "c")
    assert c_id not in merged.links and b_id in merged.links  # the analyst, not fusion, put c in
