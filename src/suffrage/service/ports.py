"""Ports: what the service needs from the outside world, as structural Protocols.

Adapters implement them (``suffrage.adapters.db`` the repositories and the unit of
work, a mail adapter the :class:`Mailer`); tests may implement them in memory. The
service never imports an adapter.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol

from suffrage.service.model import (
    AdminUser,
    AuditEntry,
    BoardRecord,
    CastState,
    CredentialList,
    Delivery,
    DeliveryProgress,
    DeliveryState,
    Election,
    Mail,
    Phase,
    RollEntry,
)

__all__ = [
    "AdminRepository",
    "AuditRepository",
    "BoardRepository",
    "Clock",
    "CredentialListRepository",
    "DeliveryRepository",
    "DeliveryStore",
    "ElectionRepository",
    "MailError",
    "Mailer",
    "RoleRepository",
    "RollRepository",
    "SessionRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class MailError(Exception):
    """A message the relay did not take.

    ``permanent``: trying again will not help (a 5xx answer); ``bounced``: refused for
    this recipient (its address), not for the message. Anything else a mailer raises
    (network errors, timeouts) is taken as temporary and retried.
    """

    def __init__(self, reason: str, *, permanent: bool = False, bounced: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.permanent, self.bounced = reason, permanent or bounced, bounced


class Mailer(Protocol):
    def send(self, mail: Mail) -> None:
        """Hand one message to the relay; raise :class:`MailError` or :class:`OSError`."""
        ...


class DeliveryStore(Protocol):
    """Per-recipient delivery state of mailing jobs, as the sending worker sees it.

    Each call is its own transaction. The server keeps it in its database; the
    registrar's command keeps it in a local SQLite file.
    """

    def claim(self, now: datetime, limit: int) -> Sequence[Delivery]:
        """Up to ``limit`` queued messages due by ``now``, marked ``sending``."""
        ...

    def mark_sent(self, job: str, recipient: str, at: datetime) -> None:
        """Accepted by the relay: the message text is forgotten."""
        ...

    def mark_retry(
        self, job: str, recipient: str, reason: str, at: datetime, retry_at: datetime
    ) -> None: ...

    def mark_failed(
        self, job: str, recipient: str, state: DeliveryState, reason: str, at: datetime
    ) -> None: ...

    def recover(self, at: datetime) -> int:
        """Put back in the queue what a stopped worker left ``sending``; return how many."""
        ...


class DeliveryRepository(DeliveryStore, Protocol):
    """The same state inside a unit of work, with queuing and reading."""

    def enqueue(self, job: str, recipient: str, mail: Mail, at: datetime) -> None:
        """Queue a message for a recipient, replacing any earlier one of this job."""
        ...

    def forget(self, job: str, recipient: str) -> None:
        """Drop a recipient's message (a voter taken off the roll)."""
        ...

    def get(self, job: str, recipient: str) -> Delivery | None: ...

    def list(self, job: str) -> Sequence[Delivery]: ...

    def progress(self, job: str) -> DeliveryProgress: ...

    def requeue(self, job: str, recipients: Collection[str] | None, at: datetime) -> int:
        """Queue again the unsent (failed, bounced or waiting) messages of these recipients
        (all when ``None``) with a fresh count of attempts; return how many."""
        ...


class ElectionRepository(Protocol):
    def add(self, election: Election) -> None: ...

    def get(self, election_id: str) -> Election | None: ...

    def get_for_update(self, election_id: str) -> Election | None:
        """Like :meth:`get`, and serialize writers of this election until commit."""
        ...

    def lock_phase(self, election_id: str) -> Phase | None:
        """The election's phase only, taking the same write lock as :meth:`get_for_update`."""
        ...

    def list(self) -> Sequence[Election]: ...

    def set_phase(self, election_id: str, phase: Phase, at: datetime | None = None) -> None: ...

    def set_public_key(self, election_id: str, public_key: str) -> None: ...

    def set_schedule(
        self, election_id: str, opens_at: datetime | None, closes_at: datetime | None
    ) -> None: ...


