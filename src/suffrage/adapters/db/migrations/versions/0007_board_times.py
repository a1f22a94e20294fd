"""The time the server recorded each board event (its own word: not in the hashed event).

Revision ID: 0007
Revises: 0006

Events stored before this revision keep no time (``NULL``). A plain ``ADD COLUMN`` (no
table copy), so the board's append-only triggers stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("board", sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("board", "recorded_at")
