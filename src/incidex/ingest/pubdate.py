"""Find an article's publication date in its text when no metadata gives it.

``find_published(text)`` returns ``(date, source)``, where ``source`` is a stable label of the
rule that found the date (see ``sources`` in ``data/pubdate.yaml``), or ``(None, None)``. It never
guesses and never falls back to today's date. Rules, in order of precedence:

1. ``text:iso-prefix`` -- an ISO date (or datetime) at the very start of the text, optionally
   after a prefix word: ``date 2024-01-06 ...``, ``Date: 2024-01-06``, ``2024-01-06T10:22:00Z``.
2. ``text:published-label`` -- the first header line such as ``Published : 23 March 2024, 04:04
   AM`` or ``Posted on March 23, 2024``. A publication label beats an update label.
3. ``text:dateline`` / ``text:weekday-numeric`` -- the *last* header line that is only a date
   (``24 March 2024``, ``Saturday, 01/06/2024``). A site's "today" banner sits at the very top,
   above the headline, while the article's own dateline sits below the headline, so when several
   such lines exist the later one is the article's. A banner that is the only date line still
   wins (it cannot be told apart). ``text:weekday-numeric`` marks numeric dates with a weekday.
4. ``text:updated-label`` -- the first ``Updated ...`` / ``Last updated ...`` line, when nothing
   else was found.

Only the header zone is read: the non-empty lines before the first body paragraph (a long line
made of sentences), at most ``max_lines`` lines / ``max_chars`` characters. A line counts only
if, after removing its dates, nothing is left but labels, weekdays, times, time zones, filler
words and punctuation, so a caption such as "Damage after the blast on January 3, 2024" or a body
sentence never yields a date. Lines are split on ``|``, ``•`` and ``·`` first, so ``Published:
X | Updated: Y`` gives both.

Numeric dates ``a/b/yyyy`` (also ``.`` and ``-``) are read both ways: a weekday on the line keeps
the reading that falls on it (``Tuesday, 03/04/2025`` is 4 March, ``Thursday, 03/04/2025`` is
3 April) and a contradicting weekday discards the date. With no weekday, or when both readings
fall on it, an impossible reading (day > 12) is dropped and otherwise the separator decides
(``numeric_order``: ``/`` month first as in the US, ``.`` and ``-`` day first).

Candidates are located by regexes compiled once at import and built into dates with
``datetime.date`` directly: every located shape is fully structured (numbers and month names from
the data file), so dateparser would only add cost. Years before ``min_year`` or after next year
are rejected.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from importlib.resources import files
from typing import Any

import yaml

__all__ = ["find_published"]


def _load() -> dict[str, Any]:
    raw = files("incidex").joinpath("data/pubdate.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    return data


_CFG = _load()
_SRC: dict[str, str] = _CFG["sources"]
_HDR: dict[str, int] = _CFG["header"]
_ORDER: dict[str, str] = _CFG["numeric_order"]
_MIN_YEAR: int = _CFG["min_year"]
_MONTHS = {name: int(num) for num, names in _CFG["months"].items() for name in names}
_WEEKDAYS = {name: int(num) for num, names in _CFG["weekdays"].items() for name in names}


def _words(words: list[str] | Any) -> str:
    """A regex alternation of whole words/phrases, longest first."""
    alts = sorted((re.escape(str(w)).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    return r"\b(?:" + "|".join(alts) + r")\b"


_M = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_TIME = r"(?:T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)"
_DATE_RE = re.compile(
    r"(?<![\w/.-])(?:"
    rf"(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})(?:[T ]{_TIME})?"
    r"|(?P<sy>\d{4})[/.](?P<sm>\d{1,2})[/.](?P<sd>\d{1,2})"
    r"|(?P<na>\d{1,2})(?P<sep>[/.-])(?P<nb>\d{1,2})(?P=sep)(?P<ny>\d{4})"
    rf"|(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm>{_M})\.?,?\s+(?P<dy>\d{{4}})"
    rf"|(?P<mm>{_M})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})"
    r")(?![\w/]|[.-]\d)",
    re.IGNORECASE,
)
_PREFIX_RE = re.compile(rf"\s*(?:{_words(_CFG['prefix_words'])}\s*:?\s*)?", re.IGNORECASE)
_PUB_RE = re.compile(_words(_CFG["published_words"]), re.IGNORECASE)
_UPD_RE = re.compile(_words(_CFG["updated_words"]), re.IGNORECASE)
_WEEKDAY_RE = re.compile(_words(_WEEKDAYS), re.IGNORECASE)
_ALLOWED_RE = re.compile(
    "|".join(
        [
            _UPD_RE.pattern,
            _PUB_RE.pattern,
            _WEEKDAY_RE.pattern,
            _words(_CFG["filler_words"]),
            _words(_CFG["timezones"]),
            r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\b\.?)?",  # 04:04 AM, 10.22
            r"\b\d{1,2}\s*[ap]\.?m\b\.?",  # 4 pm, 10 a.m.
            r"(?:\b(?:gmt|utc))?\s*[+-]\s*\d{1,2}(?::?\d{2})?",  # GMT+5, +05:30
        ]
    ),
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[^\W_]")
_SEGMENT_RE = re.compile(r"[|•·]")
_SENT_END_RE = re.compile(r"[.!?][\"'”’)]?(?:\s|$)")
_LINE_RE = re.compile(r"[^\r\n]+")


def _make(year: int, month: int, day: int) -> datetime.date | None:
    """A date, or None when impossible or outside the plausible years."""
    if not _MIN_YEAR <= year <= datetime.date.today().year + 1:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _numeric(m: re.Match[str], weekday: int | None) -> datetime.date | None:
    """Resolve ``a<sep>b<sep>yyyy`` into month-first or day-first (see module docstring)."""
    a, b, year = int(m["na"]), int(m["nb"]), int(m["ny"])
    mdy, dmy = _make(year, a, b), _make(year, b, a)
    readings = [d for d in (mdy, dmy) if d is not None]
    if weekday is not None:
        readings = [d for d in readings if d.weekday() == weekday]
    if len(set(readings)) <= 1:
        return readings[0] if readings else None
    return mdy if _ORDER.get(m["sep"], "mdy") == "mdy" else dmy


def _to_date(m: re.Match[str], weekday: int | None) -> datetime.date | None:
    if m["iy"]:
        return _make(int(m["iy"]), int(m["im"]), int(m["id"]))
    if m["sy"]:
        return _make(int(m["sy"]), int(m["sm"]), int(m["sd"]))
    if m["na"]:
        return _numeric(m, weekday)
    if m["dd"]:
        return _make(int(m["dy"]), _MONTHS[m["dm"].lower()], int(m["dd"]))
    return _make(int(m["my"]), _MONTHS[m["mm"].lower()], int(m["md"]))


def _segment_dates(segment: str) -> Iterator[tuple[str, datetime.date]]:
    """``(rule, date)`` for each date in a segment that is only dates and allowed words."""
    matches = list(_DATE_RE.finditer(segment))
    if not matches or _WORD_RE.search(_ALLOWED_RE.sub(" ", _DATE_RE.sub(" ", segment))):
        return
    wd = _WEEKDAY_RE.search(segment)
    weekday = _WEEKDAYS[wd.group().lower()] if wd else None
    prev = 0
    for m in matches:
        gap, prev = segment[prev : m.start()], m.end()
        found = _to_date(m, weekday)
        if found is None:
            continue
        if _UPD_RE.search(gap):
            yield "updated", found
        elif _PUB_RE.search(gap):
            yield "published", found
        elif m["na"] and weekday is not None:
            yield "weekday_numeric", found
        else:
            yield "dateline", found


def _is_body(line: str) -> bool:
    """A body paragraph: a long line made of sentences."""
    if len(line) > _HDR["max_chars"]:
        return True
    ends = len(_SENT_END_RE.findall(line))
    return (len(line) >= _HDR["body_min_chars"] and ends >= 1) or (
        len(line) >= _HDR["body_short_chars"] and ends >= 2
    )


def _header_lines(text: str) -> Iterator[str]:
    """Non-empty stripped lines before the first body paragraph, within the zone's limits."""
    count = chars = 0
    for lm in _LINE_RE.finditer(text):
        line = lm.group().strip()
        if not line:
            continue
        if count >= _HDR["max_lines"] or chars >= _HDR["max_chars"] or _is_body(line):
            return
        yield line
        count += 1
        chars += len(line)


def find_published(text: str) -> tuple[datetime.date | None, str | None]:
    """The article's publication date and the rule that found it, or ``(None, None)``."""
    prefix = _PREFIX_RE.match(text)
    start = prefix.end() if prefix else 0
    m = _DATE_RE.match(text, start)
    if m and (m["iy"] or m["sy"]) and (found := _to_date(m, None)):
        return found, _SRC["prefix"]
    published: datetime.date | None = None
    updated: datetime.date | None = None
    dateline: tuple[datetime.date, str] | None = None
    for line in _header_lines(text):
        for segment in _SEGMENT_RE.split(line):
            for rule, found in _segment_dates(segment):
                if rule == "published":
                    published = published or found
                elif rule == "updated":
                    updated = updated or found
                else:
                    dateline = (found, rule)  # the last dateline wins
    if published:
        return published, _SRC["published"]
    if dateline:
        return dateline[0], _SRC[dateline[1]]
    if updated:
        return updated, _SRC["updated"]
    return None, None
