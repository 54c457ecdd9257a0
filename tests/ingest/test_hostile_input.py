"""Issue 12: input that must never stop, lose or overwrite a run.

Each test is a regression case: broken characters, colliding ids, short English read as foreign,
decompression bombs, one bad record in a file, texts longer than the NLP model takes.
"""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from incidex.ingest import load_documents
from incidex.ingest.language import detect_language
from incidex.ingest.readers import iter_documents
from incidex.models import Document, Skipped, content_hash

STORY = (
    "A car bomb exploded near the central bus station in the fictional city of Eastvale on "
    "Monday, killing three people and wounding nine, local officials said."
)
STORY_2 = (
    "Gunmen on motorbikes attacked a police post in the hill town of Northreach overnight, "
    "the provincial governor told reporters."
)


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


# --- (2) lone surrogates and NUL characters -------------------------------------------------


def test_lone_surrogate_in_jsonl_is_replaced_and_hashes(tmp_path: Path) -> None:
    lines = [
        '{"id": "e1", "title": "Blast \\ud83d", "text": "' + STORY + ' \\ud83d\\ude00 \\udc00"}',
        json.dumps({"id": "e2", "text": STORY_2}),
    ]
    path = write(tmp_path / "emoji.jsonl", "\n".join(lines) + "\n")
    first, second = load_documents([str(path)])
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.text == f"{STORY} \U0001f600 \ufffd"  # the pair kept, the lone half replaced
    assert first.title == "Blast \ufffd"
    assert len(first.hash) == 16 and second.id == "e2"


def test_lone_surrogate_on_stdin_without_id_keeps_the_rest() -> None:
    feed = '{"text": "' + STORY + ' \\ud83d"}\n' + json.dumps({"text": STORY_2}) + "\n"
    first, second = read("-", stdin=io.BytesIO(feed.encode()))
    assert isinstance(first, Document) and first.text == f"{STORY} \ufffd"
    assert first.id == content_hash(first.text)
    assert isinstance(second, Document) and second.text == STORY_2


def test_content_hash_never_fails_on_a_surrogate() -> None:
    assert len(content_hash("broken \ud83d")) == 16


def test_nul_characters_are_dropped_in_every_reader(tmp_path: Path) -> None:
    jsonl = write(tmp_path / "a.jsonl", json.dumps({"id": "n1", "text": "Bomb\u0000 " + STORY}))
    text = write(tmp_path / "b.txt", f"{STORY}\x00\n")
    table = write(tmp_path / "c.csv", f'id,text\nn3,"{STORY}\x00"\n')
    found = docs(read(jsonl, text, table))
    assert [d.id for d in found] == ["n1", "b.txt", "n3"]
    assert all("\x00" not in d.text for d in found)
    assert found[0].text == "Bomb " + STORY


# --- (3) ids that cannot collide ------------------------------------------------------------


def test_same_file_name_in_two_folders_gets_two_ids(tmp_path: Path) -> None:
    write(tmp_path / "news" / "jan" / "report.txt", STORY)
    write(tmp_path / "news" / "feb" / "report.txt", STORY_2)
    write(tmp_path / "news" / "top.txt", STORY + " Again.")
    found = docs(read(tmp_path / "news"))
    assert sorted(d.id for d in found) == ["feb/report.txt", "jan/report.txt", "top.txt"]


def test_same_file_name_given_directly_twice_gets_two_ids(tmp_path: Path) -> None:
    jan = write(tmp_path / "jan" / "report.txt", STORY)
    feb = write(tmp_path / "feb" / "report.txt", STORY_2)
    one = write(tmp_path / "one.txt", STORY + " Once.")
    found = docs(read(jan, feb, one))
    assert [d.id for d in found] == ["jan/report.txt", "feb/report.txt", "one.txt"]


def test_same_named_folders_given_together_get_distinct_ids(tmp_path: Path) -> None:
    write(tmp_path / "jan" / "report.txt", STORY)
    write(tmp_path / "feb" / "report.txt", STORY_2)
    found = docs(read(tmp_path / "jan", tmp_path / "feb"))
    assert [d.id for d in found] == ["jan/report.txt", "feb/report.txt"]


