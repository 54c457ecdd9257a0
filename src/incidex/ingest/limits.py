"""The bounds every input is read under, and the text clean-up every reader applies.

No input may stop a run, take unbounded memory or reach a limit further down (spaCy refuses texts
over 1,000,000 characters, E088): each limit is a named setting (``config.Settings``, ``INCIDEX_*``
environment variables), and what goes over one is cut or skipped with a reason that names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from incidex.config import (
    MAX_CHARS,
    MAX_DECOMPRESSED_BYTES,
    MAX_JSON_DEPTH,
    MAX_RECORD_CHARS,
    Settings,
)

MAX_ID_CHARS = 512  # a record's own id longer than this is refused
MAX_TITLE_CHARS = 1_000  # titles are headlines: longer ones are cut at a word
MAX_URL_CHARS = 4_096

_SURROGATE = re.compile("[\ud800-\udfff]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of an input is read.

    ``max_chars``: characters of one document's text; a longer text is cut at a paragraph
    break (else a line, sentence or word) and the document is flagged (``Document.cut``).
    ``max_decompressed_bytes``: bytes a gzip input may expand to; past it the rest of the input
    is not read (the documents before it are kept) and the input is reported skipped.
    ``max_record_chars``: characters of one record before it is parsed (a JSONL line, a JSON
    file, an HTML page, a CSV row); a longer record is skipped (an HTML page is cut).
    ``max_json_depth``: nesting of one JSON record; a deeper record is skipped.
    """

    max_chars: int = MAX_CHARS
    max_decompressed_bytes: int = MAX_DECOMPRESSED_BYTES
    max_record_chars: int = MAX_RECORD_CHARS
    max_json_depth: int = MAX_JSON_DEPTH

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_chars=settings.max_chars,
            max_decompressed_bytes=settings.max_decompressed_bytes,
            max_record_chars=settings.max_record_chars,
            max_json_depth=settings.max_json_depth,
        )


def clean_text(text: str) -> str:
    """``text`` without NUL characters, each lone UTF-16 surrogate (a broken emoji escaped in
    JSON as ``"\\ud83d"``) replaced by U+FFFD; text that cannot be encoded never leaves a reader."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if _SURROGATE.search(text):
        # A pair split into two code points is joined again; a lone half becomes U+FFFD.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def cut_text(text: str, max_chars: int) -> tuple[str, str | None]:
    """``text`` cut to at most ``max_chars`` characters at the last paragraph break (else line
    break, sentence end or space) of its second half, and a note saying so; ``None`` if uncut."""
    if len(text) <= max_chars:
        return text, None
    window = text[:max_chars]
    floor = max_chars // 2
    end = window.rfind("\n\n", floor)
    how = "a paragraph break"
    if end < 0:
        end, how = window.rfind("\n", floor), "a line break"
    if end < 0:
        ends = [m.end() for m in _SENTENCE_END.finditer(window, floor)]
        end, how = (ends[-1], "a sentence end") if ends else (-1, how)
    if end < 0:
        end, how = window.rfind(" ", floor), "a space"
    if end <= 0:
        end, how = max_chars, "the limit"
    return text[:end].rstrip(), how


def cut_note(kept: int, how: str, max_chars: int) -> str:
    """The note a cut document carries: what was kept, where, and the limit."""
    return (
        f"text over {max_chars:,} characters (INCIDEX_MAX_CHARS): cut to its first {kept:,} "
        f"at {how}; the rest is not extracted"
    )


def cut_words(text: str, limit: int) -> str:
    """A one-line value (title) cut to ``limit`` characters at a word, with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ", limit // 2)
    return (head[:space] if space > 0 else head).rstrip() + "…"
