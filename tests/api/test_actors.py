"""The actor API (/api/actors, /api/actors/{name}) and the statements of an incident, over a
store filled by hand (no NLP)."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from incidex.api.app import create_app
from incidex.config import Settings
from incidex.fuse.service import FusionService
from incidex.models import Evidence, Stance, Statement
from incidex.store.database import Store
from tests.factories import document, mention

ISKP = "Khorasan Chapter of the Islamic State"


@pytest.fixture
def client(store_url: str) -> TestClient:
    url = store_url
    store = Store(url)
    m = mention("k1", date="2024-01-03", country="Iran", city="Kerman", nkill="84", gname=ISKP)
    ev = Evidence("k1", 0, 20, "The ministry blamed Israel for the blasts.", "test.blames")
    m.statements = [
        Statement("Iran", Stance.BLAMES, "Israel", ev, "state", "state", date(2024, 1, 4)),
        Statement(ISKP, Stance.CLAIMS, ISKP, ev, "group", "group", date(2024, 1, 4)),
    ]
    text = "Twin blasts hit Kerman. The Khorasan Wing (ISKP) and the Taliban are rivals."
    with store.session() as s:
        FusionService(s).save_document(document("k1", text, date(2024, 1, 4)), [m])
    store.close()
    return TestClient(create_app(Settings(db_url=url, spacy_model="unused")))


def test_actors_lists_those_the_documents_speak_of(client: TestClient) -> None:
    listed = client.get("/api/actors").json()
    names = {a["name"] for a in listed}
    assert {ISKP, "Iran", "Israel", "Taliban"} <= names
    groups = client.get("/api/actors", params={"kind": "group", "all": "true"}).json()
    assert len(groups) > 300 and all(a["kind"] == "group" for a in groups)
    assert client.get("/api/actors", params={"kind": "martian"}).status_code == 422


def test_one_actor_by_any_alias(client: TestClient) -> None:
    body = client.get("/api/actors/khorasan wing").json()
    assert body["name"] == ISKP and body["parent"].startswith("Islamic State")
    assert any(a["alias"] == "Khorasan Wing" and a["source"] == "text" for a in body["aliases"])
    assert [r["kind"] for r in body["relations"]] == ["rivalry"]
    assert body["incidents"][0]["contested"] is True
    assert {s["stance"] for s in body["statements"]} == {"claims"}


def test_unknown_actor_is_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/actors/Nobody At All")
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "NotFoundError"


def test_incident_carries_statements_by_stance_and_casualty_history(client: TestClient) -> None:
    ident = client.get("/api/incidents").json()["items"][0]["id"]
    body = client.get(f"/api/incidents/{ident}").json()
    assert body["contested"] is True
    assert [s["target"] for s in body["statements"]["blames"]] == ["Israel"]
    assert body["casualty_history"][0]["value"] == "84"
    assert body["gtd"]["incidex_contested"] is True