def test_id_less_lines_of_same_named_feeds_get_distinct_ids(tmp_path: Path) -> None:
    write(tmp_path / "feeds" / "a" / "news.jsonl", json.dumps({"text": STORY}) + "\n")
    write(tmp_path / "feeds" / "b" / "news.jsonl", json.dumps({"text": STORY_2}) + "\n")
    found = docs(read(tmp_path / "feeds"))
    assert [d.id for d in found] == ["a/news.jsonl:1", "b/news.jsonl:1"]


def test_explicit_id_clash_is_skipped_not_overwritten(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "x1", "text": STORY}),
        json.dumps({"id": "x1", "text": STORY_2}),
        json.dumps({"id": "x1", "text": STORY}),
    ]
    path = write(tmp_path / "clash.jsonl", "\n".join(lines))
    first, clash, repeat = read(path)
    assert isinstance(first, Document) and first.text == STORY
    assert isinstance(clash, Skipped) and clash.source == f"{path}:2"
    assert "id 'x1'" in clash.reason and "different content" in clash.reason
    assert f"{path}:1" in clash.reason
    assert isinstance(repeat, Skipped) and "repeats" in repeat.reason


# --- (4) short English read as another language ---------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Assailants attacked a village in Zamfara state, Nigeria, killing two farmers.",
        "Gunmen abducted a pastor in Kaduna state, Nigeria.",
        "An explosive device detonated near a market in Maiduguri, Borno, Nigeria.",
        "Assailants shot and killed a vigilante member in Katsina state, Nigeria.",
        "Assailants attacked Gidan Kare, Bakura, Zamfara, Nigeria.",
        "Assailants kidnapped a barangay captain in Cotabato, Philippines.",
    ],
)
def test_short_english_summary_reads_as_english(sentence: str) -> None:
    assert detect_language(sentence) == "en"


def test_short_english_document_is_not_set_aside(tmp_path: Path) -> None:
    path = write(tmp_path / "s.txt", "Gunmen abducted a pastor in Kaduna state, Nigeria.\n")
    [doc] = load_documents([str(path)])
    assert isinstance(doc, Document) and doc.is_english


# --- (6) decompression ----------------------------------------------------------------------


def test_gzip_text_is_read_with_bounded_memory(tmp_path: Path) -> None:
    paragraph = (STORY + " " + STORY_2 + "\n\n").encode()
    path = tmp_path / "huge.txt.gz"
    with gzip.open(path, "wb", compresslevel=1) as out:
        for _ in range(40_000_000 // len(paragraph)):
            out.write(paragraph)
    tracemalloc.start()
    try:
        [doc] = read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(doc, Document) and doc.cut is not None
    assert peak < 30_000_000  # the whole text is 40 MB


def test_jsonl_gzip_bomb_is_read_up_to_the_limit(tmp_path: Path) -> None:
    from incidex.ingest.limits import Limits

    line = (json.dumps({"text": STORY}) + "\n").encode()
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(line * 20_000))  # about 3.5 MB once decompressed
    items = read(path, limits=Limits(max_decompressed_bytes=1_000_000))
    found, [skip] = docs(items), skips(items)
    assert 5_000 < len(found) < 6_000
    assert skip.source == str(path)
    assert "more than 1,000,000 bytes" in skip.reason
    assert "INCIDEX_MAX_DECOMPRESSED_BYTES" in skip.reason


def test_gzip_of_zeros_is_skipped_quickly(tmp_path: Path) -> None:
    path = tmp_path / "zeros.jsonl.gz"
    path.write_bytes(gzip.compress(bytes(50_000_000)))
    [skip] = read(path)
    assert isinstance(skip, Skipped) and "binary" in skip.reason


# --- (9) one bad record must not lose the rest of its file ----------------------------------


