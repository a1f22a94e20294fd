from __future__ import annotations

import pytest
from protocol_helpers import Setup

from suffrage.crypto.group import RandomSource
from suffrage.errors import BoardError, InvalidEncoding, ProtocolError
from suffrage.protocol.audit import audit_form
from suffrage.protocol.ballot import encrypt_ballot, tracking_code
from suffrage.protocol.board import Board, Event, extends, parse_board
from suffrage.protocol.encoding import LABEL_EVENT, ZERO_HASH, canonical, hash_bytes
from suffrage.protocol.record import (
    archive,
    ballot_status,
    read_archive,
    record_board,
    record_files,
)


def test_events_chain_by_hash_of_canonical_event() -> None:
    board = Board()
    e0 = board.append("setup", {"x": 1})
    e1 = board.append("open", {})
    assert e0.prev == ZERO_HASH
    assert e0.line == canonical({"payload": {"x": 1}, "prev": ZERO_HASH, "seq": 0, "type": "setup"})
    assert e0.hash == hash_bytes(LABEL_EVENT, e0.line)
    assert e1.prev == e0.hash.hex()
    assert board.head == e1.hash.hex()
    again = parse_board(board.lines())
    assert [e.line for e in again.events] == [e0.line, e1.line]


def test_parse_board_rejects_broken_chain_and_bad_lines() -> None:
    board = Board()
    board.append("setup", {"x": 1})
    board.append("open", {})
    lines = board.lines().split(b"\n")
    tampered = lines[0].replace(b'"x":1', b'"x":2') + b"\n" + lines[1] + b"\n"
    with pytest.raises(BoardError, match="event 1: prev does not match"):
        parse_board(tampered)
    with pytest.raises(InvalidEncoding, match="does not end with a newline"):
        parse_board(board.lines()[:-1])
    with pytest.raises(InvalidEncoding, match=r"board\.jsonl line 2"):
        parse_board(lines[0] + b"\n" + b'{"a": 1}\n')
    with pytest.raises(BoardError, match="expected seq 0"):
        Board([Event(1, ZERO_HASH, "setup", {})])


def test_extends_accepts_appends_only() -> None:
    board = Board()
    board.append("setup", {})
    board.append("open", {})
    n, head = len(board), board.head
    board.append("ballot", {"b": 1})
    extends(board, n, head)
    other = Board()
    other.append("setup", {})
    other.append("open", {"different": True})
    other.append("ballot", {"b": 1})
    with pytest.raises(BoardError, match="does not match the earlier head"):
        extends(other, n, head)
    with pytest.raises(BoardError, match="fewer than"):
        extends(board, 5, head)


def _finished(s: Setup, rng: RandomSource) -> tuple[dict[str, bytes], list[str]]:
    e = s.election
    ctx = e.ballot_context
    audit = encrypt_ballot(ctx, s.creds[0], "north", {"council": [1, 0, 0], "budget": [0, 0]}, rng)
    e.audit(audit_form(audit.ballot), audit.reveal)
    first = encrypt_ballot(ctx, s.creds[0], "north", {"council": [0, 1, 0], "budget": [1, 0]}, rng)
    e.cast(first.ballot)
    final = encrypt_ballot(ctx, s.creds[0], "north", {"council": [0, 0, 1], "budget": [0, 1]}, rng)
    e.cast(final.ballot)
    codes = [tracking_code(audit_form(audit.ballot)), first.tracking_code, final.tracking_code]
    return record_files(e.board), codes


def test_record_files_archive_and_ballot_status(opened: Setup, rng: RandomSource) -> None:
    files, (audited, replaced, counted) = _finished(opened, rng)
    board = record_board(files)
    assert ballot_status(board, counted).state == "pending"
    assert ballot_status(board, replaced[:10]).replaced_by == counted
    assert ballot_status(board, audited).state == "audited"
    with pytest.raises(ProtocolError, match="no ballot with tracking code"):
        ballot_status(board, "0123456789")
    with pytest.raises(ProtocolError, match="at least 8 hex"):
        ballot_status(board, "abc")
    opened.election.close()
    closed = record_board(record_files(opened.election.board))
    assert ballot_status(closed, counted).state == "counted"
    packed = archive(files)
    assert packed == archive(files)  # reproducible
    assert read_archive(packed) == files
    head = files["head.json"]
    assert head.startswith(b'{"events":')
    with pytest.raises(InvalidEncoding, match=r"head\.json"):
        record_board(dict(files, **{"head.json": head.replace(b'"events":', b'"events": ')}))
    with pytest.raises(InvalidEncoding, match=r"manifest\.json: differs"):
        record_board(dict(files, **{"manifest.json": b"{}\n"}))
    with pytest.raises(InvalidEncoding, match="archive: not a readable"):
        read_archive(b"not a tarball")
