"""The incidents list: filters, sort keys, the page and its count, fast enough for 10,000+
incidents (issue 5: p95 under 100 ms for the API list and the workbench table).

Filters are conditions on the incidents table's own columns or uncorrelated subqueries run once
(dismissed incidents; the text filter, answered by the FTS5 index of migration 0004, see
``search``); sorting follows the expression indexes of that migration; a list page loads only
what it shows, from plain column queries.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from incidex.errors import UsageError
from incidex.filter_vocab import region_of
from incidex.models import FieldName, FieldValue, Incident, Mention, Statement
from incidex.store import decisions, search
from incidex.store.convert import incident_from_row, statement_from_row, trigger_from_row
from incidex.store.filters import IncidentFilter, resolve
from incidex.store.schema import (
    IncidentExtractedValueRow,
    IncidentRow,
    IncidentValueRow,
    MentionRow,
    StatementRow,
)


def incident_query():  # type: ignore[no-untyped-def]
    """Incidents with everything: mentions with their values, statements and roles, chosen
    values."""
    return select(IncidentRow).options(
        selectinload(IncidentRow.mentions).selectinload(MentionRow.values),
        selectinload(IncidentRow.mentions).selectinload(MentionRow.statements),
        selectinload(IncidentRow.mentions).selectinload(MentionRow.roles),
        selectinload(IncidentRow.values).selectinload(IncidentValueRow.source),
        selectinload(IncidentRow.extracted_values).selectinload(IncidentExtractedValueRow.source),
        selectinload(IncidentRow.documents),
    )


SORTS = {
    "date": IncidentRow.date,
    "country": IncidentRow.country,
    "group": IncidentRow.gname,
    "killed": IncidentRow.nkill,
    "wounded": IncidentRow.nwound,
}


def _filtered(session: Session, filters: IncidentFilter) -> Select[str]:
    """The ids of the incidents that pass ``filters``, unsorted.

    Every condition is either on the incidents table's own columns (``filters.resolve`` turns
    names into the values stored there) or an uncorrelated subquery SQLite runs once (dismissed
    incidents, text matches), never a subquery per incident row.
    """
    stmt = select(IncidentRow.id)
    if not filters.include_dismissed:
        stmt = stmt.where(IncidentRow.id.not_in(decisions.dismissed_ids()), IncidentRow.qualified)
    stmt = stmt.where(*resolve(session, filters).conditions)
    if filters.since:
        since = filters.since.isoformat()
        # A partial date ("2024", "2024-03") is kept when its span reaches ``since``.
        stmt = stmt.where(
            or_(IncidentRow.date >= since, IncidentRow.date.in_([since[:4], since[:7]]))
        )
    if filters.until:
        stmt = stmt.where(IncidentRow.date <= filters.until.isoformat())
    if filters.query:
        stmt = stmt.where(search.text_match(filters.query, search.backend(session)))
    return stmt


def incident_ids(session: Session, filters: IncidentFilter) -> Select[str]:
    """A query for the ids of the incidents that pass ``filters`` (unsorted, unpaged)."""
    return _filtered(session, filters)


def count_incidents(session: Session, filters: IncidentFilter) -> int:
    """How many incidents pass ``filters`` (a count over the incidents table, no joins)."""
    ids = _filtered(session, filters)
    return session.scalar(ids.with_only_columns(func.count(IncidentRow.id))) or 0


_FIELD_NAMES = {str(name): name for name in FieldName}  # a dict lookup, 10x an Enum call


def _summaries(session: Session, ids: Sequence[str]) -> list[Incident]:
    """Incidents with chosen values (no evidence) and mentions (no reported values).

    Plain column queries, not ORM objects: a list page builds thousands of values per request.
    """
    found = {i: Incident(id=i) for i in ids}
    statements: dict[str, list[Statement]] = {}
    stated = select(
        StatementRow.mention_id,
        StatementRow.source,
        StatementRow.stance,
        StatementRow.target,
        StatementRow.doc_id,
        StatementRow.start,
        StatementRow.end,
        StatementRow.sentence,
        StatementRow.rule,
        StatementRow.confidence,
        StatementRow.source_kind,
        StatementRow.target_kind,
        StatementRow.reported,
    ).join(MentionRow, StatementRow.mention_id == MentionRow.id)
    for st in session.execute(
        stated.where(MentionRow.incident_id.in_(ids)).order_by(StatementRow.start)
    ):
        statements.setdefault(st.mention_id, []).append(statement_from_row(st))
    mentions = select(
        MentionRow.id,
        MentionRow.incident_id,
        MentionRow.doc_id,
        MentionRow.position,
        MentionRow.primary,
        MentionRow.background,
        MentionRow.trigger_start,
        MentionRow.trigger_end,
        MentionRow.trigger_sentence,
        MentionRow.trigger_rule,
        MentionRow.trigger_confidence,
        MentionRow.fuse,
    ).where(MentionRow.incident_id.in_(ids))
    for m in session.execute(mentions.order_by(MentionRow.doc_id, MentionRow.position)):
        found[m.incident_id or ""].mentions.append(
            Mention(
                doc_id=m.doc_id,
                index=m.position,
                trigger=trigger_from_row(m),
                primary=m.primary,
                background=m.background,
                statements=statements.get(m.id, []),
                fuse=m.fuse,
            )
        )
    values = select(
        IncidentValueRow.incident_id,
        IncidentValueRow.field,
        IncidentValueRow.value,
        IncidentValueRow.low,
        IncidentValueRow.high,
    ).where(IncidentValueRow.incident_id.in_(ids))
    for incident_id_, name, value, low, high in session.execute(values):
        field = _FIELD_NAMES.get(name) or FieldName(name)
        found[incident_id_].values[field] = FieldValue(field, value, low=low, high=high)
    return [found[i] for i in ids]


def _sorted_page(filters: IncidentFilter, stmt: Select[Any]) -> Select[Any]:
    """``stmt`` in the order of ``filters.sort``, cut to its page."""
    key = filters.sort.lstrip("-")
    if key not in SORTS:
        raise UsageError(f"cannot sort by {key!r}; use one of {', '.join(SORTS)}")
    column = SORTS[key]
    order = column.desc() if filters.sort.startswith("-") else column.asc()
    # Unknown values last in either direction; migration 0004 indexes exactly this order.
    stmt = stmt.order_by(column.is_(None), order, IncidentRow.id)
    if filters.offset:
        stmt = stmt.offset(filters.offset)
    if filters.limit:
        stmt = stmt.limit(filters.limit)
    return stmt


def list_incidents(
    session: Session, filters: IncidentFilter, *, reports: bool = True
) -> list[Incident]:
    """The incidents that pass ``filters``, sorted and paged.

    With ``reports=False`` only what a list page shows is loaded: the chosen values (without their
    evidence), the documents and the trigger sentences, not the reported values; several times
    faster.
    """
    ids = list(session.scalars(_sorted_page(filters, _filtered(session, filters))))
    if not reports:
        return _summaries(session, ids)
    rows = {r.id: r for r in session.scalars(incident_query().where(IncidentRow.id.in_(ids)))}
    return [incident_from_row(rows[i]) for i in ids]


def incident_pages(
    session: Session, filters: IncidentFilter, size: int = 100
) -> Iterator[list[Incident]]:
    """The incidents that pass ``filters``, sorted as ``list_incidents`` sorts them, loaded
    ``size`` at a time (only the ids are held): an export of any size in bounded memory.
    Read in one snapshot (``Store.snapshot``), the pages are of one state of the store."""
    ids = list(session.scalars(_sorted_page(filters, _filtered(session, filters))))
    for at in range(0, len(ids), size):
        page = ids[at : at + size]
        rows = {r.id: r for r in session.scalars(incident_query().where(IncidentRow.id.in_(page)))}
        found = [incident_from_row(rows[i]) for i in page if i in rows]
        session.expunge_all()  # the rows of a page are not needed once converted
        yield found


def list_page(session: Session, filters: IncidentFilter) -> tuple[list[Incident], int]:
    """A list page's incidents (as ``list_incidents(reports=False)``) and the count of all pages.

    With a text filter, one query gives both (a window count), so the text lookup, the dear part
    when common text ("the") matches most documents, runs once instead of once for each.
    Without one, the page follows a sort index and stops early, and the count is index-only.
    """
    if not filters.query:
        return list_incidents(session, filters, reports=False), count_incidents(session, filters)
    counted = _filtered(session, filters).add_columns(func.count().over())
    rows = session.execute(_sorted_page(filters, counted)).all()
    # An empty page: none match, or the page lies past the last one (then count them apart).
    total = rows[0][1] if rows else count_incidents(session, filters) if filters.offset else 0
    return _summaries(session, [r[0] for r in rows]), total


FACETS = ("country", "region", "group", "attack")


def facets(session: Session, filters: IncidentFilter) -> dict[str, list[tuple[str, int]]]:
    """How many of the incidents that pass ``filters`` have each country, GTD region, group and
    attack type, most first (unknown values left out).

    One grouped count over the filtered incidents (a scan of the incidents table's own columns);
    the regions are summed from the countries.
    """
    stmt = _filtered(session, filters.model_copy(update={"limit": None, "offset": 0}))
    columns = (IncidentRow.country, IncidentRow.gname, IncidentRow.attacktype)
    grouped = stmt.with_only_columns(*columns, func.count()).group_by(*columns)
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for country, group, attack, n in session.execute(grouped):
        for name, value in (
            ("country", country),
            ("region", region_of(country)),
            ("group", group),
            ("attack", attack),
        ):
            if value:
                counts[name][value] = counts[name].get(value, 0) + n
    return {
        name: sorted(found.items(), key=lambda item: (-item[1], item[0]))
        for name, found in counts.items()
    }
