"""The workbench in a real browser: Playwright drives Debian's Chromium against a live uvicorn.

Skipped only when /usr/bin/chromium is missing and $CI is unset (`make test` installs it with
apt-get); under CI these tests must run. Screenshots land in each test's tmp_path.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from incidex.api.app import create_app
from incidex.config import Settings
from incidex.fuse.service import FusionService
from incidex.store.database import Store
from tests.web.actor_corpus import ISKP, add_actor_reports
from tests.web.corpus import fill, kerman
from tests.web.live import CHROMIUM, chromium, offline, serve

TOKEN = "browser-test-token"

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip(
        f"{CHROMIUM} is missing (make test installs it: apt-get install chromium); "
        "browser tests run whenever it is there, and always under CI",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, expect  # noqa: E402


@dataclass
class Live:
    url: str
    db: str
    shots: Path
    dialogs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # requests that tried to leave the machine


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    db = f"sqlite:///{tmp_path / 'live.db'}"
    fill(db)
    app = create_app(Settings(db_url=db, spacy_model="unused"), token=TOKEN)
    try:
        with serve(app) as url:
            yield Live(url, db, tmp_path)
    finally:
        app.state.store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture
def page(browser: Browser, live: Live) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    offline(context, live.blocked)  # the network is off: only the server itself answers
    opened = context.new_page()
    opened.set_default_timeout(15_000)

    def on_dialog(dialog: Any) -> None:
        live.dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", on_dialog)
    opened.on("pageerror", lambda error: live.problems.append(f"page error: {error}"))
    opened.on(
        "console",
        lambda message: live.problems.append(message.text) if message.type == "error" else None,
    )
    yield opened
    context.close()
    assert not live.blocked, f"requests left the machine: {live.blocked}"


def _shot(page: Page, live: Live, name: str) -> None:
    page.screenshot(path=str(live.shots / f"{name}.png"), full_page=True)


CITY_CELLS = "table.incidents tbody tr td:nth-child(3)"


def _cities(page: Page) -> list[str]:
    return page.locator(CITY_CELLS).all_inner_texts()


def _sign_in(page: Page, token: str = TOKEN) -> None:
    dialog = page.locator("#token-dialog")
    expect(dialog).to_be_visible()
    page.fill("#token-input", token)
    page.fill("#analyst-input", "Browser Tester")
    dialog.locator("button[value=ok]").click()


def test_list_filter_open_and_see_highlighted_evidence(page: Page, live: Live) -> None:
    page.goto(live.url + "/")
    expect(page.locator("table.incidents tbody tr")).to_have_count(3)
    _shot(page, live, "01-incidents")
    page.fill("input[name=country]", "Iran")
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.incidents tbody tr")).to_have_count(1)
    assert "country=Iran" in page.url
    _shot(page, live, "02-filtered")
    page.click("form.filters a.button >> text=Clear")  # not the "Nuclear" weapon option
    cities = page.locator(CITY_CELLS)
    page.click("thead >> text=Killed")  # sort by killed, most first
    expect(cities).to_have_text(["Kerman", "Manchester", "Mosul"])  # waits for the new page
    page.click("thead >> text=Killed")  # again: fewest first
    expect(cities).to_have_text(["Mosul", "Manchester", "Kerman"])
    page.click("table.incidents >> text=2024-01-03")
    expect(page.locator("h1")).to_contain_text("Kerman")
    marks = page.locator("#field-nkill mark")
    expect(marks).to_have_text("91 people were killed")
    assert page.locator("td.evidence mark").count() >= 8
    expect(page.locator("svg.chart circle.dot")).to_have_count(4)
    _shot(page, live, "03-incident")
    page.click("#field-nkill td.evidence a")
    expect(page.locator("article mark#mark")).to_have_text("91 people were killed")
    _shot(page, live, "04-document")
    assert not live.problems, live.problems


def test_a_correction_with_the_token_survives_reingest(page: Page, live: Live) -> None:
    page.goto(live.url + "/?country=Iran")
    page.click("table.incidents tbody tr a")
    incident_url = page.url
    page.click("button[data-toggle=edit-nkill]")
    editor = page.locator("#edit-nkill")
    editor.locator("input[name=value]").fill("100")
    editor.locator("input[name=note]").fill("ministry figure")
    editor.locator("button[type=submit]").click()
    _sign_in(page)  # asked once, on the first change
    expect(page.locator("#field-nkill .v")).to_have_text("100")
    expect(page.locator("#field-nkill .badge")).to_contain_text("corrected by Browser Tester")
    expect(page.locator("#who")).to_have_text("Reviewing as Browser Tester")
    _shot(page, live, "05-corrected")

    # Re-ingest: an updated article replaces kerman-2's mention and re-fuses the incident.
    store = Store(live.db)
    doc, mentions = kerman("kerman-2", "95", date(2024, 1, 8), extra=" The toll rose again.")
    with store.session() as session:
        FusionService(session).save_document(doc, mentions)
    store.close()
    page.goto(incident_url)
    expect(page.locator("#field-nkill .v")).to_have_text("100")
    expect(page.locator("table.reports")).to_contain_text("95")
    expect(page.locator("table.reports")).to_contain_text("2024-01-08")
    _shot(page, live, "06-after-reingest")
    page.goto(live.url + "/?country=Iran")
    expect(page.locator("table.incidents tbody td.num").first).to_have_text("100")
    csv = page.request.get(live.url + "/api/export/gtd-csv").text()
    assert re.search(r",100,284,", csv), csv
    assert not live.problems, live.problems


def test_a_wrong_token_is_refused_then_not_an_incident_hides_it(page: Page, live: Live) -> None:
    page.goto(live.url + "/?country=United%20Kingdom")
    page.click("table.incidents tbody tr a")
    page.evaluate("sessionStorage.setItem('incidex.token', 'wrong')")
    page.click("text=Not an incident")
    expect(page.locator(".toolbar .form-error")).to_contain_text("refused")
    page.click("text=Not an incident")
    _sign_in(page)  # the change goes on once signed in
    expect(page.locator(".notice")).to_contain_text("not an incident")
    _shot(page, live, "07-dismissed")
    page.goto(live.url + "/")
    assert "Manchester" not in _cities(page)
    page.goto(live.url + "/review")
    expect(page.locator("table.audit tbody tr")).to_have_count(1)
    # The refused attempt logs a 401 in the console; nothing else may go wrong.
    assert all("401" in p for p in live.problems), live.problems


def test_hostile_article_does_not_run_script(page: Page, live: Live) -> None:
    page.goto(live.url + "/?country=Iraq")
    page.click("table.incidents tbody tr a")
    expect(page.locator("#field-target mark")).to_have_text("<script>alert(1)</script>")
    expect(page.locator("#field-gname .v")).to_have_text("<img src=x onerror=alert(1)>")
    assert page.locator("main img").count() == 0
    assert page.locator("main script").count() == 0
    _shot(page, live, "08-hostile-incident")
    page.goto(live.url + "/documents/hostile-1")
    expect(page.locator(".block.boilerplate")).to_contain_text("Related stories")
    assert page.locator("article img, article script, article b").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.wait_for_timeout(300)
    _shot(page, live, "09-hostile-document")
    assert live.dialogs == [], live.dialogs
    assert not live.problems, live.problems


def test_timeline_and_map(page: Page, live: Live) -> None:
    page.goto(live.url + "/timeline")
    expect(page.locator("#incidents-chart rect.seg")).to_have_count(3)  # three months have one
    expect(page.locator("#casualties-chart rect.seg")).to_have_count(5)
    _shot(page, live, "10-timeline")
    page.goto(live.url + "/map")
    expect(page.locator("#map path.country")).to_have_count(177)
    # Kerman and Manchester by their reports' points, Mosul by the geocoder
    expect(page.locator("#map .incident-marker")).to_have_count(3)
    loaded = page.evaluate(
        "fetch('/static/world.geojson').then(r => r.ok && r.headers.get('content-type'))"
    )
    assert str(loaded).startswith("application/")
    _shot(page, live, "11-map")
    page.locator("#map .incident-marker[data-country='Iran']").click()
    expect(page.locator("h1")).to_contain_text("Kerman")
    assert not live.problems, live.problems


def test_group_link_leads_to_the_actor_page_and_its_graph(page: Page, live: Live) -> None:
    add_actor_reports(live.db)  # a claim article: statements, a learned alias, a rivalry
    page.goto(live.url + "/?country=Iran")
    page.click("table.incidents tbody tr td.nowrap a")
    expect(page.locator("#statements .stance-blames")).to_contain_text("Israel")
    expect(page.locator(".facts .contested")).to_be_visible()
    _shot(page, live, "12-incident-statements")
    page.click(".facts a.group-link")
    expect(page.locator("h1")).to_contain_text(ISKP)
    graph = page.locator("svg.graph")
    expect(graph).to_be_visible()
    expect(graph.locator("circle.node")).to_have_count(3)  # centre, parent, rival
    expect(graph.locator("text.edge-label", has_text="rivalry")).to_have_count(1)
    expect(page.locator("table.aliases")).to_contain_text("Khorasan Wing")
    _shot(page, live, "13-actor")
    graph.locator("a.node-link", has_text="Taliban").click()
    expect(page.locator("h1")).to_contain_text("Taliban")
    expect(page.locator("svg.graph text.node-label.centre")).to_have_text("Taliban")
    _shot(page, live, "14-rival")
    assert (live.shots / "13-actor.png").stat().st_size > 10_000
    assert live.dialogs == [], live.dialogs
    assert not live.problems, live.problems
