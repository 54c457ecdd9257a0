"""Read every supported input (text, HTML, JSONL, JSON, CSV, WARC/WET web archives, gzipped or
not, files, folders, stdin) into bare ``Document`` records, reporting each unusable document as
``Skipped`` instead of failing.

Readers only read: blocks, language and text-derived dates are added by ``incidex.ingest.prepare``.
Every input is read as a bounded stream (``streams``) under ``limits.Limits``; text is cleaned of
NUL characters and lone surrogates; no two documents of a run get one id.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from incidex.errors import DocumentSkipped, InputError
from incidex.ingest.encoding import BINARY_HINT
from incidex.ingest.limits import (
    MAX_ID_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    Limits,
    clean_text,
    cut_note,
    cut_text,
    cut_words,
)
from incidex.ingest.pubdate import find_published
from incidex.ingest.streams import TextInput, open_text, open_text_stdin
from incidex.ingest.warc import WebRecord, is_archive, read_archive
from incidex.models import Document, Skipped, content_hash

STDIN = "-"
STDIN_SOURCE = "<stdin>"
FORMATS = (".txt", ".html", ".htm", ".jsonl", ".json", ".csv", ".warc", ".wet")
WARC_DATE = "warc:date"  # published_source of a date taken from the archive record's WARC-Date
ID_KEYS = ("id", "eventid")
TEXT_KEYS = ("text", "body", "summary")
CSV_TEXT_COLUMNS = ("text", "summary", "body")
DATE_KEYS = ("published", "date")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_SNIFF_CHARS = 4096

Item = Document | Skipped


def iter_documents(
    paths: Sequence[str],
    text_column: str | None = None,
    stdin: TextIO | BinaryIO | None = None,
    limits: Limits | None = None,
) -> Iterator[Item]:
    """Documents and skips from ``paths`` in order; ``-`` reads standard input.

    Raises ``InputError`` at once (before reading anything) when a path does not exist.
    """
    for path in paths:
        if path != STDIN and not Path(path).exists():
            raise InputError(f"{path}: no such file or directory; check the path")
    return unique_ids(_read_all(list(paths), _Reader(text_column, limits or Limits()), stdin))


def read_web_archive(handle: BinaryIO, source: str, limits: Limits | None = None) -> Iterator[Item]:
    """The documents of one WARC or WET stream (gzipped or not), read record by record as they
    are asked for: a generator, so memory holds one record whatever the archive's size."""
    return _Reader(None, limits or Limits()).read_archive(handle, source, None)


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file of a run and the name its documents' ids use (as ``iter_documents`` names it):
    what a worker needs to read that file alone (``read_input``) with the same ids."""

    path: str
    name: str | None
    explicit: bool
    kind: str | None  # the format from the file name (".jsonl", ...); None: looked at when read


def input_files(paths: Sequence[str]) -> list[InputFile]:
    """The files ``iter_documents(paths)`` reads, in its order and with its names (no standard
    input). Raises ``InputError`` when a path does not exist."""
    for path in paths:
        if not Path(path).exists():
            raise InputError(f"{path}: no such file or directory; check the path")
    return [
        InputFile(str(i.file), i.name, i.explicit, _format(i.file))
        for i in _inputs(paths)
        if i.file is not None
    ]


def read_input(
    file: InputFile, text_column: str | None = None, limits: Limits | None = None, skip: int = 0
) -> Iterator[Item]:
    """The documents and skips of one file, exactly as ``iter_documents`` reads them (before its
    check that ids are unique across the run: ``unique_ids``), from the ``skip``-th on. The items
    passed over are not built where the format allows it: a web archive's records are not read
    as HTML (a failure of the file itself is reported once, by the reading it falls in)."""
    reader = _Reader(text_column, limits or Limits())
    return reader.read_from(_Input(Path(file.path), file.name, file.explicit), skip)


def _read_all(paths: list[str], reader: _Reader, stdin: TextIO | BinaryIO | None) -> Iterator[Item]:
    for item in _inputs(paths):
        if item.file is None:
            yield from _guard(STDIN_SOURCE, reader.read_stdin(stdin))
        else:
            yield from _guard(str(item.file), reader.read_file(item))


# --- which files, and the ids their documents get ------------------------------------------------


@dataclass(slots=True)
class _Input:
    """One input to read (``file`` None: standard input) and the name its documents' ids use."""

    file: Path | None
    name: str | None = None
    explicit: bool = False


