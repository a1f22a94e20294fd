"""The protocol's election state machine, rebuilt from the stored board.

Every step other than casting (key ceremony, voter list, open, close, tally, decryption,
result) is taken by :class:`suffrage.protocol.election.Election`, so the service adds
nothing to the board that the protocol would not accept. The machine is replayed from
the stored events, incrementally: a cached machine only replays the events stored since.
Each replayed event must hash to the stored hash, or the board is reported corrupt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from suffrage.errors import Conflict
from suffrage.protocol.board import Event, parse_event_line
from suffrage.protocol.election import Election as Machine
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.voters import parse_voter_list
from suffrage.service.model import BoardRecord
from suffrage.service.ports import UnitOfWork

__all__ = ["Machines", "store_event"]


def _n(m: Machine) -> int:
    return len(m.manifest.trustees)


def _obj(value: Json) -> JsonObject:
    assert isinstance(value, dict)
    return value


def _list(value: Json) -> list[Json]:
    assert isinstance(value, list)
    return value


_STEPS: dict[str, Callable[[Machine, JsonObject], Event]] = {
    "setup": lambda m, p: m.setup(parse_manifest(p["manifest"])),
    "trustee_commitment": lambda m, p: m.post_trustee("trustee_commitment", p),
    "trustee_complaint": lambda m, p: m.post_trustee("trustee_complaint", p),
    "trustee_answer": lambda m, p: m.post_trustee("trustee_answer", p),
    "attestation": lambda m, p: m.post_trustee("attestation", p),
    "joint_key": lambda m, p: m.post_joint_key(),
    "voter_list": lambda m, p: m.post_voter_list(parse_voter_list(p, m.manifest)),
    "open": lambda m, p: m.open(),
    "ballot": lambda m, p: m.cast(_obj(p["ballot"])),
    "audit": lambda m, p: m.audit(_obj(p["ballot"]), _list(p["reveal"])),
    "close": lambda m, p: m.close(),
    "tally": lambda m, p: m.post_tally(),
    "decryption_share": lambda m, p: m.post_trustee("decryption_share", p),
    "mix": lambda m, p: m.post_trustee("mix", p),
    "mix_share": lambda m, p: m.post_trustee("mix_share", p),
    "result": lambda m, p: m.publish_result()[0],
}


def _apply(machine: Machine, record: BoardRecord) -> None:
    stored = parse_event_line(record.line.encode("utf-8"), f"stored event {record.seq}")
    step = _STEPS.get(stored.type)
    if step is None:
        raise Conflict(f"stored event {record.seq} has unknown type {stored.type!r}")
    event = step(machine, stored.payload)
    if event.hash.hex() != record.hash or event.seq != record.seq:
        raise Conflict(f"stored event {record.seq} does not match its replay: corrupt board")


@dataclass
class Machines:
    """Replayed state machines, one per election, brought up to date on demand."""

    _cache: dict[str, Machine] = field(default_factory=dict)

    def load(self, uow: UnitOfWork, election_id: str) -> Machine:
        """The machine after every stored event (call with the election locked)."""
        machine = self._cache.pop(election_id, None) or Machine()
        for record in uow.board.read(election_id, start=len(machine.board)):
            _apply(machine, record)
        return machine

    def keep(self, election_id: str, machine: Machine) -> None:
        """Cache ``machine`` once what it holds is committed."""
        self._cache[election_id] = machine


def store_event(
    uow: UnitOfWork,
    election_id: str,
    event: Event,
    *,
    at: datetime,
    credential: str | None = None,
    tracking_code: str | None = None,
) -> BoardRecord:
    """Store an event the machine has just appended, recorded at ``at`` (the server's
    clock; kept beside the event, outside its hash)."""
    record = BoardRecord(
        election_id=election_id,
        seq=event.seq,
        type=event.type,
        line=event.line.decode("utf-8"),
        hash=event.hash.hex(),
        credential=credential,
        tracking_code=tracking_code,
        recorded_at=at,
    )
    uow.board.append(record)
    return record