def test_deeply_nested_jsonl_line_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "d1", "text": STORY}),
        '{"id": "deep", "text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}",
        json.dumps({"id": "d3", "text": STORY_2}),
    ]
    path = write(tmp_path / "deep.jsonl", "\n".join(lines) + "\n")
    first, deep, last = read(path)
    assert isinstance(first, Document) and isinstance(last, Document) and last.id == "d3"
    assert isinstance(deep, Skipped) and deep.source == f"{path}:2"
    assert "nested deeper than" in deep.reason


def test_moderately_deep_record_over_the_limit_is_skipped(tmp_path: Path) -> None:
    from incidex.ingest.limits import Limits

    deep = {"id": "d", "text": STORY, "meta": [[[[["x"]]]]]}
    path = write(tmp_path / "d.jsonl", json.dumps(deep) + "\n" + json.dumps({"text": STORY_2}))
    skip, doc = read(path, limits=Limits(max_json_depth=4))
    assert isinstance(skip, Skipped) and "INCIDEX_MAX_JSON_DEPTH" in skip.reason
    assert isinstance(doc, Document)
    [ok] = docs(read(path, limits=Limits(max_json_depth=6))[:1])
    assert ok.id == "d"


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_one_nul_byte_does_not_make_the_file_binary(tmp_path: Path, suffix: str) -> None:
    if suffix == "csv":
        content = f'id,text\nr1,"{STORY}"\nr2,"Bad\x00 row. {STORY_2}"\nr3,"{STORY} Three."\n'
    else:
        content = "\n".join(
            [
                json.dumps({"id": "r1", "text": STORY}),
                '{"id": "r2", "text": "Bad\x00 row."}',
                json.dumps({"id": "r3", "text": STORY_2}),
            ]
        )
    path = write(tmp_path / f"feed.{suffix}", content.encode())
    found = docs(read(path))
    assert [d.id for d in found] == ["r1", "r2", "r3"]
    assert found[1].text.startswith("Bad row.")


def test_binary_file_is_still_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", bytes(range(256)) * 64)
    [skip] = read(path)
    assert isinstance(skip, Skipped) and skip.reason.startswith("binary file")


# --- limits: characters per document -------------------------------------------------------


def test_text_over_the_nlp_limit_is_cut_at_a_paragraph_and_flagged(tmp_path: Path) -> None:
    paragraph = STORY + " " + STORY_2
    count = 1_200_000 // len(paragraph) + 1
    path = write(tmp_path / "long.txt", "\n\n".join([paragraph] * count))
    [doc] = load_documents([str(path)])
    assert isinstance(doc, Document)
    assert len(doc.text) < 1_000_000  # spaCy's own limit (E088) can no longer be reached
    assert doc.text.endswith(paragraph)  # cut at a paragraph break, not inside one
    assert doc.cut is not None and "INCIDEX_MAX_CHARS" in doc.cut


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "json"])
def test_long_record_text_is_cut_in_every_format(tmp_path: Path, suffix: str) -> None:
    from incidex.ingest.limits import Limits

    text = "\n\n".join([STORY] * 200)
    if suffix == "jsonl":
        content = json.dumps({"id": "L", "text": text}) + "\n" + json.dumps({"text": STORY_2})
    elif suffix == "json":
        content = json.dumps([{"id": "L", "text": text}, {"text": STORY_2}])
    else:
        content = "id,text\n" + f'L,"{text}"\nM,"{STORY_2}"\n'
    path = write(tmp_path / f"long.{suffix}", content)
    long_doc, short = docs(read(path, limits=Limits(max_chars=5_000)))
    assert long_doc.id == "L" and len(long_doc.text) <= 5_000
    assert long_doc.text.endswith(STORY) and long_doc.cut is not None
    assert short.text == STORY_2 and short.cut is None


