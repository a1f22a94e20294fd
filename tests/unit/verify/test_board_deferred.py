"""Deferred ballot lines: resolved later, they are judged exactly as when read eagerly."""

from __future__ import annotations

import pytest

from suffrage.errors import RecordFormatError
from suffrage.verify.canon import dumps
from suffrage.verify.checks.board import _deferred, parse_event, resolve
from suffrage.verify.report import FailureLog
from suffrage.verify.source import parse_json

PREV = "ab" * 32


def _line(payload: str, seq: int = 7, kind: str = "ballot") -> bytes:
    return f'{{"payload":{payload},"prev":"{PREV}","seq":{seq},"type":"{kind}"}}'.encode()


def test_a_canonical_line_resolves_to_the_eager_event() -> None:
    line = dumps({"payload": {"ballot": {"x": [1, "y"]}, "replaces": None}, "prev": PREV,
                  "seq": 7, "type": "ballot"})  # fmt: skip
    deferred = _deferred(line, 7)
    assert deferred is not None and deferred.deferred and deferred.payload == {}
    assert (deferred.seq, deferred.type, deferred.prev) == (7, "ballot", PREV)
    resolved = resolve(deferred, FailureLog())
    assert resolved == parse_event(parse_json(line, "x"), line, 7)


def test_only_lines_ending_as_a_ballot_at_their_seq_are_deferred() -> None:
    assert _deferred(_line('{"a":1}', seq=7), 8) is None
    assert _deferred(_line('{"a":1}', kind="close"), 7) is None
    assert _deferred(_line('{"a":1}', kind="audit"), 7) is not None
    assert _deferred(b" " + _line('{"a":1}'), 7) is None


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ('{"a":1,"a":2}', "duplicate key"),
        ('{"a":1.5}', "non-integer"),
        ('{"a":12345678901234567890}', "out of range"),
        ('{"a":NaN}', "not allowed"),
        ('{"a":1', "malformed JSON"),
    ],
)
def test_what_the_strict_parser_refuses_is_refused_the_same_way(payload: str, message: str) -> None:
    deferred = _deferred(_line(payload), 7)
    assert deferred is not None
    with pytest.raises(RecordFormatError, match=message):
        resolve(deferred, FailureLog())
    with pytest.raises(RecordFormatError, match=message):
        parse_json(_line(payload), "board.jsonl:8")


def test_a_non_canonical_line_is_logged_and_dropped() -> None:
    deferred = _deferred(_line('{ "a":1}'), 7)
    assert deferred is not None
    log = FailureLog()
    assert resolve(deferred, log) is None
    assert [(f.item, f.reason) for f in log.items["board.encoding"]] == [
        ("board.jsonl:8", "event 7: not in canonical JSON form")
    ]
