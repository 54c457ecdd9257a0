"""Exports as a stream of text pieces, one page of incidents at a time, so a server can send a
large export without building it in memory. Each format's pieces join to exactly what its
``write_*`` function writes for the same incidents (STIX: the same JSON bundle)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Mapping

from incidex.export.eventid import EventIds
from incidex.export.gtd_csv import COLUMNS, gtd_row
from incidex.export.jsonl import write_jsonl
from incidex.models import Document, Incident

Page = tuple[list[Incident], Mapping[str, Document]]  # incidents and the documents behind them


CHUNK = 1 << 16  # bytes of a finished workbook sent at a time


def jsonl_pieces(pages: Iterable[Page], event_ids: EventIds | None = None) -> Iterator[str]:
    """JSONL, a page of lines at a time."""
    ids = event_ids or EventIds()
    for incidents, documents in pages:
        out = io.StringIO()
        write_jsonl(incidents, documents, out, ids)
        yield out.getvalue()


def gtd_csv_pieces(pages: Iterable[Page], event_ids: EventIds | None = None) -> Iterator[str]:
    """GTD CSV: the header, then a page of rows at a time."""
    ids = event_ids or EventIds()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    yield out.getvalue()
    for incidents, documents in pages:
        out.seek(0)
        out.truncate()
        for incident in incidents:
            writer.writerow(gtd_row(incident, documents, ids))
        yield out.getvalue()


def gtd_xlsx_pieces(pages: Iterable[Page], event_ids: EventIds | None = None) -> Iterator[bytes]:
    """The GTD workbook: rows are written a page at a time to a temporary file (openpyxl's
    write-only mode), which is then sent in chunks; memory stays constant."""
    from incidex.export.xlsx import write_gtd_xlsx_pages

    with tempfile.TemporaryFile() as out:
        write_gtd_xlsx_pages(pages, out, event_ids or EventIds())
        out.seek(0)
        while chunk := out.read(CHUNK):
            yield chunk


def stix_pieces(pages: Iterable[Page], event_ids: EventIds | None = None) -> Iterator[str]:
    """A STIX 2.1 bundle. Its objects are shared between incidents (groups, places, reports),
    so they are collected first, a page of incidents at a time with the documents' metadata
    only (no text); then the bundle is written an object at a time."""
    from incidex.export.stix import BundleBuilder

    documents: dict[str, Document] = {}
    builder = BundleBuilder(documents)
    for incidents, found in pages:
        for ident, doc in found.items():
            documents[ident] = dataclasses.replace(doc, text="", blocks=[])
        for incident in incidents:
            builder.add(incident)
    bundle = builder.bundle()
    head = {key: bundle[key] for key in bundle if key != "objects"}
    yield json.dumps(head, indent=2, ensure_ascii=False)[:-2] + ',\n  "objects": ['
    for n, obj in enumerate(bundle.objects):
        text = json.dumps(json.loads(obj.serialize()), indent=2, ensure_ascii=False)
        yield ("," if n else "") + "\n    " + text.replace("\n", "\n    ")
    yield "\n  ]\n}\n"
