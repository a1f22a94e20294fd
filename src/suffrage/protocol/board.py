"""The bulletin board: append-only, hash-chained events (docs/protocol.md 7.9, 7.13).

This module knows the chain only (seq, prev, hash, canonical lines); which event types
may follow which is :mod:`suffrage.protocol.lifecycle`, and what a payload must contain
is checked by the election state machine before it appends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from suffrage.errors import BoardError, InvalidEncoding
from suffrage.protocol.encoding import (
    LABEL_EVENT,
    MAX_INT,
    ZERO_HASH,
    JsonObject,
    canonical,
    get_hex,
    get_int,
    get_object,
    get_str,
    hash_bytes,
    parse_canonical,
    require_keys,
)

__all__ = ["Board", "Event", "extends", "parse_board", "parse_event_line"]


@dataclass(frozen=True)
class Event:
    """One board event; ``line`` is its canonical JSON and ``hash`` is ``h_i``."""

    seq: int
    prev: str
    type: str
    payload: JsonObject
    line: bytes = field(init=False, repr=False, compare=False)
    hash: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        obj = {"seq": self.seq, "prev": self.prev, "type": self.type, "payload": self.payload}
        line = canonical(obj)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "hash", hash_bytes(LABEL_EVENT, line))


class Board:
    """An append-only list of events whose hashes chain from the first to the head."""

    __slots__ = ("_events",)

    def __init__(self, events: Iterable[Event] = ()) -> None:
        self._events: list[Event] = []
        for e in events:
            self._attach(e)

    @property
    def events(self) -> Sequence[Event]:
        return tuple(self._events)

    def __len__(self) -> int:
        return len(self._events)

    @property
    def head(self) -> str:
        """The hex hash of the last event (``ZERO_HASH`` for an empty board)."""
        return self._events[-1].hash.hex() if self._events else ZERO_HASH

    def append(self, type_: str, payload: JsonObject) -> Event:
        """Append a new event after the head and return it."""
        event = Event(len(self._events), self.head, type_, payload)
        self._events.append(event)
        return event

    def _attach(self, event: Event) -> None:
        if event.seq != len(self._events):
            raise BoardError(f"event {event.seq}: expected seq {len(self._events)}")
        if event.prev != self.head:
            raise BoardError(f"event {event.seq}: prev does not match the hash of the event before")
        self._events.append(event)

    def lines(self) -> bytes:
        """``board.jsonl``: one canonical event per line, each ending in LF."""
        return b"".join(e.line + b"\n" for e in self._events)


def parse_event_line(line: bytes, where: str = "event") -> Event:
    """Parse one canonical ``board.jsonl`` line into an :class:`Event`."""
    obj = get_object(parse_canonical(line, what=where), where)
    require_keys(obj, where, ("seq", "prev", "type", "payload"))
    prev = get_hex(obj, "prev", where, length=32).hex()
    return Event(
        get_int(obj, "seq", where, lo=0, hi=MAX_INT),
        prev,
        get_str(obj, "type", where, max_len=64),
        get_object(obj["payload"], f"{where}.payload"),
    )


def parse_board(data: bytes) -> Board:
    """Parse ``board.jsonl`` and check its chain; raise naming the line."""
    if data and not data.endswith(b"\n"):
        raise InvalidEncoding("board.jsonl: the last line does not end with a newline")
    board = Board()
    for n, line in enumerate(data.split(b"\n")[:-1] if data else []):
        board._attach(parse_event_line(line, f"board.jsonl line {n + 1}"))
    return board


def extends(later: Board, events: int, head: str) -> None:
    """Raise :class:`BoardError` unless ``later`` extends the snapshot ``(events, head)``."""
    if events < 1:
        raise BoardError("an earlier snapshot has at least one event")
    if len(later) < events:
        raise BoardError(f"the later board has {len(later)} events, fewer than {events}")
    if later.events[events - 1].hash.hex() != head:
        raise BoardError(f"event {events - 1} of the later board does not match the earlier head")
