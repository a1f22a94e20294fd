"""Ports: what the service needs from the outside world, as structural Protocols.

Adapters implement them (``suffrage.adapters.db`` the repositories and the unit of
work, a mail adapter the :class:`Mailer`); tests may implement them in memory. The
service never imports an adapter.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol

from suffrage.service.model import (
    AdminUser,
    BoardRecord,
    CastState,
    CredentialList,
    Election,
    Phase,
    RollEntry,
)

__all__ = [
    "AdminRepository",
    "BoardRepository",
    "Clock",
    "CredentialListRepository",
    "ElectionRepository",
    "Mailer",
    "RollRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class Mailer(Protocol):
    def send(self, to: str, subject: str, body: str) -> None:
        """Deliver one plain-text message; raise :class:`OSError` on failure."""
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


class RollRepository(Protocol):
    def replace_all(self, election_id: str, entries: Sequence[RollEntry]) -> None: ...

    def list(self, election_id: str) -> Sequence[RollEntry]: ...

    def set_credential(
        self, election_id: str, voter_id: str, credential: str | None, at: datetime | None
    ) -> None:
        """Record (or, with ``None``, withdraw) the public credential issued to a voter."""
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

    def count(self) -> int: ...


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
