"""Administrators: accounts with argon2id password hashes, signing in, server-side sessions.

A session is a random token (in the signed cookie) whose SHA-256 the database keeps:
signing out deletes it, and disabling an account or resetting its password deletes all
of its sessions, so an old cookie stops working at once.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from suffrage.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from suffrage.service.model import AdminUser
from suffrage.service.ports import Clock, UnitOfWorkFactory

__all__ = ["MIN_PASSWORD", "SESSION_HOURS", "AdminAuth", "password_hasher"]

MIN_PASSWORD: Final = 10
SESSION_HOURS: Final = 8
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")


def password_hasher() -> PasswordHasher:
    """argon2id, 64 MiB, 3 passes, one lane: one check keeps one core busy, not all."""
    return PasswordHasher(time_cost=3, memory_cost=65536, parallelism=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class AdminAuth:
    """Create and manage administrators, check their passwords, keep their sessions."""

    uow: UnitOfWorkFactory
    clock: Clock
    hasher: PasswordHasher = field(default_factory=password_hasher)
    #: a hash of a random password with the hasher's parameters: checking it costs as
    #: much as checking a real one, so a missing account is not told apart by timing
    _dummy: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._dummy = self.hasher.hash(secrets.token_hex(16))

    def create_admin(self, username: str, password: str) -> AdminUser:
        if not _USERNAME.fullmatch(username):
            raise InvalidInput("username: 2-64 characters a-z, 0-9, '.', '_', '-'")
        digest = self.hasher.hash(_checked_password(password))
        with self.uow() as uow:
            if uow.admins.get(username) is not None:
                raise Conflict(f"the administrator {username!r} already exists")
            user = uow.admins.add(username, digest, self.clock.now())
            uow.commit()
        return user

    def authenticate(self, username: str, password: str) -> AdminUser:
        """The administrator, or :class:`PermissionDenied` (same error for any failure)."""
        with self.uow() as uow:
            user = uow.admins.get(username)
        digest = user.password_hash if user is not None else self._dummy
        try:
            self.hasher.verify(digest, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            raise PermissionDenied("wrong username or password") from None
        if user is None or user.disabled_at is not None:
            raise PermissionDenied("wrong username or password")
        return user

    def has_admins(self) -> bool:
        with self.uow() as uow:
            return uow.admins.count() > 0

    # ------------------------------------------------------------------ sessions

    def open_session(self, username: str) -> str:
        """A new session token for a signed-in administrator."""
        token = secrets.token_urlsafe(32)
        now = self.clock.now()
        with self.uow() as uow:
            uow.sessions.delete_expired(now)
            uow.sessions.add(_digest(token), username, now, now + timedelta(hours=SESSION_HOURS))
            uow.commit()
        return token

    def session_user(self, token: str) -> tuple[str, float] | None:
        """The administrator of a live session and its seconds left, else ``None``."""
        with self.uow() as uow:
            found = uow.sessions.get(_digest(token))
        if found is None:
            return None
        username, expires_at = found
        left = (expires_at - self.clock.now()).total_seconds()
        return (username, left) if left > 0 else None

    def close_session(self, token: str) -> None:
        with self.uow() as uow:
            uow.sessions.delete(_digest(token))
            uow.commit()

    # ------------------------------------------------------------------ accounts

    def admins(self) -> Sequence[AdminUser]:
        with self.uow() as uow:
            return uow.admins.list()

    def set_disabled(self, username: str, disabled: bool) -> int:
        """Disable (ending every session; return how many) or enable an account."""
        with self.uow() as uow:
            _existing(uow.admins.get(username), username)
            uow.admins.set_disabled(username, self.clock.now() if disabled else None)
            ended = uow.sessions.delete_user(username) if disabled else 0
            uow.commit()
        return ended

    def reset_password(self, username: str, password: str) -> int:
        """Set a new password and end every session of the account; return how many."""
        digest = self.hasher.hash(_checked_password(password))
        with self.uow() as uow:
            _existing(uow.admins.get(username), username)
            uow.admins.set_password(username, digest)
            ended = uow.sessions.delete_user(username)
            uow.commit()
        return ended


def _checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"password: at least {MIN_PASSWORD} characters")
    return password


def _existing(user: AdminUser | None, username: str) -> AdminUser:
    if user is None:
        raise NotFound(f"no administrator {username!r}")
    return user
