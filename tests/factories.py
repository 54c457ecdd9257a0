"""Build documents and mentions by hand, so fusion, store and export tests need no NLP."""

from __future__ import annotations

from datetime import date

from incidex.models import Block, Document, Evidence, FieldName, FieldValue, Mention


def document(doc_id: str, text: str = "", published: date | None = None) -> Document:
    text = text or f"Report {doc_id}: gunmen attacked a market and killed several people."
    return Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        text=text,
        title=f"Title of {doc_id}",
        published=published,
        published_source="metadata" if published else None,
        language="en",
        blocks=[Block(0, len(text), "body")],
    )


def mention(
    doc_id: str,
    index: int = 0,
    *,
    primary: bool = True,
    background: bool = False,
    reported: date | None = None,
    hedges: dict[str, tuple[float | None, float | None]] | None = None,
    **fields: str,
) -> Mention:
    """A mention whose every value points at a made-up sentence of its document."""
    sentence = f"Sentence {index} of {doc_id} about the attack."
    values = []
    for name, value in fields.items():
        low, high = (hedges or {}).get(name, (None, None))
        values.append(
            FieldValue(
                name=FieldName(name),
                value=value,
                evidence=Evidence(doc_id, 0, 8, sentence, f"test.{name}", 0.8),
                low=low,
                high=high,
                reported=reported,
            )
        )
    return Mention(
        doc_id=doc_id,
        index=index,
        trigger=Evidence(doc_id, 0, 8, sentence, "test.trigger", 0.9),
        values=values,
        primary=primary,
        background=background,
    )
