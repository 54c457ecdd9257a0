"""The incident page and the API list the attack frame: each role's words with the sentence they
were read from, the span marked, linked to the article; hostile words escaped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from incidex.api.app import create_app
from incidex.config import Settings
from incidex.fuse.service import FusionService
from incidex.models import Evidence, Role, RoleKind
from incidex.store.database import Store
from tests.web.corpus import article

TEXT = (
    "Two gunmen of the Zenda Front hurled a grenade at the Strelsau post office in Ruritania "
    "on 2023-03-01, killing the clerk Fritz <b>Tarlenheim</b>."
)


def _client(tmp_path: Path) -> tuple[TestClient, str]:
    url = f"sqlite:///{tmp_path / 'roles.db'}"
    doc, [mention] = article(
        "strelsau-1",
        "Grenade attack in Strelsau",
        TEXT,
        date(2023, 3, 2),
        {"date": ("2023-03-01", "2023-03-01"), "country": ("Ruritania", "Ruritania")},
    )
    sentence = TEXT
    for kind, words in (
        (RoleKind.PERPETRATOR_INDIVIDUALS, "Two gunmen"),
        (RoleKind.PERPETRATOR_ORGANIZATIONS, "Zenda Front"),
        (RoleKind.WEAPONS, "grenade"),
        (RoleKind.TARGETS, "Strelsau post office"),
        (RoleKind.VICTIMS, "Fritz <b>Tarlenheim</b>"),
    ):
        start = TEXT.index(words)
        ev = Evidence(doc.id, start, start + len(words), sentence, "test.roles", 0.6)
        mention.roles.add(Role(kind, words, ev))
    store = Store(url)
    with store.session() as s:
        FusionService(s).save_document(doc, [mention])
    store.close()
    client = TestClient(create_app(Settings(db_url=url, spacy_model="unused"), token="t0ken"))
    ident = client.get("/api/incidents").json()["items"][0]["id"]
    return client, ident


def test_incident_page_lists_the_roles(tmp_path: Path) -> None:
    client, ident = _client(tmp_path)
    html = client.get(f"/incidents/{ident}").text
    section = html[html.index('id="roles"') :]
    section = section[: section.index("</details>")]
    for label in ("Perpetrator individuals", "Perpetrator organizations", "Weapons", "Targets"):
        assert label in section
    assert "Strelsau post office" in section
    start = TEXT.index("grenade")
    assert f"/documents/strelsau-1?mark={start}-{start + 7}#mark" in section
    assert '<mark id="mark">grenade</mark>' in section
    assert "<b>Tarlenheim</b>" not in section and "&lt;b&gt;Tarlenheim&lt;/b&gt;" in section


def test_incident_json_carries_the_roles(tmp_path: Path) -> None:
    client, ident = _client(tmp_path)
    roles = client.get(f"/api/incidents/{ident}").json()["roles"]
    assert [r["text"] for r in roles["weapons"]] == ["grenade"]
    assert roles["perpetrator_organizations"][0]["evidence"]["doc_id"] == "strelsau-1"
    assert set(roles) == {str(k) for k in RoleKind}


def test_an_incident_without_roles_says_so(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bare.db'}"
    doc, mentions = article(
        "bare-1", "Blast", "A blast hit Zenda on 2023-03-01.", date(2023, 3, 2),
        {"date": ("2023-03-01", "2023-03-01")},
    )  # fmt: skip
    store = Store(url)
    with store.session() as s:
        FusionService(s).save_document(doc, mentions)
    store.close()
    client = TestClient(create_app(Settings(db_url=url, spacy_model="unused"), token="t0ken"))
    ident = client.get("/api/incidents").json()["items"][0]["id"]
    assert (
        "names the attackers, victims, targets or weapons" in client.get(f"/incidents/{ident}").text
    )
