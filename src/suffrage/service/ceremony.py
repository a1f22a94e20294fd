"""Trustee steps and the end of an election: key ceremony, close, tally, decryption, result.

Each step locks the election, brings the protocol's state machine up to date from the
board (:mod:`suffrage.service.replay`), lets the machine check and append the event, and
stores it. What the machine rejects is never stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from suffrage.errors import (
    Conflict,
    IllegalTransition,
    InvalidEncoding,
    InvalidInput,
    InvalidProof,
    NotFound,
    ProtocolError,
    ThresholdError,
)
from suffrage.protocol.board import Event, parse_event_line
from suffrage.protocol.election import Election as Machine
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.service.elections import ElectionService, _get, _locked
from suffrage.service.kept import KeptPerHead
from suffrage.service.mixing import (
    MixStatus,
    body_limit,
    mix_input,
    mix_status,
    pending_status,
    ranked_ids,
    unfinished,
)
from suffrage.service.model import BoardRecord, Election, Phase
from suffrage.service.ports import UnitOfWork
from suffrage.service.replay import store_event

__all__ = ["TRUSTEE_EVENTS", "Ceremonies"]

T = TypeVar("T")

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
    #: Public reads of the machine (mixing status, a mixer's rows), kept per board head.
    _reads: KeptPerHead[Any] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._reads = KeptPerHead(self.elections.head)

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

    # ------------------------------------------------------------ ranked contests (7.16)

    def post_mix(self, election_id: str, payload: Json) -> BoardRecord:
        """A trustee's signed ``mix`` of a ranked contest: a shuffle with its proof."""
        return self._post_large(election_id, "mix", payload)

    def post_mix_share(self, election_id: str, payload: Json) -> BoardRecord:
        """A trustee's signed decryption shares of a ranked contest's last mix."""
        return self._post_large(election_id, "mix_share", payload)

    def _post_large(self, election_id: str, type_: str, payload: Json) -> BoardRecord:
        if not isinstance(payload, dict):
            raise InvalidInput(f"a {type_} is a JSON object")
        record, _ = self._step_outside_lock(
            election_id, type_, lambda m: (m.post_trustee(type_, payload), None)
        )
        return record

    def _step_outside_lock(
        self,
        election_id: str,
        what: str,
        step: Callable[[Machine], tuple[Event, T]],
        phase_after: Phase | None = None,
    ) -> tuple[BoardRecord, T]:
        """Take a costly step of the machine without holding the election's lock.

        Checking a mix of ``N`` ballots, or decrypting every mixed ballot for the result,
        takes seconds to minutes; holding the lock (with SQLite, the database's one write
        lock) that long would stall every other election. So the machine takes the step
        outside any transaction, and its event is stored only if the board still ends
        where the event chains on; otherwise nothing is stored and the caller is asked to
        try again on the new board.
        """
        svc = self.elections
        with svc.uow() as uow:
            _tallied(_get(uow, election_id), what)
            machine = svc.machines.load(uow, election_id)
        try:
            with _protocol_errors():
                event, extra = step(machine)
        except (Conflict, InvalidInput):
            svc.machines.keep(election_id, machine)  # a refused step leaves it unchanged
            raise
        with svc.uow() as uow:
            _tallied(uow.elections.get_for_update(election_id), what)
            head = uow.board.head(election_id)
            if head is None or head.hash != event.prev:
                raise Conflict(
                    f"the board changed while this {what} was checked (another event came "
                    "first): nothing stored; fetch the current rows and try again"
                )
            record = store_event(uow, election_id, event, at=svc.clock.now())
            if phase_after is not None:
                uow.elections.set_phase(election_id, phase_after)
            uow.commit()
        svc.machines.keep(election_id, machine)
        return record, extra

    def mixing(self, election_id: str) -> list[MixStatus]:
        """How far each ranked contest is mixed and decrypted (empty without one).

        Public (the trustee page): the state machine is read only once there is
        something mixed to report, after the tally of an election with a ranked contest.
        """
        election = self.elections.get(election_id)
        if not ranked_ids(election.manifest):
            return []
        if election.phase not in (Phase.TALLIED, Phase.PUBLISHED):
            return pending_status(election.manifest)
        return self._read_machine(election_id, "status", mix_status)

    def mix_input(self, election_id: str, contest_id: str) -> JsonObject:
        """The rows a trustee mixes next for ``contest_id``, its round and previous hash."""
        election = self.elections.get(election_id)
        _tallied(election, "mix")
        if contest_id not in ranked_ids(election.manifest):
            raise NotFound(f"no ranked contest {contest_id!r} in this election")
        return self._read_machine(
            election_id, f"input {contest_id}", lambda m: mix_input(m, contest_id)
        )

    def mix_body_limit(self, election_id: str) -> int:
        """The size a ``mix`` or ``mix_share`` body of this election may have, in bytes."""
        election = self.elections.get(election_id)
        if not ranked_ids(election.manifest) or election.phase is not Phase.TALLIED:
            return body_limit(None)
        return self._read_machine(election_id, "body limit", body_limit)

    def _read_machine(self, election_id: str, what: str, read: Callable[[Machine], T]) -> T:
        """``read`` of the machine, computed once per board head however many ask.

        Bringing the machine up to date may rebuild it from the first event (every proof
        checked again) when the cached one is busy, as while a mix is checked; public
        readers must not be able to make the server do that per request.
        """

        def compute() -> tuple[str | None, T]:
            svc = self.elections
            with svc.uow() as uow:
                _get(uow, election_id)
                head = uow.board.head(election_id)
                machine = svc.machines.load(uow, election_id)
            try:
                return (head.hash if head else None), read(machine)
            finally:
                svc.machines.keep(election_id, machine)  # reading leaves it unchanged

        return self._reads.get(election_id, what, compute)  # type: ignore[no-any-return]

    def publish(self, election_id: str) -> dict[str, list[int]]:
        """Combine the posted shares (at least the threshold) and post the result.

        With ranked contests, every mixed ballot is decrypted here: done outside the lock.
        """

        def step(machine: Machine) -> tuple[Event, dict[str, list[int]]]:
            waiting = unfinished(machine)
            if waiting:
                raise Conflict("the ranked contests are not all decrypted: " + "; ".join(waiting))
            return machine.publish_result()

        _, counts = self._step_outside_lock(election_id, "result", step, Phase.PUBLISHED)
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


def _tallied(election: Election | None, type_: str) -> None:
    """Mixing and its decryption happen between the tally and the result."""
    if election is None:
        raise NotFound("no such election")
    if election.phase is Phase.PUBLISHED:
        raise Conflict(f"the result is published: no {type_} is accepted any more")
    if election.phase is not Phase.TALLIED:
        raise Conflict(
            f"a {type_} comes after close and tally; the election is {election.phase.value}"
        )


def _payload(record: BoardRecord) -> JsonObject:
    return parse_event_line(record.line.encode("utf-8")).payload
