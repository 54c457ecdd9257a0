"""The jobs behind the commands: ``extract`` (no database) and ``ingest`` (the store, one
document at a time) give the same incidents for the same input, in any order."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from incidex.config import Settings
from incidex.extract.pipeline import Extractor
from incidex.models import Document, Incident, Mention
from incidex.pipeline import extract, ingest
from incidex.store.database import Store
from incidex.store.repository import IncidentFilter, list_incidents
from tests.factories import mention
from tests.fuse.test_service import reports


class HandMade(Extractor):
    """An extractor that returns the hand-made mentions of each document (no NLP)."""

    def __init__(self) -> None:
        self.found = {doc.id: ms for doc, ms in reports()}

    def extract(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Mention]]]:
        for doc in docs:
            stem = doc.id.removesuffix(".txt")
            yield doc, [_as(m, doc.id) for m in self.found.get(stem, [])]


def _as(m: Mention, doc_id: str) -> Mention:
    """The mention as a report of ``doc_id`` (the file's name is the document's id)."""
    values = {v.name.value: v.value for v in m.values}
    return mention(doc_id, m.index, background=m.background, **values)


def _groups(incidents: list[Incident]) -> list[tuple[str, list[tuple[str, int]]]]:
    return sorted((i.id, sorted((m.doc_id, m.index) for m in i.mentions)) for i in incidents)


def test_extract_and_ingest_in_any_order_give_the_same_incidents(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    names = [doc.id for doc, _ in reports()]
    for name in names:
        (folder / f"{name}.txt").write_text(
            f"Report {name}: gunmen attacked a market and killed several people, police said.",
            encoding="utf-8",
        )
    settings = Settings(db_url="sqlite://", spacy_model="unused")
    extracted = extract([str(folder)], settings, extractor=HandMade())
    expected = _groups(extracted.incidents)
    docs = [{doc for doc, _ in members} for _, members in expected]
    assert {"k1.txt", "k2.txt", "k3.txt"} in [d - {"c1.txt"} for d in docs]  # one attack
    assert not any({"z1.txt", "z2.txt"} <= d for d in docs)  # two attacks in one town
    for seed in range(3):
        order = sorted(names)
        random.Random(seed).shuffle(order)
        url = f"sqlite:///{tmp_path / f'ingested-{seed}.db'}"
        paths = [str(folder / f"{name}.txt") for name in order]
        summary = ingest(paths, Settings(db_url=url, spacy_model="unused"), extractor=HandMade())
        assert summary.stored == len(names) and summary.incidents_new >= 1
        store = Store(url)
        with store.session() as s:
            assert _groups(list_incidents(s, IncidentFilter())) == expected
        store.close()


class Buffered(Extractor):
    """Reads its whole input before yielding, as ``nlp.pipe`` reads a batch: documents of one
    batch are all read before the first is stored."""

    def __init__(self) -> None:
        pass

    def extract(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Mention]]]:
        for doc in list(docs):
            yield doc, []


def test_same_content_is_stored_once_whatever_the_batching(tmp_path: Path) -> None:
    feed = tmp_path / "feed.csv"
    same = "A grenade was thrown at a bus stop in Strelsau, wounding three people."
    feed.write_text(
        f'id,text\na1,"{same}"\nb2,"{same}"\nc3,"Gunmen raided a farm near Zenda."\n',
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'once.db'}"
    summary = ingest([str(feed)], Settings(db_url=url, spacy_model="unused"), extractor=Buffered())
    assert summary.stored == 2
    assert [s.reason for s in summary.skipped] == ["same content as stored document 'a1'"]


# --- issue 12: no input stops, loses or overwrites a run ------------------------------------


class Fragile(Extractor):
    """Fails as ``nlp.pipe`` fails on a text it refuses (spaCy's E088): the exception leaves
    the whole batch, after the batch's documents were read."""

    def __init__(self) -> None:
        pass

    def extract(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Mention]]]:
        batch = list(docs)
        if any("POISON" in doc.text for doc in batch):
            raise ValueError("[E088] Text of length 1000001 exceeds maximum of 1000000.")
        for doc in batch:
            yield doc, []


def test_a_document_that_breaks_the_extractor_is_skipped_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [
        {"id": "a", "text": "Gunmen attacked a police post in Zenda, officials said."},
        {"id": "b", "text": "POISON. A bomb exploded at a market in Strelsau."},
        {"id": "c", "text": "A grenade was thrown at a bus stop in Strelsau, wounding three."},
    ]
    feed.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'fragile.db'}"
    settings = Settings(db_url=url, spacy_model="unused")
    summary = ingest([str(feed)], settings, extractor=Fragile())
    assert summary.stored == 2
    [skip] = summary.skipped
    assert skip.source == f"{feed}:2" and "E088" in skip.reason
    again = ingest([str(feed)], settings, extractor=Fragile())  # the rerun finishes too
    assert again.unchanged == 2 and len(again.skipped) == 1
    result = extract([str(feed)], settings, extractor=Fragile())
    assert sorted(result.documents) == ["a", "b", "c"]
    assert [s.source for s in result.skipped] == [f"{feed}:2"]


def test_same_named_files_are_stored_apart_and_an_id_clash_is_reported(tmp_path: Path) -> None:
    for month, town in (("jan", "Zenda"), ("feb", "Strelsau")):
        folder = tmp_path / "news" / month
        folder.mkdir(parents=True)
        (folder / "report.txt").write_text(f"Gunmen raided a farm near {town}.", encoding="utf-8")
    feed = tmp_path / "clash.jsonl"
    feed.write_text(
        json.dumps({"id": "x", "text": "A bomb exploded in Zenda."})
        + "\n"
        + json.dumps({"id": "x", "text": "A bomb exploded in Strelsau."}),
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'apart.db'}"
    settings = Settings(db_url=url, spacy_model="unused")
    summary = ingest([str(tmp_path / "news"), str(feed)], settings, extractor=Buffered())
    assert summary.stored == 3
    [clash] = summary.skipped
    assert clash.source == f"{feed}:2" and "different content" in clash.reason
    store = Store(url)
    with store.session() as s:
        from incidex.store.schema import DocumentRow

        texts = {row.id: row.text for row in s.query(DocumentRow)}
    store.close()
    assert texts == {
        "jan/report.txt": "Gunmen raided a farm near Zenda.",
        "feb/report.txt": "Gunmen raided a farm near Strelsau.",
        "x": "A bomb exploded in Zenda.",
    }


def test_short_english_report_is_extracted_not_set_aside(tmp_path: Path) -> None:
    feed = tmp_path / "gtd.csv"
    feed.write_text(
        'eventid,summary\n1,"Gunmen abducted a pastor in Kaduna state, Nigeria."\n',
        encoding="utf-8",
    )
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'en.db'}", spacy_model="unused")
    summary = ingest([str(feed)], settings, extractor=Buffered())
    assert summary.stored == 1 and summary.skipped == []


def test_a_cut_document_is_stored_and_noted(tmp_path: Path) -> None:
    paragraph = "Gunmen attacked a police post in Zenda overnight, the governor said. " * 20
    (tmp_path / "long.txt").write_text("\n\n".join([paragraph] * 100), encoding="utf-8")
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'cut.db'}", spacy_model="unused")
    settings = replace(settings, max_chars=10_000)
    summary = ingest([str(tmp_path / "long.txt")], settings, extractor=Buffered())
    assert summary.stored == 1 and summary.skipped == []
    [note] = summary.cut
    assert note.source == str(tmp_path / "long.txt") and "INCIDEX_MAX_CHARS" in note.reason
