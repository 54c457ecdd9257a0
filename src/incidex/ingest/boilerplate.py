"""Split article text into paragraph blocks and label page furniture (related stories, captions,
navigation, bylines) as boilerplate, so extraction reads only the article body.

The cues live in ``incidex/data/boilerplate.yaml``; this module holds only general layout rules
(block length, final punctuation, position). An ordinary sentence paragraph always stays body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from incidex.models import Block

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v]*\n")
_LINE = re.compile(r"[^\n]+")
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)]*\s+[\"'“‘(]?[A-Z]")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_NAV_SEPARATORS = re.compile(r"[|•·›»/]")  # parts are stripped: no \s* (quadratic in spaces)
_EDGE_PUNCT = " \t:;,.-–—|•·»›>*#\"'“”‘’()[]"
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)

HEADLINE_MAX_WORDS = 35  # longer unpunctuated blocks are not headline teasers
CAPTION_MAX_WORDS = 45
PATTERN_MAX_WORDS = 60  # cue patterns are tried on short blocks only
ORDINARY_MIN_WORDS = 12  # a punctuated block this long is an article paragraph


@dataclass(frozen=True, slots=True)
class Rules:
    """Cues loaded from ``boilerplate.yaml``; keys of each mapping are boilerplate reasons."""

    headings: dict[str, str]  # normalised heading -> reason
    prefixes: list[tuple[re.Pattern[str], str]]
    lines: dict[str, str]  # normalised whole line -> reason
    patterns: list[tuple[re.Pattern[str], str]]


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """Read and compile the cue file once."""
    source = resources.files("incidex").joinpath("data", "boilerplate.yaml")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    headings = {
        _normalise(cue): reason for reason, cues in data["section_headings"].items() for cue in cues
    }
    prefixes = [
        (re.compile(rf"^{re.escape(cue)}\s*[:|\-–—»›]\s*\S", re.IGNORECASE), reason)
        for reason, cues in data["prefixes"].items()
        for cue in cues
    ]
    lines = {_normalise(str(cue)): reason for reason, cues in data["lines"].items() for cue in cues}
    patterns = [
        (re.compile(pattern, re.IGNORECASE), reason)
        for reason, items in data["patterns"].items()
        for pattern in items
    ]
    return Rules(headings, prefixes, lines, patterns)


def _normalise(text: str) -> str:
    return " ".join(text.strip(_EDGE_PUNCT).lower().replace("’", "'").split())


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    text: str
    words: int
    terminal: bool

    @classmethod
    def of(cls, text: str, start: int, end: int) -> _Span:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        body = text[start:end]
        return cls(start, end, body, len(_WORD.findall(body)), bool(_TERMINAL.search(body)))

    @property
    def headline_like(self) -> bool:
        """A teaser headline, standfirst or name: short and without final punctuation."""
        return not self.terminal and 0 < self.words <= HEADLINE_MAX_WORDS

    @property
    def ordinary(self) -> bool:
        """An article paragraph: punctuated sentences of some length."""
        return self.terminal and self.words >= ORDINARY_MIN_WORDS


def split_blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank-line chunks, split into lines unless the lines wrap one paragraph."""
    spans: list[tuple[int, int]] = []
    position = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        spans.extend(_split_chunk(text, position, end))
        if brk:
            position = brk.end()
    return spans


def _split_chunk(text: str, start: int, end: int) -> list[tuple[int, int]]:
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text, start, end) if m.group().strip()]
    if not lines:
        return []
    if _wrapped([text[a:b].strip() for a, b in lines]):
        return [(lines[0][0], lines[-1][1])]
    groups = [list(lines[0])]
    for (a, b), (prev_a, prev_b) in zip(lines[1:], lines, strict=False):
        previous, current = text[prev_a:prev_b].strip(), text[a:b].strip()
        if not _TERMINAL.search(previous) and not previous.endswith(":") and current[:1].islower():
            groups[-1][1] = b  # the sentence runs on into this line
        else:
            groups.append([a, b])
    return [(a, b) for a, b in groups]


def _wrapped(lines: list[str]) -> bool:
    """Hard-wrapped prose: every line but the last fills most of a fixed width."""
    if len(lines) < 2:
        return False
    body = lines[:-1]
    width = max(len(line) for line in lines)
    if not 40 <= width <= 130 or any(len(line) < 0.75 * width for line in body):
        return False
    return sum(not _TERMINAL.search(line) for line in body) * 2 >= len(body)


