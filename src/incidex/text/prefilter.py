"""A cheap test run before a costly regex: the words any match must contain.

Most cue and count patterns of the field extractors can only match a text holding one of a few
literal words ("toll", "lives of", "lost"), but Python's ``re`` tries them at every position of
every sentence, some with long lazy scans. ``required_words`` reads the compiled pattern's parse
tree for literals every match must contain (one of a set); ``search``/``finditer`` skip the regex
when an ASCII text holds none of them. Results are the regex's own: the test only says when it
cannot match.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from incidex.text.alternation import literal_pattern

Match = re.Match[str]
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_Test = tuple[re.Pattern[str], bool, Callable[[str], re.Match[str] | None] | None]
_CACHE: dict[int, _Test] = {}


def _best(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective requirement: longer shortest word, then fewer words."""
    if not a or not b:
        return a or b
    return max(a, b, key=lambda r: (min(map(len, r)), -len(r)))


def _required(items: Any) -> frozenset[str] | None:
    """One of these literals is in every match of the sequence ``items``, or None."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL and av < 128:
            run.append(chr(av))
            continue
        if run:
            best = _best(best, frozenset({"".join(run)}))
            run = []
        if op is sre.SUBPATTERN and not av[1] and not av[2]:  # no inline flags
            best = _best(best, _required(av[3]))
        elif op is sre.BRANCH:
            options = [_required(branch) for branch in av[1]]
            if all(options):
                best = _best(best, frozenset().union(*options))  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            best = _best(best, _required(av[2]))
        elif op is sre.ATOMIC_GROUP:
            best = _best(best, _required(av))
    if run:
        best = _best(best, frozenset({"".join(run)}))
    return best


def required_words(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literals (lower case under IGNORECASE) one of which every match of ``rx`` contains,
    or None when the pattern has no such words."""
    if rx.flags & re.VERBOSE:
        return None
    found = _required(sre_parse.parse(rx.pattern, rx.flags))
    if not found:
        return None
    fold = rx.flags & re.IGNORECASE
    return tuple(sorted({w.lower() if fold else w for w in found}, key=len))


def _test(rx: re.Pattern[str]) -> _Test:
    """``rx``'s word test (built once per regex): whether to lower the text, and a regex of the
    required words (a prefix tree of plain literals, which ``re`` scans fast)."""
    cached = _CACHE.get(id(rx))
    if cached is not None and cached[0] is rx:
        return cached
    words = required_words(rx)
    finder = re.compile(literal_pattern(words)).search if words else None
    test = (rx, bool(rx.flags & re.IGNORECASE), finder)
    _CACHE[id(rx)] = test
    return test


def may_match(rx: re.Pattern[str], text: str) -> bool:
    """False when ``rx`` cannot match ``text`` (an ASCII text without its required words)."""
    _, fold, finder = _test(rx)
    if finder is None or not text.isascii():
        return True
    return finder(text.lower() if fold else text) is not None


def search(rx: re.Pattern[str], text: str, pos: int = 0, endpos: int = sys.maxsize) -> Match | None:
    """``rx.search(text, pos, endpos)``, skipped when the text cannot hold a match."""
    return rx.search(text, pos, endpos) if may_match(rx, text) else None


def finditer(
    rx: re.Pattern[str], text: str, pos: int = 0, endpos: int = sys.maxsize
) -> list[Match]:
    """The matches of ``rx.finditer(text, pos, endpos)``, skipped when there can be none."""
    return list(rx.finditer(text, pos, endpos)) if may_match(rx, text) else []
