"""Appending to an election's board inside a unit of work (docs/protocol.md 7.9).

The caller holds the election's write lock (``lock_phase`` or ``get_for_update``), so the
head read here is the head the new events chain to; the repository's unique
``(election, seq)`` key is the last line of defence. Each record carries the time the
server appended it (``recorded_at``), beside the event, never inside its hashed line.
"""

from __future__ import annotations

from datetime import datetime

from suffrage.protocol.board import Event
from suffrage.protocol.encoding import LABEL_EVENT, ZERO_HASH, JsonObject, hash_bytes
from suffrage.service.model import BoardRecord
from suffrage.service.ports import UnitOfWork

__all__ = ["append_event", "chained", "chained_ballot"]


def chained(
    after: BoardRecord | None,
    election_id: str,
    type_: str,
    payload: JsonObject,
    *,
    credential: str | None = None,
    tracking_code: str | None = None,
    recorded_at: datetime | None = None,
) -> BoardRecord:
    """The record of a new event chained after ``after`` (``None``: the first event)."""
    seq, prev = (0, ZERO_HASH) if after is None else (after.seq + 1, after.hash)
    event = Event(seq, prev, type_, payload)
    return BoardRecord(
        election_id=election_id,
        seq=seq,
        type=type_,
        line=event.line.decode("utf-8"),
        hash=event.hash.hex(),
        credential=credential,
        tracking_code=tracking_code,
        recorded_at=recorded_at,
    )


def _hex_string(value: str) -> bytes:
    """The canonical JSON of a hex digest (no character needs escaping)."""
    if not (value.isascii() and value.isalnum()):
        raise ValueError(f"not a hex digest: {value!r}")
    return b'"' + value.encode("ascii") + b'"'


def chained_ballot(
    after: BoardRecord | None,
    election_id: str,
    ballot: bytes,
    replaces: str | None,
    *,
    credential: str,
    tracking_code: str,
    recorded_at: datetime | None = None,
) -> BoardRecord:
    """:func:`chained` for a ``ballot`` event whose ballot is already canonical JSON.

    The same line and hash as ``chained(after, election_id, "ballot", {"ballot": ...,
    "replaces": replaces}, ...)``, built by joining the encoded ballot into the event's
    canonical form (keys in sorted order) instead of encoding the whole ballot again.
    """
    seq, prev = (0, ZERO_HASH) if after is None else (after.seq + 1, after.hash)
    line = b"".join(
        (
            b'{"payload":{"ballot":',
            ballot,
            b',"replaces":',
            b"null" if replaces is None else _hex_string(replaces),
            b'},"prev":',
            _hex_string(prev),
            b',"seq":',
            str(seq).encode("ascii"),
            b',"type":"ballot"}',
        )
    )
    return BoardRecord(
        election_id=election_id,
        seq=seq,
        type="ballot",
        line=line.decode("utf-8"),
        hash=hash_bytes(LABEL_EVENT, line).hex(),
        credential=credential,
        tracking_code=tracking_code,
        recorded_at=recorded_at,
    )


def append_event(
    uow: UnitOfWork,
    election_id: str,
    type_: str,
    payload: JsonObject,
    *,
    at: datetime,
    credential: str | None = None,
    tracking_code: str | None = None,
) -> BoardRecord:
    """Chain a new event after the stored head and store it, recorded at ``at``."""
    record = chained(
        uow.board.head(election_id),
        election_id,
        type_,
        payload,
        credential=credential,
        tracking_code=tracking_code,
        recorded_at=at,
    )
    uow.board.append(record)
    return record
