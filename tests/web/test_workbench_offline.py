"""The workbench in Chromium with the network off: every page, /docs included, renders with no
console error and no request leaving the machine; the map zooms into one country with its
clusters; the timeline stacks killed by group; the incident page folds by keyboard.

Every request to another origin is aborted and recorded (``tests.web.live.offline``); a test
fails on any. Screenshots land in each test's tmp_path and are checked for what they show.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from incidex.api.app import create_app
from incidex.config import Settings
from tests.web.corpus import fill
from tests.web.live import CHROMIUM, chromium, offline, serve
from tests.web.map_corpus import COUNTS, EVENTS, ISIL, TALIBAN, add_map_reports

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip(
        f"{CHROMIUM} is missing (make test installs it: apt-get install chromium)",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, expect  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402

MAPPED = 16 + 3  # the map corpus, Kerman and Manchester, and Mosul (placed by the geocoder)
IRAQ = COUNTS["Iraq"] + 1  # the map corpus's and the review corpus's Mosul


@dataclass
class Site:
    url: str
    shots: Path
    problems: list[str] = field(default_factory=list)  # console errors, page errors
    blocked: list[str] = field(default_factory=list)  # requests that tried to leave the machine

    def shot(self, page: Page, name: str) -> Path:
        path = self.shots / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    db = f"sqlite:///{tmp_path / 'offline.db'}"
    fill(db)
    add_map_reports(db)
    app = create_app(Settings(db_url=db, spacy_model="unused"), token="offline-token")
    try:
        with serve(app) as url:
            yield Site(url, tmp_path)
    finally:
        app.state.store.close()


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    offline(context, site.blocked)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    opened.on("pageerror", lambda error: site.problems.append(f"page error: {error}"))
    opened.on(
        "console",
        lambda message: site.problems.append(message.text) if message.type == "error" else None,
    )
    yield opened
    context.close()


def _clean(site: Site) -> None:
    assert not site.blocked, f"requests left the machine: {site.blocked}"
    assert not site.problems, site.problems


def _visible_icons(page: Page) -> list[dict[str, Any]]:
    """The markers and clusters drawn inside the map's box: kind, count and countries."""
    found: list[dict[str, Any]] = page.evaluate(
        """() => {
          const box = document.getElementById("map").getBoundingClientRect();
          const inside = (el) => {
            const r = el.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            return x > box.left && x < box.right && y > box.top && y < box.bottom;
          };
          const clusters = [...document.querySelectorAll(".marker-cluster div[data-count]")]
            .filter(inside)
            .map((el) => ({kind: "cluster", count: Number(el.dataset.count),
                           countries: el.dataset.countries.split("|")}));
          const markers = [...document.querySelectorAll(".incident-marker[data-id]")]
            .filter(inside)
            .map((el) => ({kind: "marker", count: 1, countries: [el.dataset.country + ":1"]}));
          return clusters.concat(markers);
        }"""
    )
    return found


def settled(page: Page) -> None:
    """Wait until markercluster has finished moving clusters apart after a zoom (it marks the
    map pane ``leaflet-cluster-anim`` meanwhile)."""
    expect(page.locator(".leaflet-cluster-anim")).to_have_count(0)


