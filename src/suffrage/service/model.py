"""Records the service stores and returns: plain frozen dataclasses, no framework types."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = [
    "AdminUser",
    "AuditEntry",
    "BoardRecord",
    "CastState",
    "CredentialList",
    "Delivery",
    "DeliveryProgress",
    "DeliveryState",
    "Election",
    "Mail",
    "Phase",
    "Receipt",
    "Role",
    "RollEntry",
    "RollPreview",
    "RollRowError",
    "Turnout",
]


class Phase(StrEnum):
    """Where an election is in its life (the phases of docs/protocol.md 7.9)."""

    DRAFT = "draft"
    KEYS = "keys"
    OPEN = "open"
    CLOSED = "closed"
    TALLIED = "tallied"
    PUBLISHED = "published"


@dataclass(frozen=True, slots=True)
class Election:
    id: str
    title: str
    manifest: dict[str, Any]
    manifest_hash: str
    phase: Phase
    created_at: datetime
    public_key: str | None = None
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    #: when the server opens and closes the election by itself (``None``: by hand)
    opens_at: datetime | None = None
    closes_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RollEntry:
    """One voter on an election's roll (the private side: who, where to write)."""

    voter_id: str
    name: str
    email: str
    style: str
    weight: int = 1
    credential: str | None = None  # public credential (hex) once invited
    invited_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CredentialList:
    """The registrar's signed public list as uploaded (canonical JSON), registrar mode."""

    document: str
    voters: int
    uploaded_at: datetime


@dataclass(frozen=True, slots=True)
class RollRowError:
    row: int  # 1-based line number in the CSV file, header included
    field: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass(frozen=True, slots=True)
class RollPreview:
    """What an import would store; ``errors`` empty means it can be stored as is."""

    entries: tuple[RollEntry, ...]
    errors: tuple[RollRowError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class BoardRecord:
    """One stored board event: its canonical line and its hash ``h_i`` (hex).

    ``recorded_at`` is when the server appended it: the server's word, kept beside the
    event and not in its line, so no hash covers it and no verifier can check it
    (``None`` for events stored before the server kept times).
    """

    election_id: str
    seq: int
    type: str
    line: str
    hash: str
    credential: str | None = None
    tracking_code: str | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CastState:
    """What appending a batch of ballots needs to know of a board, read in one query."""

    head: BoardRecord | None
    #: those of the batch's tracking codes already on the board
    present: set[str]
    #: credential -> tracking code of its latest ballot, for the batch's credentials
    last: dict[str, str]


@dataclass(frozen=True, slots=True)
class Receipt:
    """What a voter gets back once her ballot is committed to the board."""

    tracking_code: str
    seq: int
    replaces: str | None
    board_head: str


@dataclass(frozen=True, slots=True)
class Turnout:
    """Participation without partial results: counts of voters, never of choices."""

    eligible: int
    invited: int
    voted: int
    ballots: int
    audited: int
    phase: Phase
    by_style: dict[str, tuple[int, int]] = field(default_factory=dict)  # style -> (eligible, voted)


@dataclass(frozen=True, slots=True)
class AdminUser:
    id: int
    username: str
    password_hash: str
    created_at: datetime
    disabled_at: datetime | None = None


class DeliveryState(StrEnum):
    """Where one recipient's message is: waiting (or waiting to be retried), being sent,
    accepted by the relay, refused for good, or refused for this recipient (bounced)."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    BOUNCED = "bounced"


@dataclass(frozen=True, slots=True)
class Mail:
    """One plain-text message; ``message_id`` stays the same for every attempt."""

    to: str
    subject: str
    body: str
    message_id: str


@dataclass(frozen=True, slots=True)
class Delivery:
    """One recipient of a mailing job (a job is an election's invitations)."""

    job: str
    recipient: str
    email: str
    state: DeliveryState
    attempts: int
    message_id: str
    updated_at: datetime
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    #: the message still to be sent (``None`` once the relay has accepted it)
    mail: Mail | None = None


@dataclass(frozen=True, slots=True)
class DeliveryProgress:
    """How far a mailing job is: recipients per state."""

    job: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> bool:
        """Nothing left to try (every message sent, failed or bounced)."""
        pending = (DeliveryState.QUEUED.value, DeliveryState.SENDING.value)
        return not any(self.counts.get(s, 0) for s in pending)


class Role(StrEnum):
    """What an administrator may do on one election."""

    OBSERVER = "observer"  # read everything but secrets (trustee tokens)
    MANAGER = "manager"  # run the election: roll, invitations, ceremony, open, close
    OWNER = "owner"  # all of it, and grant or withdraw roles

    @property
    def rank(self) -> int:
        return ("observer", "manager", "owner").index(self.value)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One administrative action: who, when, from where, what (append-only)."""

    id: int
    at: datetime
    actor: str
    source: str
    action: str
    election_id: str | None
    details: dict[str, Any]
