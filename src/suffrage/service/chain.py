"""Appending to an election's board inside a unit of work (docs/protocol.md 7.9).

The caller holds the election's write lock (``get_for_update``), so the head read here
is the head the new event chains to; the repository's unique ``(election, seq)`` key is
the last line of defence.
"""

from __future__ import annotations

from suffrage.protocol.board import Event
from suffrage.protocol.encoding import ZERO_HASH, JsonObject
from suffrage.service.model import BoardRecord
from suffrage.service.ports import UnitOfWork

__all__ = ["append_event"]


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
    head = uow.board.head(election_id)
    seq, prev = (0, ZERO_HASH) if head is None else (head.seq + 1, head.hash)
    event = Event(seq, prev, type_, payload)
    record = BoardRecord(
        election_id=election_id,
        seq=seq,
        type=type_,
        line=event.line.decode("utf-8"),
        hash=event.hash.hex(),
        credential=credential,
        tracking_code=tracking_code,
    )
    uow.board.append(record)
    return record
