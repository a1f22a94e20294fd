"""The schema as SQLAlchemy Core tables (the migrations create the same tables)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

__all__ = [
    "admin_sessions",
    "admins",
    "audit_log",
    "board",
    "credential_lists",
    "deliveries",
    "election_roles",
    "elections",
    "metadata",
    "roll",
]

metadata = MetaData()

elections = Table(
    "elections",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("manifest", Text, nullable=False),
    Column("manifest_hash", String(64), nullable=False),
    Column("phase", String(16), nullable=False),
    Column("public_key", String(64), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=True),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Column("opens_at", DateTime(timezone=True), nullable=True),
    Column("closes_at", DateTime(timezone=True), nullable=True),
)

roll = Table(
    "roll",
    metadata,
    Column("election_id", String(64), ForeignKey("elections.id"), nullable=False),
    Column("voter_id", String(128), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False),
    Column("style", String(64), nullable=False),
    Column("weight", Integer, nullable=False),
    Column("credential", String(64), nullable=True),
    Column("invited_at", DateTime(timezone=True), nullable=True),
    PrimaryKeyConstraint("election_id", "voter_id", name="pk_roll"),
    Index("ix_roll_credential", "election_id", "credential", unique=True),
    Index("ix_roll_email", "election_id", "email", unique=True),
)

# The registrar's signed public credential list (registrar mode), as uploaded: canonical
# JSON of public-credentials.json. It holds public credentials only, never a code.
credential_lists = Table(
    "credential_lists",
    metadata,
    Column("election_id", String(64), ForeignKey("elections.id"), primary_key=True),
    Column("document", Text, nullable=False),
    Column("voters", Integer, nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
)

# Append-only: the repository has no update or delete, and triggers reject both.
# ``recorded_at`` is when the server appended the event: its own word, outside the hashed
# event line (NULL for events stored before migration 0007).
board = Table(
    "board",
    metadata,
    Column("election_id", String(64), ForeignKey("elections.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("type", String(32), nullable=False),
    Column("line", Text, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("credential", String(64), nullable=True),
    Column("tracking_code", String(64), nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=True),
    PrimaryKeyConstraint("election_id", "seq", name="pk_board"),
    Index("ix_board_tracking", "election_id", "tracking_code", unique=True),
    Index("ix_board_credential", "election_id", "credential", "seq"),
    Index("ix_board_type", "election_id", "type"),
)

admins = Table(
    "admins",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(256), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True), nullable=True),
)

# Administrator sessions: the cookie carries a random token, the server keeps only its
# SHA-256, so that signing out (or disabling the account) ends the session for good.
admin_sessions = Table(
    "admin_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_admin_sessions_user", "username"),
)

# Per-recipient state of mailing jobs (a job is an election's invitations). No foreign
# key: the registrar's command keeps the same table in a file of its own. ``body`` is
# the message still to send; it is cleared once the relay has accepted it.
deliveries = Table(
    "deliveries",
    metadata,
    Column("job", String(64), nullable=False),
    Column("recipient", String(128), nullable=False),
    Column("email", String(254), nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=True),
    Column("message_id", String(255), nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=True),
    Column("next_attempt_at", DateTime(timezone=True), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("job", "recipient", name="pk_deliveries"),
    Index("ix_deliveries_due", "state", "next_attempt_at"),
)

# Who may do what on an election (owner, manager, observer). An election without rows
# here is open to every administrator (created before roles, or outside the web).
election_roles = Table(
    "election_roles",
    metadata,
    Column("election_id", String(64), ForeignKey("elections.id"), nullable=False),
    Column("username", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    PrimaryKeyConstraint("election_id", "username", name="pk_election_roles"),
)

# Append-only record of administrative actions: no update or delete in the code, and
# triggers reject both.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("source", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("election_id", String(64), nullable=True),
    Column("details", Text, nullable=False),
    Index("ix_audit_log_election", "election_id", "id"),
)
