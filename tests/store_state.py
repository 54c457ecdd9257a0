"""Everything two stores must agree on to hold "the same incidents", read table by table (the
Dask tests and ``benchmarks/ingest_dask.py`` compare stores with it).

``state(url)`` reads, in a canonical order and without the values that only say when or in what
order rows were written (timestamps, autoincrement keys):

- ``documents``: id, content hash, language;
- ``mentions``: id, document, position, incident, and the link that fused it (partner, score,
  reasons);
- ``incidents``: id and every list column (date, place, types, group, killed, wounded, primary,
  contested, qualified, dismissed);
- ``incident_values`` (and ``incident_extracted_values``): incident, field, value, low/high, and
  the evidence the value came from (document, field, value, span, rule of its field value);
- ``incident_documents``: incident, document, the document it is a copy of;
- ``actors``, ``actor_aliases``, ``actor_relations``: what the articles taught the knowledge base.

``incident_redirects`` (ids retired by merges, kept so that links users saw keep working) are
read apart (``redirects``): they record the history of a store, which the order of the writes
shapes, not its incidents. ``compare`` names the tables that differ and how many rows.
"""

from __future__ import annotations

from sqlalchemy import create_engine, text

QUERIES = {
    "documents": "SELECT id, content_hash, language FROM documents",
    "mentions": (
        "SELECT id, doc_id, position, incident_id, link_to, link_score, link_reasons FROM mentions"
    ),
    "incidents": (
        "SELECT id, date, country, provstate, city, attacktype, weaptype, targtype, gname, nkill, "
        'nwound, "primary", contested, qualified, dismissed FROM incidents'
    ),
    "incident_values": (
        "SELECT v.incident_id, v.field, v.value, v.low, v.high, f.doc_id, f.field, f.value, "
        'f.start, f."end", f.rule FROM incident_values v '
        "LEFT JOIN field_values f ON f.id = v.field_value_id"
    ),
    "incident_extracted_values": (
        "SELECT v.incident_id, v.field, v.value, v.low, v.high, f.doc_id, f.field, f.value, "
        'f.start, f."end", f.rule FROM incident_extracted_values v '
        "LEFT JOIN field_values f ON f.id = v.field_value_id"
    ),
    "incident_documents": "SELECT incident_id, doc_id, copy_of FROM incident_documents",
    "actors": "SELECT id, name, kind, parent, origin FROM actors",
    "actor_aliases": "SELECT id, actor_id, alias, source, is_name, doc_id FROM actor_aliases",
    "actor_relations": "SELECT id, source_id, kind, target_id, doc_id FROM actor_relations",
}
State = dict[str, list[tuple[object, ...]]]


def _key(row: tuple[object, ...]) -> tuple[str, ...]:
    return tuple("" if v is None else repr(v) for v in row)


def _read(url: str, queries: dict[str, str]) -> State:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: sorted((tuple(r) for r in conn.execute(text(sql))), key=_key)
                for name, sql in queries.items()
            }
    finally:
        engine.dispose()


def state(url: str) -> State:
    """The store's documents, mentions, incidents and knowledge (see the module docstring)."""
    return _read(url, QUERIES)


def redirects(url: str) -> list[tuple[object, ...]]:
    return _read(url, {"r": "SELECT old_id, new_id FROM incident_redirects"})["r"]


def compare(expected: State, got: State) -> list[str]:
    """One line per table that differs: the rows only one side has."""
    lines = []
    for name in QUERIES:
        mine, theirs = set(expected[name]), set(got[name])
        if mine != theirs or len(expected[name]) != len(got[name]):
            lines.append(
                f"{name}: {len(mine - theirs)} rows only in the first, "
                f"{len(theirs - mine)} only in the second (of {len(mine)})"
            )
    return lines


def summary(found: State) -> str:
    return ", ".join(f"{len(rows)} {name}" for name, rows in found.items())
