"""STIX 2.1 bundle: incidents, the groups behind them, places, and one report per source article.

Ids are UUIDs in version 4 form derived from a hash of Incidex's own ids (the spec recommends v4
for SDOs and SROs), so exporting the same store twice gives the same bundle. Groups are
intrusion-sets with their gazetteer aliases (``related-to`` their parent, "branch of"), places
are locations, each article is a report referring to the incidents it supports. STIX 2.1 suggests
no relationship from an incident to a location or a group, so each incident is ``related-to`` its
location ("located at") and its group ("attributed to", with the claim status).

Incidex's own properties travel in a property extension (``extension-definition--`` with a fixed
id, included in every bundle): an incident's GTD values and its documents, a note's stance and
the rule that read it. stix2-validator 3.2 reports no error and no warning on a bundle.
Governments and agencies are organisation identities (people individual identities); each
attribution statement is a note whose author is the source actor, referring to the incident and
to both actors, with the stance and the evidence sentence.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, TextIO

import stix2

from incidex import __version__
from incidex.dates import PartialDate
from incidex.models import Document, FieldName, Incident, Statement
from incidex.vocab import country_codes, group_aliases, group_parents

NAMESPACE = uuid.UUID("7f1e0d52-3c55-4c2a-9d0e-6b1f5a3e2c10")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EXTENSION_ID = "extension-definition--5b0f3c8e-2a47-4d1e-9c6b-8e1f4a2d7c35"  # fixed: never change
EXTENSION_SCHEMA = (
    "Incidex property extension (property-extension). On incident: gtd (object: Incidex field "
    "name -> the value in force, GTD's scheme), doc_ids (list of Incidex document ids). On note: "
    "stance (claims, confirms, blames, suspects or denies) and rule (the extraction rule that "
    "read the statement)."
)


def stix_id(kind: str, key: str) -> str:
    """A deterministic id in UUIDv4 form: the bits of a UUIDv5 of ``kind:key`` with the version
    and variant of v4."""
    digest = uuid.uuid5(NAMESPACE, f"{kind}:{key}")
    return f"{kind}--{uuid.UUID(bytes=digest.bytes, version=4)}"


def _extension(**properties: Any) -> dict[str, Any]:
    return {EXTENSION_ID: {"extension_type": "property-extension", **properties}}


def _timestamp(day: date | None) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else EPOCH


# STIX region (region-ov) of the country codes ISO 3166-1 leaves user-assigned.
UNOFFICIAL_REGIONS = {"XK": "southern-europe"}


def _official(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code (STIX's ``country`` must be one)."""
    import pycountry

    return pycountry.countries.get(alpha_2=code) is not None


