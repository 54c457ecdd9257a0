"""GTD export: every column of the GTD codebook (135, in the data file's order) with GTD's numeric
codes and texts and its conventions for unknowns, then Incidex's own columns (``incidex_*``).

Conventions (``incidex/data/gtd_codebook.yaml``): a flag that is not known is -9 (claimed when a
group is named but no report says whether it claimed, property, INT_*), a count the codebook
marks so is -99 (nperps, nperpcap, nhostkid), unknown text and the casualty counts stay empty, an
unknown attack, weapon or target type is the codebook's "Unknown" code. ``natlty1`` is the
nationality of the target: a demonym in the target or victims' words ("Chinese engineers"), else
the country of the attack, as GTD codes domestic targets. Sources (``scite1-3``) are the article's
title, URL and date, never a local file path. See ``gtd_values`` for each column's rule.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TextIO

from incidex.codebook import codebook
from incidex.dates import PartialDate
from incidex.export.summary import compose
from incidex.kb.attribution import contested
from incidex.models import Document, FieldName, Incident, RoleKind
from incidex.store.eventids import EventIds
from incidex.vocab import country_codes, load_data

Value = str | int | float | None
GTD_COLUMNS: list[str] = list(codebook().data.columns)
INCIDEX_COLUMNS = [
    "incidex_id", "incidex_doc_ids", "incidex_primary", "incidex_nkill_min", "incidex_nkill_max",
    "incidex_nwound_min", "incidex_nwound_max", "incidex_date_precision", "incidex_contested",
    "incidex_confidence", "incidex_stated_nationality", "incidex_attack_sentence",
]  # fmt: skip
COLUMNS = GTD_COLUMNS + INCIDEX_COLUMNS
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
HOSTAGE_ATTACKS = {4, 5, 6}  # hijacking, barricade, kidnapping: GTD's ishostkid cases


def _number(value: str | None) -> int | float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _bound(low: float | None, fallback: int | float | None) -> int | float | None:
    return _number(str(low)) if low is not None else fallback


HEADLINE = 120  # characters of a text's first line that stand for a missing title


def citation(doc: Document) -> str:
    """A source as GTD cites one: title (else the text's first line of four words or more, a
    headline or masthead; else the document's id), URL when known, and date; never the file
    path it was read from."""
    lines = (line.strip() for line in doc.text.splitlines())
    first = next((line for line in lines if len(line.split()) >= 4), "")
    if len(first) > HEADLINE:
        first = first[:HEADLINE].rsplit(" ", 1)[0] + "..."
    parts = [doc.title or first or f"Incidex document {doc.id}"]
    if doc.url:
        parts.append(doc.url)
    if doc.published:
        parts.append(doc.published.isoformat())
    return ", ".join(parts)


@cache
def _demonyms() -> list[tuple[re.Pattern[str], str]]:
    places = load_data("places.yaml")
    found = sorted((places.get("demonyms") or {}).items(), key=lambda kv: -len(kv[0]))
    return [(re.compile(rf"\b{re.escape(adj)}\b"), country) for adj, country in found]


def target_nationality(incident: Incident) -> str | None:
    """The target's country: a demonym in the target's or victims' words, else the attack's."""
    frame = incident.roles
    texts = [incident.value(FieldName.TARGET) or ""]
    texts += [r.text for r in frame.of(RoleKind.TARGETS) + frame.of(RoleKind.VICTIMS)]
    for text in texts:
        for pattern, country in _demonyms():
            if pattern.search(text):
                return country
    return incident.value(FieldName.COUNTRY)


def _country(name: str | None) -> tuple[int | None, int | None]:
    """GTD's country code and region code of a country named as Incidex names it (a state of
    the past by GTD's name: its region, no code)."""
    entry = codebook().country(country_codes().get(name.lower()) or name) if name else None
    return (entry.code, entry.region) if entry else (None, None)


def _claimed(incident: Incident) -> int:
    stated = _number(incident.value(FieldName.CLAIMED))
    if stated is not None:
        return int(stated)
    group = incident.value(FieldName.GNAME)
    return -9 if group and group.lower() != "unknown" else 0


def _weapon_texts(incident: Incident) -> list[str]:
    texts = [r.text for r in incident.roles.of(RoleKind.WEAPONS)]
    chosen = incident.values.get(FieldName.WEAPTYPE)
    if chosen is not None and chosen.evidence is not None:
        texts.append(chosen.evidence.sentence)
    return texts


def _target_texts(incident: Incident) -> list[str]:
    frame = incident.roles
    texts = [incident.value(FieldName.TARGET) or ""]
    return texts + [r.text for r in frame.of(RoleKind.TARGETS) + frame.of(RoleKind.VICTIMS)]


def gtd_values(
    incident: Incident,
    documents: Mapping[str, Document],
    event_ids: EventIds | None = None,
) -> dict[str, Value]:
    """One row in GTD's columns, typed: codes and counts are numbers, unknown text is None."""
    book = codebook()
    flag, count = book.data.unknown_flag, book.data.unknown_count
    v = incident.value
    row: dict[str, Value] = dict.fromkeys(COLUMNS)
    date_value = v(FieldName.DATE)
    row["eventid"] = (event_ids or EventIds([(incident.id, date_value)]))(incident.id, date_value)
    when = PartialDate.parse(date_value)
    if when:
        row["iyear"], row["imonth"], row["iday"] = when.year, when.month, when.day
        row["incidex_date_precision"] = when.precision
        if when.precision != "day":
            row["approxdate"] = (
                f"{MONTHS[when.month - 1]} {when.year}" if when.month else str(when.year)
            )
    row["approxdate"] = v(FieldName.APPROXDATE) or row["approxdate"]
    row["extended"] = 0
    country = v(FieldName.COUNTRY)
    code, region = _country(country)
    row["country"], row["country_txt"] = code, country
    row["region"], row["region_txt"] = region, book.label("region", region) or None
    row["provstate"], row["city"] = v(FieldName.PROVSTATE), v(FieldName.CITY)
    row["latitude"], row["longitude"] = (
        _number(v(FieldName.LATITUDE)),
        _number(v(FieldName.LONGITUDE)),
    )
    row["specificity"] = _number(v(FieldName.SPECIFICITY)) or (
        5 if row["latitude"] is None else None
    )
    row["vicinity"] = 0
    claimed = _claimed(incident)
    row["summary"] = compose(incident, claimed)
    qual = incident.qualification
    against = [g.rule for g in qual.grounds if g.against] if qual else []
    row["crit1"] = row["crit2"] = row["crit3"] = 1
    row["doubtterr"] = 1 if against else 0
    if "against:state" in against:
        row["alternative"], row["alternative_txt"] = 5, book.data.alternatives[5]
    elif "against:crime" in against:
        row["alternative"], row["alternative_txt"] = 2, book.data.alternatives[2]
    row["multiple"] = _number(v(FieldName.MULTIPLE)) or 0
    row["success"] = 1
    row["suicide"] = _number(v(FieldName.SUICIDE)) or 0
    attack = book.code("attack", v(FieldName.ATTACKTYPE)) or 9
    row["attacktype1"], row["attacktype1_txt"] = attack, book.label("attack", attack)
    attack2 = book.code("attack", v(FieldName.ATTACKTYPE2))
    if attack2:
        row["attacktype2"], row["attacktype2_txt"] = attack2, book.label("attack", attack2)
    target = book.code("target", v(FieldName.TARGTYPE)) or 20
    row["targtype1"], row["targtype1_txt"] = target, book.label("target", target)
    sub = book.subtype("target", target, _target_texts(incident))
    if sub:
        row["targsubtype1"], row["targsubtype1_txt"] = sub
    row["target1"] = v(FieldName.TARGET)
    nationality = target_nationality(incident)
    row["natlty1"], row["natlty1_txt"] = _country(nationality)[0], nationality
    group = v(FieldName.GNAME) or "Unknown"
    row["gname"], row["gname2"] = group, v(FieldName.GNAME2)
    uncertain = 1 if contested(incident.statements) else 0
    row["guncertain1"] = uncertain if group != "Unknown" else 0
    if row["gname2"]:
        row["guncertain2"] = 1
    row["individual"] = 0
    row["nperps"] = _number(v(FieldName.NPERPS))
    row["nperpcap"] = _number(v(FieldName.NPERPCAP))
    row["nperps"] = count if row["nperps"] is None else row["nperps"]
    row["nperpcap"] = count if row["nperpcap"] is None else row["nperpcap"]
    row["claimed"] = claimed
    mode = book.code("claimmode", v(FieldName.CLAIMMODE)) or (10 if claimed == 1 else None)
    if mode:
        row["claimmode"], row["claimmode_txt"] = mode, book.label("claimmode", mode)
    weapon = book.code("weapon", v(FieldName.WEAPTYPE)) or 13
    row["weaptype1"], row["weaptype1_txt"] = weapon, book.label("weapon", weapon)
    wsub = book.subtype("weapon", weapon, _weapon_texts(incident))
    if wsub:
        row["weapsubtype1"], row["weapsubtype1_txt"] = wsub
    weapons = [r.text for r in incident.roles.of(RoleKind.WEAPONS)]
    row["weapdetail"] = "; ".join(weapons) or None
    for name, column in ((FieldName.NKILL, "nkill"), (FieldName.NWOUND, "nwound")):
        chosen = incident.values.get(name)
        number = _number(chosen.value) if chosen else None
        row[column] = number
        if chosen is not None:
            row[f"incidex_{column}_min"] = _bound(chosen.low, number)
            row[f"incidex_{column}_max"] = _bound(chosen.high, number)
    row["property"] = flag
    hostage = attack in HOSTAGE_ATTACKS
    row["ishostkid"] = 1 if hostage else (0 if attack != 9 else flag)
    if hostage:
        row["nhostkid"], row["ransom"] = count, flag
    else:
        row["ransom"] = 0 if attack != 9 else flag
    for i, doc_id in enumerate(_cited(incident, documents)[:3], start=1):
        doc = documents.get(doc_id)
        row[f"scite{i}"] = citation(doc) if doc else f"Incidex document {doc_id}"
    row["dbsource"] = "Incidex"
    for column in ("INT_LOG", "INT_IDEO", "INT_MISC", "INT_ANY"):
        row[column] = flag
    row["incidex_id"] = incident.id
    row["incidex_doc_ids"] = ";".join(incident.doc_ids)
    row["incidex_primary"] = 1 if incident.primary else 0
    row["incidex_contested"] = uncertain
    row["incidex_confidence"] = round(qual.confidence, 3) if qual else None
    row["incidex_stated_nationality"] = v(FieldName.NATIONALITY)
    row["incidex_attack_sentence"] = _first_sentence(incident)
    return row


def _cited(incident: Incident, documents: Mapping[str, Document]) -> list[str]:
    """The incident's documents, those a reader can find first: with a URL, then with a title,
    earliest published first; syndicated copies last."""

    def rank(doc_id: str) -> tuple[bool, bool, bool, str, str]:
        doc = documents.get(doc_id)
        published = doc.published.isoformat() if doc and doc.published else "9999"
        return (
            doc_id in incident.copies,
            not (doc and doc.url),
            not (doc and doc.title),
            published,
            doc_id,
        )

    return sorted(incident.doc_ids, key=rank)


def _first_sentence(incident: Incident) -> str | None:
    if not incident.mentions:
        return None
    first = next((m for m in incident.mentions if m.primary), None) or incident.mentions[0]
    return " ".join(first.trigger.sentence.split())


def _text(value: Value) -> str:
    return "" if value is None else str(value)


def gtd_row(
    incident: Incident,
    documents: Mapping[str, Document],
    event_ids: EventIds | None = None,
) -> dict[str, str]:
    """One row as CSV text: numbers as written, unknown text empty."""
    return {k: _text(v) for k, v in gtd_values(incident, documents, event_ids).items()}


def event_ids_of(incidents: Iterable[Incident]) -> EventIds:
    """Eventids numbered within the given incidents (for an export with no store behind it)."""
    return EventIds((i.id, i.value(FieldName.DATE)) for i in incidents)


def write_gtd_csv(
    incidents: Iterable[Incident],
    documents: Mapping[str, Document],
    out: TextIO,
    event_ids: EventIds | None = None,
) -> int:
    listed = list(incidents)
    ids = event_ids or event_ids_of(listed)
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for incident in listed:
        writer.writerow(gtd_row(incident, documents, ids))
    return len(listed)
