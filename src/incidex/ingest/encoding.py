"""Bytes -> text for all readers: refuse binary data, decode UTF-8/UTF-16/legacy text, fix newlines.

One place decides encodings so a latin-1 CSV and a UTF-16 text file read the same as UTF-8 ones.
A long input is decided on its first bytes (``decode_head``) and the rest streamed with that codec.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from incidex.errors import DocumentSkipped

BINARY_HINT = "give a .txt, .html, .jsonl, .json, .csv, .warc or .wet file"

_SAMPLE = 8192
_MAX_CONTROL_RATIO = 0.05
# C0 control bytes that never appear in text (tab, newlines, form feed and escape are allowed).
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Non-ASCII characters a Western (cp1252) text plausibly contains.
_WESTERN = re.compile(
    r"[\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2022"
    r"\u2026\u2030\u20ac\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    r"\u02c6\u02dc\u2039\u203a]"
)
_NEWLINES = re.compile(r"\r\n?")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a file's bytes to text with ``\\n`` newlines; raise ``DocumentSkipped`` if binary.

    NUL characters are dropped: a stray NUL does not make a file binary; the share of control
    bytes in the content does."""
    text, _codec = _decode(data, source, partial=False)
    return normalise(text)


def normalise(text: str) -> str:
    """``\\n`` newlines, no byte-order mark, no NUL characters."""
    text = _NEWLINES.sub("\n", text).lstrip("\ufeff")
    return text.replace("\x00", "") if "\x00" in text else text


def decode_head(data: bytes, source: str) -> tuple[str, str]:
    """Decode the first bytes of a longer input: the text (normalised as ``decode_bytes`` does,
    a character cut at the end dropped) and the codec to read the rest with."""
    text, codec = _decode(data, source, partial=True)
    return normalise(text), codec


def looks_binary(data: bytes) -> bool:
    """Whether bytes are binary data rather than text: too many control bytes in their first
    8 KiB (NUL aside, UTF-16 has them in every other byte; callers try it first)."""
    sample = data[:_SAMPLE]
    return (
        bool(sample) and sum(b in _CONTROL_BYTES for b in sample) / len(sample) > _MAX_CONTROL_RATIO
    )


def _binary(source: str) -> DocumentSkipped:
    return DocumentSkipped(f"{source}: binary file, not text; {BINARY_HINT}")


def _strict(data: bytes, encoding: str, partial: bool) -> str:
    """``data`` decoded strictly; with ``partial``, a character cut by the end of the sample
    is left out rather than refused."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        if partial and err.end >= len(data) - 1 and err.start >= len(data) - 4:
            return data[: err.start].decode(encoding)
        raise


def _decode(data: bytes, source: str, partial: bool) -> tuple[str, str]:
    """The text and the codec it was read with."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _strict(data, encoding, partial), encoding
            except UnicodeDecodeError as err:
                raise _binary(source) from err
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        utf16 = _bomless_utf16(data, partial)
        if utf16 is not None:
            return utf16
    if looks_binary(sample):
        raise _binary(source)
    try:
        return _strict(data, "utf-8", partial), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8, "utf-8"
    western = _western(data)
    if western is not None:
        return western, "cp1252"
    best = from_bytes(data).best()
    if best is None:
        raise _binary(source)
    return str(best), best.encoding


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes: keep it UTF-8 (with U+FFFD) rather than make mojibake."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = sum(ord(c) > 0x7F for c in text) - broken
    return text if valid > 0 and broken * 2 <= valid else None


def _bomless_utf16(data: bytes, partial: bool) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: mostly-ASCII text has NUL in every other byte."""
    even, odd = data[0::2], data[1::2]
    if not odd:
        return None
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) / len(zeros) > 0.6:
            try:
                text = _strict(data[:_SAMPLE], encoding, partial=True)
                if text.count("\x00") * 20 > len(text):  # NUL characters: not text
                    return None
                return _strict(data, encoding, partial), encoding
            except UnicodeDecodeError:
                return None
    return None


def _western(data: bytes) -> str | None:
    """cp1252 (a superset of latin-1 in practice) when the result looks like Western text.

    Short legacy files fool statistical detectors; accented letters mixed into mostly-ASCII words
    are the signature of Western European text, while a Cyrillic or Greek file decoded as cp1252
    turns nearly every letter non-ASCII.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    non_ascii = [c for c in text if ord(c) > 0x7F]
    if not all(_WESTERN.match(c) for c in non_ascii):
        return None
    letters = sum(c.isalpha() for c in text)
    accented = sum(c.isalpha() for c in non_ascii)
    if letters and accented / letters > 0.3:
        return None
    return text
