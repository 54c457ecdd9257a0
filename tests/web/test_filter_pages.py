"""The workbench list with the one filter: every criterion in the form, what it matched, facets
with counts that link to the list filtered by them, downloads of the filtered list."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from incidex.api.app import create_app
from incidex.config import Settings
from tests.filter_corpus import ISIL, ISKP, build


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    url = f"sqlite:///{tmp_path_factory.mktemp('web-filters') / 'f.db'}"
    build(url)
    return TestClient(create_app(Settings(db_url=url, spacy_model="unused")))


def rows(page: str) -> int:
    return len(re.findall(r'<a href="/incidents/\w+">', page))


def facet(page: str, name: str) -> dict[str, tuple[int, str]]:
    """A facet's values: value -> (count, link)."""
    section = re.search(rf'data-facet="{name}">(.*?)</section>', page, re.S)
    assert section, name
    found = re.findall(
        r'<a href="([^"]+)">([^<]+)</a> <span class="count">(\d+)</span>', section[1]
    )
    return {html.unescape(v): (int(n), html.unescape(link)) for link, v, n in found}


def test_the_list_filters_by_every_criterion(client: TestClient) -> None:
    assert rows(client.get("/").text) == 7
    assert rows(client.get("/?group=Daesh").text) == 3
    assert rows(client.get("/?group=Daesh&branches=false").text) == 1
    assert rows(client.get("/?country=Russian+Federation&since=&until=&q=").text) == 1
    assert rows(client.get("/?region=South+Asia&weapon=Firearms").text) == 1
    assert rows(client.get("/?attack=Bombing%2FExplosion&min_killed=5&min_wounded=").text) == 2
    page = client.get("/?group=Daesh&target=Military").text
    assert "Matching group: <strong>" + html.escape(ISIL) in page
    assert '<option value="Military" selected>' in page


def test_facets_count_and_link_to_the_filtered_list(client: TestClient) -> None:
    page = client.get("/?group=Daesh").text
    groups = facet(page, "group")
    assert {g: n for g, (n, _) in groups.items()} == {
        ISKP: 1,
        ISIL: 1,
        "Caucasus Province of the Islamic State": 1,
    }
    # a group with branches links to the group alone, so the list has its facet's count
    link = groups[ISIL][1]
    assert "branches=false" in link and "group=Islamic" in link
    assert rows(client.get(link).text) == 1
    countries = facet(page, "country")
    assert countries["Russia"][0] == 1
    russia = client.get(countries["Russia"][1]).text
    assert rows(russia) == 1 and "Volgograd" in russia
    assert facet(page, "attack")["Bombing/Explosion"][0] == 2
    assert facet(client.get("/").text, "region")["South Asia"][0] == 2


def test_downloads_carry_the_filter(client: TestClient) -> None:
    page = client.get("/?country=Russia&min_killed=1").text
    links = dict(re.findall(r'<a class="button" href="([^"]+)" download>(\w+)</a>', page))
    by_label = {label: html.unescape(url) for url, label in links.items()}
    assert set(by_label) == {"CSV", "XLSX", "JSONL", "STIX"}
    assert by_label["XLSX"].startswith("/api/export/gtd-xlsx?")
    csv_text = client.get(by_label["CSV"]).text
    assert csv_text.startswith("eventid,") and len(csv_text.splitlines()) == 2
    assert len(client.get(by_label["JSONL"]).text.splitlines()) == 1
    assert "country=Russia" in by_label["STIX"] and "min_killed=1" in by_label["STIX"]


def test_an_unknown_value_keeps_the_form_and_says_why(client: TestClient) -> None:
    response = client.get("/?group=Nowhere+Brigade&country=Iran")
    assert response.status_code == 422
    assert "unknown group &#39;Nowhere Brigade&#39;" in response.text
    assert 'value="Nowhere Brigade"' in response.text and rows(response.text) == 0


def test_map_and_timeline_take_the_same_filter(client: TestClient) -> None:
    timeline = client.get("/timeline?group=Daesh&region=south+asia").text
    assert '<option value="South Asia" selected>' in timeline
    assert client.get("/map?attack=kidnapping&min_killed=0").status_code == 200
    assert client.get("/map?country=Narnia").status_code == 422
