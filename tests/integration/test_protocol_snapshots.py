"""Snapshots written by the protocol mid-election are valid records that the final extends."""

from __future__ import annotations

from pathlib import Path

import pytest

from suffrage.errors import BoardError
from suffrage.protocol.board import Board, extends
from suffrage.protocol.record import RECORD_FILES, record_board, record_files
from suffrage.verify import MemorySource, verify_extends, verify_record

VECTOR = Path(__file__).resolve().parents[2] / "vectors" / "election-record"


def _final() -> dict[str, bytes]:
    return {name: (VECTOR / name).read_bytes() for name in RECORD_FILES}


@pytest.mark.parametrize("events", [1, 5, 9, 16])
def test_snapshot_is_valid_and_extended_by_the_final_record(events: int) -> None:
    final = _final()
    board = record_board(final)
    snapshot = record_files(Board(board.events[:events]))
    assert final["board.jsonl"].startswith(snapshot["board.jsonl"])
    extends(board, events, board.events[events - 1].hash.hex())
    report = verify_record(MemorySource(snapshot, label=f"snapshot-{events}"))
    assert report.valid, [f"{c.id}: {c.detail}" for c in report.failed]
    old, new = MemorySource(snapshot, label="old"), MemorySource(final, label="new")
    assert verify_extends(old, new).valid


def test_a_rewritten_history_does_not_extend_the_snapshot() -> None:
    board = record_board(_final())
    snapshot = Board(board.events[:9])
    forged = Board()
    for event in board.events[:9]:
        payload = dict(event.payload)
        if event.seq == 7:
            payload["replaces"] = "ab" * 32  # any change to an old event breaks the chain
        forged.append(event.type, payload)
    forged.append("close", {"audited": 0, "cast": 2, "counted": 2})
    if [e.line for e in forged.events[:9]] == [e.line for e in snapshot.events]:
        pytest.fail("the forged board should differ from the snapshot")
    with pytest.raises(BoardError, match="does not match the earlier head"):
        extends(forged, len(snapshot), snapshot.head)
    report = verify_extends(
        MemorySource(record_files(snapshot), label="old"),
        MemorySource(record_files(forged), label="new"),
    )
    assert not report.valid
