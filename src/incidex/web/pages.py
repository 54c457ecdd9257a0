"""What each workbench page shows, read from the store in one session (no web framework here).

Every function returns plain dataclasses for the templates; evidence excerpts are already
escaped ``Markup`` built by ``render.highlight``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from incidex.dates import PartialDate
from incidex.errors import NotFoundError, UsageError
from incidex.kb.attribution import contested
from incidex.models import Document, Evidence, FieldName, FieldValue, Incident, Mention, RoleKind
from incidex.store import decisions
from incidex.store.convert import document_from_row
from incidex.store.repository import (
    IncidentFilter,
    documents_of,
    get_documents,
    get_incident,
    incident_ids,
    list_incidents,
    list_page,
)
from incidex.store.review import AuditEntry, audit_log
from incidex.store.schema import IncidentRow, IncidentValueRow, MentionRow, ReviewDecisionRow
from incidex.web import charts
from incidex.web.actor_pages import StatementView, statement_views
from incidex.web.render import excerpt, highlight


@dataclass(slots=True)
class Row:
    """One line of the incidents table."""

    id: str
    date: str
    country: str
    city: str
    attack: str
    group: str
    killed: str
    wounded: str
    docs: int
    dismissed: bool


@dataclass(slots=True)
class ListPage:
    rows: list[Row]
    total: int
    countries: list[str]
    groups: list[str]


def _row(incident: Incident, dismissed: bool = False) -> Row:
    return Row(
        id=incident.id,
        date=incident.value(FieldName.DATE) or "",
        country=incident.value(FieldName.COUNTRY) or "",
        city=incident.value(FieldName.CITY) or "",
        attack=incident.value(FieldName.ATTACKTYPE) or "",
        group=incident.value(FieldName.GNAME) or "",
        killed=incident.value(FieldName.NKILL) or "",
        wounded=incident.value(FieldName.NWOUND) or "",
        docs=len(incident.doc_ids),
        dismissed=dismissed,
    )


def incident_list(session: Session, filters: IncidentFilter) -> ListPage:
    found, total = list_page(session, filters)
    hidden: set[str] = set()
    if filters.include_dismissed and found:
        hidden = set(
            session.scalars(
                select(IncidentRow.id).where(
                    IncidentRow.id.in_([i.id for i in found]), decisions.dismissed_clause()
                )
            )
        )
    countries = session.scalars(
        select(IncidentRow.country).where(IncidentRow.country.is_not(None)).distinct()
    )
    groups = session.scalars(
        select(IncidentRow.gname).where(IncidentRow.gname.is_not(None)).distinct()
    )
    return ListPage(
        rows=[_row(i, i.id in hidden) for i in found],
        total=total,
        countries=sorted(c for c in countries if c),
        groups=sorted(g for g in groups if g)[:500],
    )


@dataclass(slots=True)
class EvidenceView:
    doc_id: str
    doc_title: str
    excerpt: Markup
    rule: str
    confidence: float
    start: int
    end: int


@dataclass(slots=True)
class FieldView:
    name: FieldName
    value: str | None
    hedge: str
    extracted: str | None  # what extraction chose (differs when corrected)
    correction: ReviewDecisionRow | None
    evidence: EvidenceView | None
    reports: int

    @property
    def shown(self) -> bool:
        """Listed among the incident's fields (the rest are folded away)."""
        return self.value is not None or self.correction is not None or self.reports > 0


@dataclass(slots=True)
class Report:
    """One reported casualty figure, dated by its document's publication."""

    field: str
    value: str
    hedge: str
    reported: date | None
    doc_id: str
    doc_title: str
    background: bool
    chosen: bool
    evidence: Markup = Markup("")
    mark: str = ""  # start-end of the figure in its document, for the document link
    copies: list[str] = dataclasses.field(default_factory=list)  # syndicated copies (titles)


@dataclass(slots=True)
class MentionView:
    id: str
    doc_id: str
    doc_title: str
    primary: bool
    background: bool
    trigger: Markup
    values: int
    fused_with: str = ""  # the title of the report it links to most strongly in the incident
    fused_because: str = ""  # that pair's evidence, e.g. "date +1.00 · place +1.00 (score 2.00)"
    copy_of: str = ""  # the title of the report whose text it repeats (a syndicated copy)


@dataclass(slots=True)
class RoleView:
    """One filler of the incident's attack frame, with the sentence it was read from."""

    text: str
    evidence: EvidenceView


