"""Web archives as input: WARC and WET files (built here with warcio's own writer), gzipped or
not, read record by record; a bad record is skipped and reported, the rest still read."""

from __future__ import annotations

import gzip
import io
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, uuid5

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from incidex.cli import app
from incidex.ingest import load_documents
from incidex.ingest.limits import Limits
from incidex.ingest.readers import WARC_DATE, iter_documents, read_web_archive
from incidex.ingest.warc import WebRecord, read_archive
from incidex.models import Document, Skipped

runner = CliRunner()

# Invented reports of invented attacks (two papers telling the first one), written for this test.
ARTICLES: dict[str, tuple[str, str, str, list[str]]] = {
    "kirkuk-bus-station.html": (
        "https://news.example.org/2019/03/kirkuk-bus-station",
        "Car bomb kills four at Kirkuk bus station",
        "2019-03-13",
        [
            "A car bomb exploded outside a bus station on the southern edge of Kirkuk, Iraq, on "
            "12 March 2019, killing four civilians and wounding six others, provincial "
            "officials said on Wednesday.",
            "The explosives had been packed into a parked taxi and went off as passengers "
            "waited for the morning buses, a police spokesman said.",
            "No group has claimed responsibility for the bombing. Security forces sealed off the "
            "road and began searching villages south of the city.",
        ],
    ),
    "kirkuk-followup.html": (
        "https://wire.example.net/world/iraq-kirkuk-police-attack",
        "Iraq: bomb at Kirkuk bus station, four dead",
        "2019-03-13",
        [
            "Four civilians were killed and six wounded when a car bomb exploded at a bus "
            "station in Kirkuk, Iraq, on 12 March 2019, the provincial police command said.",
            "A witness said the blast shattered the windows of shops across the street.",
            "Authorities have opened an investigation into the bombing.",
        ],
    ),
    "mombasa-market.html": (
        "https://news.example.org/2018/07/mombasa-market-blast",
        "Bomb at Mombasa market kills three",
        "2018-07-21",
        [
            "A bomb exploded in a crowded market in Mombasa, Kenya, on 20 July 2018, killing "
            "three people and wounding eleven, the county commissioner said.",
            "The device had been hidden in a vegetable stall and went off during the busy "
            "afternoon hours, witnesses said.",
            "Police said they had arrested two suspects in connection with the bombing.",
        ],
    ),
}


def article_html(title: str, published: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | The Example Courier</title>"
        f'<meta property="article:published_time" content="{published}T09:30:00+00:00">'
        "</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>\n{body}\n</article>"
        "<footer>Copyright The Example Courier</footer></body></html>"
    ).encode()


def response(
    uri: str,
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    date: str = "2024-02-01T10:00:00Z",
) -> bytes:
    """One uncompressed WARC response record, as warcio writes it."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict=fixed_headers(uri, date),
    )
    writer.write_record(record)
    return out.getvalue()


def fixed_headers(uri: str, date: str, kind: str = "response") -> dict[str, str]:
    """A record's date and an id of its own that stay the same from run to run."""
    return {"WARC-Date": date, "WARC-Record-ID": f"<urn:uuid:{uuid5(NAMESPACE_URL, kind + uri)}>"}


