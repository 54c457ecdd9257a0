"""Readers: any supported input -> ``Document`` (text, blocks, language, publication date)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO, TextIO

from incidex.ingest.boilerplate import label_blocks
from incidex.ingest.language import SAMPLE_CHARS, detect_language
from incidex.ingest.limits import Limits
from incidex.ingest.pubdate import find_published
from incidex.ingest.readers import iter_documents
from incidex.models import Document, Skipped

__all__ = ["Limits", "iter_documents", "load_documents", "prepare"]


def prepare(doc: Document) -> Document:
    """Add blocks, language and (when the input had none) a publication date found in the text."""
    doc.blocks = label_blocks(doc.text)
    body = "\n\n".join(doc.text[b.start : b.end] for b in doc.body_blocks())
    doc.language = detect_language(_language_sample(doc, body if body.strip() else doc.text))
    if doc.published is None:
        doc.published, doc.published_source = find_published(doc.text)
    return doc


def _language_sample(doc: Document, body: str) -> str:
    """Enough text to judge the language on: a short body is read with its title."""
    if len(body) >= SAMPLE_CHARS or not doc.title or doc.title in body:
        return body
    return f"{doc.title}\n\n{body}"


def load_documents(
    paths: Sequence[str],
    text_column: str | None = None,
    stdin: TextIO | BinaryIO | None = None,
    limits: Limits | None = None,
) -> Iterator[Document | Skipped]:
    """Read and prepare every document; one bad document becomes a ``Skipped``, never a crash.

    Raises ``InputError`` at once when a path does not exist.
    """
    items = iter_documents(paths, text_column=text_column, stdin=stdin, limits=limits)
    return _prepare_all(items)


def _prepare_all(items: Iterator[Document | Skipped]) -> Iterator[Document | Skipped]:
    for item in items:
        if isinstance(item, Skipped):
            yield item
            continue
        try:
            yield prepare(item)
        except Exception as err:  # noqa: BLE001 - one bad document never stops a batch
            reason = f"could not prepare ({type(err).__name__}: {err}); report it as a bug"
            yield Skipped(item.source, reason)
