"""Authorization by role on an election, and recording administrative actions."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from suffrage.adapters.web.errors import ApiError
from suffrage.adapters.web.security import current_admin, require_admin
from suffrage.adapters.web.signin import source_of
from suffrage.service.access import Access, AuditLog
from suffrage.service.model import Role

__all__ = ["authorize", "log_action"]


def _access(request: Request) -> Access:
    access: Access = request.app.state.access
    return access


async def authorize(
    request: Request,
    election_id: str,
    needed: Role,
    form_token: str | None = None,
    *,
    csrf: bool = True,
) -> tuple[str, Role]:
    """The signed-in administrator (CSRF checked for unsafe methods, unless the caller
    did already) and her role on the election, if at least ``needed`` (else 403; 404
    for no such election)."""
    user = require_admin(request, form_token) if csrf else current_admin(request)
    if user is None:
        raise ApiError(401, "unauthorized", "sign in as an administrator first")
    role = await run_in_threadpool(_access(request).require, election_id, user, needed)
    return user, role


async def log_action(
    request: Request, actor: str, action: str, election_id: str | None = None, **details: Any
) -> None:
    """Append an action to the audit log, with the request's source address."""
    audit: AuditLog = request.app.state.audit
    await run_in_threadpool(audit.record, actor, source_of(request), action, election_id, details)
