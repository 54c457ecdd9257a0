"""attack frames: the role fillers of each mention

- ``mention_roles``: one row per filler of a mention's attack frame (``models.Frame``):
  ``role`` is ``perpetrator_individuals``, ``perpetrator_organizations``, ``targets``,
  ``victims`` or ``weapons``; ``text`` the words as written (a name as given in full); the
  evidence columns as ``field_values`` (document, character span, sentence, rule, confidence).
  Rows go with their mention (``ON DELETE CASCADE``).

Mentions stored before this migration have no roles until their document is ingested again
(roles are read from the parse; the store keeps no parse to read them from).

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
    op.create_table(
        "mention_roles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("mention_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("doc_id", sa.String(length=255), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["mention_id"], ["mentions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_mention_roles_mention_id", "mention_roles", ["mention_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_mention_roles_mention_id", table_name="mention_roles")
    op.drop_table("mention_roles")
