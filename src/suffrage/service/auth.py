"""Administrators: accounts with argon2id password hashes, and signing in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from suffrage.errors import Conflict, InvalidInput, PermissionDenied
from suffrage.service.model import AdminUser
from suffrage.service.ports import Clock, UnitOfWorkFactory

__all__ = ["MIN_PASSWORD", "AdminAuth"]

MIN_PASSWORD: Final = 10
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")


@dataclass
class AdminAuth:
    """Create administrators and check their passwords."""

    uow: UnitOfWorkFactory
    clock: Clock
    hasher: PasswordHasher = field(default_factory=PasswordHasher)

    def create_admin(self, username: str, password: str) -> AdminUser:
        if not _USERNAME.fullmatch(username):
            raise InvalidInput("username: 2-64 characters a-z, 0-9, '.', '_', '-'")
        if len(password) < MIN_PASSWORD:
            raise InvalidInput(f"password: at least {MIN_PASSWORD} characters")
        digest = self.hasher.hash(password)
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
        digest = user.password_hash if user is not None else _DUMMY
        try:
            self.hasher.verify(digest, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            raise PermissionDenied("wrong username or password") from None
        if user is None:
            raise PermissionDenied("wrong username or password")
        return user

    def has_admins(self) -> bool:
        with self.uow() as uow:
            return uow.admins.count() > 0


# A valid hash of a random password: checking it costs as much as checking a real one,
# so a missing account is not told apart by timing.
_DUMMY: Final = (
    "$argon2id$v=19$m=65536,t=3,p=4$EsYhv6h+/IhJpnEFhZ8nEQ$"
    "rPzXYOpJutbJ6SvwL+CQ1Vv8heLgSLQthGTKoNTtYqE"
)
