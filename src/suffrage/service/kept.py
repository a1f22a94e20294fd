"""Values computed from an election's board, kept while the board's head stays the same.

Some reads are costly (verifying the whole record, bringing the protocol's state machine up
to date) yet depend only on the board, which changes only when an event is appended. They
are kept per election with the head they were computed at, and computed again only when
the head has moved; concurrent readers of one election wait for one computation instead
of each running their own. Kept values live in this process's memory only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["KeptPerHead"]

V = TypeVar("V")


@dataclass
class KeptPerHead(Generic[V]):
    """Per (election, what): the value and the board head it was computed at.

    ``head`` reads the current head hash of an election's board (cheap; ``None`` when
    empty). Callers must not change a value they get: it is shared.
    """

    head: Callable[[str], str | None]
    _kept: dict[tuple[str, str], tuple[str | None, V]] = field(default_factory=dict, repr=False)
    _locks: dict[str, threading.Lock] = field(default_factory=dict, repr=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def get(self, election_id: str, what: str, compute: Callable[[], tuple[str | None, V]]) -> V:
        """The kept value, or ``compute()``'s (which returns the head it was computed at)."""
        kept = self._current(election_id, what)
        if kept is not None:
            return kept[0]
        with self._lock(election_id):
            kept = self._current(election_id, what)  # computed while this one waited
            if kept is not None:
                return kept[0]
            head, value = compute()
            self._kept[(election_id, what)] = (head, value)
            return value

    def _current(self, election_id: str, what: str) -> tuple[V] | None:
        kept = self._kept.get((election_id, what))
        if kept is None or kept[0] != self.head(election_id):
            return None
        return (kept[1],)

    def _lock(self, election_id: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(election_id, threading.Lock())
