"""Web archives (WARC, and Common Crawl's WET text extracts) read record by record with warcio.

A gzipped archive is a series of gzip members, one record each: every member is expanded on its
own (into a spooled temporary file, in memory up to ``SPOOL_BYTES``, never past
``INCIDEX_MAX_DECOMPRESSED_BYTES``) and its records parsed by warcio's ``ArchiveIterator`` only
once the member ended cleanly, so a truncated or corrupt member never yields garbage: it is
reported as ``Skipped`` and reading resumes at the next gzip member. An uncompressed archive is
read by ``ArchiveIterator`` directly; a record it cannot parse (a bad header, a wrong
Content-Length) is reported and reading resumes at the next ``WARC/1.`` line. Memory stays
bounded whatever the archive's size: nothing is read ahead beyond one member and a 64 KiB block.

What comes out are the records that can be articles (``WebRecord``): 2xx HTML ``response`` (and
``resource``) records, and text ``conversion`` records (WET). Requests, metadata, warcinfo,
revisits, redirects and non-HTML payloads (images, PDFs) are passed over silently and counted.
Turning a record into a ``Document`` is the readers' job (``readers.py``).
"""

from __future__ import annotations

import codecs
import io
import logging
import tempfile
import zlib
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import IO, Any, BinaryIO, Literal

from warcio.archiveiterator import ArchiveIterator

from incidex.errors import DocumentSkipped
from incidex.ingest.encoding import decode_bytes, looks_binary, normalise
from incidex.ingest.limits import Limits, clean_text
from incidex.ingest.streams import Prefixed, read_up_to
from incidex.models import Skipped

log = logging.getLogger(__name__)
# warcio logs a warning for each odd header it repairs ("Replacing spaces in invalid
# WARC-Target-URI"); with no logging configured they would reach the terminal one per record.
# What matters to the user (a record not read) is reported as a skip instead.
logging.getLogger("warcio").setLevel(logging.ERROR)

GZIP_MEMBER = b"\x1f\x8b\x08"  # gzip magic and the deflate method: where a member starts
WARC_LINE = b"WARC/1."  # where an uncompressed record starts
SPOOL_BYTES = 4 << 20  # an expanded member is held in memory up to this, then on disk
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
_CHUNK = 1 << 16
_OUT = 1 << 18
# What warcio raises on a record it cannot parse: its own errors, but on malformed input also
# AttributeError, IndexError, TypeError, ... (a missing header read as None): any error of one
# record must stop only that record.
_BAD_RECORD = (Exception,)


@dataclass(frozen=True, slots=True)
class WebRecord:
    """A record that can be an article: its text (HTML markup or plain text) and what the archive
    says of it (``offset``: where its record, or gzip member, starts in the file)."""

    kind: Literal["html", "text"]
    body: str
    offset: int
    record_id: str | None
    url: str | None
    date: str | None  # WARC-Date, as written ("2024-03-05T08:12:44Z")
    note: str | None = None  # why the body was cut, if it was


def is_archive(suffix: str) -> bool:
    """Whether a file's format suffix (``.gz`` removed) is a web archive's."""
    return suffix in (".warc", ".wet")


def read_archive(raw: BinaryIO, source: str, limits: Limits) -> Iterator[WebRecord | Skipped]:
    """The article records of the archive ``raw`` (gzipped or not), in file order, each bad
    record a ``Skipped`` naming ``source@offset``; the records after a bad one are still read."""
    counts: Counter[str] = Counter()
    origin = raw.tell() if _seekable(raw) else 0
    magic = read_up_to(raw, len(GZIP_MEMBER))
    if magic == GZIP_MEMBER:
        yield from _gzipped(_Buffer(raw, magic, origin), source, limits, counts)
    else:
        yield from _plain(raw, magic, origin, source, limits, counts)
    if counts:
        passed = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
        log.info("%s: records passed over (not articles): %s", source, passed)


# --- gzip members ------------------------------------------------------------------------------


class _Buffer:
    """The raw file, read in blocks, with the bytes read but not yet used kept in front."""

    def __init__(self, raw: BinaryIO, pending: bytes, offset: int) -> None:
        self.raw = raw
        self.pending = pending
        self.offset = offset  # file offset of pending[0]

    def fill(self) -> bool:
        """Read one more block behind the pending bytes; False at the end of the file."""
        data = self.raw.read(_CHUNK)
        if data:
            self.pending += data
        return bool(data)

    def take(self) -> bytes:
        data, self.pending = self.pending, b""
        self.offset += len(data)
        return data

    def give_back(self, data: bytes) -> None:
        self.pending = data + self.pending
        self.offset -= len(data)

    def seek(self, offset: int) -> bool:
        """Read on from ``offset`` (False if the file cannot seek)."""
        try:
            self.raw.seek(offset)
        except (OSError, ValueError, AttributeError):
            return False
        self.pending, self.offset = b"", offset
        return True


