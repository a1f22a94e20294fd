"""The bulletin board: canonical event lines, the hash chain and the order of events (7.9)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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

__all__ = ["Event", "EventOrder", "parse_event", "read_board"]

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


def parse_event(value: object, line: bytes, index: int) -> Event:
    """Check one parsed board line (7.9); ``line`` is its bytes without the newline."""
    where = f"event {index}"
    if not is_canonical_line(value, line):
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
    "tally": frozenset({"decryption_share", "result", "attestation"}),
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
    "result": "result",
}


def read_board(source: RecordSource, log: FailureLog, limits: Limits) -> Iterator[Event]:
    """Stream ``board.jsonl`` as events, logging lines that are not canonical events."""
    for index, line in enumerate(source.iter_lines("board.jsonl", max_line=limits.max_line_bytes)):
        value = parse_json(line, f"board.jsonl:{index + 1}", limits)
        try:
            yield parse_event(value, line, index)
        except InvalidEncoding as exc:
            log.fail("board.encoding", f"board.jsonl:{index + 1}", str(exc))
            yield Event(index, "?", "", {}, hash_bytes(LABEL_EVENT, line).hex())