@dataclass(slots=True)
class IncidentPage:
    incident: Incident
    fields: list[FieldView]
    documents: list[Document]
    mentions: list[MentionView]
    reports: list[Report]
    chart: charts.LineChart | None
    dismissal: ReviewDecisionRow | None
    history: list[AuditEntry]
    neighbours: list[Row] = field(default_factory=list)
    statements: dict[str, list[StatementView]] = field(default_factory=dict)
    contested: bool = False
    # the attack frame by role ("perpetrator individuals", ...), roles without fillers left out
    roles: list[tuple[str, list[RoleView]]] = field(default_factory=list)


def _hedge(value: FieldValue) -> str:
    low, high = value.low, value.high
    if low is None and high is None or low == high:
        return ""
    if high is None:
        return "at least"
    if low is None:
        return "at most"
    return f"between {low:g} and {high:g}"


def _evidence(value: FieldValue | None, docs: dict[str, Document]) -> EvidenceView | None:
    ev = value.evidence if value else None
    return _evidence_view(ev, docs) if ev is not None else None


def _evidence_view(ev: Evidence, docs: dict[str, Document]) -> EvidenceView:
    """The evidence's sentence with its span highlighted in the article (else the sentence)."""
    doc = docs.get(ev.doc_id)
    text = doc.text if doc else ev.sentence
    shown = (
        excerpt(text, ev.start, ev.end, ev.sentence)
        if doc and 0 <= ev.start < ev.end <= len(text)
        else highlight(ev.sentence, 0, 0)
    )
    title = (doc.title if doc else None) or ev.doc_id
    return EvidenceView(ev.doc_id, title, shown, ev.rule, ev.confidence, ev.start, ev.end)


def incident_page(session: Session, ident: str) -> IncidentPage:
    incident = get_incident(session, ident)
    docs = documents_of(session, [incident])
    corrected = decisions.corrections(session, incident)
    counts: dict[FieldName, int] = {}
    for m in incident.mentions:
        for v in m.values:
            counts[v.name] = counts.get(v.name, 0) + 1
    fields = []
    for name in FieldName:
        chosen = incident.values.get(name)
        # What extraction chose: stored beside a correction when the field is corrected.
        source = incident.extracted.get(name) if name in corrected else chosen
        fields.append(
            FieldView(
                name=name,
                value=chosen.value if chosen else None,
                hedge=_hedge(chosen) if chosen else "",
                extracted=source.value if source else None,
                correction=corrected.get(name),
                evidence=_evidence(source, docs),
                reports=counts.get(name, 0),
            )
        )
    return IncidentPage(
        incident=incident,
        fields=fields,
        documents=[docs[d] for d in incident.doc_ids if d in docs],
        mentions=[_mention(m, docs, incident) for m in incident.mentions],
        reports=(reports := _reports(incident, docs)),
        chart=_casualty_chart(reports),
        dismissal=decisions.dismissal(session, incident),
        history=audit_log(session, incident.id, limit=50),
        neighbours=_neighbours(session, incident),
        statements=statement_views(incident.statements, docs),
        contested=contested(incident.statements),
        roles=_roles(incident, docs),
    )


def _roles(incident: Incident, docs: dict[str, Document]) -> list[tuple[str, list[RoleView]]]:
    frame = incident.roles
    found = [
        (kind.label, [RoleView(r.text, _evidence_view(r.evidence, docs)) for r in frame.of(kind)])
        for kind in RoleKind
    ]
    return [(label, views) for label, views in found if views]


def _mention(m: Mention, docs: dict[str, Document], incident: Incident) -> MentionView:
    doc = docs.get(m.doc_id)
    ev = m.trigger
    ok = doc is not None and 0 <= ev.start < ev.end <= len(doc.text)
    trigger = excerpt(doc.text, ev.start, ev.end, ev.sentence) if doc and ok else Markup("")
    view = MentionView(
        m.id, m.doc_id, _title(m.doc_id, docs), m.primary, m.background, trigger, len(m.values)
    )
    link = incident.links.get(m.id)
    partner = next((p for p in incident.mentions if link and p.id == link.mention_id), None)
    if link and partner:
        view.fused_with = _title(partner.doc_id, docs)
        view.fused_because = " · ".join(link.reasons) + f" (score {link.score:.2f})"
    if m.doc_id in incident.copies:
        view.copy_of = _title(incident.copies[m.doc_id], docs)
    return view


