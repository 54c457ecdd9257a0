"""review decisions visible to SQL tools: ``incidents.dismissed`` and the ``active_incidents`` view
(issue 13)

- ``incidents.dismissed``: an active "not an incident" decision holds for the incident. The
  review flow keeps it in step (``store.decisions.sync_dismissed``: on every decision recorded or
  deactivated and every incident written); filled here from the decisions already stored.
- ``active_incidents``: the incidents lists and exports show (qualified, not dismissed), every
  column of ``incidents``, for datasette or plain ``sqlite3`` users.

The downgrade drops the view, then the column.

Revision ID: 0009
Revises: 0007 (the merge of issue 13's branches may re-chain it after 0008)
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

DISMISSED_IDS = (
    "SELECT m.incident_id FROM mentions m"
    " JOIN review_refs r ON r.mention_id = m.id"
    " JOIN review_decisions d ON d.id = r.decision_id"
    " WHERE d.kind = 'dismiss' AND d.active AND m.incident_id IS NOT NULL"
)
VIEW = (
    "CREATE VIEW active_incidents AS SELECT incidents.* FROM incidents"
    " WHERE incidents.qualified AND NOT incidents.dismissed"
)


def upgrade() -> None:
    op.add_column(
        "incidents",
        sa.Column("dismissed", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.execute(
        sa.text(f"UPDATE incidents SET dismissed = :yes WHERE id IN ({DISMISSED_IDS})").bindparams(
            yes=True
        )
    )
    op.execute(VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW active_incidents")
    op.drop_column("incidents", "dismissed")
