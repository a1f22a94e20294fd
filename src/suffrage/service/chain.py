"""Appending to an election's board inside a unit of work (docs/protocol.md 7.9).

The caller holds the election's write lock (``lock_phase`` or ``get_for_update``), so the
head read here is the head the new events chain to; the repository's unique
``(election, seq)`` key is the last line of defence.
"""

from __future__ import annotations

from suffrage.protocol.board import Event
from suffrage.protocol.encoding import ZERO_HASH, JsonObject
from suffrage.service.model import BoardRecord
from suffrage.service.ports import UnitOfWork

__all__ = ["append_event", "chained"]


def chained(
    after: BoardRecord | None,
    election_id: str,
    type_: str,
    payload: JsonObject,
    *,
    credential: str | None = None,
    tracking_code: str | None = None,
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
    )


def append_event(
    uow: UnitOfWork,
    election_id: str,
    type_: str,
    payload: JsonObject,
    *,
    credential: str | None = None,
    tracking_code: str | None = None,
) -> BoardRecord:
    """Chain a new event after the stored head and store it."""
    record = chained(
        uow.board.head(election_id),
        election_id,
        type_,
        payload,
        credential=credential,
        tracking_code=tracking_code,
    )
    uow.board.append(record)
    return record