def _inputs(paths: Sequence[str]) -> list[_Input]:
    """Every input, in order, named so that no two files of the run share a name.

    A file given directly is named by its file name, a file found in a folder by its path
    relative to that folder ("jan/report.txt"); files that would still share a name are named
    by their paths relative to the folder they have in common."""
    inputs: list[_Input] = []
    for path in paths:
        if path == STDIN:
            inputs.append(_Input(None))
        elif Path(path).is_dir():
            root = Path(path)
            inputs.extend(_Input(f, f.relative_to(root).as_posix()) for f in _walk(root))
        else:
            inputs.append(_Input(Path(path), Path(path).name, explicit=True))
    _tell_apart([i for i in inputs if i.file is not None])
    return inputs


def _tell_apart(files: list[_Input]) -> None:
    """Rename the files that share a name (the same file given twice keeps it)."""
    for _ in range(8):
        by_name: dict[str | None, dict[Path, list[_Input]]] = {}
        for item in files:
            assert item.file is not None
            by_name.setdefault(item.name, {}).setdefault(_real(item.file), []).append(item)
        clashes = [same for same in by_name.values() if len(same) > 1]
        if not clashes:
            return
        for same in clashes:
            common = Path(os.path.commonpath([str(real) for real in same]))
            for real, items in same.items():
                for item in items:
                    item.name = real.relative_to(common).as_posix()
    for item in files:  # a clash that renaming did not settle: full paths
        assert item.file is not None
        item.name = _real(item.file).as_posix()


def _real(file: Path) -> Path:
    try:
        return file.resolve()
    except (OSError, RuntimeError):
        return file.absolute()


class RunIds:
    """The ids of one run's documents so far: a document with the id of an earlier one is
    refused (with the same content it repeats it; with other content the ids clash, and the
    first document stays as it was)."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str]] = {}  # id -> (content hash, source)

    def refusal(self, ident: str, digest: str, source: str) -> str | None:
        """Why the document ``ident`` with content hash ``digest`` read from ``source`` is
        refused, or None (it is the first with that id: remembered)."""
        earlier = self._seen.get(ident)
        if earlier is None:
            self._seen[ident] = (digest, source)
            return None
        if earlier[0] == digest:
            return f"repeats document {ident!r} read from {earlier[1]}"
        return (
            f"id {ident!r} is already taken by {earlier[1]} with different content: "
            "not stored, nothing overwritten; give each record its own id"
        )


def unique_ids(items: Iterable[Item]) -> Iterator[Item]:
    """No two documents of a run share an id (``RunIds``): a refused document becomes a skip."""
    ids = RunIds()
    for item in items:
        if isinstance(item, Skipped):
            yield item
            continue
        refusal = ids.refusal(item.id, item.hash, item.source)
        yield item if refusal is None else Skipped(item.source, refusal)


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


def _guard(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """A failure inside one input becomes a skip; the documents before it and the batch go on."""
    try:
        yield from items
    except Exception as err:  # noqa: BLE001 - a bad input must never stop the batch
        yield _failure(source, err)


def _failure(source: str, err: Exception) -> Skipped:
    """The skip that ends an input whose reading raised ``err``."""
    if isinstance(err, DocumentSkipped):
        return _skip(source, str(err))
    return Skipped(
        source, f"could not read ({type(err).__name__}: {err}); report this input as a bug"
    )


def _skip(source: str, message: str) -> Skipped:
    prefix = f"{source}: "
    return Skipped(source, message[len(prefix) :] if message.startswith(prefix) else message)


# --- the formats -------------------------------------------------------------------------------


class _RecordError(Exception):
    """A record that cannot be used; the message is the skip's reason."""