def _title(doc_id: str, docs: dict[str, Document]) -> str:
    doc = docs.get(doc_id)
    return (doc.title if doc else None) or doc_id


def _reports(incident: Incident, docs: dict[str, Document]) -> list[Report]:
    """Each reported figure once: a figure a syndicated copy repeats is listed with its original
    (``Report.copies``), not as a second report."""
    found: list[Report] = []
    told: dict[tuple[FieldName, str, str], Report] = {}
    originals_first = sorted(incident.mentions, key=lambda m: m.doc_id in incident.copies)
    for name in (FieldName.NKILL, FieldName.NWOUND):
        chosen = incident.values.get(name)
        for m in originals_first:
            doc = docs.get(m.doc_id)
            title = (doc.title if doc else None) or m.doc_id
            for v in m.values:
                if v.name != name:
                    continue
                key = (name, incident.source_of(m.doc_id), v.value)
                if key in told and m.doc_id in incident.copies:
                    told[key].copies.append(title)
                    continue
                shown = _evidence(v, docs)
                report = Report(
                    field="Killed" if name == FieldName.NKILL else "Wounded",
                    value=v.value,
                    hedge=_hedge(v),
                    reported=v.reported or (doc.published if doc else None),
                    doc_id=m.doc_id,
                    doc_title=title,
                    background=m.background,
                    chosen=chosen is not None and chosen.evidence == v.evidence,
                    evidence=shown.excerpt if shown else Markup(""),
                    mark=_span(v, doc),
                )
                told.setdefault(key, report)
                found.append(report)
    return sorted(found, key=lambda r: (r.field, r.reported or date.max, r.doc_id))


def _span(value: FieldValue, doc: Document | None) -> str:
    """``start-end`` of a value's evidence when it lies inside its document, else ""."""
    ev = value.evidence
    if ev is None or doc is None or not (0 <= ev.start < ev.end <= len(doc.text)):
        return ""
    return f"{ev.start}-{ev.end}"


def _casualty_chart(reports: list[Report]) -> charts.LineChart | None:
    data: dict[str, list[tuple[date, float]]] = {"Killed": [], "Wounded": []}
    for r in reports:
        try:
            number = float(r.value)
        except ValueError:
            continue
        if r.reported is not None:
            data[r.field].append((r.reported, number))
    return charts.line_chart(data)


def _neighbours(session: Session, incident: Incident) -> list[Row]:
    """Incidents in the same country within a month: the likely merge candidates."""
    country = incident.value(FieldName.COUNTRY)
    when = PartialDate.parse(incident.value(FieldName.DATE))
    day = when.as_date() if when else None
    if not country:
        return []
    filters = IncidentFilter(country=country, limit=11, sort="-date")
    if day is not None:
        filters.since, filters.until = day - timedelta(days=31), day + timedelta(days=31)
    found = list_incidents(session, filters, reports=False)
    return [_row(i) for i in found if i.id != incident.id][:10]


@dataclass(slots=True)
class BlockView:
    kind: str
    reason: str | None
    text: Markup


@dataclass(slots=True)
class DocumentPage:
    document: Document
    blocks: list[BlockView]
    mentions: list[tuple[str, str | None, Markup]]  # mention id, incident id, trigger excerpt
    marked: bool


def document_page(session: Session, doc_id: str, mark: tuple[int, int] | None) -> DocumentPage:
    row = get_documents(session, [doc_id]).get(doc_id)
    if row is None:
        raise NotFoundError(f"no document {doc_id!r}")
    doc = document_from_row(row)
    if mark is not None and not (0 <= mark[0] < mark[1] <= len(doc.text)):
        raise UsageError(f"mark {mark[0]}-{mark[1]} is outside the text (0-{len(doc.text)})")
    start, end = mark or (0, 0)
    spans = [(b.start, b.end, b.kind, b.reason) for b in doc.blocks] or [
        (0, len(doc.text), "body", None)
    ]
    blocks = [
        BlockView(kind, reason, highlight(doc.text, start, end, (lo, hi)))
        for lo, hi, kind, reason in spans
    ]
    mentions = [
        (
            m.id,
            m.incident_id,
            excerpt(doc.text, m.trigger_start, m.trigger_end, m.trigger_sentence)
            if 0 <= m.trigger_start < m.trigger_end <= len(doc.text)
            else Markup(""),
        )
        for m in session.scalars(
            select(MentionRow).where(MentionRow.doc_id == doc_id).order_by(MentionRow.position)
        )
    ]
    return DocumentPage(doc, blocks, mentions, mark is not None)