def _by_country(icons: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for icon in icons:
        for part in icon["countries"]:
            name, n = part.rsplit(":", 1)
            counts[name] = counts.get(name, 0) + int(n)
    return counts


def test_the_network_guard_aborts_and_records_other_origins(page: Page, site: Site) -> None:
    page.goto(site.url + "/")  # the server itself answers
    expect(page.locator("table.incidents tbody tr")).to_have_count(19)
    assert site.blocked == []
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        page.goto("https://cdn.example.org/x.js")  # a navigation: no page policy applies
    assert site.blocked == ["https://cdn.example.org/x.js"]


def test_every_page_renders_offline_with_no_console_error(page: Page, site: Site) -> None:
    page.goto(site.url + "/")
    expect(page.locator("table.incidents tbody tr")).to_have_count(19)
    list_shot = site.shot(page, "list")
    assert list_shot.stat().st_size > 20_000
    page.click("table.incidents >> text=2024-01-03")
    expect(page.locator("h1")).to_contain_text("Kerman")
    incident = page.url
    for path in (
        "/?country=Iraq",
        "/documents/kerman-1",
        "/timeline",
        "/timeline?stack=attacktype&toll=wounded",
        "/map",
        "/actors",
        "/actors/Taliban",
        "/review",
    ):
        response = page.goto(site.url + path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("networkidle")
        site.shot(page, path.strip("/").replace("/", "-").replace("?", "-") or "root")
    page.goto(incident)
    expect(page.locator("details.fold")).to_have_count(7)  # no review history yet

    page.goto(site.url + "/docs")
    spec = page.request.get(site.url + "/openapi.json").json()
    verbs = {"get", "put", "post", "delete", "patch"}
    operations = sum(1 for item in spec["paths"].values() for verb in item if verb in verbs)
    assert operations >= 10
    expect(page.locator("#swagger-ui .opblock")).to_have_count(operations)
    expect(page.locator("#swagger-ui .info .title")).to_contain_text("Incidex API")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/incidents" in p for p in paths)
    page.locator(".opblock-summary", has_text="/api/health").click()  # an operation opens
    expect(page.locator(".opblock.is-open")).to_have_count(1)
    assert site.shot(page, "docs").stat().st_size > 20_000
    _clean(site)


def test_the_map_zooms_into_one_country_with_its_clusters(page: Page, site: Site) -> None:
    page.goto(site.url + "/map")
    expect(page.locator("#map path.country")).to_have_count(177)  # the Natural Earth outlines
    icons = _visible_icons(page)
    assert sum(i["count"] for i in icons) == MAPPED  # all in view, grouped
    assert any(i["kind"] == "cluster" and i["count"] > 1 for i in icons)
    expect(page.locator("#map-status")).to_contain_text(f"{MAPPED} incidents in view: Iraq {IRAQ}")
    site.shot(page, "map-world")

    status = page.locator("#map-status")
    page.select_option("#zoom-to", "Iraq")
    expect(status).not_to_contain_text("Afghanistan")  # the view has moved
    expect(status).to_contain_text(f"Iraq {IRAQ}")
    settled(page)
    icons = _visible_icons(page)
    counts = _by_country(icons)
    assert counts.get("Iraq") == IRAQ, icons
    assert "Afghanistan" not in counts, icons
    assert all(len(i["countries"]) == 1 for i in icons), icons  # no cluster mixes two countries
    assert len([i for i in icons if "Iraq:" in i["countries"][0]]) >= 3  # Baghdad, Mosul, Basra
    iraq = site.shot(page, "map-iraq")
    assert iraq.stat().st_size > 30_000

    page.select_option("#zoom-to", "Afghanistan")
    expect(status).not_to_contain_text("Iraq")
    expect(status).to_contain_text(f"Afghanistan {COUNTS['Afghanistan']}")
    settled(page)
    icons = _visible_icons(page)
    counts = _by_country(icons)
    assert counts.get("Afghanistan") == COUNTS["Afghanistan"], icons
    assert "Iraq" not in counts and "Syria" not in counts, icons
    assert all(len(i["countries"]) == 1 for i in icons), icons
    site.shot(page, "map-afghanistan")

    page.select_option("#zoom-to", "Syria")
    expect(status).not_to_contain_text("Afghanistan")
    expect(status).to_contain_text(f"Syria {COUNTS['Syria']}")
    settled(page)
    assert _by_country(_visible_icons(page)).get("Syria") == COUNTS["Syria"]
    single = page.locator(".incident-marker[data-country='Syria']").first
    single.focus()
    page.keyboard.press("Enter")  # a marker opens its incident, from the keyboard too
    expect(page.locator("h1")).to_contain_text("Syria")
    _clean(site)


def test_the_map_honours_the_filters(page: Page, site: Site) -> None:
    page.goto(site.url + f"/map?group={TALIBAN}")
    expect(page.locator("#map path.country")).to_have_count(177)
    taliban = sum(1 for e in EVENTS if e[3] == TALIBAN)
    expect(page.locator("#map-status")).to_have_text(
        f"{taliban} incidents in view: Afghanistan {taliban}"
    )
    _clean(site)


def test_the_timeline_stacks_killed_by_group(page: Page, site: Site) -> None:
    page.goto(site.url + "/timeline?since=2023-01-01&until=2023-12-31")
    page.select_option("select[name=stack]", "group")  # the form submits itself
    page.wait_for_url("**stack=group**")
    page.select_option("select[name=toll]", "killed")
    page.wait_for_url("**toll=killed**")
    assert "since=2023-01-01" in page.url  # the filters are kept
    chart = page.locator("#casualties-chart")
    expect(chart.locator("h2")).to_have_text("Killed per month, by group")

    def killed(group: str) -> float:
        values = chart.locator(f"rect.seg[data-series='{group}']").evaluate_all(
            "els => els.map(e => Number(e.dataset.value))"
        )
        return float(sum(values))

    assert killed(TALIBAN) == sum(e[4] for e in EVENTS if e[3] == TALIBAN)
    assert killed(ISIL) == sum(e[4] for e in EVENTS if e[3] == ISIL)
    legend = chart.locator("ul.series-legend li").all_inner_texts()
    assert ISIL in legend and TALIBAN in legend
    # one colour per group on both charts
    colour = "el => getComputedStyle(el).fill"
    first = page.locator(f"#incidents-chart rect.seg[data-series='{TALIBAN}']").first
    assert first.evaluate(colour) == chart.locator(
        f"rect.seg[data-series='{TALIBAN}']"
    ).first.evaluate(colour)
    assert site.shot(page, "timeline-killed-by-group").stat().st_size > 20_000
    chart.locator(f"rect.seg[data-series='{TALIBAN}']").first.click()  # lists those incidents
    expect(page.locator("table.incidents tbody tr").first).to_contain_text(TALIBAN)
    _clean(site)


def test_the_incident_page_folds_by_keyboard(page: Page, site: Site) -> None:
    page.goto(site.url + "/?country=Iran")
    page.click("table.incidents tbody tr a")
    incident = page.url
    merge = page.locator("details#merge")
    expect(merge).not_to_have_attribute("open", "")
    expect(merge.locator("form.merge")).to_be_hidden()
    page.focus("details#merge > summary")
    page.keyboard.press("Enter")
    expect(merge.locator("form.merge")).to_be_visible()
    page.focus("details#fields > summary")
    page.keyboard.press("Space")
    expect(page.locator("#field-nkill")).to_be_hidden()
    page.click("button[data-fold=open]")
    assert page.locator("details.fold:not([open])").count() == 0
    page.click("button[data-fold=close]")
    assert page.locator("details.fold[open]").count() == 0
    site.shot(page, "incident-folded")
    page.goto(incident + "#merge")  # a link to a folded section opens it
    expect(merge.locator("form.merge")).to_be_visible()
    _clean(site)
