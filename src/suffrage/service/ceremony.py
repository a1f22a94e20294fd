"""Trustee steps and the end of an election: key ceremony, close, tally, decryption, result.

Each step locks the election, brings the protocol's state machine up to date from the
board (:mod:`suffrage.service.replay`), lets the machine check and append the event, and
stores it. What the machine rejects is never stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from suffrage.errors import (
    Conflict,
    IllegalTransition,
    InvalidEncoding,
    InvalidInput,
    InvalidProof,
    ProtocolError,
    ThresholdError,
)
from suffrage.protocol.board import parse_event_line
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.service.elections import ElectionService, _get, _locked
from suffrage.service.model import BoardRecord, Election, Phase
from suffrage.service.ports import UnitOfWork
from suffrage.service.replay import store_event

__all__ = ["TRUSTEE_EVENTS", "Ceremonies"]

TRUSTEE_EVENTS = ("trustee_commitment", "trustee_complaint", "trustee_answer", "attestation")
#: The phase in which each trustee event is accepted (an attestation: at open or after close).
_PHASES = {
    "trustee_commitment": (Phase.KEYS,),
    "trustee_complaint": (Phase.KEYS,),
    "trustee_answer": (Phase.KEYS,),
    "attestation": (Phase.OPEN, Phase.TALLIED),
}


@contextmanager
def _protocol_errors() -> Iterator[None]:
    """Translate the protocol's refusals into the service's errors."""
    try:
        yield
    except IllegalTransition as exc:
        raise Conflict(str(exc)) from None
    except (ProtocolError, InvalidEncoding, InvalidProof, ThresholdError) as exc:
        raise InvalidInput(str(exc)) from None


@dataclass
class Ceremonies:
    """Steps taken by trustees and administrators over the protocol's state machine."""

    elections: ElectionService

    def post_trustee_event(self, election_id: str, type_: str, payload: Json) -> BoardRecord:
        """A trustee's signed commitment, complaint, answer or attestation.

        The protocol's machine accepts it only with a valid signature by the trustee it
        names (her key in the manifest): the service relays, it cannot speak for her.
        """
        if type_ not in TRUSTEE_EVENTS:
            raise InvalidInput(f"type must be one of {', '.join(TRUSTEE_EVENTS)}")
        svc = self.elections
        with svc.uow() as uow, _protocol_errors():
            _locked_in(uow, election_id, _PHASES[type_])
            machine = svc.machines.load(uow, election_id)
            event = machine.post_trustee(type_, payload)
            record = store_event(uow, election_id, event, at=svc.clock.now())
            uow.commit()
        svc.machines.keep(election_id, machine)
        return record

    def fix_joint_key(self, election_id: str) -> Election:
        """Post the joint key from the commitments, complaints and answers so far."""
        svc = self.elections
        with svc.uow() as uow, _protocol_errors():
            _locked(uow, election_id, Phase.KEYS)
            machine = svc.machines.load(uow, election_id)
            store_event(uow, election_id, machine.post_joint_key(), at=svc.clock.now())
            uow.elections.set_public_key(election_id, machine.joint_key.public_key.hex())
            uow.commit()
        svc.machines.keep(election_id, machine)
        return svc.get(election_id)

    def close(self, election_id: str) -> Election:
        """Post ``close`` and the encrypted ``tally`` of the counted ballots."""
        svc = self.elections
        with svc.uow() as uow, _protocol_errors():
            _locked(uow, election_id, Phase.OPEN)
            machine = svc.machines.load(uow, election_id)
            now = svc.clock.now()
            store_event(uow, election_id, machine.close(), at=now)
            uow.elections.set_phase(election_id, Phase.CLOSED, now)
            store_event(uow, election_id, machine.post_tally(), at=now)
            uow.elections.set_phase(election_id, Phase.TALLIED)
            uow.commit()
        svc.machines.keep(election_id, machine)
        return svc.get(election_id)

    def post_decryption_share(self, election_id: str, payload: Json) -> BoardRecord:
        """A trustee's decryption shares of the tally, with their proofs."""
        if not isinstance(payload, dict):
            raise InvalidInput("a decryption share is a JSON object")
        svc = self.elections
        with svc.uow() as uow, _protocol_errors():
            _locked(uow, election_id, Phase.TALLIED)
            machine = svc.machines.load(uow, election_id)
            event = machine.post_trustee("decryption_share", payload)
            record = store_event(uow, election_id, event, at=svc.clock.now())
            uow.commit()
        svc.machines.keep(election_id, machine)
        return record

    def publish(self, election_id: str) -> dict[str, list[int]]:
        """Combine the posted shares (at least the threshold) and post the result."""
        svc = self.elections
        with svc.uow() as uow, _protocol_errors():
            _locked(uow, election_id, Phase.TALLIED)
            machine = svc.machines.load(uow, election_id)
            event, counts = machine.publish_result()
            store_event(uow, election_id, event, at=svc.clock.now())
            uow.elections.set_phase(election_id, Phase.PUBLISHED)
            uow.commit()
        svc.machines.keep(election_id, machine)
        return counts

    def tally_payload(self, election_id: str) -> JsonObject:
        """The encrypted tally trustees decrypt (after close)."""
        record = self._last(election_id, "tally")
        if record is None:
            raise Conflict("the election has no tally yet")
        return _payload(record)

    def _last(self, election_id: str, type_: str) -> BoardRecord | None:
        with self.elections.uow() as uow:
            _get(uow, election_id)
            return uow.board.last_of_type(election_id, type_)

    def result(self, election_id: str) -> JsonObject:
        """The published result; there is none, partial or not, before publication."""
        election = self.elections.get(election_id)
        if election.phase is not Phase.PUBLISHED:
            raise Conflict("results are published only after the trustees decrypt the tally")
        record = self._last(election_id, "result")
        if record is None:  # pragma: no cover - published means the result is on the board
            raise Conflict("the result is missing from the board")
        return _payload(record)


def _locked_in(uow: UnitOfWork, election_id: str, phases: tuple[Phase, ...]) -> Election:
    """Lock the election if it is in one of ``phases``; a conflict otherwise."""
    election = _get(uow, election_id)
    return _locked(uow, election_id, election.phase if election.phase in phases else phases[0])


def _payload(record: BoardRecord) -> JsonObject:
    return parse_event_line(record.line.encode("utf-8")).payload
