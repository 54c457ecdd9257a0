"""Review endpoints: every change needs the bearer token; reads stay open; exports follow."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from incidex.api.app import create_app
from incidex.config import Settings
from incidex.fuse.service import FusionService
from incidex.store.database import Store
from tests.factories import document, mention

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(store_url: str) -> TestClient:
    url = store_url
    store = Store(url)
    reports = [
        (mention("k1", date="2024-01-03", country="Iran", city="Kerman", nkill="84"), "k1", 4),
        (mention("k2", date="2024-01-03", country="Iran", city="Kerman", nkill="91"), "k2", 6),
        (mention("z1", date="2024-02-20", country="Iran", city="Zahedan", nkill="3"), "z1", 21),
    ]
    for m, doc_id, day in reports:
        with store.session() as s:
            FusionService(s).save_document(document(doc_id, published=date(2024, 1, day)), [m])
    store.close()
    return TestClient(create_app(Settings(db_url=url, spacy_model="unused"), token=TOKEN))


def _ids(client: TestClient) -> dict[str, str]:
    items = client.get("/api/incidents").json()["items"]
    return {i["city"]: i["id"] for i in items}


def _error(response: Any, status: int, kind: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["type"] == kind
    return str(body["error"]["message"])


def test_changes_need_the_token(client: TestClient) -> None:
    kerman = _ids(client)["Kerman"]
    url = f"/api/incidents/{kerman}/fields/nkill"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = client.put(url, json={"value": "1"}, headers=headers)
        assert "token" in _error(response, 401, "Unauthorized")
        assert response.headers["www-authenticate"] == "Bearer"
    for path, body in (
        (f"/api/incidents/{kerman}/merge", {"other": "x"}),
        (f"/api/incidents/{kerman}/split", {"doc_id": "k1"}),
        (f"/api/incidents/{kerman}/fields/nkill/revert", {}),
    ):
        _error(client.post(path, json=body), 401, "Unauthorized")
    _error(
        client.put(f"/api/incidents/{kerman}/status", json={"not_incident": True}),
        401,
        "Unauthorized",
    )
    assert client.get(f"/api/incidents/{kerman}").json()["values"]["nkill"]["value"] == "91"
    assert client.get("/api/audit").json() == []  # reads stay open


def test_a_correction_shows_in_reads_review_and_exports(client: TestClient) -> None:
    kerman = _ids(client)["Kerman"]
    body = {"value": "84", "note": "official toll", "analyst": "Ann Lee"}
    response = client.put(f"/api/incidents/{kerman}/fields/nkill", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json()["incident"]["values"]["nkill"]["value"] == "84"
    assert client.get(f"/api/incidents/{kerman}").json()["gtd"]["nkill"] == 84
    assert ",84," in client.get("/api/export/gtd-csv").text
    review = client.get(f"/api/incidents/{kerman}/review").json()
    assert review["corrections"]["nkill"]["analyst"] == "Ann Lee"
    [entry] = client.get("/api/audit").json()
    assert (entry["action"], entry["before"], entry["after"]) == ("correct", "91", "84")
    reverted = client.post(
        f"/api/incidents/{kerman}/fields/nkill/revert", json={"analyst": "bob"}, headers=AUTH
    )
    assert reverted.json()["incident"]["values"]["nkill"]["value"] == "91"


def test_bad_requests_are_422_in_the_one_error_shape(client: TestClient) -> None:
    kerman = _ids(client)["Kerman"]
    base = f"/api/incidents/{kerman}"
    cases = [
        client.put(f"{base}/fields/colour", json={"value": "red"}, headers=AUTH),
        client.put(f"{base}/fields/nkill", json={"value": "many"}, headers=AUTH),
        client.put(f"{base}/fields/date", json={"value": "2024-02-31"}, headers=AUTH),
        client.put(f"{base}/fields/nkill", json={}, headers=AUTH),
        client.put(f"{base}/fields/nkill", json={"value": "1", "analyst": "<b>"}, headers=AUTH),
        client.put(f"{base}/fields/nkill", content=b"not json", headers=AUTH),
        client.post(f"{base}/merge", json={"other": kerman}, headers=AUTH),
        client.post(f"{base}/split", json={}, headers=AUTH),
        client.put(f"{base}/status", json={"not_incident": False}, headers=AUTH),
    ]
    for response in cases:
        assert _error(response, 422, response.json()["error"]["type"])
    _error(
        client.put("/api/incidents/nope/fields/nkill", json={"value": "1"}, headers=AUTH),
        404,
        "NotFoundError",
    )


def test_not_an_incident_hides_it_from_lists_and_exports(client: TestClient) -> None:
    zahedan = _ids(client)["Zahedan"]
    response = client.put(
        f"/api/incidents/{zahedan}/status", json={"not_incident": True}, headers=AUTH
    )
    assert response.status_code == 200
    assert list(_ids(client)) == ["Kerman"]
    assert len(client.get("/api/export/jsonl").text.splitlines()) == 1
    assert "Zahedan" not in client.get("/api/export/stix").text
    assert client.get(f"/api/incidents/{zahedan}/review").json()["not_incident"] is True
    client.put(f"/api/incidents/{zahedan}/status", json={"not_incident": False}, headers=AUTH)
    assert sorted(_ids(client)) == ["Kerman", "Zahedan"]


def test_merge_then_split(client: TestClient) -> None:
    ids = _ids(client)
    merged = client.post(
        f"/api/incidents/{ids['Kerman']}/merge", json={"other": ids["Zahedan"]}, headers=AUTH
    )
    assert merged.status_code == 200, merged.text
    incident = merged.json()["incident"]
    assert sorted(d["id"] for d in incident["documents"]) == ["k1", "k2", "z1"]
    assert client.get("/api/incidents").json()["total"] == 1
    assert client.get(f"/api/incidents/{ids['Zahedan']}").json()["id"] == incident["id"]
    split = client.post(
        f"/api/incidents/{incident['id']}/split", json={"doc_id": "z1"}, headers=AUTH
    )
    assert split.status_code == 200, split.text
    assert [d["id"] for d in split.json()["new"]["documents"]] == ["z1"]
    assert client.get("/api/incidents").json()["total"] == 2
    actions = [e["action"] for e in client.get("/api/audit").json()]
    assert actions == ["split", "merge"]


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/api/incidents", "/api/nope", "/", "/static/app.js", "/openapi.json"):
        response = client.get(path)
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "'unsafe-inline'" not in client.get("/").headers["content-security-policy"]
