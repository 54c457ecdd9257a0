"""GTD-compatible CSV: the codebook's column names and labels, plus Incidex's own columns."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import TextIO

from incidex.dates import PartialDate
from incidex.kb.attribution import contested
from incidex.models import Document, FieldName, Incident

GTD_COLUMNS = [
    "eventid", "iyear", "imonth", "iday", "approxdate", "country_txt", "provstate", "city",
    "latitude", "longitude", "specificity", "attacktype1_txt", "attacktype2_txt", "weaptype1_txt",
    "targtype1_txt", "target1", "gname", "gname2", "claimed", "claimmode_txt", "nkill", "nwound",
    "nperps", "nperpcap", "suicide", "multiple", "summary", "scite1", "scite2", "scite3",
]  # fmt: skip
INCIDEX_COLUMNS = [
    "incidex_doc_ids", "incidex_primary", "incidex_nkill_min", "incidex_nkill_max",
    "incidex_date_precision", "incidex_contested",
]  # fmt: skip
COLUMNS = GTD_COLUMNS + INCIDEX_COLUMNS

# Column -> field whose chosen value fills it as is.
DIRECT = {
    "country_txt": FieldName.COUNTRY,
    "provstate": FieldName.PROVSTATE,
    "city": FieldName.CITY,
    "latitude": FieldName.LATITUDE,
    "longitude": FieldName.LONGITUDE,
    "specificity": FieldName.SPECIFICITY,
    "attacktype1_txt": FieldName.ATTACKTYPE,
    "attacktype2_txt": FieldName.ATTACKTYPE2,
    "weaptype1_txt": FieldName.WEAPTYPE,
    "targtype1_txt": FieldName.TARGTYPE,
    "target1": FieldName.TARGET,
    "gname2": FieldName.GNAME2,
    "claimmode_txt": FieldName.CLAIMMODE,
    "nperps": FieldName.NPERPS,
    "nperpcap": FieldName.NPERPCAP,
}
COUNTS = {"nkill": FieldName.NKILL, "nwound": FieldName.NWOUND}
FLAGS = {"claimed": FieldName.CLAIMED, "suicide": FieldName.SUICIDE, "multiple": FieldName.MULTIPLE}
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


def _count(value: str | None) -> str:
    if value is None:
        return ""
    try:
        number = float(value)
    except ValueError:
        return ""
    return str(int(number)) if number.is_integer() else str(number)


def _bound(value: float | None) -> str:
    return "" if value is None else _count(str(value))


def citation(doc: Document) -> str:
    parts = [doc.title or doc.id, doc.url or doc.source]
    if doc.published:
        parts.append(doc.published.isoformat())
    return ", ".join(p for p in parts if p)


def gtd_row(incident: Incident, documents: Mapping[str, Document]) -> dict[str, str]:
    """One CSV row in GTD's columns; unknown values are empty, as the codebook leaves them."""
    row = dict.fromkeys(COLUMNS, "")
    row["eventid"] = incident.id
    when = PartialDate.parse(incident.value(FieldName.DATE))
    if when:
        row["iyear"], row["imonth"], row["iday"] = str(when.year), str(when.month), str(when.day)
        row["incidex_date_precision"] = when.precision
        if when.precision != "day":
            month = f"{MONTHS[when.month - 1]} " if when.month else ""
            row["approxdate"] = f"{month}{when.year}"
    for column, name in DIRECT.items():
        row[column] = incident.value(name) or ""
    row["gname"] = incident.value(FieldName.GNAME) or "Unknown"
    for column, name in FLAGS.items():
        row[column] = _count(incident.value(name))
    if not row["claimed"]:
        row["claimed"] = "0"
    for column, name in COUNTS.items():
        row[column] = _count(incident.value(name))
    nkill = incident.values.get(FieldName.NKILL)
    if nkill is not None:
        row["incidex_nkill_min"] = _bound(nkill.low if nkill.low is not None else nkill.number)
        row["incidex_nkill_max"] = _bound(nkill.high if nkill.high is not None else nkill.number)
    row["summary"] = _summary(incident)
    docs = incident.doc_ids
    for i, doc_id in enumerate(docs[:3], start=1):
        doc = documents.get(doc_id)
        row[f"scite{i}"] = citation(doc) if doc else doc_id
    row["incidex_doc_ids"] = ";".join(docs)
    row["incidex_primary"] = "1" if incident.primary else "0"
    row["incidex_contested"] = "1" if contested(incident.statements) else "0"
    return row


def _summary(incident: Incident) -> str:
    stated = incident.value(FieldName.SUMMARY)
    if stated:
        return stated
    first = next((m for m in incident.mentions if m.primary), None) or incident.mentions[0]
    return " ".join(first.trigger.sentence.split())


def write_gtd_csv(
    incidents: Iterable[Incident], documents: Mapping[str, Document], out: TextIO
) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for incident in incidents:
        writer.writerow(gtd_row(incident, documents))
        count += 1
    return count