def other_records() -> list[bytes]:
    """Records that are no articles: warcinfo, a request, an image, a redirect."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    parts = []
    info = writer.create_warc_record(
        "",
        "warcinfo",
        payload=io.BytesIO(b"software: tests\r\n"),
        warc_content_type="application/warc-fields",
        warc_headers_dict=fixed_headers("", "2024-02-01T09:59:00Z", "warcinfo"),
    )
    writer.write_record(info)
    parts.append(out.getvalue())
    out.seek(0)
    out.truncate()
    request = b"GET /2019/03/kirkuk-bus-station HTTP/1.1\r\nHost: news.example.org\r\n\r\n"
    uri = "https://news.example.org/2019/03/kirkuk-bus-station"
    headers = fixed_headers(uri, "2024-02-01T10:00:00Z", "request")
    request_record = writer.create_warc_record(
        uri, "request", payload=io.BytesIO(request), warc_headers_dict=headers
    )
    writer.write_record(request_record)
    parts.append(out.getvalue())
    image = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    parts.append(response("https://news.example.org/logo.png", image, content_type="image/png"))
    parts.append(response("https://news.example.org/old", b"", status="301 Moved Permanently"))
    return parts


def archive(records: Iterable[bytes], compressed: bool) -> bytes:
    """Records joined as a WARC file: each its own gzip member when compressed."""
    return b"".join(gzip.compress(r, mtime=0) if compressed else r for r in records)


def article_records() -> list[bytes]:
    return [
        response(uri, article_html(title, published, paragraphs))
        for uri, title, published, paragraphs in ARTICLES.values()
    ]


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def incidents(db: Path) -> list[tuple[Any, ...]]:
    result = run("incidents", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    keys = ("country_txt", "city", "iyear", "imonth", "iday", "nkill", "nwound")
    keys += ("attacktype1_txt", "targtype1_txt", "gname")
    return sorted(tuple(str(row.get(k)) for k in keys) for row in json.loads(result.stdout))


def document_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


# --- end to end through the CLI ------------------------------------------------------------------


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_warc_gives_the_incidents_of_the_same_pages_as_html_files(
    tmp_path: Path, compressed: bool
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, (_uri, title, published, paragraphs) in ARTICLES.items():
        (pages / name).write_bytes(article_html(title, published, paragraphs))
    warc = tmp_path / ("news.warc.gz" if compressed else "news.warc")
    records = other_records()
    warc.write_bytes(archive([records[0], *article_records(), *records[1:]], compressed))

    from_html, from_warc = tmp_path / "html.db", tmp_path / "warc.db"
    assert run("ingest", str(pages), "--db", str(from_html)).exit_code == 0
    result = run("ingest", str(warc), "--db", str(from_warc))
    assert result.exit_code == 0, result.output
    assert "skipped: 0" in result.output  # requests, images, redirects are no skips

    expected = incidents(from_html)
    places = [row[:7] for row in expected]  # the Kirkuk reports fused into one, and Mombasa
    assert ("Iraq", "Kirkuk", "2019", "3", "12", "4", "6") in places
    assert ("Kenya", "Mombasa", "2018", "7", "20", "3", "11") in places
    assert incidents(from_warc) == expected
    assert document_count(from_warc) == document_count(from_html) == 3
    listing = json.loads(run("documents", "--db", str(from_warc), "--format", "json").stdout)
    assert sorted(d["url"] for d in listing) == sorted(a[0] for a in ARTICLES.values())


def test_a_corrupt_record_is_reported_and_the_records_after_it_are_stored(
    tmp_path: Path,
) -> None:
    first, middle, last = (gzip.compress(r, mtime=0) for r in article_records())
    broken = middle[: len(middle) // 2]  # a gzip member cut short, the next one right behind it
    warc = tmp_path / "CC-NEWS-20190313000000-00001.warc.gz"
    warc.write_bytes(first + broken + last)
    db = tmp_path / "store.db"

    result = run("ingest", str(warc), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert f"skipped {warc}@{len(first)}: corrupt gzip member" in result.output
    assert "skipped: 1" in result.output and "stored: 2" in result.output
    listing = json.loads(run("documents", "--db", str(db), "--format", "json").stdout)
    urls = sorted(d["url"] for d in listing)
    uris = [a[0] for a in ARTICLES.values()]
    assert urls == sorted([uris[0], uris[2]])  # the record after the broken one is stored


def test_reingesting_an_archive_stores_nothing_new(tmp_path: Path) -> None:
    warc = tmp_path / "news.warc.gz"
    warc.write_bytes(archive(article_records(), compressed=True))
    db = tmp_path / "store.db"
    assert run("ingest", str(warc), "--db", str(db)).exit_code == 0
    before = (document_count(db), incidents(db))

    again = run("ingest", str(warc), "--db", str(db))
    assert again.exit_code == 0, again.output
    assert "stored: 0" in again.output and "incidents new: 0" in again.output
    assert (document_count(db), incidents(db)) == before


# --- the reader ----------------------------------------------------------------------------------


def documents(path: Path, limits: Limits | None = None) -> list[Document | Skipped]:
    return list(iter_documents([str(path)], limits=limits))


def test_a_record_gets_its_url_id_and_the_page_date_over_the_crawl_date(tmp_path: Path) -> None:
    dated = article_html("A dated page", "2019-03-13", ["Some words of a page. " * 20])
    undated = b"<html><body><article><p>" + b"Words of an undated page. " * 20
    undated += b"</p></article></body></html>"
    in_text = b"<html><body><article><p>Published: 4 June 2020</p><p>"
    in_text += b"Words of a page dated in its text. " * 20 + b"</p></article></body></html>"
    warc = tmp_path / "pages.warc"
    warc.write_bytes(
        archive(
            [
                response("https://a.example/1", dated, date="2024-02-01T10:00:00Z"),
                response("https://a.example/2", undated, date="2024-02-02T11:00:00Z"),
                response("https://a.example/3", in_text, date="2024-02-03T12:00:00Z"),
            ],
            compressed=False,
        )
    )
    docs = documents(warc)
    assert all(isinstance(d, Document) for d in docs)
    first, second, third = (d for d in docs if isinstance(d, Document))
    assert [d.url for d in (first, second, third)] == [f"https://a.example/{n}" for n in (1, 2, 3)]
    assert (str(first.published), first.published_source) == ("2019-03-13", "metadata")
    assert (str(second.published), second.published_source) == ("2024-02-02", WARC_DATE)
    assert str(third.published) == "2020-06-04"
    assert third.published_source is not None and third.published_source.startswith("text:")
    assert first.id.startswith("urn:uuid:") and len({first.id, second.id, third.id}) == 3
    assert first.source == f"{warc}@0"
    assert first.title == "A dated page"


def test_wet_conversion_records_are_plain_text(tmp_path: Path) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    text = "Rebels burned a bus depot in an invented town.\n\nNobody was hurt, police said."
    for n, body in enumerate([text, "A second extract about something else entirely."]):
        record = writer.create_warc_record(
            f"https://b.example/{n}",
            "conversion",
            payload=io.BytesIO(body.encode()),
            warc_content_type="text/plain",
            warc_headers_dict={"WARC-Date": f"2023-05-0{n + 1}T08:00:00Z"},
        )
        writer.write_record(record)
    wet = tmp_path / "CC-MAIN-20230501-00000.warc.wet.gz"
    wet.write_bytes(out.getvalue())
    docs = [d for d in load_documents([str(wet)]) if isinstance(d, Document)]
    assert [d.text for d in docs][0] == text
    assert [d.url for d in docs] == ["https://b.example/0", "https://b.example/1"]
    assert [str(d.published) for d in docs] == ["2023-05-01", "2023-05-02"]
    assert docs[0].language == "en"


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_bad_records_are_skipped_with_a_reason_and_reading_goes_on(
    tmp_path: Path, compressed: bool
) -> None:
    good = article_records()
    bad_http = response("https://c.example/x", b"<html><p>hi</p></html>").replace(
        b"HTTP/1.1 200 OK", b"HTXP/1.1 200 OK"
    )
    binary = response(
        "https://c.example/y", bytes(range(256)) * 8, content_type="text/html; charset=iso-8859-1"
    )
    mangled = good[1].replace(b"WARC/1.0", b"WXRC/9.9", 1)  # the record line itself
    warc = tmp_path / ("bad.warc.gz" if compressed else "bad.warc")
    warc.write_bytes(archive([good[0], bad_http, binary, mangled, good[2]], compressed))
    items = documents(warc)
    reasons = [i.reason for i in items if isinstance(i, Skipped)]
    stored = [i.url for i in items if isinstance(i, Document)]
    assert stored == [ARTICLES["kirkuk-bus-station.html"][0], ARTICLES["mombasa-market.html"][0]]
    assert len(reasons) == 3, reasons
    assert "unreadable HTTP header" in reasons[0]
    assert "not text" in reasons[1]
    assert "unreadable WARC record" in reasons[2] or "corrupt gzip" in reasons[2]


def test_a_wrong_content_length_is_reported(tmp_path: Path) -> None:
    first, second, third = article_records()
    head, _, rest = second.partition(b"\r\n\r\n")
    length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    head = head.replace(
        f"Content-Length: {length}".encode(), f"Content-Length: {length - 40}".encode()
    )
    warc = tmp_path / "lengths.warc"
    warc.write_bytes(first + head + b"\r\n\r\n" + rest + third)
    items = documents(warc)
    assert [type(i).__name__ for i in items] == ["Document", "Skipped", "Document"]
    assert isinstance(items[1], Skipped) and "Content-Length is wrong" in items[1].reason


def test_limits_hold_per_record(tmp_path: Path) -> None:
    big = article_html("A long page", "2019-03-13", ["Many words in a long page. " * 400])
    warc = tmp_path / "limits.warc.gz"
    warc.write_bytes(archive([response("https://d.example/big", big), *article_records()], True))
    cut = documents(warc, Limits(max_record_chars=4_000))
    assert isinstance(cut[0], Document) and cut[0].cut is not None
    assert "INCIDEX_MAX_RECORD_CHARS" in cut[0].cut
    capped = documents(warc, Limits(max_decompressed_bytes=8_000))
    assert isinstance(capped[0], Skipped) and "INCIDEX_MAX_DECOMPRESSED_BYTES" in capped[0].reason
    assert sum(isinstance(i, Document) for i in capped) == 3  # the records after it are read


# --- streaming ------------------------------------------------------------------------------------


class CountingReader(io.RawIOBase):
    """A file whose reads are counted (bytes handed out so far)."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb")
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def readinto(self, buffer: Any) -> int:
        data = self._file.read(len(buffer))
        buffer[: len(data)] = data
        self.bytes_read += len(data)
        return len(data)

    def close(self) -> None:
        self._file.close()
        super().close()


