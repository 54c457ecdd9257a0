"""Workbench pages with the test client: escaping of hostile articles, headers, validation."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from incidex.api.app import create_app
from incidex.config import Settings
from incidex.fuse.service import FusionService
from incidex.store.database import Store
from tests.web.corpus import article, fill, kerman

HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<script>alert('title')")


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    fill(url)
    return TestClient(create_app(Settings(db_url=url, spacy_model="unused"), token="t0ken"))


def _incident(client: TestClient, city: str) -> str:
    items = client.get("/api/incidents").json()["items"]
    return str(next(i["id"] for i in items if i["city"] == city))


def _safe(html: str) -> None:
    for raw in HOSTILE:
        assert raw not in html
    assert "javascript:" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert " style=" not in html and "<style" not in html, "inline style"
    assert not re.search(r"\son\w+=", html.replace("onerror=alert(1)&gt;", "")), "event handler"


def test_hostile_article_text_is_escaped_everywhere(client: TestClient) -> None:
    mosul = _incident(client, "Mosul")
    pages = [f"/incidents/{mosul}", "/documents/hostile-1", "/documents/hostile-1?mark=0-6", "/"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        _safe(response.text)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text or path == "/"
    incident = client.get(f"/incidents/{mosul}").text
    assert '<mark id="mark">&lt;script&gt;alert(1)&lt;/script&gt;</mark>' in incident
    assert '<mark id="mark">&lt;img src=x onerror=alert(1)&gt;</mark>' in incident


def test_every_page_has_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/timeline", "/map", "/review", "/documents/kerman-1", "/nope"):
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "style-src 'self'" in policy and "unsafe-inline" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-type"].startswith("text/html")


def test_incident_page_shows_fields_evidence_articles_and_casualties(client: TestClient) -> None:
    kerman = _incident(client, "Kerman")
    html = client.get(f"/incidents/{kerman}").text
    assert '<mark id="mark">91 people were killed</mark>' in html
    assert "Kerman blasts: 84 killed" in html and "Kerman blasts: 91 killed" in html
    assert "https://news.example/kerman-1" in html
    assert html.count('class="dot killed"') == 2 and html.count('class="dot wounded"') == 2
    assert "2024-01-04" in html and "2024-01-06" in html
    assert "/documents/kerman-2?mark=" in html
    assert client.get(f"/incidents/{kerman[:6]}", follow_redirects=False).status_code == 303


def test_a_corrected_field_shows_the_stored_extracted_value_and_its_evidence(
    client: TestClient,
) -> None:
    kerman = _incident(client, "Kerman")
    response = client.put(
        f"/api/incidents/{kerman}/fields/nkill",
        json={"value": "84", "analyst": "ann"},
        headers={"Authorization": "Bearer t0ken"},
    )
    assert response.status_code == 200, response.text
    html = client.get(f"/incidents/{kerman}").text
    row = html[html.index('id="field-nkill"') :]
    row = row[: row.index("</tr>")]
    assert "corrected by ann" in row and "extracted: 91" in row
    assert '<mark id="mark">91 people were killed</mark>' in row  # extraction's evidence


def test_document_page_shows_body_and_boilerplate_apart(client: TestClient) -> None:
    html = client.get("/documents/hostile-1?mark=0-6").text
    assert 'class="block body"' in html and 'class="block boilerplate"' in html
    assert '<mark id="mark">Gunmen</mark>' in html
    assert "Related stories: &lt;b&gt;click here&lt;/b&gt;" in html


def test_list_filters_sorts_searches_and_pages(client: TestClient) -> None:
    def rows(query: str) -> list[str]:
        html = client.get(f"/?{query}").text
        return re.findall(r'<a href="/incidents/\w+">([^<]+)</a>', html)

    assert rows("") == ["2024-01-03", "2023-06-02", "2017-05-22"]
    assert rows("sort=date") == ["2017-05-22", "2023-06-02", "2024-01-03"]
    assert rows("sort=-killed") == ["2024-01-03", "2017-05-22", "2023-06-02"]
    assert rows("country=iran") == ["2024-01-03"]
    assert rows("since=2018-01-01&until=2023-12-31") == ["2023-06-02"]
    assert rows("q=arena") == ["2017-05-22"]
    assert rows("group=khorasan&since=&until=&q=") == ["2024-01-03"]
    assert rows("page=2") == []


def test_bad_parameters_are_422_pages_never_500(client: TestClient) -> None:
    for path in (
        "/?since=yesterday",
        "/?until=2024-13-01",
        "/?sort=colour",
        "/?page=0",
        "/?page=x",
        "/?since=2024-02-01&until=2024-01-01",
        f"/?q={'x' * 201}",
        "/timeline?since=nope",
        "/map?until=1",
        "/documents/kerman-1?mark=abc",
        "/documents/kerman-1?mark=5-99999",
        "/review?limit=0",
    ):
        response = client.get(path)
        assert response.status_code == 422, path
        # an error page, or (a filter value that means nothing) the list with the reason
        assert any(k in response.text for k in ("ValidationError", "UsageError", 'role="alert"'))
        assert 'class="message"' in response.text or 'message" role="alert"' in response.text
    assert client.get("/incidents/nope").status_code == 404
    assert client.get("/documents/nope").status_code == 404


def _map_points(html: str) -> list[dict[str, object]]:
    found = re.search(r'<script type="application/json" id="map-points">(.*?)</script>', html)
    assert found, "no map data"
    points = json.loads(found[1])
    assert isinstance(points, list)
    return points


def test_timeline_draws_incidents_and_casualties_per_month(client: TestClient) -> None:
    timeline = client.get("/timeline").text
    incidents = timeline[timeline.index('id="incidents-chart"') :].split("</svg>")[0]
    assert incidents.count('class="bar seg s0"') == 3  # three months have an incident
    assert incidents.count("<rect") == 3  # an empty month draws nothing
    assert "<title>May 2017 · Incidents: 1</title>" in incidents
    assert "/?since=2024-01-01&amp;until=2024-01-31" in incidents
    casualties = timeline[timeline.index('id="casualties-chart"') :].split("</svg>")[0]
    # unstacked, killed and wounded stack on each other: Kerman 91 + 284, Manchester 22 + 139
    assert re.findall(r'data-series="(\w+)" data-value="(\d+)"', casualties) == [
        ("Killed", "22"),
        ("Wounded", "139"),
        ("Killed", "4"),
        ("Killed", "91"),
        ("Wounded", "284"),
    ]
    by_group = client.get("/timeline?stack=group&toll=killed").text
    chart = by_group[by_group.index('id="casualties-chart"') :].split("</section>")[0]
    assert 'data-series="Khorasan Chapter of the Islamic State" data-value="91"' in chart
    assert 'data-series="Unknown" data-value="22"' in chart  # Manchester names no group
    assert "Killed per month, by group" in chart and 'class="series-legend"' in chart
    assert "group=Khorasan+Chapter+of+the+Islamic+State" in chart  # a segment lists its group
    by_attack = client.get("/timeline?stack=attacktype&toll=wounded").text
    assert 'data-series="Bombing/Explosion" data-value="284"' in by_attack
    # the filter form keeps the chart controls: filtering again does not reset them
    form = by_attack[by_attack.index('<form class="filters"') :].split("</form>")[0]
    assert '<input type="hidden" name="stack" value="attacktype">' in form
    assert '<input type="hidden" name="toll" value="wounded">' in form
    for bad in ("/timeline?stack=colour", "/timeline?toll=all"):
        assert client.get(bad).status_code == 422, bad


def test_map_carries_the_filtered_points_and_local_assets(client: TestClient) -> None:
    world = client.get("/map").text
    points = _map_points(world)
    # Mosul's report gives no point: the geocoder places the city
    assert sorted(str(p["country"]) for p in points) == ["Iran", "Iraq", "United Kingdom"]
    kerman = next(p for p in points if p["country"] == "Iran")
    assert (kerman["lat"], kerman["lon"]) == (30.2839, 57.0834)
    assert "without coordinates not shown" not in world
    assert '<option value="Iran">Iran (1)</option>' in world
    for asset in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/markercluster/leaflet.markercluster.js",
        "/static/vendor/markercluster/MarkerCluster.Default.css",
        "/static/map.js",
    ):
        assert f'"{asset}"' in world, asset
        assert client.get(asset).status_code == 200, asset
    assert "http://" not in world.replace("http://www.w3.org", "")
    outline = client.get("/static/world.geojson")
    assert outline.status_code == 200
    names = {f["properties"]["name"] for f in outline.json()["features"]}
    assert {"Iraq", "Syria", "Afghanistan", "Iran"} <= names and len(names) == 177
    assert [p["country"] for p in _map_points(client.get("/map?country=Iran").text)] == ["Iran"]


def test_map_data_cannot_close_its_script_element(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'map.db'}"
    store = Store(url)
    text = "Gunmen attacked a market in Kerman, Iran, on 2024-02-05. A group called X claimed it."
    evil = "</script><script>alert(1)</script>"
    doc, mentions = article(
        "evil-1",
        "market attack",
        text,
        date(2024, 2, 6),
        {
            "date": ("2024-02-05", "2024-02-05"),
            "country": ("Iran", "Iran"),
            "city": ("Kerman", "Kerman"),
            "gname": (evil, "X"),
            "latitude": ("30.28", "Kerman"),
            "longitude": ("57.08", "Kerman"),
        },
    )
    with store.session() as session:
        FusionService(session).save_document(doc, mentions)
    store.close()
    client = TestClient(create_app(Settings(db_url=url, spacy_model="unused"), token="t0ken"))
    world = client.get("/map").text
    assert evil not in world and "<script>alert" not in world
    assert _map_points(world)[0]["label"] == f"2024-02-05 Kerman, Iran: {evil}"


def test_docs_are_served_from_the_package(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert (
        docs.headers["content-security-policy"]
        == client.get("/").headers["content-security-policy"]
    )  # the workbench's strict policy: no inline script, no other origin
    _safe(docs.text)
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', docs.text):
        assert client.get(asset).status_code == 200, asset
    assert "/static/docs/swagger-ui-bundle.js" in docs.text
    assert "/openapi.json" in docs.text and client.get("/openapi.json").status_code == 200
    assert client.get("/redoc").status_code == 404  # ReDoc's bundle calls its CDN: not offered


def test_a_syndicated_copy_is_one_row_of_the_casualty_history(tmp_path: Path) -> None:
    """The same wire text in two outlets: its figures are shown once, naming the copy."""
    url = f"sqlite:///{tmp_path / 'wire.db'}"
    store = Store(url)
    with store.session() as session:
        service = FusionService(session)
        for doc_id, published in (("wire-1", date(2024, 1, 4)), ("paper-1", date(2024, 1, 5))):
            service.save_document(*kerman(doc_id, "84", published))  # same words: one story
    store.close()
    client = TestClient(create_app(Settings(db_url=url, spacy_model="unused"), token="t0ken"))
    html = client.get(f"/incidents/{_incident(client, 'Kerman')}").text
    table = html[html.index('<table class="reports">') :].split("</table>")[0]
    assert table.count("<tr") == 3  # header, killed, wounded: each once
    assert table.count("the same wire story also ran in Kerman blasts: 84 killed") == 2
    reports = html[html.index('<ol class="mentions">') :].split("</ol>")[0]
    assert "Fused with Kerman blasts: 84 killed: date +1.00 · place +1.00" in reports
    assert "The same wire text as Kerman blasts: 84 killed: counted as one source." in reports
