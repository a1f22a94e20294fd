"""Casting and auditing ballots (7.7-7.10): the hot path, without replaying the board.

A ballot is checked (signature, proofs) before any lock is taken; only the append is
serialized per election. Concurrent ballots of one credential therefore land one after
the other on the board, each later one ``replaces`` the one before, and exactly one
(the last) is counted. The tracking code is returned only after the commit.
"""

from __future__ import annotations

import threading
from concurrent.futures import Executor
from dataclasses import dataclass, field

from suffrage.errors import (
    Conflict,
    InvalidEncoding,
    InvalidInput,
    InvalidProof,
    NotFound,
    ProtocolError,
)
from suffrage.protocol.audit import check_reveal
from suffrage.protocol.ballot import CheckedBallot, check_ballot
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.service.chain import append_event
from suffrage.service.elections import ElectionService, _get
from suffrage.service.model import BoardRecord, Phase, Receipt
from suffrage.service.ports import UnitOfWork

__all__ = ["BallotBox"]

_BALLOT_ERRORS = (InvalidEncoding, InvalidProof, ProtocolError)


@dataclass
class BallotBox:
    """Cast and audit ballots, over the same ports as the :class:`ElectionService`.

    ``parallel_checks`` bounds how many ballots are checked at once: checking is CPU work,
    and more checks than cores only make the short database transactions wait longer.
    ``checker``, when given (a process pool), runs the checks outside this process so
    that they use every core.
    """

    elections: ElectionService
    parallel_checks: int = 2
    checker: Executor | None = None
    _gate: threading.BoundedSemaphore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._gate = threading.BoundedSemaphore(max(1, self.parallel_checks))

    def cast(self, election_id: str, raw: Json) -> Receipt:
        """Check and append a ballot; return the receipt once it is committed."""
        checked = self._check(election_id, raw)
        assert isinstance(raw, dict)
        with self.elections.uow() as uow:
            _lock_open(uow, election_id)
            _unique(uow, election_id, checked.tracking_code)
            last = uow.board.last_ballot(election_id, checked.credential)
            replaces = None if last is None else last.tracking_code
            payload: JsonObject = {"ballot": raw, "replaces": replaces}
            record = append_event(
                uow,
                election_id,
                "ballot",
                payload,
                credential=checked.credential,
                tracking_code=checked.tracking_code,
            )
            uow.commit()
        return Receipt(checked.tracking_code, record.seq, replaces, record.hash)

    def audit(self, election_id: str, raw: Json) -> Receipt:
        """Publish a challenged ballot with its plaintexts and nonces; it is never counted."""
        if not isinstance(raw, dict) or set(raw) != {"ballot", "reveal"}:
            raise InvalidInput('an audit is an object with exactly "ballot" and "reveal"')
        checked = self._check(election_id, raw["ballot"])
        ctx = self.elections.ballot_context(election_id)
        try:
            check_reveal(ctx, checked, raw["reveal"])
        except _BALLOT_ERRORS as exc:
            raise InvalidInput(f"invalid audit: {exc}") from None
        with self.elections.uow() as uow:
            _lock_open(uow, election_id)
            _unique(uow, election_id, checked.tracking_code)
            payload: JsonObject = {"ballot": raw["ballot"], "reveal": raw["reveal"]}
            record = append_event(
                uow, election_id, "audit", payload, tracking_code=checked.tracking_code
            )
            uow.commit()
        return Receipt(checked.tracking_code, record.seq, None, record.hash)

    def lookup(self, election_id: str, prefix: str) -> BoardRecord:
        """The board event of a tracking code (or a unique prefix of at least 8 characters)."""
        if len(prefix) < 8 or any(c not in "0123456789abcdef" for c in prefix):
            raise InvalidInput("a tracking code is at least 8 lowercase hex characters")
        with self.elections.uow() as uow:
            _get(uow, election_id)
            record = uow.board.find_tracking_code(election_id, prefix)
        if record is None:
            raise NotFound("no ballot with this tracking code on the board")
        return record

    def status(self, election_id: str, prefix: str) -> dict[str, object]:
        """Where a tracking code stands: counted, replaced (and by what), audited."""
        record = self.lookup(election_id, prefix)
        with self.elections.uow() as uow:
            election = _get(uow, election_id)
            last = None
            if record.credential is not None:
                last = uow.board.last_ballot(election_id, record.credential)
        if record.type == "audit":
            state, replaced_by = "audited", None
        elif last is not None and last.seq != record.seq:
            state, replaced_by = "replaced", last.tracking_code
        else:
            state, replaced_by = "counted", None
        return {
            "tracking_code": record.tracking_code,
            "seq": record.seq,
            "state": state,
            "replaced_by": replaced_by,
            "phase": election.phase.value,
        }

    def style_of(self, election_id: str, credential: str) -> str:
        """The ballot style of a credential on the roll."""
        with self.elections.uow() as uow:
            _get(uow, election_id)
            entry = uow.roll.by_credential(election_id, credential.lower())
        if entry is None:
            raise NotFound("this credential is not on the roll of the election")
        return entry.style

    def _check(self, election_id: str, raw: Json) -> CheckedBallot:
        ctx = self.elections.ballot_context(election_id)
        credential = raw.get("credential") if isinstance(raw, dict) else None
        if not isinstance(credential, str):
            raise InvalidInput("ballot.credential: missing or not a string")
        styles = self.elections.voter_styles(election_id)
        try:
            one = {credential: styles[credential]} if credential in styles else {}
            with self._gate:
                if self.checker is None:
                    return check_ballot(ctx, raw, one)
                return self.checker.submit(check_ballot, ctx, raw, one).result()
        except _BALLOT_ERRORS as exc:
            raise InvalidInput(f"invalid ballot: {exc}") from None


def _lock_open(uow: UnitOfWork, election_id: str) -> None:
    """Take the election's write lock; it must be open (reads one column, not the manifest)."""
    phase = uow.elections.lock_phase(election_id)
    if phase is None:
        raise NotFound(f"no election {election_id!r}")
    if phase is not Phase.OPEN:
        raise Conflict(f"the election is {phase.value}, not open")


def _unique(uow: UnitOfWork, election_id: str, tracking_code: str) -> None:
    if uow.board.find_tracking_code(election_id, tracking_code) is not None:
        raise Conflict("this ballot is already on the board")
