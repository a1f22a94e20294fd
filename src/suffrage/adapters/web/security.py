"""Administrator sessions and CSRF tokens.

The session cookie (Starlette's ``SessionMiddleware``: signed, HttpOnly, SameSite=Strict,
Secure when the service is served over HTTPS) carries a random session token; the
database keeps its hash (:class:`~suffrage.service.auth.AdminAuth`), so signing out ends
the session on the server, not only in the browser. Every state-changing request of an
administrator must carry the session's CSRF token, in the ``X-CSRF-Token`` header (API)
or the ``csrf_token`` form field (pages). Signing in goes through
:class:`~suffrage.adapters.web.signin.SignInGuard`.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import OrderedDict
from typing import Final

from fastapi import Request

from suffrage.adapters.web.errors import ApiError
from suffrage.service.auth import AdminAuth

__all__ = [
    "SAFE_METHODS",
    "SessionCache",
    "csrf_token",
    "current_admin",
    "require_admin",
    "require_csrf",
    "sign_in",
    "sign_out",
]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: seconds a checked session is trusted before the database is asked again (sessions
#: ended by this process are forgotten at once; by the CLI, within this delay)
RECHECK: Final = 30.0


class SessionCache:
    """Live sessions this process has checked recently (bounded, least recent dropped)."""

    def __init__(self, auth: AdminAuth, size: int = 10_000) -> None:
        self.auth, self.size = auth, size
        self._known: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def user(self, token: str) -> str | None:
        now = time.monotonic()
        with self._lock:
            known = self._known.get(token)
        if known is not None and known[1] > now:
            return known[0]
        found = self.auth.session_user(token)
        with self._lock:
            if found is None:
                self._known.pop(token, None)
                return None
            self._known[token] = (found[0], now + min(RECHECK, found[1]))
            self._known.move_to_end(token)
            while len(self._known) > self.size:
                self._known.popitem(last=False)
        return found[0]

    def forget(self, token: str) -> None:
        with self._lock:
            self._known.pop(token, None)


def _sessions(request: Request) -> SessionCache:
    cache: SessionCache = request.app.state.sessions
    return cache


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def require_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not submitted:
        raise ApiError(403, "csrf_failed", "missing CSRF token")
    if not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise ApiError(403, "csrf_failed", "wrong CSRF token")


def current_admin(request: Request) -> str | None:
    """The administrator of a live session, else ``None`` (a dead session is cleared)."""
    token = request.session.get("sid")
    if not isinstance(token, str):
        return None
    user = _sessions(request).user(token)
    if user is None:
        request.session.clear()
    return user


def require_admin(request: Request, form_token: str | None = None) -> str:
    """The signed-in administrator's name; unsafe methods also need the CSRF token."""
    user = current_admin(request)
    if user is None:
        raise ApiError(401, "unauthorized", "sign in as an administrator first")
    if request.method not in SAFE_METHODS:
        require_csrf(request, form_token or request.headers.get("x-csrf-token"))
    return user


def sign_in(request: Request, username: str, token: str) -> str:
    """Start a fresh cookie (new CSRF token) for session ``token``; return the CSRF token."""
    request.session.clear()
    request.session["sid"] = token
    request.session["admin"] = username
    return csrf_token(request)


def sign_out(request: Request) -> None:
    """End the session on the server and clear the cookie."""
    token = request.session.get("sid")
    if isinstance(token, str):
        _sessions(request).forget(token)
        _sessions(request).auth.close_session(token)
    request.session.clear()