class _Reader:
    """Reads inputs under one run's limits."""

    def __init__(self, text_column: str | None, limits: Limits) -> None:
        self.text_column = text_column
        self.limits = limits

    def read_file(self, item: _Input) -> Iterator[Item]:
        for found in self._file_records(item):
            if isinstance(found, WebRecord):
                yield self._web_document(found, str(item.file), item.name)
            else:
                yield found

    def _file_records(self, item: _Input) -> Iterator[Item | WebRecord]:
        """The items of a file; a web archive's records as they are, not yet documents."""
        assert item.file is not None
        path, source = item.file, str(item.file)
        kind = _format(path)
        if kind is None and not (item.explicit and path.suffix.lower() == ".gz"):
            yield Skipped(
                source, f"unsupported file type '{path.suffix or path.name}'; {BINARY_HINT}"
            )
            return
        try:
            handle = path.open("rb")
        except OSError as err:
            yield Skipped(
                source, f"cannot read the file ({err.strerror or err}); check its permissions"
            )
            return
        with handle:
            if kind is not None and is_archive(kind):
                yield from read_archive(handle, source, self.limits)
            else:
                text = open_text(handle, source, self.limits)
                yield from self._parse(kind, text, source, item.name)

    def read_archive(self, handle: BinaryIO, source: str, name: str | None) -> Iterator[Item]:
        """The articles of a WARC or WET file (gzipped or not), streamed record by record."""
        for record in read_archive(handle, source, self.limits):
            if isinstance(record, Skipped):
                yield record
            else:
                yield self._web_document(record, source, name)

    def read_from(self, item: _Input, skip: int) -> Iterator[Item]:
        """``_guard(read_file(item))`` from its ``skip``-th item on (see ``read_input``)."""
        assert item.file is not None
        source, seen = str(item.file), 0
        try:
            for found in self._file_records(item):
                if seen >= skip:
                    if isinstance(found, WebRecord):
                        found = self._web_document(found, source, item.name)
                    yield found
                seen += 1
        except Exception as err:  # noqa: BLE001 - as _guard: the failure is the file's last item
            if seen >= skip:
                yield _failure(source, err)

    def read_stdin(self, stdin: TextIO | BinaryIO | None) -> Iterator[Item]:
        stream = stdin if stdin is not None else sys.stdin.buffer
        text = open_text_stdin(stream, STDIN_SOURCE, self.limits)
        yield from self._parse(None, text, STDIN_SOURCE, None)

    def _parse(
        self, kind: str | None, text: TextInput, source: str, name: str | None
    ) -> Iterator[Item]:
        head = ""
        if kind is None:  # standard input, or an explicit "name.gz": look at the content
            head = text.read(_SNIFF_CHARS)
            kind = _sniff(head)
        if kind == ".jsonl":
            yield from self._jsonl(_lines(head, text, self.limits.max_record_chars), source, name)
        elif kind == ".json":
            yield from self._json_file(head, text, source, name)
        elif kind == ".csv":
            yield from self._csv(_lines(head, text, self.limits.max_record_chars), source, name)
        elif kind == ".html":
            yield self._html(head + text.read(self.limits.max_record_chars + 1), source, name)
        else:  # plain text: only what the document can hold is read
            body = head + text.read(self.limits.max_chars + 1 - len(head))
            yield self._document(name or content_hash(body), source, body)

    def _document(
        self, doc_id: str, source: str, text: str, note: str | None = None, **fields: Any
    ) -> Item:
        if not text.strip():
            return Skipped(source, "empty document")
        text, how = cut_text(text, self.limits.max_chars)
        if how is not None:
            cut = cut_note(len(text), how, self.limits.max_chars)
            note = f"{note}; {cut}" if note else cut
        return Document(id=doc_id, source=source, text=text, cut=note, **fields)

    def _too_long(self, what: str) -> str:
        limit = self.limits.max_record_chars
        return f"{what} is longer than {limit:,} characters (INCIDEX_MAX_RECORD_CHARS): not read"

    def _too_deep(self, what: str) -> str:
        limit = self.limits.max_json_depth
        return (
            f"{what} is nested deeper than {limit} levels (INCIDEX_MAX_JSON_DEPTH): not read; "
            "flatten the record"
        )

    # HTML

    def _html(self, markup: str, source: str, name: str | None) -> Item:
        limit = self.limits.max_record_chars
        note = None
        if len(markup) > limit:
            markup = markup[:limit]
            note = f"page of over {limit:,} characters of markup: its first {limit:,} read"
        page = extract_html(markup)
        published = parse_date(page.published)
        text = clean_text(page.text)
        return self._document(
            name or content_hash(text),
            source,
            text,
            note,
            title=_one_line(page.title, MAX_TITLE_CHARS),
            url=_url(page.url),
            published=published,
            published_source="metadata" if published else None,
        )

    # Web archives

    def _web_document(self, record: WebRecord, source: str, name: str | None) -> Item:
        """A document from an archive record: its id the record's own (WARC-Record-ID), its url the
        record's target; the page's own date (its metadata, else its text) wins over WARC-Date."""
        where = f"{source}@{record.offset}"
        doc_id = _record_id(record.record_id) or f"{name or source}@{record.offset}"
        if record.kind == "html":
            item = self._html(record.body, where, doc_id)
        else:
            item = self._document(doc_id, where, record.body)
        if isinstance(item, Skipped):
            return item
        if record.note:
            item.cut = f"{record.note}; {item.cut}" if item.cut else record.note
        item.url = _url(record.url) or item.url
        if item.published is None:
            item.published, item.published_source = find_published(item.text)
        if item.published is None:
            item.published = parse_date(record.date)
            item.published_source = WARC_DATE if item.published else None
        return item

    # JSONL and JSON

    def _jsonl(self, lines: Iterator[str | None], source: str, name: str | None) -> Iterator[Item]:
        for lineno, line in enumerate(lines, start=1):
            where = f"{source}:{lineno}"
            if line is None:
                yield Skipped(where, self._too_long(f"line {lineno}"))
                continue
            if not line.strip():
                continue
            try:
                record = self._parse_json(line, f"line {lineno}", "fix the line and ingest again")
            except _RecordError as err:
                yield Skipped(where, str(err))
                continue
            if _depth_over(record, self.limits.max_json_depth):
                yield Skipped(where, self._too_deep(f"line {lineno}"))
                continue
            yield self._from_record(record, where, f"{name}:{lineno}" if name else None)

    def _json_file(
        self, head: str, text: TextInput, source: str, name: str | None
    ) -> Iterator[Item]:
        limit = self.limits.max_record_chars
        content = head + text.read(limit + 1 - len(head))
        if len(content) > limit:
            yield Skipped(source, self._too_long("the file") + "; write one record a line (JSONL)")
            return
        try:
            data = self._parse_json(content, "the file", "fix the file and ingest again")
        except _RecordError as err:
            yield Skipped(source, str(err))
            return
        depth = self.limits.max_json_depth
        if not isinstance(data, list):
            too_deep = _depth_over(data, depth)
            yield (
                Skipped(source, self._too_deep("the file"))
                if too_deep
                else self._from_record(data, source, name)
            )
            return
        for index, record in enumerate(data, start=1):
            where = f"{source}#{index}"
            if _depth_over(record, depth):
                yield Skipped(where, self._too_deep(f"record {index}"))
            else:
                yield self._from_record(record, where, f"{name}#{index}" if name else None)

    def _parse_json(self, text: str, what: str, fix: str) -> Any:
        """One JSON value; ``_RecordError`` when it is invalid or nested beyond Python's reach."""
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            at = f" at line {err.lineno}" if err.lineno > 1 else ""
            raise _RecordError(f"{what} is not valid JSON ({err.msg}{at}); {fix}") from err
        except RecursionError as err:
            raise _RecordError(self._too_deep(what)) from err

    def _from_record(self, record: object, source: str, fallback_id: str | None) -> Item:
        """One JSON object -> Document; keys id, title, published/date, url, text/body."""
        if not isinstance(record, dict):
            return Skipped(source, "record is not a JSON object; give one {...} object per record")
        text = _first(record, TEXT_KEYS)
        if text is None:
            return Skipped(source, "record has no text; give it a 'text' or 'body' field")
        if not isinstance(text, str):
            return Skipped(
                source, "the record's text is not a string; give 'text' as a JSON string"
            )
        return self._from_fields(record, source, clean_text(text), fallback_id)

    def _from_fields(
        self, record: dict[str, Any], source: str, text: str, fallback_id: str | None
    ) -> Item:
        own_id = _first(record, ID_KEYS)
        own = clean_text(str(own_id)).strip() if own_id not in (None, "") else ""
        if len(own) > MAX_ID_CHARS:
            reason = f"the record's id is longer than {MAX_ID_CHARS} characters; give a shorter id"
            return Skipped(source, reason)
        published = parse_date(_first(record, DATE_KEYS))
        return self._document(
            own or fallback_id or content_hash(text),
            source,
            text,
            title=_one_line(_first(record, ("title",)), MAX_TITLE_CHARS),
            url=_url(_first(record, ("url", "link"))),
            published=published,
            published_source="metadata" if published else None,
        )

    # CSV

    def _csv(self, lines: Iterator[str | None], source: str, name: str | None) -> Iterator[Item]:
        _set_field_limit(self.limits.max_record_chars)
        long_lines: list[int] = []

        def physical() -> Iterator[str]:
            for number, line in enumerate(lines, start=1):
                if line is None:  # a line over the limit: left out, reported with the next row
                    long_lines.append(number)
                else:
                    yield line

        rows = csv.reader(physical())
        header = _next_row(rows)
        while header == []:
            header = _next_row(rows)
        if isinstance(header, csv.Error):
            yield Skipped(source, f"the header row could not be read ({header}); fix it")
            return
        fieldnames = [c.strip() for c in header or []]
        columns = {c.lower(): i for i, c in enumerate(fieldnames) if c}
        wanted = [self.text_column.strip().lower()] if self.text_column else list(CSV_TEXT_COLUMNS)
        found = next((c for c in wanted if c in columns), None)
        if found is None:
            yield Skipped(source, self._no_text_column(fieldnames))
            return
        text_at = columns[found]
        number = 0
        while True:
            row = _next_row(rows)
            for line in long_lines:
                yield Skipped(f"{source}:{line}", self._too_long(f"line {line}"))
            long_lines.clear()
            if row is None:
                return
            if isinstance(row, csv.Error):
                number += 1
                yield Skipped(f"{source}#{number}", f"row {number} is not read ({row}); fix it")
                continue
            if not row:
                continue
            number += 1
            where = f"{source}#{number}"
            yield self._row(row, fieldnames, text_at, where, number, name)

    def _row(
        self,
        row: list[str],
        fieldnames: list[str],
        text_at: int,
        where: str,
        number: int,
        name: str | None,
    ) -> Item:
        text = clean_text(row[text_at] if text_at < len(row) else "").replace("\r\n", "\n")
        if not text.strip():
            column = fieldnames[text_at]
            return Skipped(
                where, f"row {number} has an empty '{column}'; fill it in or drop the row"
            )
        record = {
            key: value
            for i, (key, value) in enumerate(zip(fieldnames, row, strict=False))
            if key and i != text_at
        }
        return self._from_fields(record, where, text, f"{name}#{number}" if name else None)

    def _no_text_column(self, fieldnames: list[str]) -> str:
        if self.text_column:
            listed = ", ".join(c for c in fieldnames if c) or "none"
            return f"no column '{self.text_column}' (columns: {listed}); check --text-column"
        return "no text column (looked for text, summary, body); name one with --text-column"


