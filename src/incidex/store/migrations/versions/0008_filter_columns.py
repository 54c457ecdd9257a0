"""the incidents list's weapon and target type filters and the group filter by alias (issue 13)

- ``incidents.weaptype`` and ``incidents.targtype``: the chosen weapon and target type copied onto
  the incident row, as ``attacktype`` is, so the list filters and counts them on the table's own
  columns; filled from ``incident_values`` for the incidents stored before.
- an index on the lowered group name: the group filter compares it with every (lowered) name and
  alias of the group and its branches.

Only columns and an index are added; the downgrade drops them in place.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = {"weaptype": 128, "targtype": 64}


def upgrade() -> None:
    for name, length in COLUMNS.items():
        op.add_column("incidents", sa.Column(name, sa.String(length), nullable=True))
        op.execute(
            f"UPDATE incidents SET {name} = (SELECT v.value FROM incident_values v "  # noqa: S608
            f"WHERE v.incident_id = incidents.id AND v.field = '{name}')"
        )
    op.execute("CREATE INDEX ix_incidents_gname_lower ON incidents (lower(gname))")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_incidents_gname_lower")
    for name in reversed(COLUMNS):
        op.drop_column("incidents", name)
