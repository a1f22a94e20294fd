"""Server-side administrator sessions; accounts can be disabled.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "admin_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("expires_at", _TZ, nullable=False),
    )
    op.create_index("ix_admin_sessions_user", "admin_sessions", ["username"])
    with op.batch_alter_table("admins") as batch:
        batch.add_column(sa.Column("disabled_at", _TZ, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("admins") as batch:
        batch.drop_column("disabled_at")
    op.drop_index("ix_admin_sessions_user", "admin_sessions")
    op.drop_table("admin_sessions")
