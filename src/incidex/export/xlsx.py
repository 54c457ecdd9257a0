"""GTD export as an Excel workbook (GTD ships XLSX): the same columns and rows as the CSV, codes
and counts as numbers, written with openpyxl's write-only mode, one row at a time (constant
memory: rows go to a temporary file, the workbook is zipped when it is saved)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from incidex.export.eventid import EventIds
from incidex.export.gtd_csv import COLUMNS, Value, event_ids_of, gtd_values
from incidex.models import Document, Incident

SHEET = "Data"
Page = tuple[list[Incident], Mapping[str, Document]]


def _cell(value: Value) -> Value:
    """Text without the control characters a worksheet cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub(" ", value) if isinstance(value, str) else value


def write_gtd_xlsx_pages(pages: Iterable[Page], out: IO[bytes], event_ids: EventIds) -> int:
    """Write the incidents of ``pages`` as one worksheet to ``out``; how many were written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.append(COLUMNS)
    count = 0
    for incidents, documents in pages:
        for incident in incidents:
            row = gtd_values(incident, documents, event_ids)
            sheet.append([_cell(row[c]) for c in COLUMNS])
            count += 1
    book.save(out)
    return count


def write_gtd_xlsx(
    incidents: Iterable[Incident],
    documents: Mapping[str, Document],
    out: IO[bytes],
    event_ids: EventIds | None = None,
) -> int:
    listed = list(incidents)
    return write_gtd_xlsx_pages([(listed, documents)], out, event_ids or event_ids_of(listed))
