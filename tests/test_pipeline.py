"""The jobs behind the commands: ``extract`` (no database) and ``ingest`` (the store, one
document at a time) give the same incidents for the same input, in any order."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
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
