"""mention blocking columns, --no-fuse, and the values extraction chose for corrected fields

- ``mentions.country``, ``mentions.date``, ``mentions.day``: fusion's blocking key of each
  report (``incidex.blocking``), indexed on (country, day) and (country, date), so the fusion
  service finds the stored reports a new one may be compared with in one indexed query. Filled
  here from each mention's first reported country and date (``field_values``).
- ``mentions.fuse``: False for reports ingested with ``--no-fuse`` (each its own incident).
- ``mentions.link_to``, ``link_score``, ``link_reasons``: why fusion put the report in its
  incident (its strongest link there); set at the incident's next write.
- ``incident_documents.copy_of``: a supporting document that is a syndicated copy of another of
  the incident's documents (``fuse.syndication``); set at the incident's next write.
- ``incident_extracted_values``: beside an analyst's correction, the value fusion chose (with the
  report it came from), written with the incident so pages never reconcile. Incidents corrected
  before this migration get theirs at their next write.

Only columns are added (``ALTER TABLE ADD COLUMN``): ``incident_values`` and ``documents`` are not
rebuilt, so the full-text tables of 0004 and their triggers stay in step. The downgrade drops the
columns in place (SQLite 3.35+), never by copying ``mentions``: dropping that table would cascade
to its reported values.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from incidex.blocking import block_key

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BLOCK_COLUMNS = ("country", "date", "day")
LINK_COLUMNS = ("link_to", "link_score", "link_reasons")
INDEXES = {
    "ix_mentions_country_day": ["country", "day"],
    "ix_mentions_country_date": ["country", "date"],
}


def upgrade() -> None:
    op.add_column("mentions", sa.Column("country", sa.String(length=128), nullable=True))
    op.add_column("mentions", sa.Column("date", sa.String(length=16), nullable=True))
    op.add_column("mentions", sa.Column("day", sa.Integer(), nullable=True))
    op.add_column(
        "mentions", sa.Column("fuse", sa.Boolean(), server_default=sa.true(), nullable=False)
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "mentions", columns, unique=False)
    op.add_column("mentions", sa.Column("link_to", sa.String(length=64), nullable=True))
    op.add_column("mentions", sa.Column("link_score", sa.Float(), nullable=True))
    op.add_column("mentions", sa.Column("link_reasons", sa.Text(), nullable=True))
    op.add_column("incident_documents", sa.Column("copy_of", sa.String(length=255), nullable=True))
    op.create_table(
        "incident_extracted_values",
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("field_value_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["field_value_id"], ["field_values.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("incident_id", "field"),
    )
    _backfill()


def _first(field: str) -> str:
    return (
        f"(SELECT v.value FROM field_values v WHERE v.mention_id = m.id AND v.field = '{field}' "
        "ORDER BY v.id LIMIT 1)"
    )


def _backfill() -> None:
    """Each mention's key from its first reported country and date, as ``Mention.value``."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(f"SELECT m.id, {_first('country')}, {_first('date')} FROM mentions m")
    ).all()
    updates = []
    for ident, country, when in rows:
        key = block_key(country, when)
        if key is not None:
            updates.append({"id": ident, "country": key.country, "date": key.date, "day": key.day})
    if updates:
        bind.execute(
            sa.text(
                "UPDATE mentions SET country = :country, date = :date, day = :day WHERE id = :id"
            ),
            updates,
        )


def downgrade() -> None:
    op.drop_table("incident_extracted_values")
    op.drop_column("incident_documents", "copy_of")
    for name in INDEXES:
        op.drop_index(name, table_name="mentions")
    for column in (*BLOCK_COLUMNS, "fuse", *LINK_COLUMNS):
        op.drop_column("mentions", column)
