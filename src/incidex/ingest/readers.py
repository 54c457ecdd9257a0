"""Read every supported input (text, HTML, JSONL, JSON, CSV, gzipped or not, files, folders, stdin)
into bare ``Document`` records, reporting each unusable document as ``Skipped`` instead of failing.

Readers only read: blocks, language and text-derived dates are added by ``incidex.ingest.prepare``.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from incidex.errors import DocumentSkipped, InputError
from incidex.ingest.encoding import BINARY_HINT, decode_bytes
from incidex.models import Document, Skipped, content_hash

STDIN = "-"
STDIN_SOURCE = "<stdin>"
FORMATS = (".txt", ".html", ".htm", ".jsonl", ".json", ".csv")
GZIP_MAGIC = b"\x1f\x8b"
ID_KEYS = ("id", "eventid")
TEXT_KEYS = ("text", "body", "summary")
CSV_TEXT_COLUMNS = ("text", "summary", "body")
DATE_KEYS = ("published", "date")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")

Item = Document | Skipped


def iter_documents(
    paths: Sequence[str],
    text_column: str | None = None,
    stdin: TextIO | BinaryIO | None = None,
) -> Iterator[Item]:
    """Documents and skips from ``paths`` in order; ``-`` reads standard input.

    Raises ``InputError`` at once (before reading anything) when a path does not exist.
    """
    for path in paths:
        if path != STDIN and not Path(path).exists():
            raise InputError(f"{path}: no such file or directory; check the path")
    return _iter_all(list(paths), text_column, stdin)


def _iter_all(
    paths: list[str], text_column: str | None, stdin: TextIO | BinaryIO | None
) -> Iterator[Item]:
    for path in paths:
        if path == STDIN:
            yield from _guard(STDIN_SOURCE, _read_stdin(stdin))
        elif Path(path).is_dir():
            for file in _walk(Path(path)):
                yield from _guard(str(file), _read_file(file, text_column))
        else:
            yield from _guard(path, _read_file(Path(path), text_column, explicit=True))


def _guard(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """A failure inside one input becomes a skip; the batch goes on."""
    try:
        yield from items
    except DocumentSkipped as err:
        yield _skip(source, str(err))
    except Exception as err:  # noqa: BLE001 - a bad input must never stop the batch
        yield Skipped(
            source, f"could not read ({type(err).__name__}: {err}); report this input as a bug"
        )


def _skip(source: str, message: str) -> Skipped:
    prefix = f"{source}: "
    return Skipped(source, message[len(prefix) :] if message.startswith(prefix) else message)


def _walk(root: Path) -> Iterator[Path]:
    """Supported, non-hidden files under ``root``, recursively, in sorted order."""
    for file in sorted(root.rglob("*")):
        parts = file.relative_to(root).parts
        if any(part.startswith(".") for part in parts) or not file.is_file():
            continue
        if _format(file) is not None:
            yield file


def _format(path: Path) -> str | None:
    """The document format from the file name (``.gz`` looks at the name inside)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in FORMATS:
        return ".html" if suffixes[-1] == ".htm" else suffixes[-1]
    return None


def _read_file(path: Path, text_column: str | None, *, explicit: bool = False) -> Iterator[Item]:
    source = str(path)
    kind = _format(path)
    if kind is None and not (explicit and path.suffix.lower() == ".gz"):
        yield Skipped(source, f"unsupported file type '{path.suffix or path.name}'; {BINARY_HINT}")
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield Skipped(
            source, f"cannot read the file ({err.strerror or err}); check its permissions"
        )
        return
    data = _gunzip(data, source)
    text = decode_bytes(data, source)
    if kind is None:  # an explicit "name.gz": look at the content
        kind = _sniff(text)
    yield from _parse(kind, text, source, path.name, text_column)


def _gunzip(data: bytes, source: str) -> bytes:
    if not data.startswith(GZIP_MAGIC):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as err:
        raise DocumentSkipped(
            f"{source}: corrupt gzip file ({err}); re-compress or unzip it"
        ) from err


def _read_stdin(stdin: TextIO | BinaryIO | None) -> Iterator[Item]:
    stream = stdin if stdin is not None else sys.stdin.buffer
    raw = stream.read()
    if isinstance(raw, bytes):
        raw = decode_bytes(_gunzip(raw, STDIN_SOURCE), STDIN_SOURCE)
    else:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    yield from _parse(_sniff(raw), raw, STDIN_SOURCE, None, None)


def _sniff(text: str) -> str:
    first = text.lstrip()[:1]
    if first == "{":
        return ".jsonl"
    if first == "[":
        return ".json"
    if first == "<":
        return ".html"
    return ".txt"


def _parse(
    kind: str, text: str, source: str, name: str | None, text_column: str | None
) -> Iterator[Item]:
    if kind == ".jsonl":
        yield from _read_jsonl(text, source, name)
    elif kind == ".json":
        yield from _read_json(text, source, name)
    elif kind == ".csv":
        yield from _read_csv(text, source, name, text_column)
    elif kind == ".html":
        yield _read_html(text, source, name)
    else:
        yield _document(name or content_hash(text), source, text)


def _document(doc_id: str, source: str, text: str, **fields: Any) -> Item:
    if not text.strip():
        return Skipped(source, "empty document")
    return Document(id=doc_id, source=source, text=text, **fields)