def _next_row(rows: Iterator[list[str]]) -> list[str] | csv.Error | None:
    """The next CSV row, the error that row raised (reading goes on after it), or None."""
    try:
        return next(rows)
    except StopIteration:
        return None
    except csv.Error as err:
        return err


def _set_field_limit(limit: int) -> None:
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 10


def _lines(head: str, text: TextInput, limit: int) -> Iterator[str | None]:
    """The lines of an input whose first characters ``head`` were already read (to sniff it);
    ``None`` for a line longer than ``limit``."""
    rest = text.lines(limit)
    if not head:
        yield from rest
        return
    *complete, partial = head.split("\n")
    for line in complete:
        yield f"{line}\n" if len(line) < limit else None
    if partial:
        tail = next(rest, "")
        whole = None if tail is None else partial + tail
        yield whole if whole is not None and len(whole) <= limit else None
    yield from rest


def _depth_over(value: object, limit: int) -> bool:
    """Whether ``value`` nests lists and objects more than ``limit`` deep (itself at 1)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, dict | list):
            continue
        if depth > limit:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False


def _sniff(text: str) -> str:
    first = text.lstrip()[:1]
    if first == "{":
        return ".jsonl"
    if first == "[":
        return ".json"
    if first == "<":
        return ".html"
    return ".txt"


def _record_id(value: str | None) -> str | None:
    text = _one_line(value, MAX_ID_CHARS + 1)
    return text if text is not None and len(text) <= MAX_ID_CHARS else None


def _one_line(value: object, limit: int) -> str | None:
    text = " ".join(clean_text(str(value)).split()) if value is not None else ""
    return cut_words(text, limit) if text else None


def _url(value: object) -> str | None:
    url = _one_line(value, MAX_URL_CHARS + 1)
    return url if url is not None and len(url) <= MAX_URL_CHARS else None


def _first(record: dict[str, Any], keys: Sequence[str]) -> Any:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in keys:
        if lowered.get(key) not in (None, ""):
            return lowered[key]
    return None


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