class BundleBuilder:
    """Collects STIX objects by id, so shared groups, places and reports appear once."""

    def __init__(self, documents: Mapping[str, Document]) -> None:
        self.documents = documents
        self.objects: dict[str, Any] = {}
        self.identity = stix2.Identity(
            id=stix_id("identity", "incidex"),
            name="Incidex",
            identity_class="system",
            description=f"Incidex {__version__}: incidents extracted from news reports.",
            created=EPOCH,
            modified=EPOCH,
        )
        self.objects[self.identity.id] = self.identity
        definition = stix2.ExtensionDefinition(
            id=EXTENSION_ID,
            name="Incidex properties",
            description="Incidex's own properties of incidents and statements.",
            schema=EXTENSION_SCHEMA,
            version="1.0.0",
            extension_types=["property-extension"],
            created_by_ref=self.identity.id,
            created=EPOCH,
            modified=EPOCH,
        )
        self.objects[definition.id] = definition
        self.report_refs: dict[str, list[str]] = {}

    def _common(self, when: datetime) -> dict[str, Any]:
        return {"created": when, "modified": when, "created_by_ref": self.identity.id}

    def add(self, incident: Incident) -> None:
        stamp = self._stamp(incident)
        name = self._name(incident)
        gtd = {str(k): v.value for k, v in sorted(incident.values.items())}
        obj = stix2.Incident(
            id=stix_id("incident", incident.id),
            name=name,
            description=incident.value(FieldName.SUMMARY) or _first_sentence(incident),
            external_references=[
                {"source_name": "incidex", "external_id": incident.id},
            ],
            extensions=_extension(gtd=gtd, doc_ids=incident.doc_ids),
            **self._common(stamp),
        )
        self.objects[obj.id] = obj
        location = self._location(incident)
        if location is not None:
            self._relate(obj.id, "related-to", location, stamp, "located at")
        group = incident.value(FieldName.GNAME)
        if group and group.lower() != "unknown":
            claimed = incident.value(FieldName.CLAIMED) == "1"
            self._relate(
                obj.id,
                "related-to",
                self._group(group),
                stamp,
                "attributed to: claimed by the group"
                if claimed
                else "attributed to: by sources; not claimed",
            )
        for doc_id in incident.doc_ids:
            self.report_refs.setdefault(doc_id, []).append(obj.id)
        for statement in incident.statements:
            self._statement(obj.id, incident.id, statement)

    def _statement(self, incident_ref: str, incident_id: str, st: Statement) -> None:
        """A note by the source actor on the incident: "<source> <stance> <target>"."""
        refs = [incident_ref, self._actor(st.source, st.source_kind)]
        if st.target:
            refs.append(self._actor(st.target, st.target_kind or "group"))
        ev = st.evidence
        doc = self.documents.get(ev.doc_id)
        when = _timestamp(st.reported or (doc.published if doc else None))
        target = f" {st.target}" if st.target else ""
        note = stix2.Note(
            id=stix_id("note", f"{incident_id}|{st.id}"),
            abstract=f"{st.source} {st.stance}{target}",
            content=" ".join(ev.sentence.split()),
            authors=[st.source],
            object_refs=list(dict.fromkeys(refs)),
            external_references=[
                {"source_name": "incidex-document", "external_id": ev.doc_id},
            ],
            extensions=_extension(stance=str(st.stance), rule=ev.rule),
            **self._common(when),
        )
        self.objects[note.id] = note

    def _actor(self, name: str, kind: str) -> str:
        """The STIX object for an actor: groups are intrusion-sets, the rest identities."""
        if kind == "group":
            return self._group(name)
        ident = stix_id("identity", f"{kind}:{name}")
        if ident not in self.objects:
            extra: dict[str, Any] = {}
            if kind in ("state", "agency"):
                extra["sectors"] = ["government-national"]
            self.objects[ident] = stix2.Identity(
                id=ident,
                name=name,
                identity_class="individual" if kind == "person" else "organization",
                description=f"{kind} (Incidex actor knowledge base)",
                **extra,
                **self._common(EPOCH),
            )
        return ident

    def _stamp(self, incident: Incident) -> datetime:
        published = [d.published for i in incident.doc_ids if (d := self.documents.get(i))]
        known = [p for p in published if p]
        if known:
            return _timestamp(max(known))
        when = PartialDate.parse(incident.value(FieldName.DATE))
        return _timestamp(date(when.year, when.month or 1, when.day or 1)) if when else EPOCH

    @staticmethod
    def _name(incident: Incident) -> str:
        kind = incident.value(FieldName.ATTACKTYPE) or "Attack"
        place = (
            incident.value(FieldName.CITY) or incident.value(FieldName.COUNTRY) or "unknown place"
        )
        when = incident.value(FieldName.DATE) or "unknown date"
        return f"{kind} in {place}, {when}"

    def _location(self, incident: Incident) -> str | None:
        country = incident.value(FieldName.COUNTRY)
        if not country:
            return None
        code = country_codes().get(country.lower())
        if not code:  # no country code, and no region to say: no location
            return None
        city, province = incident.value(FieldName.CITY), incident.value(FieldName.PROVSTATE)
        key = "|".join(p or "" for p in (country, province, city))
        ident = stix_id("location", key)
        if ident not in self.objects:
            fields: dict[str, Any] = {"name": ", ".join(p for p in (city, province, country) if p)}
            if _official(code):
                fields["country"] = code
            elif code in UNOFFICIAL_REGIONS:  # Kosovo's XK is no ISO 3166-1 code: say its region
                fields["region"] = UNOFFICIAL_REGIONS[code]
            if city:
                fields["city"] = city
            if province:
                fields["administrative_area"] = province
            lat, lon = (
                incident.values.get(FieldName.LATITUDE),
                incident.values.get(FieldName.LONGITUDE),
            )
            if lat and lon and lat.number is not None and lon.number is not None:
                fields["latitude"], fields["longitude"] = lat.number, lon.number
            if not {"country", "region", "latitude"} & fields.keys():
                return None  # nothing STIX can locate it by
            self.objects[ident] = stix2.Location(id=ident, **fields, **self._common(EPOCH))
        return ident

    def _group(self, name: str) -> str:
        ident = stix_id("intrusion-set", name)
        if ident not in self.objects:
            aliases = [a for a in group_aliases().get(name, []) if a != name]
            extra = {"aliases": aliases} if aliases else {}
            self.objects[ident] = stix2.IntrusionSet(
                id=ident, name=name, **extra, **self._common(EPOCH)
            )
            parent = group_parents().get(name)
            if parent:
                self._relate(ident, "related-to", self._group(parent), EPOCH, "branch of")
        return ident

    def _relate(
        self, source: str, kind: str, target: str, when: datetime, note: str | None = None
    ) -> None:
        ident = stix_id("relationship", f"{source}|{kind}|{target}")
        extra = {"description": note} if note else {}
        self.objects[ident] = stix2.Relationship(
            id=ident,
            relationship_type=kind,
            source_ref=source,
            target_ref=target,
            **extra,
            **self._common(when),
        )

    def bundle(self) -> stix2.Bundle:
        for doc_id, refs in sorted(self.report_refs.items()):
            doc = self.documents.get(doc_id)
            published = _timestamp(doc.published if doc else None)
            references = []
            if doc is not None and doc.url:
                references.append({"source_name": "article", "url": doc.url})
            ident = stix_id("report", doc_id)
            self.objects[ident] = stix2.Report(
                id=ident,
                name=(doc.title if doc and doc.title else doc_id),
                published=published,
                report_types=["threat-report"],
                object_refs=sorted(set(refs)),
                external_references=references
                + [{"source_name": "incidex-document", "external_id": doc_id}],
                **self._common(published),
            )
        return stix2.Bundle(
            objects=list(self.objects.values()),
            id=stix_id("bundle", "|".join(sorted(self.objects))),
        )


def _first_sentence(incident: Incident) -> str:
    first = next((m for m in incident.mentions if m.primary), None) or incident.mentions[0]
    return " ".join(first.trigger.sentence.split())


def stix_bundle(incidents: Iterable[Incident], documents: Mapping[str, Document]) -> stix2.Bundle:
    builder = BundleBuilder(documents)
    for incident in incidents:
        builder.add(incident)
    return builder.bundle()


def write_stix(
    incidents: Iterable[Incident], documents: Mapping[str, Document], out: TextIO
) -> int:
    listed = list(incidents)
    bundle = stix_bundle(listed, documents)
    out.write(json.dumps(json.loads(bundle.serialize()), indent=2, ensure_ascii=False) + "\n")
    return len(listed)