def _gzipped(
    buffer: _Buffer, source: str, limits: Limits, counts: Counter[str]
) -> Iterator[WebRecord | Skipped]:
    while _to_next_member(buffer):
        start = buffer.offset
        member = _expand_member(buffer, limits.max_decompressed_bytes)
        if isinstance(member, str):
            yield Skipped(f"{source}@{start}", member)
            if not buffer.seek(start + 1):
                yield Skipped(
                    source, "the rest is not read: the input cannot be searched for the next record"
                )
                return
            continue
        with member:
            yield from _records(member, start, True, source, limits, counts)


def _to_next_member(buffer: _Buffer) -> bool:
    """Move to the next gzip member; False at the end of the file. Bytes that are no member (the
    rest of a corrupt one) are passed over."""
    while True:
        while len(buffer.pending) < len(GZIP_MEMBER) and buffer.fill():
            pass
        at = buffer.pending.find(GZIP_MEMBER)
        if at >= 0:
            buffer.offset += at
            buffer.pending = buffer.pending[at:]
            return True
        keep = len(GZIP_MEMBER) - 1  # a magic split by the block boundary
        tail = buffer.pending[-keep:] if len(buffer.pending) >= keep else buffer.pending
        buffer.offset += len(buffer.pending) - len(tail)
        buffer.pending = tail
        if not buffer.fill():
            return False


def _expand_member(buffer: _Buffer, cap: int) -> IO[bytes] | str:
    """The gzip member at the buffer's start expanded into a spooled file (at its start), the
    buffer moved past it; or why it cannot be used."""
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned
    size = 0
    data = buffer.take()
    try:
        while True:
            out = inflate.decompress(data, _OUT)
            size += len(out)
            if size > cap:
                spool.close()
                return (
                    f"a gzip member expands to more than {cap:,} bytes "
                    "(INCIDEX_MAX_DECOMPRESSED_BYTES); a WARC gzipped whole, not record by record, "
                    "can be split with 'warcio recompress'"
                )
            spool.write(out)
            if inflate.eof:
                buffer.give_back(inflate.unused_data)
                spool.seek(0)
                return spool
            data = inflate.unconsumed_tail
            if not data and not out:  # all input inflated and no output pending: read on
                if not buffer.fill():
                    spool.close()
                    return "corrupt gzip member (cut short: it does not end before the file does)"
                data = buffer.take()
    except zlib.error as err:
        spool.close()
        return f"corrupt gzip member ({err}); reading goes on at the next record"


# --- uncompressed archives ---------------------------------------------------------------------


def _plain(
    raw: BinaryIO, head: bytes, origin: int, source: str, limits: Limits, counts: Counter[str]
) -> Iterator[WebRecord | Skipped]:
    """An uncompressed archive from ``origin``; after a record that cannot be parsed, reading
    resumes at the next ``WARC/1.`` (when the file can seek; else the rest is reported unread)."""
    seekable = _seekable(raw)
    if seekable:
        raw.seek(origin)
        stream: BinaryIO = raw
    else:
        stream = io.BufferedReader(Prefixed(head, raw))  # type: ignore[arg-type]
    start: int | None = origin
    while start is not None:
        bad = yield from _records(stream, start, False, source, limits, counts)
        if bad is None:
            return
        if not seekable:
            yield Skipped(
                source, "the rest is not read: the input cannot be searched for the next record"
            )
            return
        start = _find(raw, WARC_LINE, bad + 1)
        if start is not None:
            raw.seek(start)


def _find(raw: BinaryIO, needle: bytes, offset: int) -> int | None:
    """The file offset of the next ``needle`` at or after ``offset``."""
    raw.seek(offset)
    carry = b""
    base = offset
    while block := raw.read(_CHUNK):
        window = carry + block
        at = window.find(needle)
        if at >= 0:
            return base + at
        carry = window[-(len(needle) - 1) :]
        base += len(window) - len(carry)
    return None


# --- records -----------------------------------------------------------------------------------


