"""JSONL export: one incident a line with everything, every reported value and its evidence."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from datetime import date
from typing import Any, TextIO

from incidex.export.eventid import EventIds
from incidex.export.gtd_csv import event_ids_of, gtd_row
from incidex.kb.attribution import by_stance, contested, statement_json
from incidex.models import Document, FieldName, FieldValue, Frame, Incident, Qualification, RoleKind


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def field_value_json(value: FieldValue) -> dict[str, Any]:
    data: dict[str, Any] = _plain(asdict(value))
    data["name"] = str(value.name)
    return data


def incident_json(
    incident: Incident, documents: Mapping[str, Document], event_ids: EventIds | None = None
) -> dict[str, Any]:
    return {
        "id": incident.id,
        "gtd": gtd_row(incident, documents, event_ids),
        "values": {str(k): field_value_json(v) for k, v in incident.values.items()},
        "qualification": qualification_json(incident.qualification),
        "contested": contested(incident.statements),
        "statements": {
            stance: [statement_json(s) for s in found]
            for stance, found in by_stance(incident.statements).items()
        },
        "casualty_history": casualty_history(incident),
        "roles": roles_json(incident.roles),
        "documents": [
            {
                "id": d,
                "title": documents[d].title if d in documents else None,
                "source": documents[d].source if d in documents else None,
                "url": documents[d].url if d in documents else None,
                "published": _plain(documents[d].published) if d in documents else None,
            }
            for d in incident.doc_ids
        ],
        "mentions": [
            {
                "id": m.id,
                "doc_id": m.doc_id,
                "index": m.index,
                "primary": m.primary,
                "background": m.background,
                "trigger": _plain(asdict(m.trigger)),
                "qualification": qualification_json(m.qualification),
                "values": [field_value_json(v) for v in m.values],
                "fused_with": _link_json(incident, m.id),
                "copy_of": incident.copies.get(m.doc_id),
            }
            for m in incident.mentions
        ],
    }


def roles_json(frame: Frame) -> dict[str, list[dict[str, Any]]]:
    """The attack frame's fillers by role, each with its text and evidence."""
    return {
        str(kind): [
            {"text": r.text, "evidence": _plain(asdict(r.evidence))} for r in frame.of(kind)
        ]
        for kind in RoleKind
    }


def qualification_json(qual: Qualification | None) -> dict[str, Any] | None:
    """Why a report or incident is an incident: confidence, verdict, reasons and grounds (rule,
    detail, weight, span); None for a report stored before qualifications were kept."""
    return qual.as_dict() if qual is not None else None


def _link_json(incident: Incident, mention_id: str) -> dict[str, Any] | None:
    """Why fusion put the report in the incident: the report it links to most strongly, the
    pair's evidence score and its parts; None for a report alone or merged by an analyst."""
    link = incident.links.get(mention_id)
    if link is None:
        return None
    doc_of = {m.id: m.doc_id for m in incident.mentions}
    return {
        "mention": link.mention_id,
        "doc_id": doc_of.get(link.mention_id),
        "score": link.score,
        "because": list(link.reasons),
    }


def casualty_history(incident: Incident) -> list[dict[str, Any]]:
    """Every killed and wounded figure reported for an incident, by report date, with evidence.

    A figure a syndicated copy repeats is one row, at its original, with the copies listed."""
    rows: list[dict[str, Any]] = []
    by_source: dict[tuple[str, str, str], dict[str, Any]] = {}
    for name in (FieldName.NKILL, FieldName.NWOUND):
        values = incident.reports(name)
        values.sort(key=lambda v: bool(v.evidence and v.evidence.doc_id in incident.copies))
        for value in values:
            ev = value.evidence
            doc_id = ev.doc_id if ev else None
            key = (str(name), incident.source_of(doc_id or ""), value.value)
            if doc_id and key in by_source and doc_id in incident.copies:
                by_source[key]["copies"].append(doc_id)
                continue
            row: dict[str, Any] = {
                "field": str(name),
                "value": value.value,
                "low": value.low,
                "high": value.high,
                "reported": value.reported.isoformat() if value.reported else None,
                "doc_id": doc_id,
                "sentence": " ".join(ev.sentence.split()) if ev else None,
                "rule": ev.rule if ev else None,
                "copies": [],
            }
            by_source.setdefault(key, row)
            rows.append(row)
    rows.sort(key=lambda r: (r["field"], r["reported"] or "", r["doc_id"] or ""))
    return rows


def write_jsonl(
    incidents: Iterable[Incident],
    documents: Mapping[str, Document],
    out: TextIO,
    event_ids: EventIds | None = None,
) -> int:
    listed = list(incidents)
    ids = event_ids or event_ids_of(listed)
    count = 0
    for incident in listed:
        out.write(json.dumps(incident_json(incident, documents, ids), ensure_ascii=False) + "\n")
        count += 1
    return count
