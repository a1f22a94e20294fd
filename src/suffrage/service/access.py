"""Roles per election and the audit log of administrative actions.

An administrator acts on an election as its owner, manager or observer
(:class:`~suffrage.service.model.Role`). Whoever creates an election through the web
becomes its owner; an owner grants and withdraws roles. An election that has no roles
at all (made before roles existed, or from the command line) is open to every
administrator as an owner until someone is given a role on it.

Every administrative action is appended to the audit log (who, when, from where, what);
the log has no update or delete, and the database rejects both.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from suffrage.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from suffrage.service.model import AuditEntry, Role
from suffrage.service.ports import Clock, UnitOfWork, UnitOfWorkFactory

__all__ = ["Access", "AuditLog", "audit_csv"]


def _election_exists(uow: UnitOfWork, election_id: str) -> None:
    if uow.elections.get(election_id) is None:
        raise NotFound(f"no election {election_id!r}")


@dataclass
class Access:
    """Who may do what on which election."""

    uow: UnitOfWorkFactory

    def role_of(self, election_id: str, username: str) -> Role | None:
        with self.uow() as uow:
            _election_exists(uow, election_id)
            roles = uow.roles.of(election_id)
        if not roles:
            return Role.OWNER
        found = roles.get(username)
        return Role(found) if found is not None else None

    def require(self, election_id: str, username: str, needed: Role) -> Role:
        """The administrator's role, if at least ``needed``; else :class:`PermissionDenied`."""
        role = self.role_of(election_id, username)
        if role is None or role.rank < needed.rank:
            have = role.value if role is not None else "no role"
            raise PermissionDenied(
                f"{username} has {have} on {election_id!r}; this needs {needed.value}"
            )
        return role

    def roles(self, election_id: str) -> dict[str, str]:
        with self.uow() as uow:
            _election_exists(uow, election_id)
            return uow.roles.of(election_id)

    def grant(self, election_id: str, username: str, role: Role | None) -> dict[str, str]:
        """Give ``username`` a role (or withdraw it with ``None``); an election keeps an owner."""
        with self.uow() as uow:
            _election_exists(uow, election_id)
            if role is not None and uow.admins.get(username) is None:
                raise InvalidInput(f"no administrator {username!r}")
            uow.roles.set(election_id, username, None if role is None else role.value)
            after = uow.roles.of(election_id)
            if after and Role.OWNER.value not in after.values():
                raise Conflict("an election keeps at least one owner")
            uow.commit()
        return after


@dataclass
class AuditLog:
    """Append administrative actions and read them back."""

    uow: UnitOfWorkFactory
    clock: Clock

    def record(
        self,
        actor: str,
        source: str,
        action: str,
        election_id: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        with self.uow() as uow:
            uow.audit.append(self.clock.now(), actor, source, action, election_id, details or {})
            uow.commit()

    def entries(self, election_id: str | None = None) -> Sequence[AuditEntry]:
        with self.uow() as uow:
            return uow.audit.read(election_id)


def audit_csv(entries: Sequence[AuditEntry]) -> str:
    """The entries as CSV (``id,at,actor,source,action,election_id,details``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "at", "actor", "source", "action", "election_id", "details"])
    for e in entries:
        details = json.dumps(e.details, ensure_ascii=False, sort_keys=True)
        writer.writerow(
            [e.id, e.at.isoformat(), e.actor, e.source, e.action, e.election_id or "", details]
        )
    return out.getvalue()