@dataclass(slots=True)
class Page:
    """What an HTML page yields: main text and metadata."""

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None


def extract_html(markup: str) -> Page:
    """Main text and metadata with trafilatura; tag-stripped text when it finds nothing."""
    import trafilatura  # slow to import; only HTML inputs need it

    try:
        result = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - trafilatura fails on odd markup; fall back below
        result = None
    title = _html_title(markup)
    if result is None or isinstance(result, dict) or not (result.text or "").strip():
        return Page(strip_tags(markup), title)
    return Page(result.text or "", result.title or title, result.url or None, result.date or None)


_SKIP_ELEMENTS = re.compile(r"<(script|style|noscript|template|svg|head)\b.*?</\1\s*>", re.I | re.S)
_BLOCK_TAGS = re.compile(
    r"</?(p|div|br|h[1-6]|li|ul|ol|tr|table|section|article|header|footer|nav"
    r"|blockquote|figure|figcaption|aside|main|pre|hr)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)


def strip_tags(markup: str) -> str:
    """Plain text of an HTML page: scripts dropped, block elements on their own lines."""
    text = _SKIP_ELEMENTS.sub(" ", re.sub(r"<!--.*?-->", " ", markup, flags=re.S))
    text = _TAG.sub("", _BLOCK_TAGS.sub("\n", text))
    lines = (" ".join(html.unescape(line).split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _html_title(markup: str) -> str | None:
    match = _TITLE.search(markup)
    title = " ".join(html.unescape(_TAG.sub("", match[1])).split()) if match else ""
    return title or None


def _read_html(markup: str, source: str, name: str | None) -> Item:
    page = extract_html(markup)
    published = parse_date(page.published)
    return _document(
        name or content_hash(page.text),
        source,
        page.text,
        title=page.title,
        url=page.url,
        published=published,
        published_source="metadata" if published else None,
    )


def _read_jsonl(text: str, source: str, name: str | None) -> Iterator[Item]:
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            reason = f"line {lineno} is not valid JSON ({err.msg}); fix the line and ingest again"
            yield Skipped(where, reason)
            continue
        yield _from_record(record, where, f"{name}:{lineno}" if name else None)


def _read_json(text: str, source: str, name: str | None) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield Skipped(
            source,
            f"not valid JSON ({err.msg} at line {err.lineno}); fix the file and ingest again",
        )
        return
    if isinstance(data, list):
        for index, record in enumerate(data, start=1):
            yield _from_record(record, f"{source}#{index}", f"{name}#{index}" if name else None)
    else:
        yield _from_record(data, source, name)


def _from_record(record: object, source: str, fallback_id: str | None) -> Item:
    """One JSON object -> Document; keys id, title, published/date, url, text/body."""
    if not isinstance(record, dict):
        return Skipped(source, "record is not a JSON object; give one {...} object per record")
    text = _first(record, TEXT_KEYS)
    if text is None:
        return Skipped(source, "record has no text; give it a 'text' or 'body' field")
    if not isinstance(text, str):
        return Skipped(source, "the record's text is not a string; give 'text' as a JSON string")
    return _from_fields(record, source, text, fallback_id)


def _from_fields(record: dict[str, Any], source: str, text: str, fallback_id: str | None) -> Item:
    own_id = _first(record, ID_KEYS)
    published = parse_date(_first(record, DATE_KEYS))
    title = _first(record, ("title",))
    url = _first(record, ("url", "link"))
    return _document(
        str(own_id) if own_id not in (None, "") else fallback_id or content_hash(text),
        source,
        text,
        title=_clean(title),
        url=_clean(url),
        published=published,
        published_source="metadata" if published else None,
    )


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _first(record: dict[str, Any], keys: Sequence[str]) -> Any:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in keys:
        if lowered.get(key) not in (None, ""):
            return lowered[key]
    return None


def _read_csv(text: str, source: str, name: str | None, text_column: str | None) -> Iterator[Item]:
    _raise_field_limit()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = {c.strip().lower(): c for c in reader.fieldnames or [] if c}
    wanted = [text_column.strip().lower()] if text_column else list(CSV_TEXT_COLUMNS)
    found = next((columns[c] for c in wanted if c in columns), None)
    if found is None:
        if text_column:
            listed = ", ".join(columns.values()) or "none"
            reason = f"no column '{text_column}' (columns: {listed}); check --text-column"
        else:
            reason = "no text column (looked for text, summary, body); name one with --text-column"
        yield Skipped(source, reason)
        return
    for row_number, row in enumerate(reader, start=1):
        where = f"{source}#{row_number}"
        text_value = (row.get(found) or "").replace("\r\n", "\n")
        if not text_value.strip():
            yield Skipped(
                where, f"row {row_number} has an empty '{found}'; fill it in or drop the row"
            )
            continue
        record = {k.strip(): v for k, v in row.items() if k is not None and k != found}
        yield _from_fields(record, where, text_value, f"{name}#{row_number}" if name else None)


def _raise_field_limit() -> None:
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 10


def parse_date(value: object) -> date | None:
    """An ISO date or datetime ("2016-01-11", "2016-01-11T10:00:00Z"); None if unparseable."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    match = _ISO_DATE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None
