"""The bulletin board: canonical event lines, the hash chain and the order of events (7.9).

Ballot and audit lines may be read *deferred*: the reading process takes their seq, prev
and type from the fixed end of the canonical line (enough for the chain and the order) and
leaves parsing and the canonical check to whoever checks the ballot (:func:`resolve`),
possibly another process, so that the one reading the board stays light.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Final

from suffrage.errors import InvalidEncoding
from suffrage.protocol.encoding import (
    LABEL_EVENT,
    JsonObject,
    get_hex,
    get_int,
    get_object,
    hash_bytes,
    require_keys,
)
from suffrage.verify.canon import is_canonical_line
from suffrage.verify.report import FailureLog
from suffrage.verify.source import Limits, RecordSource, parse_json

__all__ = ["Event", "EventOrder", "parse_event", "read_board", "resolve"]

_TYPES = frozenset(
    {
        "setup",
        "trustee_commitment",
        "trustee_complaint",
        "trustee_answer",
        "joint_key",
        "voter_list",
        "open",
        "ballot",
        "audit",
        "close",
        "tally",
        "decryption_share",
        "result",
        "attestation",
        "mix",
        "mix_share",
    }
)


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    type: str
    prev: str
    payload: JsonObject
    hash: str
    line: bytes = b""
    deferred: bool = False  # payload not parsed yet: see resolve()


#: The end of a canonical ballot or audit line: keys sort as payload, prev, seq, type.
_DEFERRED_TAIL: Final = re.compile(
    rb',"prev":"([0-9a-f]{64})","seq":(0|[1-9][0-9]{0,15}),"type":"(ballot|audit)"}\Z'
)
_DEFERRED_HEAD: Final = b'{"payload":{'
#: The tail is at most this long (prev, a 16-digit seq, "audit" or "ballot").
_TAIL_BYTES: Final = 140


def parse_event(
    value: object, line: bytes, index: int, *, canonical_checked: bool = False
) -> Event:
    """Check one parsed board line (7.9); ``line`` is its bytes without the newline."""
    where = f"event {index}"
    if not canonical_checked and not is_canonical_line(value, line):
        raise InvalidEncoding(f"{where}: not in canonical JSON form")
    obj = get_object(value, where)
    require_keys(obj, where, ("payload", "prev", "seq", "type"))
    seq = get_int(obj, "seq", where, lo=0)
    if seq != index:
        raise InvalidEncoding(f"{where}: seq is {seq}, expected {index} (its line number)")
    get_hex(obj, "prev", where, length=32)
    kind = obj["type"]
    if not isinstance(kind, str) or kind not in _TYPES:
        raise InvalidEncoding(f"{where}: unknown event type {kind!r}")
    payload = get_object(obj["payload"], f"{where}.payload")
    digest = hash_bytes(LABEL_EVENT, line).hex()
    return Event(seq, kind, str(obj["prev"]), payload, digest, line)


class EventOrder:
    """The board's grammar as a state machine: ``accept`` names an out-of-order event."""

    def __init__(self, trustees: int) -> None:
        self.trustees = trustees
        self.phase = "start"
        self.commitments = 0

    def accept(self, kind: str) -> str | None:
        """Advance on an event of type ``kind``; an error message if it is not allowed here."""
        allowed = _NEXT[self.phase]
        if kind not in allowed:
            expected = " or ".join(sorted(allowed)) or "nothing (the board ends with result)"
            return f"{kind} is not allowed after {self.phase}; expected {expected}"
        if kind == "attestation":
            return None  # attestations sit between the events they follow; no phase change
        if kind == "trustee_commitment":
            self.commitments += 1
            self.phase = "commitments" if self.commitments < self.trustees else "dkg"
        else:
            self.phase = _PHASE_AFTER[kind]
        return None


