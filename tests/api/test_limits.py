"""A server that bounds its work (issue 12, cases 11 and 12): request bodies are capped before
they are read and the token is checked before the body; exports stream; every query parameter
is validated into a 4xx; LIKE wildcards and URL parts are escaped; every failure, an
unexpected one included, is the one JSON error shape (an HTML page on the workbench) with the
security headers."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from datetime import date
from html import unescape
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from incidex.api.app import create_app
from incidex.api.limits import MAX_BODY_BYTES
from incidex.config import Settings
from incidex.export.gtd_csv import write_gtd_csv
from incidex.export.jsonl import write_jsonl
from incidex.export.stix import write_stix
from incidex.fuse.service import FusionService
from incidex.store.database import Store
from incidex.store.repository import IncidentFilter, documents_of, list_incidents
from tests.factories import document, mention
from tests.web.corpus import article

TOKEN = "limits-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ODD_IDS = ["../export/jsonl?x=", "..", "a b#c%2F/d"]


def _fill(url: str, count: int = 3) -> None:
    store = Store(url)
    for n in range(count):
        day = date(2024, 1 + n // 28 % 12, 1 + n % 28)
        m = mention(f"d{n:04d}", date=day.isoformat(), country="Iran", city=f"Town{n}", nkill="4")
        with store.session() as s:
            FusionService(s).save_document(document(f"d{n:04d}", published=day), [m])
    for n, doc_id in enumerate(ODD_IDS):
        doc, found = article(
            doc_id,
            f"Odd {n}",
            f"Gunmen attacked a checkpoint in Odd{n}, Iraq, on 2023-06-0{n + 1}, killing 4.",
            date(2023, 6, 3),
            {
                "date": (f"2023-06-0{n + 1}", f"2023-06-0{n + 1}"),
                "city": (f"Odd{n}", f"Odd{n}"),
                "country": ("Iraq", "Iraq"),
                "gname": (f"Odd_{n}% Front", "Gunmen"),
            },
        )
        with store.session() as s:
            FusionService(s).save_document(doc, found)
    store.close()


@pytest.fixture
def app(store_url: str) -> FastAPI:
    url = store_url
    _fill(url)
    return create_app(Settings(db_url=url, spacy_model="unused"), token=TOKEN)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


def _error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"type", "message"}
    _headers(response.headers)
    return str(body["error"]["type"])


def _headers(headers: Any) -> None:
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


# --- raw ASGI calls: what the server reads of a body, how a response is sent ----------------


class Call:
    """One HTTP request sent to the app as a server would, counting the body bytes it reads."""

    def __init__(
        self, method: str, path: str, headers: dict[str, str], chunks: int, size: int = 1 << 20
    ) -> None:
        self.method, self.path, self.headers = method, path, headers
        self.chunks, self.size = chunks, size
        self.read = 0
        self.status = 0
        self.response_headers: dict[str, str] = {}
        self.bodies: list[bytes] = []

    async def _receive(self) -> dict[str, Any]:
        sent = self.read // self.size
        if sent >= self.chunks:
            await asyncio.sleep(3600)  # a client that sends nothing more (a server must not wait)
        self.read += self.size
        return {"type": "http.request", "body": b"x" * self.size, "more_body": True}

    async def _send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.response_headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            self.bodies.append(message.get("body", b""))

    def run(self, app: FastAPI) -> Call:
        path, _, query = self.path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": self.method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [(k.lower().encode(), v.encode()) for k, v in self.headers.items()],
            "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 8000),
        }
        asyncio.run(asyncio.wait_for(app(scope, self._receive, self._send), timeout=30))
        return self

    def json(self) -> Any:
        return json.loads(b"".join(self.bodies))


def test_an_oversize_body_is_refused_before_it_is_read(app: FastAPI) -> None:
    path = "/api/incidents/nope/fields/city"
    big = {"Content-Length": str(500 * 1000 * 1000), "Content-Type": "application/json"}
    for headers, status in (({}, 413), (AUTH, 413), ({"Authorization": "Bearer wrong"}, 413)):
        call = Call("PUT", path, {**big, **headers}, chunks=500).run(app)
        assert (call.status, call.read) == (status, 0)
        assert set(call.json()["error"]) == {"type", "message"}
        assert "nosniff" in call.response_headers["x-content-type-options"]
    # No length given (chunked): read up to the cap, then refused.
    call = Call("PUT", path, {**AUTH, "Content-Type": "application/json"}, chunks=500).run(app)
    assert call.status == 413 and call.read <= MAX_BODY_BYTES + (1 << 20)
    assert call.json()["error"]["type"] == "PayloadTooLarge"


def test_the_token_is_checked_before_the_body_is_read(app: FastAPI) -> None:
    headers = {"Content-Length": "1000", "Content-Type": "application/json"}
    for method, path in (
        ("PUT", "/api/incidents/x/fields/city"),
        ("POST", "/api/incidents/x/merge"),
        ("PUT", "/api/incidents/x/status"),
    ):
        call = Call(method, path, headers, chunks=1, size=1000).run(app)
        assert (call.status, call.read) == (401, 0)
        assert call.json()["error"]["type"] == "Unauthorized"
        assert call.response_headers["www-authenticate"] == "Bearer"


def test_a_body_within_the_limit_still_works(client: TestClient) -> None:
    ident = client.get("/api/incidents?country=Iran&limit=1").json()["items"][0]["id"]
    body = {"value": "Bam", "note": "n" * 900}
    response = client.put(f"/api/incidents/{ident}/fields/city", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    response = client.put(
        f"/api/incidents/{ident}/fields/city", content=b"x" * (MAX_BODY_BYTES + 1), headers=AUTH
    )
    assert _error(response, 413) == "PayloadTooLarge"


# --- exports stream -------------------------------------------------------------------------


def test_exports_stream_and_match_the_writers(store_url: str) -> None:
    url = store_url
    _fill(url, count=260)
    app = create_app(Settings(db_url=url, spacy_model="unused"), token=TOKEN)
    store = Store(url)
    with store.session() as s:
        found = list_incidents(s, IncidentFilter())
        docs = documents_of(s, found)
    store.close()
    for fmt, write in (("jsonl", write_jsonl), ("gtd-csv", write_gtd_csv), ("stix", write_stix)):
        call = Call("GET", f"/api/export/{fmt}", {}, chunks=0).run(app)
        assert call.status == 200, fmt
        assert "attachment" in call.response_headers["content-disposition"]
        assert call.response_headers["x-content-type-options"] == "nosniff"
        assert len([b for b in call.bodies if b]) > 3, f"{fmt} was not streamed"
        expected = io.StringIO()
        write(found, docs, expected)
        body = b"".join(call.bodies).decode()
        if fmt == "stix":
            assert json.loads(body) == json.loads(expected.getvalue())
        elif fmt == "gtd-csv":
            assert list(csv.reader(io.StringIO(body))) == list(
                csv.reader(io.StringIO(expected.getvalue()))
            )
        else:
            assert body == expected.getvalue()


# --- query parameters -----------------------------------------------------------------------

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "query",
    [
        f"offset={HUGE}",
        "offset=-1",
        f"limit={HUGE}",
        "limit=1e3",
        "since=2024-13-01",
        "until=99999-01-01",
        "since=2024-02-01&until=2024-01-01",
        f"country={'x' * 201}",
        f"group={'x' * 201}",
        "sort=rowid",
    ],
)
def test_bad_list_parameters_are_422_json_with_headers(client: TestClient, query: str) -> None:
    assert _error(client.get(f"/api/incidents?{query}"), 422) in ("ValidationError", "UsageError")


def test_other_bad_parameters_are_4xx_json(client: TestClient) -> None:
    for path, status in (
        (f"/api/search?q=x&limit={HUGE}", 422),
        (f"/api/audit?limit={HUGE}", 422),
        ("/api/actors?kind=alien", 422),
        ("/api/actors?all=maybe", 422),
        (f"/api/incidents/{'f' * 300}", 422),
        (f"/api/documents/{'f' * 300}", 422),
        (f"/api/actors/{'a' * 201}", 422),
        ("/api/incidents/%25", 404),
        ("/api/incidents/_", 404),
        ("/api/incidents/%25/review", 404),
    ):
        response = client.get(path)
        _error(response, status)


def test_bad_page_parameters_are_error_pages_with_headers(client: TestClient) -> None:
    for path in (
        f"/?page={HUGE}",
        f"/review?limit={HUGE}",
        "/?dismissed=maybe",
        f"/documents/d0000?mark={HUGE}-{HUGE}",
        "/actors?kind=alien",
        f"/timeline?group={'g' * 201}",
    ):
        response = client.get(path)
        assert response.status_code == 422, path
        assert response.headers["content-type"].startswith("text/html")
        assert 'class="message"' in response.text
        _headers(response.headers)
    assert client.get("/incidents/%25").status_code == 404


def test_an_unexpected_failure_is_the_error_shape_with_headers(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from incidex.api import app as api_module
    from incidex.web import pages

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(api_module, "list_page", broken)
    monkeypatch.setattr(pages, "incident_list", broken)
    assert _error(client.get("/api/incidents"), 500) == "InternalError"
    assert "boom" not in client.get("/api/incidents").text  # no internals shown
    page = client.get("/")
    assert page.status_code == 500 and 'class="message"' in page.text
    _headers(page.headers)


# --- LIKE wildcards and URL parts -----------------------------------------------------------


def test_like_wildcards_match_literally(client: TestClient) -> None:
    def total(**params: str) -> int:
        response = client.get("/api/incidents", params=params)
        if response.status_code == 422:  # a group or country no stored value contains
            assert response.json()["error"]["type"] == "UsageError", response.text
            return 0
        assert response.status_code == 200, response.text
        return int(response.json()["total"])

    assert total() == 6
    # The three "Odd_<n>% Front" groups hold both characters, the other three groups neither:
    # as wildcards, "%" and "_%" would match all six.
    for wild, odd in (("%", 3), ("_", 3), ("_%", 0), ("%%", 0), ("\\", 0), ("[a]", 0)):
        assert total(group=wild) == odd, wild
        assert total(q=wild) == odd, wild  # the chosen group is one of the values searched
        assert total(country=wild) == 0, wild
    assert total(group="odd_1%") == 1
    assert total(group="_1%") == 1 and total(group="d_") == 3 and total(group="d%") == 0
    web = client.get("/", params={"group": "%"}).text
    assert "Town1" not in web and "Odd0" in web
    assert "Odd0" not in client.get("/", params={"group": "%%"}).text
    actors = client.get("/actors", params={"q": "%", "everyone": "true"})
    assert actors.status_code == 200 and "Islamic State" not in actors.text


def test_document_and_incident_links_encode_their_parts(client: TestClient) -> None:
    for n, doc_id in enumerate(ODD_IDS):
        ident = client.get("/api/incidents", params={"q": f"Odd{n},"}).json()["items"][0]["id"]
        page_url = f"http://testserver/incidents/{ident}"
        html = client.get(page_url).text
        hrefs = [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]
        doc_links = [h for h in hrefs if "ocument" in h and not h.startswith("/static")]
        assert doc_links, doc_id
        for href in doc_links:
            target = urljoin(page_url, href)  # as a browser resolves it (dot segments too)
            parts = urlsplit(target)
            assert parts.path.startswith("/documents/") or parts.path == "/documents", href
            shown = client.get(target)
            assert shown.status_code == 200, (href, shown.text[:300])
            assert f"Odd{n}" in shown.text
            if parts.path.startswith("/documents/"):
                assert unquote(parts.path.removeprefix("/documents/")) == doc_id
        for href in hrefs:
            if href.startswith("/incidents/"):
                assert re.fullmatch(r"/incidents/[0-9a-f]+", href), href


def test_a_real_server_refuses_an_oversize_put_before_reading_it(app: FastAPI) -> None:
    """Over a socket to uvicorn: the 413 comes back while the client has sent only the headers
    and a first kilobyte of a body it says is 500 MB."""
    import socket
    import threading

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            threading.Event().wait(0.05)
        assert server.started
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(
                b"PUT /api/incidents/x/fields/city HTTP/1.1\r\nHost: t\r\n"
                b"Content-Type: application/json\r\nContent-Length: 500000000\r\n\r\n" + b"x" * 1024
            )
            answer = b""
            while b"\r\n\r\n" not in answer:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                answer += chunk
        head = answer.split(b"\r\n\r\n")[0].decode().lower()
        assert head.startswith("http/1.1 413"), head
        assert "connection: close" in head and "x-content-type-options: nosniff" in head
    finally:
        server.should_exit = True
        thread.join(timeout=10)