@pytest.fixture(scope="module")
def large_warc(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A WARC of 4,000 small pages (each its own gzip member), random enough not to shrink."""
    path = tmp_path_factory.mktemp("large") / "large.warc.gz"
    count = 4_000
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(count):
            noise = os.urandom(600).hex()
            body = f"<html><body><article><p>Page {n} of the crawl.</p><p>{noise}</p>"
            body += "</article></body></html>"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://e.example/{n}",
                "response",
                payload=io.BytesIO(body.encode()),
                http_headers=http,
            )
            writer.write_record(record)
    return path, count


def test_a_large_archive_yields_its_first_document_before_the_file_is_read(
    large_warc: tuple[Path, int],
) -> None:
    path, _count = large_warc
    size = path.stat().st_size
    assert size > 4_000_000
    reader = CountingReader(path)
    with reader:
        items = read_web_archive(reader, str(path))
        first = next(items)
        assert isinstance(first, Document) and first.url == "https://e.example/0"
        assert reader.bytes_read < size // 20  # a block or two, not the file
        second = next(items)
        assert isinstance(second, Document) and second.url == "https://e.example/1"
        assert reader.bytes_read < size // 20


def test_every_record_is_read_with_a_bounded_read_ahead(large_warc: tuple[Path, int]) -> None:
    path, count = large_warc
    reader = CountingReader(path)
    seen = 0
    with reader:
        for record in read_archive(reader, str(path), Limits()):  # type: ignore[arg-type]
            assert isinstance(record, WebRecord), record
            assert record.url == f"https://e.example/{seen}"
            assert reader.bytes_read - record.offset <= 4 * (1 << 16)
            seen += 1
        assert reader.bytes_read == path.stat().st_size
    assert seen == count


class Pipe(io.RawIOBase):
    """A stream that cannot seek (standard input, a pipe)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._data.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def test_a_stream_that_cannot_seek_is_read_up_to_its_first_bad_record() -> None:
    first, middle, last = (gzip.compress(r, mtime=0) for r in article_records())
    items = list(read_web_archive(Pipe(first + middle[:40] + last), "<pipe>"))  # type: ignore[arg-type]
    assert isinstance(items[0], Document)
    assert [type(i).__name__ for i in items[1:]] == ["Skipped", "Skipped"]
    assert isinstance(items[2], Skipped) and "the rest is not read" in items[2].reason
    plain = list(read_web_archive(Pipe(b"".join(article_records())), "<pipe>"))  # type: ignore[arg-type]
    assert [type(i).__name__ for i in plain] == ["Document"] * 3


def test_archives_in_a_folder_are_read(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "part-1.warc.gz").write_bytes(archive(article_records()[:2], True))
    (tmp_path / "crawl" / "part-2.warc").write_bytes(archive(article_records()[2:], False))
    docs = documents(tmp_path / "crawl")
    assert [d.source.split("/")[-1].split("@")[0] for d in docs] == ["part-1.warc.gz"] * 2 + [
        "part-2.warc"
    ]
    assert all(isinstance(d, Document) for d in docs)


# --- mutated archives ----------------------------------------------------------------------------

FUZZ_LIMITS = Limits(max_chars=2_000, max_decompressed_bytes=1 << 15, max_record_chars=1 << 13)


def mutated(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """``data`` with each (position, length, replacement) edit applied: cut, flipped, padded."""
    for position, length, replacement in edits:
        at = position % (len(data) + 1)
        data = data[:at] + replacement + data[at + length :]
    return data


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    compressed=st.booleans(),
    edits=st.lists(
        st.tuples(st.integers(0, 1 << 16), st.integers(0, 300), st.binary(max_size=40)),
        min_size=1,
        max_size=4,
    ),
)
def test_a_mutated_archive_never_stops_the_reader(
    compressed: bool, edits: list[tuple[int, int, bytes]]
) -> None:
    records = [*other_records(), *article_records()]
    data = mutated(archive(records, compressed), edits)
    for source in (io.BytesIO(data), Pipe(data)):
        items = list(read_web_archive(source, "<fuzz>", FUZZ_LIMITS))  # type: ignore[arg-type]
        for item in items:
            assert isinstance(item, Document | Skipped), item
            if isinstance(item, Skipped):
                assert item.reason
            else:
                assert "\x00" not in item.text and len(item.text) <= FUZZ_LIMITS.max_chars
        assert sum(isinstance(i, Document) for i in items) <= len(records)


def test_a_payload_sent_chunked_and_gzip_encoded_is_read(tmp_path: Path) -> None:
    """A WARC keeps the bytes as they were sent: warcio undoes the transfer and content codings."""
    page = article_html("An encoded page", "2019-03-13", ["Words of an encoded page. " * 30])
    packed = gzip.compress(page)
    chunked = b"".join(
        b"%x\r\n%s\r\n" % (len(packed[i : i + 100]), packed[i : i + 100])
        for i in range(0, len(packed), 100)
    )
    chunked += b"0\r\n\r\n"
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Encoding", "gzip"),
        ("Transfer-Encoding", "chunked"),
    ]
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    uri = "https://f.example/encoded"
    record = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(chunked), http_headers=http
    )
    writer.write_record(record)
    warc = tmp_path / "encoded.warc.gz"
    warc.write_bytes(out.getvalue())
    (doc,) = documents(warc)
    assert isinstance(doc, Document) and doc.title == "An encoded page"
    assert "Words of an encoded page. Words" in doc.text