class _Iterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, counting a record not followed by its blank lines (a wrong
    Content-Length) instead of writing a warning to standard error."""

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        empty_size = 0
        first_line = True
        while True:
            line = self.reader.readline()
            if len(line) == 0:
                return None, empty_size
            if len(line.rstrip()) == 0 or first_line:
                empty_size += len(line)
                if len(line.rstrip()) != 0:
                    self.err_count += 1
                first_line = False
                continue
            return line, empty_size


def _records(
    stream: IO[bytes],
    base: int,
    member: bool,
    source: str,
    limits: Limits,
    counts: Counter[str],
) -> Generator[WebRecord | Skipped, None, int | None]:
    """The records of ``stream``: a gzip member's content (its records all get the member's
    offset ``base``), or an uncompressed archive read from ``base``. Returns None when the
    stream was read to its end, else the offset of the record that could not be used."""
    records = _Iterator(stream)
    while True:
        offset = base if member else int(records.offset)
        where = f"{source}@{offset}"
        try:
            record = next(records)
        except StopIteration:
            return None
        except _BAD_RECORD as err:
            yield Skipped(where, f"unreadable WARC record ({_reason(err)})")
            return offset
        errors = records.err_count
        item: WebRecord | Skipped | None
        try:
            try:
                item = _article(record, offset, limits, counts)
            except DocumentSkipped as err:
                item = Skipped(where, str(err))
            records.read_to_end()
        except _BAD_RECORD as err:
            yield Skipped(where, f"unreadable WARC record ({_reason(err)})")
            return offset
        if records.err_count > errors:
            yield Skipped(where, "the record's Content-Length is wrong (no blank line after it)")
            return offset
        if item is not None:
            yield item


def _reason(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text[:200]}" if text else type(err).__name__


def _article(record: Any, offset: int, limits: Limits, counts: Counter[str]) -> WebRecord | None:
    """The record as a ``WebRecord`` if it can be an article, None (counted) if it is not one;
    ``DocumentSkipped`` if it should be one but cannot be read."""
    kind = record.rec_type
    headers = record.rec_headers
    if kind in ("response", "resource"):
        mime, charset = _content_type(record, kind)
        if mime is None:
            counts[f"{kind} not 2xx"] += 1
            return None
        if mime in HTML_TYPES:
            what: Literal["html", "text"] = "html"
        elif kind == "resource" and mime in TEXT_TYPES:
            what = "text"
        else:
            counts[f"{mime or 'untyped'} {kind}"] += 1
            return None
    elif kind == "conversion":
        mime = (headers.get_header("Content-Type") or "text/plain").split(";")[0].strip().lower()
        if mime not in TEXT_TYPES:
            counts[f"{mime} conversion"] += 1
            return None
        what, charset = "text", "utf-8"
    elif not kind:
        raise DocumentSkipped("the record has no WARC-Type")
    else:
        counts[str(kind)] += 1
        return None
    body, note = _body(record, limits.max_record_chars)
    text = _decode(body, charset)
    record_id = (headers.get_header("WARC-Record-ID") or "").strip().strip("<>") or None
    return WebRecord(
        kind=what,
        body=text,
        offset=offset,
        record_id=record_id,
        url=headers.get_header("WARC-Target-URI"),
        date=headers.get_header("WARC-Date"),
        note=note,
    )


def _content_type(record: Any, kind: str) -> tuple[str | None, str | None]:
    """The payload's media type and charset; None for a response that is no success (a redirect,
    an error page). An HTTP header that cannot be read raises ``DocumentSkipped``."""
    http = record.http_headers
    if kind == "resource" or http is None:
        value = record.rec_headers.get_header("Content-Type") or ""
    else:
        protocol = (http.protocol or "").upper()
        status = http.get_statuscode() or ""
        if not protocol.startswith("HTTP/") or len(status) != 3 or not status.isdigit():
            line = " ".join(f"{http.protocol} {http.statusline}".split())[:80]
            raise DocumentSkipped(f"unreadable HTTP header (status line {line!r})")
        if not status.startswith("2"):
            return None, None
        value = http.get_header("Content-Type") or ""
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return mime.strip().lower(), charset


def _body(record: Any, limit: int) -> tuple[bytes, str | None]:
    """The payload (de-chunked, its Content-Encoding undone), at most ``limit`` bytes of it."""
    stream = record.content_stream()
    body: bytes = stream.read(limit + 1)
    if len(body) <= limit:
        return body, None
    return body[:limit], (
        f"page of over {limit:,} bytes (INCIDEX_MAX_RECORD_CHARS): its first {limit:,} read"
    )


def _decode(body: bytes, charset: str | None) -> str:
    """UTF-8 if it is, else the charset the record declares (unless the bytes are binary data),
    else the readers' detection; a body that is no text raises ``DocumentSkipped``."""
    codecs_to_try = ["utf-8"]
    if charset and b"\x00" not in body[:8192] and not looks_binary(body):
        codecs_to_try.append(charset)
    for codec in codecs_to_try:
        try:
            codecs.lookup(codec)
            return clean_text(normalise(body.decode(codec)))
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return clean_text(decode_bytes(body, "the payload"))
    except DocumentSkipped as err:
        raise DocumentSkipped("the payload is not text (binary or of no known encoding)") from err


# --- streams -----------------------------------------------------------------------------------


def _seekable(raw: BinaryIO) -> bool:
    try:
        return bool(raw.seekable())
    except (OSError, ValueError, AttributeError):
        return False
