"""Administrator sessions and CSRF tokens.

The session lives in a signed cookie (Starlette's ``SessionMiddleware``: HttpOnly,
SameSite=Strict, Secure when the service is served over HTTPS). Every state-changing
request of an administrator must carry the session's CSRF token, in the
``X-CSRF-Token`` header (API) or the ``csrf_token`` form field (pages).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque

from fastapi import Request

from suffrage.adapters.web.errors import ApiError

__all__ = [
    "SAFE_METHODS",
    "LoginThrottle",
    "csrf_token",
    "require_admin",
    "require_csrf",
    "sign_in",
    "sign_out",
]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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


def require_admin(request: Request, form_token: str | None = None) -> str:
    """The signed-in administrator's name; unsafe methods also need the CSRF token."""
    user = request.session.get("admin")
    if not isinstance(user, str):
        raise ApiError(401, "unauthorized", "sign in as an administrator first")
    if request.method not in SAFE_METHODS:
        require_csrf(request, form_token or request.headers.get("x-csrf-token"))
    return user


def sign_in(request: Request, username: str) -> str:
    """Start a fresh session (new CSRF token) for ``username``; return the token."""
    request.session.clear()
    request.session["admin"] = username
    return csrf_token(request)


def sign_out(request: Request) -> None:
    request.session.clear()


class LoginThrottle:
    """At most ``limit`` failed sign-ins per username within ``window`` seconds (then 429)."""

    def __init__(self, limit: int = 10, window: float = 900.0) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, username: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(username, deque())
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def check(self, username: str) -> None:
        with self._lock:
            if len(self._recent(username, time.monotonic())) >= self.limit:
                raise ApiError(429, "too_many_attempts", "too many failed sign-ins; try later")

    def failed(self, username: str) -> None:
        with self._lock:
            self._recent(username, time.monotonic()).append(time.monotonic())
