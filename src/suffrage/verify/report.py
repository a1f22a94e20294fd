"""The verification report: an ordered checklist of named checks.

Each check has a stable id (``ballots.proofs``), a title, a status and, when it fails, a
detail that names the failed item (which ballot, which equation). The report is plain data:
it renders to a dict for ``--json`` and never prints anything itself.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Check", "CheckStatus", "Failure", "FailureLog", "VerificationReport"]

#: At most this many failed items are kept per check; the count of the rest is kept.
MAX_FAILURES_PER_CHECK = 50


class CheckStatus(enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"  # could not run because an earlier step failed: not valid
    NOT_REACHED = "not-reached"  # the board is a snapshot that ends before this step


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed item: ``item`` names it (``ballot seq 7 (tracking code ab12...)``)."""

    item: str
    reason: str

    def __str__(self) -> str:
        return f"{self.item}: {self.reason}" if self.item else self.reason


@dataclass(slots=True)
class Check:
    """One entry of the checklist."""

    id: str
    title: str
    status: CheckStatus = CheckStatus.PASSED
    failures: list[Failure] = field(default_factory=list)
    failure_count: int = 0
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.status is CheckStatus.PASSED

    @property
    def detail(self) -> str:
        """One line: the note when passed, the first failures otherwise."""
        if self.status is not CheckStatus.FAILED:
            return self.note
        shown = "; ".join(str(f) for f in self.failures[:3])
        more = self.failure_count - min(3, len(self.failures))
        return f"{shown} (and {more} more)" if more > 0 else shown

    def fail(self, item: str, reason: str) -> None:
        self.status = CheckStatus.FAILED
        self.failure_count += 1
        if len(self.failures) < MAX_FAILURES_PER_CHECK:
            self.failures.append(Failure(item, reason))

    def skip(self, reason: str) -> None:
        if self.status is CheckStatus.PASSED:
            self.status = CheckStatus.SKIPPED
            self.note = reason

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "detail": self.detail,
            "failure_count": self.failure_count,
            "failures": [{"item": f.item, "reason": f.reason} for f in self.failures],
        }


@dataclass(slots=True)
class VerificationReport:
    """The ordered checklist; valid when no check failed and none was skipped."""

    subject: str = ""
    checks: list[Check] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    def add(self, check_id: str, title: str) -> Check:
        for existing in self.checks:
            if existing.id == check_id:
                return existing
        check = Check(check_id, title)
        self.checks.append(check)
        return check

    def extend(self, checks: Iterable[Check]) -> None:
        for c in checks:
            self.checks.append(c)

    def __iter__(self) -> Iterator[Check]:
        return iter(self.checks)

    def get(self, check_id: str) -> Check:
        for c in self.checks:
            if c.id == check_id:
                return c
        raise KeyError(check_id)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.status is CheckStatus.FAILED]

    @property
    def valid(self) -> bool:
        ok = (CheckStatus.PASSED, CheckStatus.NOT_REACHED)
        return bool(self.checks) and all(c.status in ok for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "subject": self.subject,
            "facts": dict(self.facts),
            "checks": [c.to_dict() for c in self.checks],
        }


@dataclass(slots=True)
class FailureLog:
    """Failures collected by check id, capped per check; partial results merge in order."""

    counts: dict[str, int] = field(default_factory=dict)
    items: dict[str, list[Failure]] = field(default_factory=dict)

    def fail(self, check_id: str, item: str, reason: str) -> None:
        self.counts[check_id] = self.counts.get(check_id, 0) + 1
        kept = self.items.setdefault(check_id, [])
        if len(kept) < MAX_FAILURES_PER_CHECK:
            kept.append(Failure(item, reason))

    def merge(self, later: FailureLog) -> None:
        for check_id, count in later.counts.items():
            self.counts[check_id] = self.counts.get(check_id, 0) + count
            kept = self.items.setdefault(check_id, [])
            room = MAX_FAILURES_PER_CHECK - len(kept)
            kept.extend(later.items.get(check_id, [])[: max(room, 0)])

    def has(self, check_id: str) -> bool:
        return check_id in self.counts

    def apply(self, report: VerificationReport) -> None:
        """Copy the failures into the report's checks (which must exist)."""
        for check_id, count in self.counts.items():
            check = report.get(check_id)
            check.status = CheckStatus.FAILED
            check.failure_count += count
            room = MAX_FAILURES_PER_CHECK - len(check.failures)
            check.failures.extend(self.items[check_id][: max(room, 0)])
