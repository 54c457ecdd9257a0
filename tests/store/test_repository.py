from datetime import date

import pytest
from sqlalchemy import select

from incidex.errors import NotFoundError, StoreError, UsageError
from incidex.fuse.service import FusionService
from incidex.models import FieldName
from incidex.store.database import Store
from incidex.store.repository import (
    DocStatus,
    IncidentFilter,
    count_rows,
    document_status,
    get_incident,
    list_incidents,
)
from incidex.store.schema import IncidentDocumentRow, IncidentValueRow
from tests.factories import document, mention


@pytest.fixture
def store(store_url):  # type: ignore[no-untyped-def]
    opened = Store(store_url)
    yield opened
    opened.close()


def _kerman(doc_id: str, nkill: str, day: date):  # type: ignore[no-untyped-def]
    return mention(
        doc_id, date="2024-01-03", country="Iran", city="Kerman", nkill=nkill, gname="ISIS"
    ), document(doc_id, published=day)


def test_reports_of_one_attack_become_one_incident_with_every_value(store):
    m1, d1 = _kerman("a", "90", date(2024, 1, 4))
    m2, d2 = _kerman("b", "91", date(2024, 1, 6))
    with store.session() as s:
        first = FusionService(s).save_document(d1, [m1])
    with store.session() as s:
        second = FusionService(s).save_document(d2, [m2])
    assert len(first.incidents_new) == 1 and not second.incidents_new
    assert len(second.incidents_updated) == 1
    with store.session() as s:
        [incident] = list_incidents(s, IncidentFilter())
        assert incident.doc_ids == ["a", "b"]
        assert incident.value(FieldName.NKILL) == "91"  # the later report
        assert sorted(v.value for v in incident.reports(FieldName.NKILL)) == ["90", "91"]
        chosen = s.scalars(select(IncidentValueRow).where(IncidentValueRow.field == "nkill")).one()
        assert chosen.source is not None and chosen.source.doc_id == "b"
        assert sorted(s.scalars(select(IncidentDocumentRow.doc_id))) == ["a", "b"]


def test_document_status_tells_new_unchanged_changed_and_duplicate(store):
    m, d = _kerman("a", "90", date(2024, 1, 4))
    with store.session() as s:
        assert document_status(s, d)[0] == DocStatus.NEW
        FusionService(s).save_document(d, [m])
    with store.session() as s:
        assert document_status(s, d)[0] == DocStatus.UNCHANGED
        copy = document("copy", text=d.text)
        copy.title = d.title
        assert document_status(s, copy) == (DocStatus.DUPLICATE, "a")
        edited = document("a", text=d.text + " Later the toll rose.")
        assert document_status(s, edited)[0] == DocStatus.CHANGED


def test_a_changed_document_replaces_its_mentions_without_duplicates(store):
    m, d = _kerman("a", "90", date(2024, 1, 4))
    with store.session() as s:
        FusionService(s).save_document(d, [m])
    edited = document("a", text=d.text + " The toll rose.", published=date(2024, 1, 5))
    m2 = mention("a", date="2024-01-03", country="Iran", city="Kerman", nkill="95")
    with store.session() as s:
        FusionService(s).save_document(edited, [m2])
    with store.session() as s:
        counts = count_rows(s)
        [incident] = list_incidents(s, IncidentFilter())
    assert counts["documents"] == 1 and counts["incidents"] == 1 and counts["mentions"] == 1
    assert incident.value(FieldName.NKILL) == "95"


def test_a_failed_transaction_leaves_nothing_behind(store):
    m, d = _kerman("a", "90", date(2024, 1, 4))
    with pytest.raises(RuntimeError), store.session() as s:
        FusionService(s).save_document(d, [m])
        raise RuntimeError("crash in the middle of a write")
    with store.session() as s:
        assert count_rows(s) == {"documents": 0, "incidents": 0, "mentions": 0, "field_values": 0}


def test_list_summaries_carry_the_chosen_values_but_not_the_reports(store):
    for doc_id, nkill, day in (("a", "90", date(2024, 1, 4)), ("b", "91", date(2024, 1, 6))):
        m, d = _kerman(doc_id, nkill, day)
        with store.session() as s:
            FusionService(s).save_document(d, [m])
    with store.session() as s:
        [full] = list_incidents(s, IncidentFilter())
        [light] = list_incidents(s, IncidentFilter(), reports=False)
    assert light.id == full.id and light.doc_ids == full.doc_ids == ["a", "b"]
    assert {k: v.value for k, v in light.values.items()} == {
        k: v.value for k, v in full.values.items()
    }
    assert light.primary == full.primary
    assert [m.trigger.sentence for m in light.mentions] == [
        m.trigger.sentence for m in full.mentions
    ]
    assert full.reports(FieldName.NKILL) and not light.reports(FieldName.NKILL)


