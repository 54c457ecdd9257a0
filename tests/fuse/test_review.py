"""Analyst review decisions win over extraction: re-ingest, re-fusion and re-keying keep them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest

from incidex.errors import UsageError
from incidex.export.gtd_csv import write_gtd_csv
from incidex.fuse.review import (
    correct_field,
    merge_incidents,
    revert_field,
    set_dismissed,
    split_mention,
    validate_value,
)
from incidex.fuse.service import FusionService
from incidex.models import FieldName, Incident
from incidex.store.database import Store
from incidex.store.repository import (
    IncidentFilter,
    count_incidents,
    get_incident,
    list_incidents,
)
from incidex.store.review import audit_log
from tests.factories import document, mention
from tests.postgres import StoreUrls


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()


def _save(store: Store, doc_id: str, nkill: str, city: str = "Kerman", text: str = "") -> None:
    day = "2024-01-03" if city == "Kerman" else "2024-02-20"
    m = mention(doc_id, date=day, country="Iran", city=city, nkill=nkill, gname="ISIS")
    with store.session() as s:
        FusionService(s).save_document(document(doc_id, text, date(2024, 1, 4)), [m])


def _all(store: Store, **options: bool) -> list[Incident]:
    with store.session() as s:
        return list_incidents(s, IncidentFilter(**options))  # type: ignore[arg-type]


def test_a_correction_survives_reingest_of_a_changed_document(store: Store) -> None:
    _save(store, "a", "90")
    [incident] = _all(store)
    with store.session() as s:
        corrected = correct_field(s, incident.id, "nkill", "84", "ann", "official toll")
    assert corrected.value(FieldName.NKILL) == "84"
    _save(store, "a", "95", text="Updated report: gunmen killed 95 people in Kerman.")
    [after] = _all(store)
    assert after.value(FieldName.NKILL) == "84"
    assert [v.value for v in after.reports(FieldName.NKILL)] == ["95"]
    with store.session() as s:
        out = io.StringIO()
        write_gtd_csv(list_incidents(s, IncidentFilter()), {}, out)
        assert ",84," in out.getvalue()
        [entry] = audit_log(s, after.id)
    assert (entry.analyst, entry.action, entry.field, entry.before, entry.after) == (
        "ann",
        "correct",
        "nkill",
        "90",
        "84",
    )
    assert entry.details["note"] == "official toll"


def test_a_correction_survives_refusion_that_rekeys_the_incident(store: Store) -> None:
    _save(store, "z", "90")
    [seen] = _all(store)
    with store.session() as s:
        correct_field(s, seen.id, "target", "Memorial procession", "ann")
        correct_field(s, seen.id, "gname", "", "ann")  # cleared
    _save(store, "a", "91")  # "a" sorts first: the incident gets a new id
    [incident] = _all(store)
    assert incident.id != seen.id and incident.doc_ids == ["a", "z"]
    assert incident.value(FieldName.TARGET) == "Memorial procession"
    assert incident.value(FieldName.GNAME) is None
    with store.session() as s:
        assert len(audit_log(s, incident.id)) == 2
        assert list_incidents(s, IncidentFilter(country="Iran"))[0].id == incident.id
        reverted = revert_field(s, seen.id, "gname", "bob")
    assert reverted.value(FieldName.GNAME) == "ISIS"


def test_not_an_incident_is_hidden_from_lists_and_exports_until_restored(store: Store) -> None:
    _save(store, "a", "90")
    _save(store, "m", "3", city="Zahedan")
    kerman = next(i for i in _all(store) if i.value(FieldName.CITY) == "Kerman")
    with store.session() as s:
        set_dismissed(s, kerman.id, True, "ann", "a film plot")
        with pytest.raises(UsageError):
            set_dismissed(s, kerman.id, True, "ann")
    assert [i.value(FieldName.CITY) for i in _all(store)] == ["Zahedan"]
    _save(store, "b", "91")  # a new report of the same attack stays hidden with it
    assert [i.value(FieldName.CITY) for i in _all(store)] == ["Zahedan"]
    assert len(_all(store, include_dismissed=True)) == 2
    with store.session() as s:
        assert count_incidents(s, IncidentFilter()) == 1
        set_dismissed(s, kerman.id, False, "ann")
    assert len(_all(store)) == 2


def test_a_merge_survives_reingest_and_new_reports(store: Store) -> None:
    _save(store, "a", "90")
    _save(store, "m", "3", city="Zahedan")
    kerman, zahedan = sorted(_all(store), key=lambda i: i.value(FieldName.CITY) or "")
    with store.session() as s:
        merged = merge_incidents(s, kerman.id, zahedan.id, "ann")
        with pytest.raises(UsageError):
            merge_incidents(s, merged.id, kerman.id, "ann")  # already one incident
    assert merged.doc_ids == ["a", "m"]
    _save(store, "m", "4", city="Zahedan", text="Zahedan: four killed, officials said.")
    _save(store, "b", "91")  # joins through Kerman
    [incident] = _all(store)
    assert incident.doc_ids == ["a", "b", "m"]
    with store.session() as s:
        assert get_incident(s, zahedan.id).id == incident.id


def test_a_split_survives_reingest_and_keeps_corrections_with_the_rest(store: Store) -> None:
    _save(store, "a", "90")
    _save(store, "b", "91")
    [incident] = _all(store)
    with store.session() as s:
        correct_field(s, incident.id, "nkill", "84", "ann")
        left, alone = split_mention(s, incident.id, "ann", doc_id="b")
    assert left.doc_ids == ["a"] and alone.doc_ids == ["b"]
    assert left.value(FieldName.NKILL) == "84" and alone.value(FieldName.NKILL) == "91"
    _save(store, "b", "92", text="Kerman: the toll rose to 92.")
    found = sorted((i.doc_ids, i.value(FieldName.NKILL)) for i in _all(store))
    assert found == [(["a"], "84"), (["b"], "92")]
    with store.session() as s:
        with pytest.raises(UsageError):
            split_mention(s, left.id, "ann", doc_id="a")  # one report only
        merged = merge_incidents(s, left.id, alone.id, "ann")  # the later decision wins
    assert merged.doc_ids == ["a", "b"]
    assert len(_all(store)) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "last week", "YYYY"),
        ("date", "2024-13-02", "YYYY"),
        ("date", "2024-02-30", "YYYY"),
        ("nkill", "many", "number"),
        ("nkill", "-3", "negative"),
        ("nkill", "nan", "finite"),
    ],
)
def test_values_are_validated(field: str, value: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        validate_value(FieldName(field), value)
    assert validate_value(FieldName.NKILL, " 12.0 ") == "12"


def test_unknown_fields_and_ids_are_refused(store: Store) -> None:
    _save(store, "a", "90")
    [incident] = _all(store)
    with store.session() as s, pytest.raises(UsageError, match="no field"):
        correct_field(s, incident.id, "colour", "red", "ann")
    with store.session() as s, pytest.raises(UsageError, match="no correction"):
        revert_field(s, incident.id, "nkill", "ann")


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_match_the_models(store_urls: StoreUrls) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from incidex.store.schema import Base, autogenerate_includes

    store = Store(store_urls("m", migrated=False))
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": autogenerate_includes}
        )
        assert context.get_current_revision() == "0009"
        assert compare_metadata(context, Base.metadata) == []
    store.close()


def test_a_corrected_city_moves_the_stored_point(store: Store) -> None:
    """Correcting the city re-geocodes the incident: latitude, longitude and specificity in the
    store follow the analyst's city (read back as a SQL user would); reverting restores them."""
    from sqlalchemy import text

    m = mention("g", date="2024-01-03", country="Afghanistan", city="Kabul", nkill="3")
    with store.session() as s:
        FusionService(s).save_document(document("g"), [m])
    [incident] = _all(store)

    def point() -> dict[str, str]:
        with store.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT field, value FROM incident_values WHERE field IN "
                    "('latitude', 'longitude', 'specificity')"
                )
            )
            return {field: value for field, value in rows}

    # the report gave no point: the incident's comes from the geocoder
    first = point()
    assert first["specificity"] == "1" and round(float(first["latitude"]), 1) == 34.5
    with store.session() as s:
        correct_field(s, incident.id, "city", "Herat", "ann", "the report misplaced it")
    moved = point()
    assert round(float(moved["latitude"]), 1) == 34.3 and round(float(moved["longitude"])) == 62
    assert moved["specificity"] == "1"
    with store.session() as s:
        correct_field(s, incident.id, "city", "Zzyqorwal", "ann", "a hamlet")
    assert point() == {"specificity": "5"}  # no province known: no point
    with store.session() as s:
        revert_field(s, incident.id, "city", "ann")
    assert round(float(point()["longitude"]), 1) == 69.2
