"""The registrar's signed public credential list of an election (registrar mode).

Revision ID: 0006
Revises: 0005
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
        "credential_lists",
        sa.Column("election_id", sa.String(64), sa.ForeignKey("elections.id"), primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("voters", sa.Integer, nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("credential_lists")
