"""Reads are snapshots (issue 12, case 10): while a writer re-fuses incidents (each save re-keys
one: its new report sorts first), readers hammering the list, the pages and the incidents never
get a server error. An incident that disappears between the list and its page is a clean 404 or a
redirect to the incident now holding its reports."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from incidex.api.app import create_app
from incidex.config import Settings
from incidex.fuse.service import FusionService
from incidex.store.database import Store
from tests.factories import document, mention

CITIES = ["Kerman", "Zahedan", "Mosul", "Kirkuk", "Quetta", "Peshawar", "Kabul", "Herat"]
COUNTRY = {"Mosul": "Iraq", "Kirkuk": "Iraq", "Quetta": "Pakistan", "Peshawar": "Pakistan"}


def report(doc_id: str, n: int, killed: int) -> tuple[object, list[object]]:
    city = CITIES[n % len(CITIES)]
    when = f"2024-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}"
    found = mention(
        doc_id,
        date=when,
        city=city,
        country=COUNTRY.get(city, "Afghanistan" if city in ("Kabul", "Herat") else "Iran"),
        attacktype="Bombing/Explosion",
        nkill=str(killed),
    )
    return document(doc_id, f"A bomb exploded in {city}.", date(2024, 6, 1)), [found]


def test_list_and_pages_during_refusion_never_fail(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    store = Store(url)
    for n in range(120):
        doc, found = report(f"r-{n:03d}", n, 3)
        with store.session() as s:
            FusionService(s).save_document(doc, found)  # type: ignore[arg-type]
    app = create_app(Settings(db_url=url, spacy_model="unused"), token="t")
    stop = threading.Event()
    writes = [0]

    def writer() -> None:
        """Each report '0-...' sorts before its incident's first one, so saving it re-keys the
        incident and removing it re-keys it back."""
        n = 0
        while not stop.is_set():
            doc, found = report(f"0-{n % 120:03d}", n % 120, 5)
            with store.session() as s:
                FusionService(s).save_document(doc, found)  # type: ignore[arg-type]
            with store.session() as s:
                FusionService(s).remove_document(doc.id)
            writes[0] += 2
            n += 7

    failures: list[str] = []
    requests = [0]

    def reader(paths: list[str]) -> None:
        client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
        while not stop.is_set():
            for path in paths:
                response = client.get(path)
                requests[0] += 1
                if response.status_code >= 500:
                    failures.append(f"{path}: {response.status_code} {response.text[:200]}")
                elif path.startswith("/api/incidents?"):
                    for item in response.json()["items"][:3]:
                        one = client.get(f"/api/incidents/{item['id']}")
                        page = client.get(f"/incidents/{item['id']}")
                        requests[0] += 2
                        if one.status_code not in (200, 404) or page.status_code not in (
                            200,
                            303,
                            404,
                        ):
                            failures.append(f"{item['id']}: {one.status_code} {page.status_code}")

    threads = [threading.Thread(target=writer)] + [
        threading.Thread(target=reader, args=(paths,))
        for paths in (
            ["/api/incidents?limit=500"],
            ["/api/incidents?limit=500&sort=killed"],
            ["/?page=1", "/?page=3&sort=country"],
            ["/api/incidents?limit=50&offset=30", "/timeline", "/map"],
        )
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline and not failures:
        time.sleep(0.1)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    store.close()
    assert writes[0] > 20 and requests[0] > 100
    assert failures == []
