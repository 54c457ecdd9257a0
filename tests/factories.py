"""Build documents and mentions by hand, so fusion, store and export tests need no NLP."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from incidex.cli import app
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
    sentence: str | None = None,
    rules: dict[str, str] | None = None,
    **fields: str,
) -> Mention:
    """A mention whose every value points at a made-up sentence of its document (or at
    ``sentence``); each value's rule is ``test.<field>`` unless ``rules`` names another."""
    sentence = sentence or f"Sentence {index} of {doc_id} about the attack."
    values = []
    for name, value in fields.items():
        low, high = (hedges or {}).get(name, (None, None))
        rule = (rules or {}).get(name, f"test.{name}")
        values.append(
            FieldValue(
                name=FieldName(name),
                value=value,
                evidence=Evidence(doc_id, 0, 8, sentence, rule, 0.8),
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


def cli(*args: str) -> Any:
    """Run one ``incidex`` command in-process; the Click result (exit_code, stdout, output)."""
    return CliRunner().invoke(app, list(args))


def ingested(folder: Path, reports: dict[str, str], db_name: str = "test.db") -> Path:
    """Write ``reports`` (file name -> text) into ``folder``, ingest them, return the database."""
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / db_name
    result = cli("ingest", str(folder), "--db", str(path))
    assert result.exit_code == 0, result.output
    return path
