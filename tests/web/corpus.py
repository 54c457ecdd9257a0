"""A small hand-made corpus for the workbench tests, with real evidence spans and one hostile
article (script and onerror markup in its text, title, URL and an extracted value)."""

from __future__ import annotations

from datetime import date

from incidex.fuse.service import FusionService
from incidex.models import Block, Document, Evidence, FieldName, FieldValue, Mention
from incidex.store.database import Store

HOSTILE_TEXT = (
    "Gunmen attacked a checkpoint in Mosul, Iraq, on 2023-06-02, killing 4 people. "
    "<script>alert(1)</script> The attackers fled. <img src=x onerror=alert(1)> "
    "Related stories: <b>click here</b>"
)


def _value(doc: Document, name: str, value: str, snippet: str) -> FieldValue:
    start = doc.text.index(snippet)
    end = start + len(snippet)
    sentence_start = doc.text.rfind(". ", 0, start) + 1
    sentence_end = doc.text.find(".", end)
    sentence = doc.text[sentence_start : sentence_end + 1 if sentence_end >= 0 else None].strip()
    ev = Evidence(doc.id, start, end, sentence, f"test.{name}", 0.8)
    return FieldValue(FieldName(name), value, ev, reported=doc.published)


def article(
    doc_id: str,
    title: str,
    text: str,
    published: date,
    values: dict[str, tuple[str, str]],
    *,
    url: str | None = None,
    boilerplate_from: str | None = None,
) -> tuple[Document, list[Mention]]:
    """A document and its one mention; ``values`` maps field -> (value, snippet of the text)."""
    cut = text.index(boilerplate_from) if boilerplate_from else len(text)
    blocks = [Block(0, cut, "body")]
    if cut < len(text):
        blocks.append(Block(cut, len(text), "boilerplate", "related stories"))
    doc = Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        text=text,
        title=title,
        url=url,
        published=published,
        published_source="metadata",
        language="en",
        blocks=blocks,
    )
    trigger_snippet = next(iter(values.values()))[1]
    first = _value(doc, "date", "", trigger_snippet).evidence
    assert first is not None
    trigger = Evidence(doc_id, first.start, first.end, first.sentence, "test.trigger", 0.9)
    mention = Mention(
        doc_id=doc_id,
        index=0,
        trigger=trigger,
        values=[_value(doc, name, value, snippet) for name, (value, snippet) in values.items()],
        primary=True,
    )
    return doc, [mention]


def kerman(
    doc_id: str, killed: str, published: date, extra: str = ""
) -> tuple[Document, list[Mention]]:
    # Each outlet tells it in its own words (near-identical texts would be one syndicated story).
    text = (
        (
            f"Two bombs exploded near a memorial procession in Kerman, Iran, on 2024-01-03. "
            f"Officials said {killed} people were killed and 284 wounded. "
            f"Islamic State Khorasan Province claimed the attack.{extra}"
        )
        if doc_id.endswith("1")
        else (
            f"Rescuers worked through the night after bombs exploded among mourners walking to a "
            f"shrine in Kerman, Iran, on 2024-01-03. By the weekend the health ministry said "
            f"{killed} people were killed, with 284 wounded still in hospital. A statement from "
            f"Islamic State Khorasan Province later claimed the attack.{extra}"
        )
    )
    return article(
        doc_id,
        f"Kerman blasts: {killed} killed",
        text,
        published,
        {
            "date": ("2024-01-03", "2024-01-03"),
            "country": ("Iran", "Iran"),
            "city": ("Kerman", "Kerman"),
            "attacktype": ("Bombing/Explosion", "bombs exploded"),
            "gname": ("Khorasan Chapter of the Islamic State", "Islamic State Khorasan Province"),
            "nkill": (killed, f"{killed} people were killed"),
            "nwound": ("284", "284 wounded"),
            "latitude": ("30.2839", "Kerman"),
            "longitude": ("57.0834", "Kerman"),
        },
        url=f"https://news.example/{doc_id}",
    )


def reports() -> list[tuple[Document, list[Mention]]]:
    manchester_text = (
        "A suicide bomber detonated a device at a concert arena in Manchester, United Kingdom, "
        "on 2017-05-22, killing 22 people and wounding 139."
    )
    return [
        kerman("kerman-1", "84", date(2024, 1, 4)),
        kerman("kerman-2", "91", date(2024, 1, 6)),
        article(
            "manchester-1",
            "Manchester Arena bombing",
            manchester_text,
            date(2017, 5, 23),
            {
                "date": ("2017-05-22", "2017-05-22"),
                "country": ("United Kingdom", "United Kingdom"),
                "city": ("Manchester", "Manchester"),
                "attacktype": ("Bombing/Explosion", "detonated a device"),
                "nkill": ("22", "killing 22 people"),
                "nwound": ("139", "wounding 139"),
                "latitude": ("53.4808", "Manchester"),
                "longitude": ("-2.2426", "Manchester"),
            },
        ),
        article(
            "hostile-1",
            "<script>alert('title')</script> Mosul checkpoint attack",
            HOSTILE_TEXT,
            date(2023, 6, 3),
            {
                "date": ("2023-06-02", "2023-06-02"),
                "country": ("Iraq", "Iraq"),
                "city": ("Mosul", "Mosul"),
                "attacktype": ("Armed Assault", "Gunmen attacked"),
                "gname": ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
                "nkill": ("4", "killing 4 people"),
                "target": ("<script>alert(1)</script>", "<script>alert(1)</script>"),
            },
            url="javascript:alert(1)",
            boilerplate_from="Related stories",
        ),
    ]


def fill(url: str) -> None:
    """Store the corpus (one transaction per document, as ingest does)."""
    store = Store(url)
    try:
        for doc, mentions in reports():
            with store.session() as session:
                FusionService(session).save_document(doc, mentions)
    finally:
        store.close()
