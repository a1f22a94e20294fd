"""Alembic environment: runs on the connection given by :mod:`suffrage.adapters.db.migrate`."""

from __future__ import annotations

from alembic import context

from suffrage.adapters.db.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
