"""The independent verifier's report on an election's record, kept until the board grows.

The printable report states whether the published record verifies. Verifying re-checks
every ballot proof, which takes minutes for a large election, and the record changes only
when an event is appended; so the report is kept per election with the board head it was
computed for, and recomputed only when the head has moved. Concurrent requests for the
same election wait for one verification instead of each running their own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from suffrage.service.kept import KeptPerHead
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
    _kept: KeptPerHead[VerifiedRecord] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._kept = KeptPerHead(self.head)

    def get(self, election_id: str) -> VerifiedRecord:
        """The report for the board as it is now: kept, or verified afresh if it grew."""
        return self._kept.get(election_id, "report", lambda: self._verified(election_id))

    def _verified(self, election_id: str) -> tuple[str, VerifiedRecord]:
        files = self.record(election_id)
        head = str(json.loads(files["head.json"])["head"])  # the head of the files verified
        return head, VerifiedRecord(head, self.verify(MemorySource(files, label=election_id)))
