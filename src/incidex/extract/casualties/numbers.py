"""Read counts with hedges from short spans: "at least 16", "around ninety", "a dozen", "1,200".

``parse_quantity`` returns value/low/high following the conventions in ``data/numbers.yaml``:
"at least 10" -> (10, 10, None); "around 90" -> (90, 81, 99); "nearly 100" -> (100, 90, 99);
"more than 60" -> (60, 61, None). A figure with a large multiplier ("2 million", "a trillion")
or written in scientific notation ("1e308") is read whole, never as its last digits, and capped
at ``COUNT_CEILING``: what ``casualties.bounds`` then doubts is the figure the text gives.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from incidex.extract.base import load_data

COUNT_CEILING = 10**10  # more people than live on Earth: a larger figure is read as this


@dataclass(slots=True, frozen=True)
class Quantity:
    """A count as reported: the figure and the range its hedge allows."""

    value: int | None
    low: float | None
    high: float | None
    hedge: str | None = None


@cache
def _tables() -> dict[str, Any]:
    data: dict[str, Any] = load_data("numbers.yaml")
    return data


@cache
def _regex() -> re.Pattern[str]:
    t = _tables()
    words = sorted(t["words"], key=len, reverse=True)
    word = r"(?:" + "|".join(re.escape(w) for w in words) + r")"
    hedges = "|".join(re.escape(h) for h in sorted(t["hedges"], key=len, reverse=True))
    vague = "|".join(re.escape(v) for v in t["vague"])
    big = "|".join(k for k, v in t["multipliers"].items() if int(v) >= 1000 and k[-1] != "s")
    return re.compile(
        rf"(?:(?P<hedge>{hedges})\s+)?(?:(?P<sci>\d+(?:\.\d+)?e\+?\d+)"
        rf"|(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?=\s+(?:{big})\b)|\d+)"
        rf"(?:\s+(?P<mult>{big}))?"
        rf"|(?P<words>{word}(?:[\s-]+(?:and\s+)?{word})*)|(?P<vague>{vague}))\b",
        re.I,
    )


def _figure(m: re.Match[str]) -> int:
    """The value of a figure in digits ("1,200", "2.5 million", "1e308"), capped."""
    if m["sci"]:
        value = float(m["sci"])
    else:
        value = float(m["num"].replace(",", ""))
        if m["mult"]:
            value *= int(_tables()["multipliers"][m["mult"].lower()])
    if not math.isfinite(value) or value >= COUNT_CEILING:
        return COUNT_CEILING
    return int(value) if m["sci"] or m["mult"] else int(m["num"].replace(",", ""))


def _words_value(text: str) -> int | None:
    t = _tables()
    total, current = 0, 0
    seen = False
    for part in re.split(r"[\s-]+", text.lower()):
        if part == "and":
            continue
        if part in t["multipliers"] and seen:
            current = max(current, 1) * int(t["multipliers"][part])
            if current >= 1000:
                total, current = total + current, 0
            continue
        if part == "dozen":
            current, seen = max(current, 1) * 12, True
            continue
        value = t["words"].get(part)
        if value is None:
            return None
        if part in ("a", "an") and seen:
            return None
        current += int(value)
        seen = True
    return total + current if seen else None


def _bounds(value: int, hedge: str | None) -> Quantity:
    kind = _tables()["hedges"].get(hedge.lower()) if hedge else None
    if kind == "at_least":
        return Quantity(value, value, None, kind)
    if kind == "more_than":
        return Quantity(value, value + 1, None, kind)
    if kind == "at_most":
        return Quantity(value, None, value, kind)
    if kind == "less_than":
        return Quantity(value, None, value - 1, kind)
    if kind == "about":
        return Quantity(value, math.floor(value * 0.9), math.floor(value * 1.1), kind)
    if kind == "nearly":
        return Quantity(value, math.floor(value * 0.9), value - 1, kind)
    return Quantity(value, value, value, None)


def parse_quantity(text: str, first: bool = False) -> Quantity | None:
    """The last (or ``first``) count in ``text`` (a noun phrase's left part), with its hedge."""
    found: Quantity | None = None
    for m in _regex().finditer(text):
        if m["num"] or m["sci"]:
            found = _bounds(_figure(m), m["hedge"])
        elif m["words"]:
            if first and m["words"].lower() in ("a", "an", "no"):
                continue
            value = _words_value(m["words"])
            if value is not None:
                found = _bounds(min(value, COUNT_CEILING), m["hedge"])
        elif m["vague"]:
            v, low, high = _tables()["vague"][m["vague"].lower()]
            found = Quantity(v, low, high, "vague")
        if first and found is not None:
            return found
    return found


def number_word(text: str) -> int | None:
    """A single number written in digits or words, else None."""
    text = text.strip().lower().replace(",", "")
    if text.isdigit():
        return min(int(text), COUNT_CEILING)
    return _words_value(text)
