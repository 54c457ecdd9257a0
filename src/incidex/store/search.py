"""The incidents list's text filter: which incidents' documents (title, text) or chosen values
contain a piece of text, case-insensitively.

On SQLite the FTS5 trigram indexes of migration 0004 answer substring queries of three or more
characters; shorter ones (no trigram to look up) and other backends fall back to LIKE scans. The
user's text is always bound as one quoted FTS5 phrase, so FTS query syntax in it (quotes, AND,
NEAR, brackets, stars) is searched for literally instead of being parsed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, column, func, literal_column, or_, select, table
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.selectable import CompoundSelect

from incidex.store.schema import DocumentRow, IncidentDocumentRow, IncidentRow, IncidentValueRow

MIN_FTS_CHARS = 3  # the trigram tokenizer indexes runs of three characters

_DOCUMENTS_FTS = table("documents_fts", column("rowid"))
_VALUES_FTS = table("incident_values_fts", column("rowid"))


def fts_phrase(query: str) -> str:
    """``query`` as one FTS5 string (a phrase): double quotes doubled, the whole quoted."""
    return '"' + query.replace('"', '""') + '"'


def uses_index(query: str, dialect: str) -> bool:
    return dialect == "sqlite" and len(query) >= MIN_FTS_CHARS


def text_match(query: str, dialect: str) -> ColumnElement[bool]:
    """SQL: the incident's documents or chosen values contain ``query`` (any case)."""
    return IncidentRow.id.in_(matching_ids(query, dialect))


def matching_ids(query: str, dialect: str) -> CompoundSelect:
    """The ids of incidents whose documents or chosen values contain ``query`` (any case).

    Either way one uncorrelated query, which the database runs once, not once per incident.
    NUL characters are dropped: SQLite ends strings there (LIKE and FTS5 queries alike), and
    stored text holds none.
    """
    query = query.replace("\x00", "")
    in_doc: ColumnElement[bool]
    in_value: ColumnElement[bool]
    if uses_index(query, dialect):
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
            _contains(DocumentRow.text, query, dialect),
            _contains(DocumentRow.title, query, dialect),
        )
        in_value = _contains(IncidentValueRow.value, query, dialect)
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


def _contains(column: QueryableAttribute[Any], query: str, dialect: str) -> ColumnElement[bool]:
    """SQL LIKE: ``column`` contains ``query`` in any case; ``%`` and ``_`` match themselves.

    SQLite's LIKE already ignores (ASCII) case, exactly as its ``lower()`` folds it; other
    databases compare lowered text.
    """
    escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    folded = column if dialect == "sqlite" else func.lower(column)
    return folded.like(f"%{escaped}%", escape="\\")
