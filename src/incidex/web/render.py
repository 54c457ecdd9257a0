"""Jinja2 environment with autoescape everywhere, and the only helpers that build markup.

Article text is untrusted: ``highlight`` escapes every piece of it and joins the pieces with
``<mark>`` elements, so templates never need ``|safe``. ``safe_url`` keeps only http(s) links.
"""

from __future__ import annotations

from datetime import date, datetime
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from incidex.models import FieldName

LABELS = {
    FieldName.DATE: "Date",
    FieldName.APPROXDATE: "Approximate date",
    FieldName.COUNTRY: "Country",
    FieldName.PROVSTATE: "Province / state",
    FieldName.CITY: "City",
    FieldName.LATITUDE: "Latitude",
    FieldName.LONGITUDE: "Longitude",
    FieldName.SPECIFICITY: "Geographic specificity",
    FieldName.ATTACKTYPE: "Attack type",
    FieldName.ATTACKTYPE2: "Second attack type",
    FieldName.WEAPTYPE: "Weapon type",
    FieldName.TARGTYPE: "Target type",
    FieldName.TARGET: "Target",
    FieldName.GNAME: "Perpetrator group",
    FieldName.GNAME2: "Second group",
    FieldName.CLAIMED: "Claimed",
    FieldName.CLAIMMODE: "Claim mode",
    FieldName.NKILL: "Killed",
    FieldName.NWOUND: "Wounded",
    FieldName.NPERPS: "Perpetrators",
    FieldName.NPERPCAP: "Perpetrators captured",
    FieldName.SUICIDE: "Suicide attack",
    FieldName.MULTIPLE: "Part of multiple incident",
    FieldName.NATIONALITY: "Target nationality",
    FieldName.SUMMARY: "Summary",
}

STANCES = {
    "claims": "Claims",
    "confirms": "Confirms",
    "blames": "Blames",
    "suspects": "Suspects",
    "denies": "Denies",
}


def highlight(text: str, start: int, end: int, window: tuple[int, int] | None = None) -> Markup:
    """``text[window]`` escaped, with ``text[start:end]`` wrapped in ``<mark>``."""
    lo, hi = window or (0, len(text))
    lo, hi = max(0, lo), min(len(text), hi)
    start, end = min(max(start, lo), hi), min(max(end, lo), hi)
    pieces: list[Markup | str] = [text[lo:start]]
    if end > start:
        pieces += [Markup('<mark id="mark">'), text[start:end], Markup("</mark>")]
    pieces.append(text[end:hi])
    return Markup("").join(escape(p) for p in pieces)


def excerpt(text: str, start: int, end: int, sentence: str = "", room: int = 220) -> Markup:
    """The evidence sentence around a span (or the text near it), the span highlighted."""
    lo, hi = max(0, start - room), min(len(text), end + room)
    whole = False  # the window is the evidence sentence: no word to trim at its edges
    if sentence:
        at = text.rfind(sentence.strip(), 0, end + len(sentence))
        if 0 <= at <= start and at + len(sentence.strip()) >= end:
            lo, hi, whole = at, at + len(sentence.strip()), True
    if lo > 0 and not whole:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text) and not whole:
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    body = highlight(text, start, end, (lo, hi))
    before = "… " if lo > 0 else ""
    after = " …" if hi < len(text) else ""
    return Markup("").join([before, body, after])


def safe_url(url: str | None) -> str | None:
    """The link if it is http(s); anything else (javascript:, data:, ...) is dropped."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def actor_url(name: str | None) -> str:
    """The workbench page of an actor (any of its names; the page resolves aliases)."""
    return "/actors/" + quote((name or "").strip(), safe="")


def document_url(
    doc_id: str, start: int | None = None, end: int | None = None, mark: str | None = None
) -> str:
    """The workbench page of a document, its id one URL path segment (every reserved character
    encoded: ``/``, ``?``, ``#``, ``%``), the span ``start``-``end`` (or ``mark``) highlighted.
    An id a browser would take for a dot segment (``.``, ``..``) or an empty one goes in the
    query string instead (``/documents?id=..``)."""
    if mark is None and start is not None and end is not None and end > start:
        mark = f"{start}-{end}"
    if doc_id in ("", ".", ".."):
        url = "/documents?" + urlencode({"id": doc_id})
        return url + (f"&mark={mark}#mark" if mark else "")
    url = "/documents/" + quote(doc_id, safe="")
    return url + (f"?mark={mark}#mark" if mark else "")


def number(value: float | str | None) -> str:
    if value is None or value == "":
        return ""
    try:
        parsed = float(value)
    except (TypeError, ValueError):
        return str(value)
    return str(int(parsed)) if parsed.is_integer() else f"{parsed:g}"


def when(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def query(params: dict[str, Any], **changes: Any) -> str:
    """A query string from the current parameters with some changed (None drops one)."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "", False)})


def environment() -> Environment:
    folder = resources.files("incidex.web") / "templates"
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(safe_url=safe_url, number=number, when=when, actor_url=actor_url)
    env.globals.update(labels=LABELS, query=query, stance_labels=STANCES, document_url=document_url)
    return env
