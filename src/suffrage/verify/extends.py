"""A later board extends an earlier snapshot (7.13)."""

from __future__ import annotations

from suffrage.verify.checks.board import read_board
from suffrage.verify.report import FailureLog, VerificationReport
from suffrage.verify.source import Limits, RecordSource, read_json

__all__ = ["check_extends"]


def check_extends(old: RecordSource, new: RecordSource, limits: Limits) -> VerificationReport:
    """NEW's chain is valid and its first N events are OLD's N events, same head."""
    report = VerificationReport(subject=f"{old.describe()} -> {new.describe()}")
    for check_id, title in (
        ("extends.old", "The old board's chain is valid and matches its head.json"),
        ("extends.new", "The new board's chain is valid"),
        ("extends.prefix", "The new board starts with exactly the old board's events"),
    ):
        report.add(check_id, title)
    log = FailureLog()
    old_hashes = _chain(old, "extends.old", log, limits)
    _check_head(old, old_hashes, log, limits)
    new_events, prefix_ok = 0, True
    new_log = FailureLog()
    previous = None
    for event in read_board(new, new_log, limits):
        if event.prev != ("0" * 64 if previous is None else previous) and event.type != "?":
            new_log.fail("board.chain", f"event {event.seq}", "prev is not the previous hash")
        previous = event.hash
        if new_events < len(old_hashes) and event.hash != old_hashes[new_events] and prefix_ok:
            log.fail("extends.prefix", f"event {event.seq}", "differs from the old board's event")
            prefix_ok = False
        new_events += 1
    for check_id, failures in new_log.items.items():
        for failure in failures:
            log.fail("extends.new", failure.item, f"{check_id}: {failure.reason}")
    if new_events < len(old_hashes):
        log.fail(
            "extends.prefix",
            "board.jsonl",
            f"the new board has {new_events} events, fewer than the old board's {len(old_hashes)}",
        )
    log.apply(report)
    report.facts.update({"old_events": len(old_hashes), "new_events": new_events})
    return report


def _chain(source: RecordSource, check_id: str, log: FailureLog, limits: Limits) -> list[str]:
    hashes: list[str] = []
    inner = FailureLog()
    for event in read_board(source, inner, limits):
        want = hashes[-1] if hashes else "0" * 64
        if event.type != "?" and event.prev != want:
            log.fail(check_id, f"event {event.seq}", "prev is not the hash of the event before")
        hashes.append(event.hash)
    for cid, failures in inner.items.items():
        for failure in failures:
            log.fail(check_id, failure.item, f"{cid}: {failure.reason}")
    return hashes


def _check_head(source: RecordSource, hashes: list[str], log: FailureLog, limits: Limits) -> None:
    head = read_json(source, "head.json", limits)
    if not isinstance(head, dict):
        log.fail("extends.old", "head.json", "not an object")
        return
    if head.get("events") != len(hashes):
        log.fail(
            "extends.old",
            "head.json",
            f"events is {head.get('events')!r}, the board has {len(hashes)}",
        )
    if hashes and head.get("head") != hashes[-1]:
        log.fail("extends.old", "head.json", "head is not the hash of the last event")