_NEXT: dict[str, frozenset[str]] = {
    "start": frozenset({"setup"}),
    "setup": frozenset({"trustee_commitment"}),
    "commitments": frozenset({"trustee_commitment"}),
    "dkg": frozenset({"trustee_complaint", "trustee_answer", "joint_key"}),
    "joint_key": frozenset({"voter_list"}),
    "voter_list": frozenset({"open"}),
    "open": frozenset({"ballot", "audit", "close", "attestation"}),
    "close": frozenset({"tally", "attestation"}),
    "tally": frozenset({"decryption_share", "result", "attestation", "mix", "mix_share"}),
    "result": frozenset(),
}

_PHASE_AFTER = {
    "setup": "setup",
    "trustee_complaint": "dkg",
    "trustee_answer": "dkg",
    "joint_key": "joint_key",
    "voter_list": "voter_list",
    "open": "open",
    "ballot": "open",
    "audit": "open",
    "close": "close",
    "tally": "tally",
    "decryption_share": "tally",
    "mix": "tally",
    "mix_share": "tally",
    "result": "result",
}


def read_board(
    source: RecordSource, log: FailureLog, limits: Limits, *, defer_ballots: bool = False
) -> Iterator[Event]:
    """Stream ``board.jsonl`` as events, logging lines that are not canonical events.

    With ``defer_ballots``, ballot and audit lines whose end reads as a canonical event at
    their own seq come out deferred (the caller must :func:`resolve` them).
    """
    for index, line in enumerate(source.iter_lines("board.jsonl", max_line=limits.max_line_bytes)):
        if defer_ballots and (event := _deferred(line, index)) is not None:
            yield event
            continue
        value = parse_json(line, f"board.jsonl:{index + 1}", limits)
        try:
            yield parse_event(value, line, index)
        except InvalidEncoding as exc:
            log.fail("board.encoding", f"board.jsonl:{index + 1}", str(exc))
            yield Event(index, "?", "", {}, hash_bytes(LABEL_EVENT, line).hex())


def _deferred(line: bytes, index: int) -> Event | None:
    """A deferred ballot or audit event when the line's end reads as one at ``index``."""
    if not line.startswith(_DEFERRED_HEAD):
        return None
    tail = _DEFERRED_TAIL.search(line, max(0, len(line) - _TAIL_BYTES))
    if tail is None or int(tail[2]) != index:
        return None
    digest = hash_bytes(LABEL_EVENT, line).hex()
    return Event(index, tail[3].decode(), tail[1].decode(), {}, digest, line, deferred=True)


def _parse_canonical(line: bytes, where: str) -> tuple[object, bool]:
    """``parse_json(line)``, faster for the common canonical line: parsed without the
    duplicate-key hook, then re-encoded; a line that re-encodes to itself can have no
    duplicate key (re-encoding would drop one) and no float (the hook refuses them). Any
    other line is parsed again strictly, so errors are exactly those of ``parse_json``.
    Returns the value and whether the line is known to be canonical."""
    try:
        value = json.loads(line, parse_float=_refuse, parse_constant=_refuse, parse_int=_small)
    except (ValueError, RecursionError):
        return parse_json(line, where), False
    if is_canonical_line(value, line):
        return value, True
    return parse_json(line, where), False


def _refuse(text: str) -> object:
    raise ValueError(text)


def _small(text: str) -> int:
    """An integer well inside the record's bound (|n| < 2^53); larger ones go the strict way."""
    if len(text) > 15:
        raise ValueError(text)
    return int(text)


def resolve(event: Event, log: FailureLog) -> Event | None:
    """The deferred ``event`` parsed and checked as :func:`read_board` would have; ``None``
    (logged under ``board.encoding``) when the line is not the canonical event its end
    announced. Raises :class:`~suffrage.errors.RecordFormatError` for malformed JSON."""
    if not event.deferred:
        return event
    where = f"board.jsonl:{event.seq + 1}"
    value, canonical = _parse_canonical(event.line, where)
    try:
        parsed = parse_event(value, event.line, event.seq, canonical_checked=canonical)
    except InvalidEncoding as exc:
        log.fail("board.encoding", where, str(exc))
        return None
    if (parsed.type, parsed.prev) != (event.type, event.prev):
        log.fail("board.encoding", where, "the line's end does not match its content")
        return None
    return replace(parsed, deferred=False)