def test_filters(store):
    with store.session() as s:
        m, d = _kerman("a", "90", date(2024, 1, 4))
        FusionService(s).save_document(d, [m])
        kabul = mention("k", date="2021-08", country="Afghanistan", city="Kabul", gname="Taliban")
        FusionService(s).save_document(document("k", text="A blast hit Kabul airport."), [kabul])
    with store.session() as s:

        def ids(**kw):  # type: ignore[no-untyped-def]
            return [i.doc_ids[0] for i in list_incidents(s, IncidentFilter(**kw))]

        assert ids() == ["a", "k"]
        assert ids(country="iran") == ["a"]
        assert ids(group="tali") == ["k"]
        assert ids(since=date(2021, 8, 15)) == ["a", "k"]  # "2021-08" reaches the 15th
        assert ids(since=date(2022, 1, 1)) == ["a"]
        assert ids(until=date(2022, 1, 1)) == ["k"]
        assert ids(query="airport") == ["k"]
        assert ids(query="kerman") == ["a"]


def test_get_incident_by_prefix_and_errors(store):
    m, d = _kerman("a", "90", date(2024, 1, 4))
    with store.session() as s:
        [new_id] = FusionService(s).save_document(d, [m]).incidents_new
    with store.session() as s:
        assert get_incident(s, new_id[:6]).id == new_id
        with pytest.raises(NotFoundError):
            get_incident(s, "zzzz")
        with pytest.raises(UsageError):
            get_incident(s, "  ")


def test_unopenable_databases_raise_store_errors(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    junk = tmp_path / "junk.db"
    junk.write_text("this is not a database file, just some text " * 20)
    with pytest.raises(StoreError, match="not a database"):
        Store(f"sqlite:///{junk}")
    with pytest.raises(StoreError):
        Store("nosuchdialect://host/db")


def test_migrations_run_once_and_reopen(store_urls):  # type: ignore[no-untyped-def]
    url = store_urls(migrated=False)
    Store(url).close()
    reopened = Store(url)
    with reopened.session() as s:
        assert count_rows(s)["documents"] == 0
    reopened.close()


def _ingest_all(store: Store, reports: list) -> list[tuple[str, list[str], str | None]]:  # type: ignore[type-arg]
    for m, d in reports:
        with store.session() as s:
            FusionService(s).save_document(d, [m])
    with store.session() as s:
        return sorted(
            (i.id, i.doc_ids, i.value(FieldName.NKILL)) for i in list_incidents(s, IncidentFilter())
        )


def test_ingest_order_does_not_change_the_incidents(store_urls):  # type: ignore[no-untyped-def]
    kerman = {"country": "Iran", "city": "Kerman", "attacktype": "Bombing/Explosion"}

    def reports():  # type: ignore[no-untyped-def]
        return [
            (mention("a", date="2024", **kerman), document("a")),
            (
                mention("b", date="2024-01-03", nkill="84", **kerman),
                document("b", published=date(2024, 1, 4)),
            ),
            (
                mention("c", date="2024-01-04", nkill="91", **kerman),
                document("c", published=date(2024, 1, 6)),
            ),
            (mention("d", date="2024-02-20", country="Iran", city="Zahedan"), document("d")),
        ]

    forward = Store(store_urls("f"))
    backward = Store(store_urls("b"))
    first = _ingest_all(forward, reports())
    assert _ingest_all(backward, list(reversed(reports()))) == first
    assert sorted(len(docs) for _, docs, _ in first) == [1, 3]
    forward.close()
    backward.close()


def test_an_id_retired_by_refusion_still_finds_its_incident(store):  # type: ignore[no-untyped-def]
    late = mention("z", date="2024-01-03", country="Iran", city="Kerman")
    early = mention("a", date="2024-01-03", country="Iran", city="Kerman")
    assert early.id < late.id  # "a" comes first in the canonical order: it re-keys the incident
    with store.session() as s:
        [seen] = FusionService(s).save_document(document("z"), [late]).incidents_new
    with store.session() as s:
        FusionService(s).save_document(document("a"), [early])
    with store.session() as s:
        [incident] = list_incidents(s, IncidentFilter())
        assert seen != incident.id and get_incident(s, seen).id == incident.id
        assert incident.doc_ids == ["a", "z"]
