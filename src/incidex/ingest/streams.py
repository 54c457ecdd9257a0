"""Inputs as bounded text streams: gzip expanded as it is read, never past a byte cap, decoded
on the fly, cleaned of NUL characters, read line by line with a cap on a line's length.

A small input (under ``HEAD_BYTES``) is decoded whole, exactly as ``decode_bytes`` decodes a
file; a larger one is decided on its first ``HEAD_BYTES`` and the rest streamed with that codec,
so memory stays bounded whatever the input's size.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from incidex.errors import DocumentSkipped
from incidex.ingest.encoding import decode_bytes, decode_head
from incidex.ingest.limits import Limits, clean_text

GZIP_MAGIC = b"\x1f\x8b"
HEAD_BYTES = 4 << 20
_CHUNK = 1 << 16
_DRAIN = 1 << 20


class Prefixed(io.RawIOBase):
    """``head`` followed by what is left of ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO | io.RawIOBase) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer)) or b""
        buffer[: len(data)] = data
        return len(data)


class _Capped(io.RawIOBase):
    """A gzip stream read as it expands: more than ``cap`` bytes raises ``DocumentSkipped``, and
    so does a corrupt stream, after what was read before it."""

    def __init__(self, inner: gzip.GzipFile, cap: int, source: str) -> None:
        self._inner = inner
        self._cap = cap
        self._count = 0
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        room = self._cap - self._count
        try:
            data = self._inner.read(min(len(buffer), room) if room > 0 else 1)
        except (OSError, EOFError, zlib.error) as err:
            raise DocumentSkipped(
                f"{self._source}: corrupt gzip file ({err}); re-compress or unzip it"
            ) from err
        if room <= 0 and data:
            raise DocumentSkipped(
                f"{self._source}: decompresses to more than {self._cap:,} bytes "
                f"(INCIDEX_MAX_DECOMPRESSED_BYTES); what came before was read, the rest is not"
            )
        self._count += len(data)
        buffer[: len(data)] = data
        return len(data)


class _EncodedText(io.RawIOBase):
    """A text stream (standard input given as text) as UTF-8 bytes, cleaned of lone surrogates."""

    def __init__(self, text: TextIO) -> None:
        self._text = text
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = self._text.read(_CHUNK)
            if not chunk:
                return 0
            self._pending = clean_text(chunk).encode("utf-8")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def read_up_to(stream: io.RawIOBase | BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes: fewer only at the end of the stream (pipes return short reads)."""
    parts: list[bytes] = []
    got = 0
    while got < size:
        data = stream.read(size - got)
        if not data:
            break
        parts.append(data)
        got += len(data)
    return b"".join(parts)


class TextInput:
    """One input as text: ``read`` a bounded prefix, or iterate ``lines`` of bounded length.

    Both drop NUL characters; newlines are ``\\n``."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._first = True

    def read(self, size: int) -> str:
        """Up to ``size`` characters (fewer only at the end of the input)."""
        parts: list[str] = []
        got = 0
        while got < size:
            chunk = self._stream.read(min(size - got, _DRAIN))
            if not chunk:
                break
            chunk = self._clean(chunk)
            parts.append(chunk)
            got += len(chunk)
        return "".join(parts)

    def lines(self, limit: int) -> Iterator[str | None]:
        """Each line with its newline; ``None`` for a line longer than ``limit`` characters,
        which is read past without being kept."""
        while line := self._stream.readline(limit + 1):
            if len(line) > limit and not line.endswith("\n"):
                while (rest := self._stream.readline(_DRAIN)) and not rest.endswith("\n"):
                    pass
                yield None
            else:
                yield self._clean(line)

    def _clean(self, text: str) -> str:
        if self._first:
            text = text.lstrip("\ufeff")
            self._first = not text
        return clean_text(text)


def open_text(raw: BinaryIO | io.RawIOBase, source: str, limits: Limits) -> TextInput:
    """``raw`` (a file, standard input) as text: gunzipped when it starts with the gzip magic
    bytes, decoded, bounded. Raises ``DocumentSkipped`` for binary data or a corrupt gzip."""
    magic = read_up_to(raw, 2)
    stream: io.RawIOBase | BinaryIO = Prefixed(magic, raw)
    if magic == GZIP_MAGIC:
        unzipped = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[arg-type]
        stream = _Capped(unzipped, limits.max_decompressed_bytes, source)
    head_size = min(HEAD_BYTES, limits.max_decompressed_bytes)
    head = read_up_to(stream, head_size)
    if len(head) < head_size:  # the whole input: decoded as a file is
        return TextInput(io.StringIO(decode_bytes(head, source)))
    _text, codec = decode_head(head, source)  # refuses binary data from its first bytes
    buffered = io.BufferedReader(Prefixed(head, stream), buffer_size=_CHUNK)
    return TextInput(io.TextIOWrapper(buffered, encoding=codec, errors="replace", newline=None))


def open_text_stdin(stdin: TextIO | BinaryIO, source: str, limits: Limits) -> TextInput:
    """Standard input as ``open_text`` reads a file; a text stream is taken as UTF-8."""
    if isinstance(stdin.read(0), str):
        return open_text(_EncodedText(stdin), source, limits)  # type: ignore[arg-type]
    return open_text(stdin, source, limits)  # type: ignore[arg-type]
