"""The incidents list's text filter: which incidents' documents (title, text) or chosen values
contain a piece of text, case-insensitively.

On SQLite the FTS5 trigram indexes of migration 0004 answer substring queries of three or more
characters; shorter ones (no trigram to look up), other databases and an SQLite without FTS5
trigrams (before 3.34: the migration leaves the index out) fall back to LIKE scans. The
user's text is always bound as one quoted FTS5 phrase, so FTS query syntax in it (quotes, AND,
NEAR, brackets, stars) is searched for literally instead of being parsed.

On PostgreSQL the same query is ``lower(column) LIKE '%text%'``, which the planner answers from
migration 0004's GIN trigram indexes on those very expressions (``pg_trgm``), so the one SQL
serves both the indexed and the scanning case.
"""

from __future__ import annotations

import weakref
from typing import Any

from sqlalchemy import ColumnElement, Engine, column, func, literal_column, or_, select, table, text
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.selectable import CompoundSelect

from incidex.store.schema import DocumentRow, IncidentDocumentRow, IncidentRow, IncidentValueRow

MIN_FTS_CHARS = 3  # the trigram tokenizer indexes runs of three characters
INDEXED = "sqlite+fts"  # the backend name of an SQLite store with the index

_indexed: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()

_DOCUMENTS_FTS = table("documents_fts", column("rowid"))
_VALUES_FTS = table("incident_values_fts", column("rowid"))


def fts_phrase(query: str) -> str:
    """``query`` as one FTS5 string (a phrase): double quotes doubled, the whole quoted."""
    return '"' + query.replace('"', '""') + '"'


def backend(session: Session) -> str:
    """The database's dialect name, or ``INDEXED`` for an SQLite store with the FTS5 index."""
    bind = session.get_bind()
    name = bind.dialect.name
    if name != "sqlite" or not isinstance(bind, Engine):
        return name
    if bind not in _indexed:  # once per engine: the migrations ran when the store opened
        found = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents_fts'")
        ).first()
        _indexed[bind] = found is not None
    return INDEXED if _indexed[bind] else name


def uses_index(query: str, backend: str) -> bool:
    """Whether the FTS5 index can answer ``query`` on ``backend`` (it has a trigram to look up)."""
    return backend == INDEXED and len(query) >= MIN_FTS_CHARS


def text_match(query: str, backend: str) -> ColumnElement[bool]:
    """SQL: the incident's documents or chosen values contain ``query`` (any case)."""
    return IncidentRow.id.in_(matching_ids(query, backend))


def matching_ids(query: str, backend: str) -> CompoundSelect:
    """The ids of incidents whose documents or chosen values contain ``query`` (any case).

    Either way one uncorrelated query, which the database runs once, not once per incident.
    NUL characters are dropped: SQLite ends strings there (LIKE and FTS5 queries alike), and
    stored text holds none.
    """
    query = query.replace("\x00", "")
    in_doc: ColumnElement[bool]
    in_value: ColumnElement[bool]
    if uses_index(query, backend):
        phrase = fts_phrase(query)
        docs = select(_DOCUMENTS_FTS.c.rowid).where(
            literal_column("documents_fts").op("MATCH")(phrase)
        )
        values = select(_VALUES_FTS.c.rowid).where(
            literal_column("incident_values_fts").op("MATCH")(phrase)
        )
        in_doc = literal_column("documents.rowid").in_(docs)
        in_value = literal_column("incident_values.rowid").in_(values)
    else:  # the unindexed scan
        in_doc = or_(
            _contains(DocumentRow.text, query, backend),
            _contains(DocumentRow.title, query, backend),
        )
        in_value = _contains(IncidentValueRow.value, query, backend)
    return _incident_ids(in_doc, in_value)


def _incident_ids(in_doc: ColumnElement[bool], in_value: ColumnElement[bool]) -> CompoundSelect:
    """Ids of incidents with a document passing ``in_doc`` or a value passing ``in_value``."""
    by_docs = (
        select(IncidentDocumentRow.incident_id)
        .join(DocumentRow, DocumentRow.id == IncidentDocumentRow.doc_id)
        .where(in_doc)
    )
    by_values = select(IncidentValueRow.incident_id).where(in_value)
    return by_docs.union(by_values)


def like_escape(text: str) -> str:
    """``text`` in a LIKE pattern with ``escape="\\"``: ``%``, ``_``, ``\\`` match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column: QueryableAttribute[Any], query: str, backend: str) -> ColumnElement[bool]:
    """SQL LIKE: ``column`` contains ``query`` in any case; ``%`` and ``_`` match themselves.

    SQLite's LIKE already ignores (ASCII) case, exactly as its ``lower()`` folds it; other
    databases compare lowered text.
    """
    escaped = like_escape(query.lower())
    folded = column if backend in ("sqlite", INDEXED) else func.lower(column)
    return folded.like(f"%{escaped}%", escape="\\")
