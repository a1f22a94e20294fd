"""The independent verifier's report on an election's record, kept until the board grows.

The printable report states whether the published record verifies. Verifying re-checks
every ballot proof, which takes minutes for a large election, and the record changes only
when an event is appended; so the report is kept per election with the board head it was
computed for, and recomputed only when the head has moved. Concurrent requests for the
same election wait for one verification instead of each running their own.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from suffrage.verify import MemorySource, RecordSource, VerificationReport, verify_record

__all__ = ["RecordReports", "VerifiedRecord"]


@dataclass(frozen=True, slots=True)
class VerifiedRecord:
    """The verifier's report on the record whose board ends at ``head``."""

    head: str
    report: VerificationReport


@dataclass
class RecordReports:
    """Verification reports per election, reused while the board head stays the same.

    ``head`` reads the current head hash of a board (``None`` when empty, cheap); ``record``
    reads the record files; ``verify`` is the verifier (replaceable in tests).
    """

    head: Callable[[str], str | None]
    record: Callable[[str], dict[str, bytes]]
    verify: Callable[[RecordSource], VerificationReport] = verify_record
    _kept: dict[str, VerifiedRecord] = field(default_factory=dict, repr=False)
    _locks: dict[str, threading.Lock] = field(default_factory=dict, repr=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def get(self, election_id: str) -> VerifiedRecord:
        """The report for the board as it is now: kept, or verified afresh if it grew."""
        kept = self._current(election_id)
        if kept is not None:
            return kept
        with self._lock(election_id):
            kept = self._current(election_id)  # verified while this request waited
            if kept is not None:
                return kept
            files = self.record(election_id)
            head = str(json.loads(files["head.json"])["head"])
            fresh = VerifiedRecord(head, self.verify(MemorySource(files, label=election_id)))
            self._kept[election_id] = fresh  # under the head of the files verified
            return fresh

    def _current(self, election_id: str) -> VerifiedRecord | None:
        kept = self._kept.get(election_id)
        if kept is None or kept.head != self.head(election_id):
            return None
        return kept

    def _lock(self, election_id: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(election_id, threading.Lock())
