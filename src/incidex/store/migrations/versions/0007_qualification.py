"""why each report is an incident: its qualification (issue 11)

- ``mentions.qualification``: the report's confidence and the grounds it qualified on
  (``models.Qualification`` as JSON: the trigger and why it is realis, a claim, a named group, a
  terrorism frame, ...), shown by ``incidex show`` and exported in JSONL. NULL for the reports
  stored before this migration (re-ingesting their documents fills it).

- ``incidents.qualified``: some report qualifies the incident; incidents no report qualifies are
  stored (a later report of the attack may qualify them) but listed and exported only with the
  dismissed ones. True for the incidents stored before this migration.

Only columns are added (``ALTER TABLE ADD COLUMN``); the downgrade drops them in place.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("mentions", sa.Column("qualification", sa.Text(), nullable=True))
    op.add_column(
        "incidents",
        sa.Column("qualified", sa.Boolean(), server_default=sa.true(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("incidents", "qualified")
    op.drop_column("mentions", "qualification")
