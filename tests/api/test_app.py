"""API tests with FastAPI's test client over a store filled by hand (no NLP)."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from incidex.api.app import create_app
from incidex.config import Settings
from incidex.fuse.service import FusionService
from incidex.store.database import Store
from tests.factories import document, mention


@pytest.fixture
def client(store_url: str) -> TestClient:
    url = store_url
    store = Store(url)
    reports = [
        (
            mention(
                "k1",
                date="2024-01-03",
                country="Iran",
                city="Kerman",
                nkill="84",
                gname="Khorasan Chapter of the Islamic State",
            ),
            document("k1", "Twin blasts hit a memorial procession in Kerman.", date(2024, 1, 4)),
        ),
        (
            mention("k2", date="2024-01-03", country="Iran", city="Kerman", nkill="91"),
            document("k2", "The Kerman toll rose to 91.", date(2024, 1, 6)),
        ),
        (
            mention(
                "m1", date="2017-05-22", country="United Kingdom", city="Manchester", nkill="22"
            ),
            document("m1", "A bomb exploded at a concert arena in Manchester.", date(2017, 5, 23)),
        ),
    ]
    for m, d in reports:
        with store.session() as s:
            FusionService(s).save_document(d, [m])
    store.close()
    return TestClient(create_app(Settings(db_url=url, spacy_model="unused")))


def test_incidents_list_filters_sorts_and_pages(client: TestClient) -> None:
    body = client.get("/api/incidents").json()
    assert body["total"] == 2 and [i["country_txt"] for i in body["items"]] == [
        "Iran",
        "United Kingdom",
    ]
    assert client.get("/api/incidents?country=united kingdom").json()["total"] == 1
    assert client.get("/api/incidents?since=2020-01-01").json()["total"] == 1
    by_kill = client.get("/api/incidents?sort=killed").json()["items"]
    assert [i["nkill"] for i in by_kill] == [22, 91]
    page = client.get("/api/incidents?limit=1&offset=1").json()
    assert page["total"] == 2 and len(page["items"]) == 1


def test_one_incident_carries_evidence_and_every_report(client: TestClient) -> None:
    first = client.get("/api/incidents?country=Iran").json()["items"][0]
    detail = client.get(f"/api/incidents/{first['id']}").json()
    assert detail["values"]["nkill"]["value"] == "91"
    assert detail["values"]["nkill"]["evidence"]["sentence"]
    assert sorted(d["id"] for d in detail["documents"]) == ["k1", "k2"]
    assert len(detail["mentions"]) == 2


def test_documents_and_search(client: TestClient) -> None:
    docs = client.get("/api/documents").json()
    assert {d["id"] for d in docs} == {"k1", "k2", "m1"}
    one = client.get("/api/documents/m1").json()
    assert "Manchester" in one["text"] and one["blocks"]
    found = client.get("/api/search?q=arena").json()
    assert found["total"] == 1 and found["items"][0]["city"] == "Manchester"


def test_exports_download(client: TestClient) -> None:
    csv_text = client.get("/api/export/gtd-csv")
    assert csv_text.status_code == 200 and csv_text.text.startswith("eventid,")
    assert "attachment" in csv_text.headers["content-disposition"]
    assert len(client.get("/api/export/jsonl").text.splitlines()) == 2
    assert client.get("/api/export/stix").json()["type"] == "bundle"


def test_gtd_xlsx_export_is_the_csv_as_a_workbook(client: TestClient) -> None:
    import io

    import pandas as pd

    workbook = client.get("/api/export/gtd-xlsx")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    assert "incidents.xlsx" in workbook.headers["content-disposition"]
    sheet = pd.read_excel(io.BytesIO(workbook.content))
    table = pd.read_csv(io.StringIO(client.get("/api/export/gtd-csv").text))
    assert list(sheet.columns) == list(table.columns)
    assert sheet.eventid.tolist() == table.eventid.tolist()
    assert sheet.region_txt.tolist() == table.region_txt.tolist()


def test_the_list_and_the_export_give_an_incident_the_same_eventid(client: TestClient) -> None:
    import csv
    import io

    exported = csv.DictReader(io.StringIO(client.get("/api/export/gtd-csv").text))
    by_id = {row["incidex_id"]: row["eventid"] for row in exported}
    listed = client.get("/api/incidents").json()["items"]
    assert listed and {r["id"]: r["eventid"] for r in listed} == by_id
    one = client.get(f"/api/incidents/{listed[0]['id']}").json()
    assert one["gtd"]["eventid"] == by_id[listed[0]["id"]]
    assert all(len(e) == 12 and e.isdigit() for e in by_id.values())
    # a page of one reads only its date's incidents, and numbers it as the whole store does
    for offset in range(len(listed)):
        [item] = client.get("/api/incidents", params={"limit": 1, "offset": offset}).json()["items"]
        assert item["eventid"] == by_id[item["id"]]


def test_errors_have_one_json_shape(client: TestClient) -> None:
    missing = client.get("/api/incidents/nope")
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "NotFoundError"
    for bad in ("since=yesterday", "limit=0", "sort=color", "limit=abc"):
        response = client.get(f"/api/incidents?{bad}")
        assert response.status_code == 422, bad
        assert response.json()["error"]["message"]
    assert client.get("/api/export/pdf").status_code == 422
    assert client.get("/api/documents/none").status_code == 404
    assert client.get("/api/search").status_code == 422


def test_openapi_schema_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/incidents", "/api/incidents/{ident}", "/api/documents", "/api/search"} <= set(
        paths
    )


@pytest.mark.parametrize(
    "q", ['"', "AND (", "NEAR(a b", "*", "x:y", "%", "__", "'; --", "ab\x00cd", "a" * 200]
)
def test_any_search_text_is_answered_never_a_500(client: TestClient, q: str) -> None:
    response = client.get("/api/incidents", params={"q": q})
    assert response.status_code == 200, response.text
    assert response.json()["total"] == 0


def test_search_matches_substrings_in_any_case(client: TestClient) -> None:
    for q in ("ARENA", "rt aren", "manchester", "Title of m1"):
        assert client.get("/api/incidents", params={"q": q}).json()["total"] == 1, q
    assert client.get("/api/incidents", params={"q": "kerman"}).json()["total"] == 1


def test_the_running_server_exempts_its_startup_objects_from_gc(client: TestClient) -> None:
    import gc

    with client:  # runs the app's lifespan, as uvicorn does
        assert gc.get_freeze_count() > 0
        assert client.get("/api/health").status_code == 200
    assert gc.get_freeze_count() == 0
