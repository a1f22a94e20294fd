"""Roles per election and the audit log, on the unit of work's connection."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from suffrage.adapters.db.tables import audit_log, election_roles
from suffrage.service.model import AuditEntry

__all__ = ["SqlAudit", "SqlRoles"]


class SqlRoles:
    def __init__(self, conn: Connection) -> None:
        self._c = conn

    def of(self, election_id: str) -> dict[str, str]:
        rows = self._c.execute(
            select(election_roles.c.username, election_roles.c.role).where(
                election_roles.c.election_id == election_id
            )
        ).all()
        return {str(u): str(r) for u, r in rows}

    def set(self, election_id: str, username: str, role: str | None) -> None:
        where = (election_roles.c.election_id == election_id) & (
            election_roles.c.username == username
        )
        self._c.execute(delete(election_roles).where(where))
        if role is not None:
            self._c.execute(
                insert(election_roles).values(election_id=election_id, username=username, role=role)
            )


def _entry(row: Any) -> AuditEntry:
    at = row.at if row.at.tzinfo is not None else row.at.replace(tzinfo=UTC)
    return AuditEntry(
        row.id, at, row.actor, row.source, row.action, row.election_id, json.loads(row.details)
    )


class SqlAudit:
    """Append and read; this class deliberately has no update or delete."""

    def __init__(self, conn: Connection) -> None:
        self._c = conn

    def append(
        self,
        at: datetime,
        actor: str,
        source: str,
        action: str,
        election_id: str | None,
        details: dict[str, Any],
    ) -> None:
        self._c.execute(
            insert(audit_log).values(
                at=at,
                actor=actor,
                source=source[:64],
                action=action,
                election_id=election_id,
                details=json.dumps(details, ensure_ascii=False, sort_keys=True),
            )
        )

    def read(self, election_id: str | None, limit: int | None = None) -> Sequence[AuditEntry]:
        query = select(audit_log).order_by(audit_log.c.id)
        if election_id is not None:
            query = query.where(audit_log.c.election_id == election_id)
        if limit is not None:
            query = query.limit(limit)
        return [_entry(r) for r in self._c.execute(query).all()]
