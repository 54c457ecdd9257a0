"""The incidents list's text filter: which incidents' documents (title, text) or chosen values
contain a piece of text, case-insensitively.

On SQLite the FTS5 trigram indexes of migration 0004 answer substring queries of three or more
characters; shorter ones (no trigram to look up) and other backends fall back to LIKE scans. The
user's text is always bound as one quoted FTS5 phrase, so FTS query syntax in it (quotes, AND,
NEAR, brackets, stars) is searched for literally instead of being parsed.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, column, exists, func, literal_column, or_, select, table
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
    if not uses_index(query, dialect):
        return _like_match(query)
    return IncidentRow.id.in_(_fts_incident_ids(fts_phrase(query)))


def _fts_incident_ids(phrase: str) -> CompoundSelect:
    """Ids of incidents with a document or a chosen value that matches the FTS ``phrase``."""
    docs = select(_DOCUMENTS_FTS.c.rowid).where(literal_column("documents_fts").op("MATCH")(phrase))
    values = select(_VALUES_FTS.c.rowid).where(
        literal_column("incident_values_fts").op("MATCH")(phrase)
    )
    in_docs = (
        select(IncidentDocumentRow.incident_id)
        .join(DocumentRow, DocumentRow.id == IncidentDocumentRow.doc_id)
        .where(literal_column("documents.rowid").in_(docs))
    )
    in_values = select(IncidentValueRow.incident_id).where(
        literal_column("incident_values.rowid").in_(values)
    )
    return in_docs.union(in_values)


def _like_match(query: str) -> ColumnElement[bool]:
    """The unindexed scan: LIKE over every supporting document and chosen value.

    ``%`` and ``_`` in the query are escaped, so they match themselves, as in the FTS phrase.
    """
    escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like = f"%{escaped}%"
    in_docs = exists().where(
        IncidentDocumentRow.incident_id == IncidentRow.id,
        IncidentDocumentRow.doc_id == DocumentRow.id,
        or_(
            func.lower(DocumentRow.text).like(like, escape="\\"),
            func.lower(DocumentRow.title).like(like, escape="\\"),
        ),
    )
    in_values = exists().where(
        IncidentValueRow.incident_id == IncidentRow.id,
        func.lower(IncidentValueRow.value).like(like, escape="\\"),
    )
    return or_(in_docs, in_values)
