"""why each report is an incident: its qualification (issue 11)

- ``mentions.qualification``: the report's confidence and the grounds it qualified on
  (``models.Qualification`` as JSON: the trigger and why it is realis, a claim, a named group, a
  terrorism frame, ...), shown by ``incidex show`` and exported in JSONL. NULL for the reports
  stored before this migration (re-ingesting their documents fills it).

Only a column is added (``ALTER TABLE ADD COLUMN``); the downgrade drops it in place.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("mentions", sa.Column("qualification", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("mentions", "qualification")
