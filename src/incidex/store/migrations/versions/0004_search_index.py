"""full-text search index and sort indexes for the incidents list (issue 5)

On SQLite: FTS5 tables with the trigram tokenizer over what the list's text filter searches
(document titles and texts, incidents' chosen values), kept in step with their tables by
triggers, so every write path (ingest, removal, re-fusion, review) updates them; both are filled
from the existing rows. On every backend: one index per sort direction of each sort key, and one
on the lowered country the country filter compares.

On PostgreSQL: the ``pg_trgm`` extension and a GIN trigram index on each lowered searched
column (``lower(title)``, ``lower(text)``, ``lower(value)``), which answers the same
case-insensitive substring queries (``lower(column) LIKE '%text%'``) as SQLite's trigram
tokenizer and, being an ordinary index, stays in step by itself (no triggers, no rebuild). A
server without the extension (or a user who may not create it) gets no index: LIKE scans answer.

The FTS tables are external-content tables keyed on the rowid of ``documents`` and
``incident_values``. A later migration that rebuilds either table (``batch_alter_table`` copies
it) must recreate its triggers and run the ``rebuild`` command of its FTS table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Sort key columns of the incidents list; ORDER BY (col IS NULL), col [DESC], id.
SORT_COLUMNS = ("date", "country", "gname", "nkill", "nwound")

# FTS table -> (content table, indexed columns)
SEARCH = {
    "documents_fts": ("documents", ("title", "text")),
    "incident_values_fts": ("incident_values", ("value",)),
}


def _fts_sql(fts: str, content: str, columns: tuple[str, ...]) -> list[str]:
    """The FTS5 table over ``content`` and the triggers that keep it in step."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    remove = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old});"
    add = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.rowid, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{content}', tokenize='trigram')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {content} BEGIN {add} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {content} BEGIN {remove} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {content} BEGIN {remove} {add} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


# PostgreSQL trigram index -> (table, lowered column)
TRIGRAM_INDEXES = {
    "ix_documents_title_trgm": ("documents", "title"),
    "ix_documents_text_trgm": ("documents", "text"),
    "ix_incident_values_value_trgm": ("incident_values", "value"),
}


def _postgresql_trigrams() -> None:
    """pg_trgm and the GIN trigram indexes, in a savepoint: where the extension cannot be
    created the migration goes on without them (the text filter scans)."""
    bind = op.get_bind()
    available = bind.exec_driver_sql(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
    ).first()
    if available is None:
        return
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        return
    for name, (table, column) in TRIGRAM_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {table} USING gin (lower({column}) gin_trgm_ops)")


def _has_trigrams() -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34 and later)."""
    bind = op.get_bind()
    try:
        bind.exec_driver_sql(
            "CREATE VIRTUAL TABLE temp.incidex_probe USING fts5(x, tokenize=trigram)"
        )
    except sa.exc.OperationalError:
        return False
    bind.exec_driver_sql("DROP TABLE temp.incidex_probe")
    return True


def upgrade() -> None:
    # The country filter compares lowered names (any case), often with a date range.
    op.execute("CREATE INDEX ix_incidents_country_lower ON incidents (lower(country), date)")
    for column in SORT_COLUMNS:
        for suffix, direction in (("asc", ""), ("desc", " DESC")):
            op.execute(
                f"CREATE INDEX ix_incidents_sort_{column}_{suffix} ON incidents "
                f"(({column} IS NULL), {column}{direction}, id)"
            )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_trigrams()
        return
    if op.get_bind().dialect.name != "sqlite" or not _has_trigrams():
        return  # the text filter scans with LIKE instead (incidex.store.search)
    for fts, (content, columns) in SEARCH.items():
        for statement in _fts_sql(fts, content, columns):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    if op.get_bind().dialect.name == "sqlite":
        for fts in SEARCH:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    for column in SORT_COLUMNS:
        for suffix in ("asc", "desc"):
            op.execute(f"DROP INDEX IF EXISTS ix_incidents_sort_{column}_{suffix}")
    op.execute("DROP INDEX IF EXISTS ix_incidents_country_lower")
