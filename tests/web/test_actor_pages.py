"""Actor pages and attribution statements in the workbench, with the test client: the list and
its filter, one actor by any alias with its ties drawn as an SVG graph, statements by stance on
the incident page, group links, the casualty history's evidence, 404/422 and escaping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from incidex.api.app import create_app
from incidex.config import Settings
from tests.web.actor_corpus import HOSTILE_ALIAS, ISKP, add_actor_reports
from tests.web.corpus import fill

ISKP_URL = "/actors/Khorasan%20Chapter%20of%20the%20Islamic%20State"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    url = f"sqlite:///{tmp_path / 'actors.db'}"
    fill(url)
    add_actor_reports(url)
    return TestClient(create_app(Settings(db_url=url, spacy_model="unused"), token="t0ken"))


def _kerman(client: TestClient) -> str:
    items = client.get("/api/incidents").json()["items"]
    return str(next(i["id"] for i in items if i["city"] == "Kerman"))


def _section(html: str, css: str) -> str:
    """The HTML of the first <section> whose class attribute contains ``css``."""
    start = html.index(f'<section class="{css}')
    return html[start : html.index("</section>", start)]


def test_actor_list_shows_counts_and_filters(client: TestClient) -> None:
    html = client.get("/actors").text
    assert 'aria-current="page">Actors</a>' in html
    names = re.findall(r'<td><a href="/actors/[^"]+">([^<]+)</a></td>', html)
    assert {ISKP, "Israel", "Taliban", "Iran"} <= set(names)
    row = html[html.index(f">{ISKP}</a>") :].split("</tr>")[0]
    cells = re.findall(r'<td class="num">(\d+)</td>', row)
    assert int(cells[0]) > 5 and cells[1] == "1"  # aliases, incidents
    found = client.get("/actors?q=taliban").text
    assert re.findall(r'<td><a href="/actors/[^"]+">([^<]+)</a></td>', found)[0] == "Taliban"
    assert ISKP not in found
    by_alias = client.get("/actors", params={"q": "Khorasan Wing"}).text
    assert f">{ISKP}</a>" in by_alias  # an alias learned from text finds its actor
    states = client.get("/actors?kind=state").text
    assert ">Israel</a>" in states and f">{ISKP}</a>" not in states
    assert client.get("/actors?kind=martian").status_code == 422
    assert client.get(f"/actors?q={'x' * 201}").status_code == 422


def test_actor_page_resolves_an_alias_and_draws_its_ties(client: TestClient) -> None:
    response = client.get("/actors/khorasan wing")  # learned from the article's text
    assert response.status_code == 200
    html = response.text
    assert f"<h1>{ISKP} " in html
    learned = html[html.index("Learned from text") : html.index("From the gazetteer")]
    assert '<td class="alias">Khorasan Wing</td>' in learned
    assert '<a href="/documents/kerman-claim">Kerman bombing claimed</a>' in learned
    assert "<mark" in learned  # the alias highlighted in its evidence sentence
    assert '<li class="alias-gazetteer">ISKP</li>' in html
    svg = html[html.index('<svg class="graph"') : html.index("</svg>")]
    assert '<a href="/actors/Taliban" class="node-link">' in svg
    labels = re.findall(r'<text class="edge-label"[^>]*>([^<]+)</text>', svg)
    assert "rivalry" in labels and "parent (branch-of)" in labels
    assert svg.count('<circle class="node"') == 2 and 'class="node centre"' in svg
    relations = html[html.index('<table class="relations">') :].split("</table>")[0]
    assert "rivalry" in relations and '<mark id="mark">Taliban</mark> are rivals' in relations
    assert 'branch of <a class="actor" href="/actors/Islamic%20State' in html
    incidents = _section(html, 'card">\n  <h2>Incidents')
    assert f'href="/incidents/{_kerman(client)}"' in incidents and "contested" in incidents
    claims = _section(html, "stance stance-claims")
    assert "made and received" in claims
    assert "received" in _section(html, "stance stance-suspects")
    assert client.get("/actors/iskp").text.count(f"<h1>{ISKP} ") == 1  # a gazetteer alias


def test_parent_page_lists_its_branch(client: TestClient) -> None:
    html = client.get("/actors/ISKP").text
    parent = re.search(r'branch of <a class="actor" href="([^"]+)"', html)
    assert parent is not None
    page = client.get(parent[1]).text
    assert "<strong>Branches:</strong>" in page and f">{ISKP}</a>" in page
    assert "branch (branch-of)" in page  # drawn in the graph too


def test_incident_page_groups_statements_by_stance(client: TestClient) -> None:
    html = client.get(f"/incidents/{_kerman(client)}").text
    box = html[html.index('id="statements"') : html.index("Supporting articles")]
    order = re.findall(r'<section class="stance stance-(\w+)">', box)
    assert order == ["claims", "blames", "suspects", "denies"]
    blames = _section(box, "stance stance-blames")
    assert '<a class="actor" href="/actors/Iran">Iran</a>' in blames
    assert '<a class="actor" href="/actors/Israel">Israel</a>' in blames
    assert (
        '<mark id="mark">Iranian officials blamed Israel</mark> for the blasts. …</blockquote>'
        in blames
    )
    assert "/documents/kerman-claim?mark=" in blames
    assert "contested attribution" in html and "Attribution is contested" in box
    group = f'<a class="actor group-link" href="{ISKP_URL}">{ISKP}</a>'
    assert group in html


def test_incident_page_casualty_history_has_evidence(client: TestClient) -> None:
    html = client.get(f"/incidents/{_kerman(client)}").text
    table = html[html.index('<table class="reports">') :].split("</table>")[0]
    assert '<mark id="mark">84 people were killed</mark>' in table
    assert '<mark id="mark">91 people were killed</mark>' in table
    assert re.search(r'href="/documents/kerman-1\?mark=\d+-\d+#mark"', table)
    assert "2024-01-04" in table and "2024-01-06" in table
    assert table.count("<tr") == 5  # header + killed x2 + wounded x2


def test_incidents_table_links_groups_to_actor_pages(client: TestClient) -> None:
    html = client.get("/").text
    assert f'<a class="actor" href="{ISKP_URL}">{ISKP}</a>' in html
    assert client.get(ISKP_URL).status_code == 200


def test_unknown_actor_is_a_404_page_with_a_reason(client: TestClient) -> None:
    response = client.get("/actors/Nobody%20At%20All")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "No actor called &#39;Nobody At All&#39;" in response.text
    assert 'href="/actors?q=Nobody+At+All">Search the actors</a>' in response.text
    assert client.get(f"/actors/{'x' * 201}").status_code == 422
    # (not close to the corpus's hostile alias, which fuzzy matching would rightly find)
    hostile = client.get("/actors/%3Cb%20onmouseover%3Dalert(1)%3Ezz%3C%2Fb%3E")
    assert hostile.status_code == 404 and "<b onmouseover" not in hostile.text
    assert "&lt;b onmouseover=alert(1)&gt;zz&lt;/b&gt;" in hostile.text


def test_hostile_alias_and_evidence_render_as_text(client: TestClient) -> None:
    for path in (ISKP_URL, f"/incidents/{_kerman(client)}", "/actors?q=alert"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.text
        assert HOSTILE_ALIAS not in html and "<img src=x" not in html
        assert "<script>alert(3)" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
        assert " style=" not in html
        assert "default-src 'self'" in response.headers["content-security-policy"]
    page = client.get(ISKP_URL).text
    assert '<td class="alias">&lt;script&gt;alert(&#39;alias&#39;)&lt;/script&gt;</td>' in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt; said the spokesman." in page
