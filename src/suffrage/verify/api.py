"""The verifier's entry points: :func:`verify_record` and :func:`verify_extends`."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from suffrage.protocol.encoding import PROTOCOL, canonical
from suffrage.verify.checks import CATALOG
from suffrage.verify.checks.board import read_board
from suffrage.verify.extends import check_extends
from suffrage.verify.plan import DEFAULT_CHUNK, ChunkMapper, sequential
from suffrage.verify.replay import Replay
from suffrage.verify.report import CheckStatus, FailureLog, VerificationReport
from suffrage.verify.source import DEFAULT_LIMITS, Limits, RecordSource, read_json

__all__ = ["RECORD_FILES", "ProgressCallback", "verify_extends", "verify_record"]

#: Called with the number of ballot and audit events read so far.
ProgressCallback = Callable[[int], None]

#: The files of a record (docs/protocol.md 7.3).
RECORD_FILES = ("manifest.json", "board.jsonl", "head.json")


def verify_record(
    source: RecordSource,
    *,
    limits: Limits = DEFAULT_LIMITS,
    progress: ProgressCallback | None = None,
    mapper: ChunkMapper = sequential,
    chunk_size: int = DEFAULT_CHUNK,
) -> VerificationReport:
    """Re-check a published election record: every step of docs/protocol.md part 8.

    Returns the checklist. Raises :class:`~suffrage.errors.RecordFormatError` only when a
    record file cannot be read at all (missing bytes, malformed JSON, over a size limit);
    every other defect is a failed check naming the event, ballot or equation.
    ``mapper`` decides where the ballot chunks are checked (default: in this process).
    """
    report = _blank_report(source.describe())
    log = FailureLog()
    missing = [name for name in RECORD_FILES if not source.exists(name)]
    for name in missing:
        log.fail("record.files", name, "missing from the record")
    if missing:
        return _finish(report, log, None)
    replay = Replay(log, progress=progress, mapper=mapper, chunk_size=chunk_size)
    with _no_cycle_collection():
        replay.run(read_board(source, log, limits, defer_ballots=True))
        _check_files(source, replay, log, limits)
    return _finish(report, log, replay)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one pass over a record.

    The pass keeps millions of long-lived objects (the voter list, per-credential state)
    and frees what it no longer needs by reference counting; the collector found no cycle
    to free in a million-ballot record, yet its full passes over those objects cost about
    15% of the time. It is restored (and runs as usual) when the pass ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_files(source: RecordSource, replay: Replay, log: FailureLog, limits: Limits) -> None:
    manifest = replay.manifest_value
    if manifest is not None:
        text = source.read_bytes("manifest.json", limit=limits.max_file_bytes)
        if text != canonical(manifest) + b"\n":
            log.fail("manifest.file", "manifest.json", "differs from the manifest in event 0")
    head = read_json(source, "head.json", limits)
    raw = source.read_bytes("head.json", limit=limits.max_file_bytes)
    expected = {
        "events": replay.events,
        "head": replay.head,
        "manifest": replay.manifest_hash,
        "protocol": PROTOCOL,
    }
    if head != expected:
        for key in sorted(expected):
            got = head.get(key) if isinstance(head, dict) else None
            if got != expected[key]:
                log.fail(
                    "record.head",
                    f"head.json {key}",
                    f"is {got!r}, the board gives {expected[key]!r}",
                )
        if not isinstance(head, dict) or set(head) != set(expected):
            log.fail(
                "record.head", "head.json", "must have exactly events, head, manifest, protocol"
            )
    elif raw != canonical(expected) + b"\n":
        log.fail("record.head", "head.json", "not in canonical JSON form")


def _blank_report(subject: str) -> VerificationReport:
    report = VerificationReport(subject=subject)
    for check_id, title in CATALOG:
        report.add(check_id, title)
    return report


def _finish(
    report: VerificationReport, log: FailureLog, replay: Replay | None
) -> VerificationReport:
    log.apply(report)
    if replay is None:
        for check in report:
            if check.status is CheckStatus.PASSED and check.id != "record.files":
                check.skip("not run: the record is incomplete")
        return report
    report.facts.update(replay.facts())
    for check in report:
        if check.status is not CheckStatus.PASSED:
            continue
        why = replay.not_run(check.id)
        if why is not None:
            check.status = why[0]
            check.note = why[1]
        else:
            check.note = replay.note(check.id)
    return report


def verify_extends(
    old: RecordSource, new: RecordSource, *, limits: Limits = DEFAULT_LIMITS
) -> VerificationReport:
    """Check that the board of ``new`` extends the board of ``old`` (7.13)."""
    return check_extends(old, new, limits)