def test_huge_title_and_id_are_bounded(tmp_path: Path) -> None:
    record = {"id": "i" * 10_000, "title": "T" * 2_000_000, "text": STORY}
    path = write(tmp_path / "t.jsonl", json.dumps(record) + "\n")
    [item] = read(path)
    assert isinstance(item, Skipped) and "id is longer than" in item.reason
    record["id"] = "ok"
    write(path, json.dumps(record))
    [doc] = docs(read(path))
    assert doc.title is not None and len(doc.title) <= 1_000


def test_long_jsonl_line_over_the_record_limit_is_skipped(tmp_path: Path) -> None:
    from incidex.ingest.limits import Limits

    lines = [json.dumps({"id": "big", "text": STORY * 100}), json.dumps({"id": "s", "text": STORY})]
    path = write(tmp_path / "big.jsonl", "\n".join(lines) + "\n")
    skip, doc = read(path, limits=Limits(max_record_chars=5_000))
    assert isinstance(skip, Skipped) and skip.source == f"{path}:1"
    assert "INCIDEX_MAX_RECORD_CHARS" in skip.reason
    assert isinstance(doc, Document) and doc.id == "s"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Deux gardes ont été tués mardi lorsque des hommes armés ont ouvert le feu sur un "
            "poste de contrôle. Selon la police, les assaillants ont pris la fuite à bord d'un "
            "véhicule. Le ministre a condamné l'attaque et promis une enquête.",
            "fr",
        ),
        (
            "El ataque se produjo en la madrugada del martes cuando un grupo armado abrió fuego "
            "contra una comisaría. Dos agentes murieron y otros tres resultaron heridos.",
            "es",
        ),
        (
            "Der Anschlag ereignete sich am Dienstagmorgen, als eine bewaffnete Gruppe das Feuer "
            "auf eine Polizeistation eröffnete. Zwei Beamte wurden getötet.",
            "de",
        ),
        (
            "Serangan terjadi pada Selasa pagi ketika sekelompok orang bersenjata melepaskan "
            "tembakan ke kantor polisi. Dua petugas tewas dan tiga lainnya terluka.",
            "id",
        ),
    ],
)
def test_foreign_news_is_still_foreign(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_a_short_body_is_judged_with_its_title(tmp_path: Path) -> None:
    record = {"title": "Gunmen kill two farmers in Zamfara", "text": "Zamfara, Nigeria: Gunmen."}
    path = write(tmp_path / "t.jsonl", json.dumps(record))
    [doc] = load_documents([str(path)])
    assert isinstance(doc, Document) and doc.language == "en"


# --- (5, ingest's part) page layout is linear in runs of spaces -----------------------------


def test_long_runs_of_spaces_are_read_in_linear_time() -> None:
    import time

    from incidex.ingest.boilerplate import label_blocks

    start = time.perf_counter()
    blocks = label_blocks("Gunmen" + " " * 40_000 + "attacked a post.\n\n" + STORY)
    assert time.perf_counter() - start < 1.0  # 11 s before
    assert [b.kind for b in blocks] == ["body", "body"]


# --- settings -------------------------------------------------------------------------------


def test_limits_are_settings_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from incidex.config import Settings
    from incidex.errors import UsageError
    from incidex.ingest.limits import Limits

    monkeypatch.setenv("INCIDEX_MAX_CHARS", "50_000")
    monkeypatch.setenv("INCIDEX_MAX_DECOMPRESSED_BYTES", "1048576")
    monkeypatch.setenv("INCIDEX_MAX_RECORD_CHARS", "100000")
    monkeypatch.setenv("INCIDEX_MAX_JSON_DEPTH", "20")
    limits = Limits.from_settings(Settings.from_env("x.db"))
    assert limits == Limits(50_000, 1_048_576, 100_000, 20)
    monkeypatch.setenv("INCIDEX_MAX_CHARS", "2000000")  # over spaCy's limit: refused
    with pytest.raises(UsageError, match="INCIDEX_MAX_CHARS"):
        Settings.from_env("x.db")
    monkeypatch.setenv("INCIDEX_MAX_CHARS", "many")
    with pytest.raises(UsageError, match="not a whole number"):
        Settings.from_env("x.db")
