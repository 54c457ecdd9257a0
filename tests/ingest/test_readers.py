"""iter_documents / load_documents: every input format, id rules, skips and user errors."""

from __future__ import annotations

import gzip
import io
import json
import os
from datetime import date
from pathlib import Path

import pytest

import incidex.ingest as ingest
from incidex.errors import InputError
from incidex.ingest import load_documents
from incidex.ingest.limits import Limits
from incidex.ingest.readers import iter_documents, parse_date, strip_tags
from incidex.models import Document, Skipped, content_hash

STORY = (
    "A car bomb exploded near the central bus station in the fictional city of Eastvale on "
    "Monday, killing three people and wounding nine, local officials said."
)
STORY_2 = (
    "Gunmen on motorbikes attacked a police post in the hill town of Northreach overnight, "
    "the provincial governor told reporters."
)
HTML_PAGE = f"""<!DOCTYPE html>
<html><head>
<title>Car bomb hits Eastvale bus station | The Eastvale Courier</title>
<meta property="article:published_time" content="2019-04-02T08:30:00Z">
<link rel="canonical" href="https://courier.example.org/news/car-bomb">
</head><body>
<header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a>
<a href="/subscribe">Subscribe</a></nav></header>
<article>
<h1>Car bomb hits Eastvale bus station</h1>
<p>{STORY}</p>
<p>Witnesses described a loud bang followed by thick black smoke that could be seen from
across the river, and emergency crews arrived within minutes to help the injured.</p>
<p>{STORY_2}</p>
</article>
<footer><p>Copyright 2019 The Eastvale Courier. Privacy policy. Contact us.</p></footer>
</body></html>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read(*paths: Path | str, **kwargs: object) -> list[Document | Skipped]:
    return list(iter_documents([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def docs(items: list[Document | Skipped]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def skips(items: list[Document | Skipped]) -> list[Skipped]:
    return [i for i in items if isinstance(i, Skipped)]


# --- plain text -------------------------------------------------------------------------------


def test_txt_file_id_is_file_name(tmp_path: Path) -> None:
    path = write(tmp_path / "000_abc.txt", STORY + "\n")
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert doc.id == "000_abc.txt"
    assert doc.source == str(path)
    assert doc.text == STORY + "\n"
    assert doc.title is None and doc.published is None


def test_latin1_and_utf16_text_files(tmp_path: Path) -> None:
    text = "La bombe a explosé près du café de la gare, à Eastvale, a dit la police."
    latin = write(tmp_path / "latin.txt", text.encode("latin-1"))
    utf16 = write(tmp_path / "wide.txt", text.encode("utf-16"))
    assert [d.text for d in docs(read(latin, utf16))] == [text, text]


def test_crlf_newlines_become_lf(tmp_path: Path) -> None:
    path = write(tmp_path / "win.txt", f"{STORY}\r\n\r\n{STORY_2}\r\n".encode())
    [doc] = docs(read(path))
    assert doc.text == f"{STORY}\n\n{STORY_2}\n"


def test_empty_document_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.txt", "  \n\n\t \n")
    assert read(path) == [Skipped(str(path), "empty document")]


def test_binary_file_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02")
    [skip] = read(path)
    assert isinstance(skip, Skipped)
    assert skip.source == str(path)
    assert skip.reason.startswith("binary file, not text;")


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.txt", STORY)

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", deny)
    [skip] = read(path)
    assert isinstance(skip, Skipped)
    assert "Permission denied" in skip.reason and "permissions" in skip.reason


def test_unreadable_file_by_mode(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read files whatever their mode")
    path = write(tmp_path / "locked.txt", STORY)
    path.chmod(0)
    try:
        [skip] = read(path)
    finally:
        path.chmod(0o644)
    assert isinstance(skip, Skipped) and "permissions" in skip.reason


# --- paths --------------------------------------------------------------------------------------


def test_missing_path_raises_before_reading(tmp_path: Path) -> None:
    good = write(tmp_path / "a.txt", STORY)
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(InputError) as err:
        iter_documents([str(good), str(missing)])
    assert str(err.value) == f"{missing}: no such file or directory; check the path"


def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", STORY)
    write(tmp_path / "a" / "z.txt", STORY_2)
    write(tmp_path / "a" / "notes.pdf", b"%PDF-1.4")
    write(tmp_path / ".hidden.txt", STORY)
    write(tmp_path / ".cache" / "c.txt", STORY)
    write(tmp_path / "c.jsonl", json.dumps({"id": "j1", "text": STORY}) + "\n")
    items = read(tmp_path)
    assert [d.id for d in docs(items)] == ["a/z.txt", "b.txt", "j1"]  # relative to the folder
    assert skips(items) == []


def test_unsupported_file_given_explicitly_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "report.pdf", b"%PDF-1.4")
    [skip] = read(path)
    assert isinstance(skip, Skipped) and "unsupported file type '.pdf'" in skip.reason


# --- HTML -------------------------------------------------------------------------------------


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "page.html", HTML_PAGE)
    [doc] = docs(read(path))
    assert doc.id == "page.html"
    assert STORY in doc.text and STORY_2 in doc.text
    assert "Subscribe" not in doc.text and "Privacy policy" not in doc.text
    assert doc.title == "Car bomb hits Eastvale bus station"
    assert doc.published == date(2019, 4, 2)
    assert doc.published_source == "metadata"
    assert doc.url == "https://courier.example.org/news/car-bomb"


def test_html_falls_back_to_stripped_tags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    path = write(tmp_path / "page.htm", HTML_PAGE)
    [doc] = docs(read(path))
    assert STORY in doc.text
    assert doc.title == "Car bomb hits Eastvale bus station | The Eastvale Courier"
    assert doc.published is None


def test_strip_tags_drops_scripts_and_keeps_blocks() -> None:
    markup = "<p>One &amp; two</p><script>var x = 1;</script><div>Three<br>Four</div>"
    assert strip_tags(markup) == "One & two\nThree\nFour"


# --- JSONL / JSON -------------------------------------------------------------------------------


def test_jsonl_records_malformed_line_and_missing_text(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": 7,
                "title": "Bus station blast",
                "published": "2016-01-11",
                "url": "https://example.org/7",
                "text": STORY,
            }
        ),
        '{"id": "8", "text": "unterminated',
        "",
        json.dumps({"title": "No body here"}),
        json.dumps({"date": "2016-01-11T10:00:00Z", "body": STORY_2}),
        json.dumps({"id": "9", "published": "last Tuesday", "text": STORY}),
    ]
    path = write(tmp_path / "news.jsonl", "\n".join(lines) + "\n")
    items = read(path)
    first, bad, notext, nodate_id, fuzzy = items
    assert isinstance(first, Document)
    assert (first.id, first.source, first.title, first.url) == (
        "7",
        f"{path}:1",
        "Bus station blast",
        "https://example.org/7",
    )
    assert (first.published, first.published_source) == (date(2016, 1, 11), "metadata")
    assert isinstance(bad, Skipped) and bad.source == f"{path}:2"
    assert bad.reason.startswith("line 2 is not valid JSON (")
    assert bad.reason.endswith("; fix the line and ingest again")
    assert isinstance(notext, Skipped) and notext.source == f"{path}:4"
    assert isinstance(nodate_id, Document)
    assert nodate_id.id == "news.jsonl:5" and nodate_id.text == STORY_2
    assert nodate_id.published == date(2016, 1, 11)
    assert isinstance(fuzzy, Document) and fuzzy.published is None
    assert fuzzy.published_source is None


def test_json_list_and_single_object(tmp_path: Path) -> None:
    records = [{"id": "a", "text": STORY}, {"text": STORY_2}]
    many = write(tmp_path / "many.json", json.dumps(records))
    single = {"title": "Police post attacked", "text": STORY_2}
    one = write(tmp_path / "one.json", json.dumps(single))
    a, b, c = read(many, one)
    assert isinstance(a, Document) and (a.id, a.source) == ("a", f"{many}#1")
    assert isinstance(b, Document) and (b.id, b.source) == ("many.json#2", f"{many}#2")
    assert isinstance(c, Document) and (c.id, c.title) == ("one.json", "Police post attacked")


def test_invalid_json_file_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.json", "[{]")
    [skip] = read(path)
    assert isinstance(skip, Skipped) and "not valid JSON" in skip.reason


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_with_eventid_and_summary(tmp_path: Path) -> None:
    path = write(
        tmp_path / "gtd.csv",
        f'eventid,summary\n202101010004,"{STORY}"\n202101010005,""\n202101010006,"{STORY_2}"\n',
    )
    first, empty, last = read(path)
    assert isinstance(first, Document)
    assert (first.id, first.source, first.text) == ("202101010004", f"{path}#1", STORY)
    assert isinstance(empty, Skipped) and empty.source == f"{path}#2"
    assert isinstance(last, Document) and last.id == "202101010006"


def test_csv_with_named_text_column_title_and_date(tmp_path: Path) -> None:
    path = write(
        tmp_path / "custom.csv",
        f'Headline,Story,Date\nBus station blast,"{STORY}",2020-05-06\n',
    )
    [doc] = read(path, text_column="story")
    assert isinstance(doc, Document)
    assert (doc.id, doc.text, doc.published) == ("custom.csv#1", STORY, date(2020, 5, 6))


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = write(tmp_path / "numbers.csv", "eventid,nkill\n1,3\n2,4\n")
    assert read(path) == [
        Skipped(
            str(path),
            "no text column (looked for text, summary, body); name one with --text-column",
        )
    ]


def test_csv_with_missing_named_column(tmp_path: Path) -> None:
    path = write(tmp_path / "numbers.csv", "eventid,summary\n1,Something happened here today.\n")
    [skip] = read(path, text_column="article")
    assert isinstance(skip, Skipped) and "--text-column" in skip.reason


def test_csv_very_long_field(tmp_path: Path) -> None:
    long_text = " ".join([STORY] * 1000)  # over csv's default field limit (131,072)
    path = write(tmp_path / "long.csv", f'id,text\nx,"{long_text}"\n')
    [doc] = docs(read(path, limits=Limits(max_chars=500_000)))
    assert doc.text == long_text


def test_latin1_csv(tmp_path: Path) -> None:
    text = "Explosion près de la mairie de Béziers, selon la préfecture."
    path = write(tmp_path / "legacy.csv", f'id,text\nq1,"{text}"\n'.encode("latin-1"))
    [doc] = docs(read(path))
    assert doc.text == text


# --- gzip ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected_id"),
    [
        ("story.txt.gz", STORY, "story.txt.gz"),
        ("page.html.gz", HTML_PAGE, "page.html.gz"),
        ("news.jsonl.gz", json.dumps({"id": "g1", "text": STORY}) + "\n", "g1"),
        ("list.json.gz", json.dumps([{"id": "g2", "text": STORY}]), "g2"),
        ("table.csv.gz", f'eventid,summary\n42,"{STORY}"\n', "42"),
    ],
)
def test_gzipped_inputs(tmp_path: Path, name: str, content: str, expected_id: str) -> None:
    path = write(tmp_path / name, gzip.compress(content.encode("utf-8")))
    [doc] = read(path)
    assert isinstance(doc, Document) and doc.id == expected_id
    assert STORY in doc.text


def test_gzip_detected_by_magic_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "news.jsonl", gzip.compress(json.dumps({"text": STORY}).encode()))
    [doc] = docs(read(path))
    assert doc.text == STORY


def test_corrupt_gzip_is_skipped_and_batch_goes_on(tmp_path: Path) -> None:
    bad = write(tmp_path / "a.txt.gz", gzip.compress(STORY.encode())[:20])
    good = write(tmp_path / "b.txt", STORY)
    first, second = read(bad, good)
    assert isinstance(first, Skipped) and "corrupt gzip" in first.reason
    assert isinstance(second, Document)


# --- stdin --------------------------------------------------------------------------------------


def test_stdin_plain_text_gets_content_hash_id() -> None:
    [doc] = read("-", stdin=io.BytesIO(STORY.encode()))
    assert isinstance(doc, Document)
    assert (doc.id, doc.source) == (content_hash(STORY), "<stdin>")


def test_stdin_jsonl_and_html_are_sniffed() -> None:
    jsonl = "\n" + json.dumps({"id": "s1", "text": STORY}) + "\n" + json.dumps({"text": STORY_2})
    first, second = read("-", stdin=io.StringIO(jsonl))
    assert isinstance(first, Document) and first.id == "s1" and first.source == "<stdin>:2"
    assert isinstance(second, Document) and second.id == content_hash(STORY_2)
    [page] = read("-", stdin=io.BytesIO(HTML_PAGE.encode()))
    assert isinstance(page, Document) and page.title == "Car bomb hits Eastvale bus station"


# --- dates and preparation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-01-11", date(2016, 1, 11)),
        ("2016-01-11T10:00:00Z", date(2016, 1, 11)),
        ("2016-01-11 10:00:00+05:30", date(2016, 1, 11)),
        ("2016-01-11T10:00:00.123+0000", date(2016, 1, 11)),
        ("yesterday", None),
        ("2016-13-45", None),
        ("", None),
        (None, None),
        (20160111, None),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_load_documents_adds_blocks_language_and_text_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "find_published", lambda text: (date(2021, 3, 4), "text:stub"))
    path = write(tmp_path / "a.txt", f"Home | World | Politics\n\n{STORY}\n\n{STORY_2}\n")
    meta = write(tmp_path / "b.jsonl", json.dumps({"text": STORY, "published": "2016-02-03"}))
    doc, dated = docs(list(load_documents([str(path), str(meta)])))
    assert [b.kind for b in doc.blocks] == ["boilerplate", "body", "body"]
    assert doc.text[doc.blocks[1].start : doc.blocks[1].end] == STORY
    assert doc.language == "en"
    assert (doc.published, doc.published_source) == (date(2021, 3, 4), "text:stub")
    assert (dated.published, dated.published_source) == (date(2016, 2, 3), "metadata")


def test_load_documents_turns_a_crash_into_a_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(text: str) -> list[object]:
        if "Gunmen" in text:
            raise RuntimeError("boom")
        return []

    monkeypatch.setattr(ingest, "label_blocks", explode)
    bad = write(tmp_path / "a.txt", STORY_2)
    good = write(tmp_path / "b.txt", STORY)
    first, second = load_documents([str(bad), str(good)])
    assert isinstance(first, Skipped) and "RuntimeError: boom" in first.reason
    assert isinstance(second, Document)


def test_load_documents_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_documents([str(tmp_path / "missing.txt")])
