"""Initial schema: elections, roll, append-only board, admins.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)

_PG_FUNCTION = """
CREATE FUNCTION suffrage_board_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the bulletin board is append-only';
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.create_table(
        "elections",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("manifest", sa.Text, nullable=False),
        sa.Column("manifest_hash", sa.String(64), nullable=False),
        sa.Column("phase", sa.String(16), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("opened_at", _TZ, nullable=True),
        sa.Column("closed_at", _TZ, nullable=True),
    )
    op.create_table(
        "roll",
        sa.Column("election_id", sa.String(64), sa.ForeignKey("elections.id"), nullable=False),
        sa.Column("voter_id", sa.String(128), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("style", sa.String(64), nullable=False),
        sa.Column("weight", sa.Integer, nullable=False),
        sa.Column("credential", sa.String(64), nullable=True),
        sa.Column("invited_at", _TZ, nullable=True),
        sa.PrimaryKeyConstraint("election_id", "voter_id", name="pk_roll"),
    )
    op.create_index("ix_roll_credential", "roll", ["election_id", "credential"], unique=True)
    op.create_index("ix_roll_email", "roll", ["election_id", "email"], unique=True)
    op.create_table(
        "board",
        sa.Column("election_id", sa.String(64), sa.ForeignKey("elections.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("line", sa.Text, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("credential", sa.String(64), nullable=True),
        sa.Column("tracking_code", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("election_id", "seq", name="pk_board"),
    )
    op.create_index("ix_board_tracking", "board", ["election_id", "tracking_code"], unique=True)
    op.create_index("ix_board_credential", "board", ["election_id", "credential", "seq"])
    op.create_index("ix_board_type", "board", ["election_id", "type"])
    op.create_table(
        "admins",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
    )
    _append_only_triggers()


def _append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER board_append_only BEFORE UPDATE OR DELETE ON board "
            "FOR EACH ROW EXECUTE FUNCTION suffrage_board_append_only()"
        )
        op.execute(
            "CREATE TRIGGER board_no_truncate BEFORE TRUNCATE ON board "
            "FOR EACH STATEMENT EXECUTE FUNCTION suffrage_board_append_only()"
        )
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER board_no_{action.lower()} BEFORE {action} ON board "
            "BEGIN SELECT RAISE(ABORT, 'the bulletin board is append-only'); END"
        )


def downgrade() -> None:
    raise NotImplementedError("the initial schema is not downgraded: it holds bulletin boards")