STACKS = {"": "nothing", "group": "group", "attacktype": "attack type"}
TOLLS = {"casualties": "killed and wounded", "killed": "killed", "wounded": "wounded"}
TOLL_STYLES = {"Killed": "killed", "Wounded": "wounded"}


@dataclass(slots=True)
class TimelinePage:
    incidents: charts.StackedChart | None  # incidents per month
    casualties: charts.StackedChart | None  # killed and/or wounded per month
    stack: str  # a key of STACKS
    toll: str  # a key of TOLLS
    total: int
    year_only: int
    undated: int


def timeline_page(
    session: Session, filters: IncidentFilter, stack: str = "", toll: str = "casualties"
) -> TimelinePage:
    """Incidents and casualties per month, each stacked by ``stack`` (a group, an attack type,
    or nothing: then the casualties chart stacks killed on wounded when ``toll`` takes both)."""
    rows = session.execute(
        select(
            IncidentRow.date,
            IncidentRow.gname,
            IncidentRow.attacktype,
            IncidentRow.nkill,
            IncidentRow.nwound,
        ).where(IncidentRow.id.in_(incident_ids(session, filters)))
    ).all()
    counted: list[tuple[str, str, float]] = []
    tolls: list[tuple[str, str, float]] = []
    for day, group, attack, killed, wounded in rows:
        if not day:
            continue
        key = {"group": group, "attacktype": attack}.get(stack, "Incidents") or "Unknown"
        counted.append((day, key, 1))
        figures = {"Killed": killed or 0, "Wounded": wounded or 0}
        if toll != "casualties":
            figures = {toll.capitalize(): figures[toll.capitalize()]}
        if stack:
            tolls.append((day, key, sum(figures.values())))
        else:
            tolls.extend((day, name, value) for name, value in figures.items())
    incidents = charts.stacked(counted, "incidents" if stack else "", {"Incidents": "s0"})
    order = [s.name for s in incidents.series] if incidents and stack else list(TOLL_STYLES)
    casualties = charts.stacked(
        tolls, TOLLS[toll] if stack else "", None if stack else TOLL_STYLES, order
    )
    return TimelinePage(
        incidents=incidents,
        casualties=casualties,
        stack=stack,
        toll=toll,
        total=len(rows),
        year_only=sum(1 for r in rows if r[0] and len(r[0]) < 7),
        undated=sum(1 for r in rows if not r[0]),
    )


@dataclass(slots=True)
class MapPoint:
    """One incident on the map (``static/map.js`` clusters them), as JSON for the page."""

    id: str
    lat: float
    lon: float
    country: str
    label: str
    killed: float | None


@dataclass(slots=True)
class MapPage:
    points: list[MapPoint]
    total: int
    # countries of the mapped incidents with their counts, most first (the "zoom to" choices)
    countries: list[tuple[str, int]] = field(default_factory=list)

    def as_json(self) -> list[dict[str, object]]:
        return [dataclasses.asdict(p) for p in self.points]


def map_page(session: Session, filters: IncidentFilter) -> MapPage:
    ids = incident_ids(session, filters)
    total = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    coords: dict[str, dict[str, str]] = {}
    for ident, name, value in session.execute(
        select(IncidentValueRow.incident_id, IncidentValueRow.field, IncidentValueRow.value).where(
            IncidentValueRow.incident_id.in_(ids),
            IncidentValueRow.field.in_([str(FieldName.LATITUDE), str(FieldName.LONGITUDE)]),
        )
    ):
        coords.setdefault(ident, {})[name] = value
    rows = {
        r.id: r
        for r in session.scalars(select(IncidentRow).where(IncidentRow.id.in_(list(coords))))
    }
    points = []
    for ident, pair in sorted(coords.items()):
        try:
            lat, lon = float(pair["latitude"]), float(pair["longitude"])
        except (KeyError, ValueError):
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        row = rows[ident]
        place = ", ".join(p for p in (row.city, row.country) if p)
        label = f"{row.date or 'date unknown'} {place}: {row.gname or 'Unknown group'}"
        points.append(MapPoint(ident, lat, lon, row.country or "", label, row.nkill))
    counts = Counter(p.country for p in points if p.country)
    return MapPage(points, total, sorted(counts.items(), key=lambda c: (-c[1], c[0])))