def label_blocks(text: str) -> list[Block]:
    """Blocks of ``text`` in order, each ``body`` or ``boilerplate`` with a reason.

    ``text[b.start:b.end]`` is the block's text without surrounding whitespace.
    """
    rules = load_rules()
    spans = [_Span.of(text, a, b) for a, b in split_blocks(text)]
    reasons: list[str | None] = [None] * len(spans)
    first_paragraph = next(
        (i for i, s in enumerate(spans) if s.terminal and s.words >= 8), len(spans)
    )
    i = 0
    while i < len(spans):
        span = spans[i]
        heading = rules.headings.get(_normalise(span.text))
        if heading and span.words <= 6:
            reasons[i] = heading
            i = _label_section(spans, reasons, i + 1, heading, rules)
            continue
        reasons[i] = _line_reason(span, rules)
        if reasons[i] == "caption" and span.words <= 8 and i > 0:
            _caption_before(spans, reasons, i)
        i += 1
    _label_tagline(spans, reasons, first_paragraph)
    return [
        Block(s.start, s.end, "boilerplate" if r else "body", r)
        for s, r in zip(spans, reasons, strict=True)
    ]


def _label_section(
    spans: list[_Span], reasons: list[str | None], i: int, reason: str, rules: Rules
) -> int:
    """Label the teaser list after a section heading; return the index of the first body block."""
    while i < len(spans):
        span = spans[i]
        if rules.headings.get(_normalise(span.text)) and span.words <= 6:
            return i  # a new section starts; the caller labels it
        following = spans[i + 1] if i + 1 < len(spans) else None
        teaser = span.headline_like or _pattern_reason(span, rules) is not None
        caption = (
            span.terminal
            and span.words <= CAPTION_MAX_WORDS
            and not _SENTENCE_BREAK.search(span.text)
            and following is not None
            and following.headline_like
        )
        if not (teaser or caption):
            return i
        reasons[i] = reason
        i += 1
    return i


def _line_reason(span: _Span, rules: Rules) -> str | None:
    """Why a block on its own is furniture, or None for body."""
    normal = _normalise(span.text)
    if not normal:
        return "separator" if span.words == 0 else None
    if reason := rules.lines.get(normal):
        return reason
    if reason := _nav_list(span.text, rules):
        return reason
    if span.words <= HEADLINE_MAX_WORDS and not span.ordinary:
        for prefix, reason in rules.prefixes:
            if prefix.search(span.text):
                return reason
    return _pattern_reason(span, rules)


def _pattern_reason(span: _Span, rules: Rules) -> str | None:
    if span.words > PATTERN_MAX_WORDS:
        return None
    for pattern, reason in rules.patterns:
        if pattern.search(span.text):
            if span.ordinary and reason != "copyright":
                continue  # a sentence paragraph that merely mentions a cue stays body
            return reason
    return None


def _nav_list(text: str, rules: Rules) -> str | None:
    """A menu: several navigation words separated by bars, bullets or spaces."""
    parts = [p for p in _NAV_SEPARATORS.split(text) if p.strip()]
    if len(parts) < 2:
        parts = text.split()
        if len(parts) < 3:
            return None
    found = {rules.lines.get(_normalise(p)) for p in parts}
    if None not in found and found <= {"navigation", "advertisement"}:
        return "navigation"
    return None


def _label_tagline(spans: list[_Span], reasons: list[str | None], first_paragraph: int) -> None:
    """The first line of a page is a site slogan if a headline still follows before the body."""
    leading = [i for i in range(first_paragraph) if reasons[i] is None]
    if len(leading) < 2 or not _tagline(spans[leading[0]]):
        return
    if any(spans[i].headline_like for i in leading[1:]):
        reasons[leading[0]] = "tagline"


def _tagline(span: _Span) -> bool:
    """A slogan: a few words, no digits, no names, no punctuation."""
    if span.terminal or not 1 < span.words <= 6 or any(c.isdigit() for c in span.text):
        return False
    words = _WORD.findall(span.text)
    if not words[0][:1].isupper():
        return False
    return all(w.islower() or w.lower() in _SMALL_WORDS for w in words[1:])


def _caption_before(spans: list[_Span], reasons: list[str | None], i: int) -> None:
    """A photo credit line makes the short unpunctuated line before it a caption."""
    previous = spans[i - 1]
    if reasons[i - 1] is None and not previous.terminal and previous.words <= 30:
        reasons[i - 1] = "caption"