class RollRepository(Protocol):
    def replace_all(self, election_id: str, entries: Sequence[RollEntry]) -> None: ...

    def list(self, election_id: str) -> Sequence[RollEntry]: ...

    def set_credential(
        self, election_id: str, voter_id: str, credential: str | None, at: datetime | None
    ) -> None:
        """Record (or, with ``None``, withdraw) the public credential issued to a voter."""
        ...

    def add(self, election_id: str, entry: RollEntry) -> None: ...

    def remove(self, election_id: str, voter_id: str) -> None: ...

    def correct(self, election_id: str, entry: RollEntry) -> None:
        """Replace a voter's name, e-mail, style and weight (her credential stays)."""
        ...

    def by_credential(self, election_id: str, credential: str) -> RollEntry | None: ...


class CredentialListRepository(Protocol):
    """The registrar's signed public credential list of each election (registrar mode)."""

    def put(self, election_id: str, stored: CredentialList) -> None:
        """Store the list, replacing any earlier upload."""
        ...

    def get(self, election_id: str) -> CredentialList | None: ...


class BoardRepository(Protocol):
    """The bulletin board: append and read only; there is no update or delete."""

    def append(self, record: BoardRecord) -> None: ...

    def append_all(self, records: Sequence[BoardRecord]) -> None:
        """Append consecutive events in one statement (a batch of casts)."""
        ...

    def head(self, election_id: str) -> BoardRecord | None: ...

    def read(
        self, election_id: str, start: int = 0, limit: int | None = None
    ) -> list[BoardRecord]: ...

    def count(self, election_id: str, type_: str | None = None) -> int: ...

    def find_tracking_code(self, election_id: str, tracking_code: str) -> BoardRecord | None: ...

    def last_of_type(self, election_id: str, type_: str) -> BoardRecord | None:
        """The latest event of this type, if any."""
        ...

    def last_ballot(self, election_id: str, credential: str) -> BoardRecord | None:
        """The latest ``ballot`` event of this credential, if any."""
        ...

    def cast_state(
        self, election_id: str, codes: Collection[str], credentials: Collection[str]
    ) -> CastState:
        """The head, which of ``codes`` are on the board, and the credentials' last ballots."""
        ...

    def voted_credentials(self, election_id: str) -> set[str]: ...


class AdminRepository(Protocol):
    def add(self, username: str, password_hash: str, at: datetime) -> AdminUser: ...

    def get(self, username: str) -> AdminUser | None: ...

    def list(self) -> Sequence[AdminUser]: ...

    def count(self) -> int: ...

    def set_password(self, username: str, password_hash: str) -> None: ...

    def set_disabled(self, username: str, at: datetime | None) -> None: ...


class SessionRepository(Protocol):
    """Administrator sessions, by the SHA-256 (hex) of the token the cookie carries."""

    def add(self, token_hash: str, username: str, at: datetime, expires_at: datetime) -> None: ...

    def get(self, token_hash: str) -> tuple[str, datetime] | None:
        """The session's administrator and expiry, if the session exists."""
        ...

    def delete(self, token_hash: str) -> None: ...

    def delete_user(self, username: str) -> int:
        """End every session of an administrator; return how many."""
        ...

    def delete_expired(self, now: datetime) -> None: ...


class RoleRepository(Protocol):
    def of(self, election_id: str) -> dict[str, str]:
        """username -> role on this election."""
        ...

    def set(self, election_id: str, username: str, role: str | None) -> None:
        """Grant ``role`` (replacing any other), or withdraw with ``None``."""
        ...


class AuditRepository(Protocol):
    """The audit log: append and read only."""

    def append(
        self,
        at: datetime,
        actor: str,
        source: str,
        action: str,
        election_id: str | None,
        details: dict[str, Any],
    ) -> None: ...

    def read(self, election_id: str | None, limit: int | None = None) -> Sequence[AuditEntry]: ...


class UnitOfWork(Protocol):
    """One transaction: all repositories see and write the same one; commit or roll back."""

    @property
    def elections(self) -> ElectionRepository: ...

    @property
    def roll(self) -> RollRepository: ...

    @property
    def board(self) -> BoardRepository: ...

    @property
    def credential_lists(self) -> CredentialListRepository: ...

    @property
    def admins(self) -> AdminRepository: ...

    @property
    def deliveries(self) -> DeliveryRepository: ...

    @property
    def sessions(self) -> SessionRepository: ...

    @property
    def roles(self) -> RoleRepository: ...

    @property
    def audit(self) -> AuditRepository: ...

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back unless :meth:`commit` was called."""
        ...

    def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
