"""Casting and auditing ballots (7.7-7.10): the hot path, without replaying the board.

A ballot is checked (signature, proofs) before any lock is taken, by ``checker`` (a pool
of threads, or of processes that use every core); only the append is serialized per
election, and the :class:`~suffrage.service.ballot_writer.BallotWriter` appends the
ballots checked meanwhile in one transaction (group commit). Concurrent ballots of one
credential therefore land one after the other on the board, each later one
``replaces`` the one before, and exactly one (the last) is counted. The tracking code is
returned only after the commit.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import (
    BrokenExecutor,
    Executor,
    Future,
    InvalidStateError,
    ThreadPoolExecutor,
)
from dataclasses import dataclass, field

from suffrage.errors import Conflict, InvalidEncoding, InvalidInput, NotFound
from suffrage.protocol.audit import check_audit, check_reveal
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.service.ballot_writer import BallotWriter, lock_open, settle
from suffrage.service.chain import append_event
from suffrage.service.checking import BALLOT_ERRORS, Check, Verdict, check_casts
from suffrage.service.credential_lists import registrar_mode
from suffrage.service.elections import ElectionService, _get
from suffrage.service.limits import MAX_DEPTH, RateLimit, parse_body
from suffrage.service.model import BoardRecord, Receipt
from suffrage.service.ports import UnitOfWork

__all__ = ["BallotBox"]


@dataclass
class BallotBox:
    """Cast and audit ballots, over the same ports as the :class:`ElectionService`.

    ``parallel_checks`` is the number of threads that check ballots when no ``checker``
    is given; ``checker``, when given (a process pool), runs the checks outside this
    process so that they use every core, and ``renew`` builds a new one when it breaks
    (a checking process died: the ballots it held get an error, later ones go to the
    new pool). :meth:`close` shuts down the checker in use.
    """

    elections: ElectionService
    parallel_checks: int = 2
    checker: Executor | None = None
    renew: Callable[[], Executor] | None = None
    max_batch: int = 128
    #: casts and audits per credential: 10 at once, then one every 10 seconds
    per_credential: RateLimit = field(
        default_factory=lambda: RateLimit(10, 0.1, "ballots from this credential")
    )
    _checks: Executor = field(init=False, repr=False)
    _renewing: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)
    _writer: BallotWriter = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._checks = self.checker or ThreadPoolExecutor(
            max(1, self.parallel_checks), thread_name_prefix="ballot-check"
        )
        self._writer = BallotWriter(self.elections.uow, self.elections.clock, self.max_batch)
        self._batches = _CheckBatches(self, 2 * max(1, self.parallel_checks))

    def close(self) -> None:
        self._checks.shutdown(cancel_futures=True)

    def _current(self) -> Executor:
        return self._checks

    def _renewed(self, broken: Executor) -> Executor:
        """The checker to use after ``broken`` failed (a new one, if ``renew`` is given)."""
        with self._renewing:
            if self._checks is broken and self.renew is not None:
                self._checks = self.renew()
                broken.shutdown(wait=False, cancel_futures=True)
            return self._checks

    def cast(self, election_id: str, raw: Json) -> Receipt:
        """Check and append a ballot; return the receipt once it is committed."""
        return self.submit(election_id, raw).result()

    def ready(self, election_id: str) -> bool:
        """Whether :meth:`submit` for this election runs without reading the database."""
        return self.elections.cached(election_id)

    def submit(self, election_id: str, raw: Json | bytes) -> Future[Receipt]:
        """Start casting a ballot; the future holds its receipt once it is committed.

        ``raw`` is the parsed ballot or the request body (bytes), which the checker then
        parses strictly (the server process only reads the credential out of it).
        Raises at once what needs no check (unknown or not open election, no
        credential); the future holds the other errors (an invalid ballot, a conflict).
        """
        spec = self.elections.context_spec(election_id)
        self.elections.check_voting_time(election_id)
        credential = _credential(raw)
        styles = self.elections.voter_styles(election_id)
        one = {credential: styles[credential]} if credential in styles else {}
        if one:  # a credential not on the roll is refused by the check anyway
            self.per_credential.take((election_id, credential))
        receipt: Future[Receipt] = Future()
        check = self._batches.submit((spec, raw, one))

        def checked(done: Future[Verdict]) -> None:
            error = done.exception()
            if error is not None:
                settle(receipt, error=error)
            else:
                ballot = raw if isinstance(raw, dict) else None
                self._writer.submit(election_id, done.result(), ballot, receipt)

        check.add_done_callback(checked)
        return receipt

    def audit(self, election_id: str, raw: Json) -> Receipt:
        """Publish a challenged ballot's audit form with its plaintexts and nonces (7.8).

        The audit form carries no credential, so the audit is accepted from anyone and
        links to no voter; it is never counted.
        """
        if not isinstance(raw, dict) or set(raw) != {"ballot", "reveal"}:
            raise InvalidInput('an audit is an object with exactly "ballot" and "reveal"')
        self.elections.context_spec(election_id)
        self.elections.check_voting_time(election_id)
        # An audit form carries no credential (7.8), so no per-credential limit applies.
        ctx = self.elections.ballot_context(election_id)
        try:
            checked = check_audit(ctx, raw["ballot"])
            check_reveal(ctx, checked, raw["reveal"])
        except BALLOT_ERRORS as exc:
            raise InvalidInput(f"invalid audit: {exc}") from None
        with self.elections.uow() as uow:
            lock_open(uow, election_id)
            _unique(uow, election_id, checked.tracking_code)
            payload: JsonObject = {"ballot": raw["ballot"], "reveal": raw["reveal"]}
            record = append_event(
                uow,
                election_id,
                "audit",
                payload,
                at=self.elections.clock.now(),
                tracking_code=checked.tracking_code,
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
        """The ballot style of a credential on the roll (the registrar's list, in that mode)."""
        with self.elections.uow() as uow:
            election = _get(uow, election_id)
            entry = uow.roll.by_credential(election_id, credential.lower())
        if entry is None and registrar_mode(election.manifest):
            style = self.elections.voter_styles(election_id).get(credential.lower())
            if style is not None:
                return style
        if entry is None:
            raise NotFound("this credential is not on the roll of the election")
        return entry.style


class _CheckBatches:
    """Checks handed to the checker in batches, at most ``in_flight`` tasks at a time.

    A ballot that arrives while every task slot is taken waits; when a task ends, the
    next one takes every ballot waiting (up to ``max_batch``). Under load a checking
    process thus receives several ballots per hand-off (one pickling, one pipe message,
    one wake-up), and when idle each ballot goes alone at once. Each ballot keeps its own
    future and its own verdict or error.
    """

    def __init__(self, box: BallotBox, in_flight: int, max_batch: int = 16) -> None:
        self._box = box
        self._in_flight = in_flight
        self._max_batch = max_batch
        self._lock = threading.Lock()
        self._waiting: deque[tuple[Check, Future[Verdict]]] = deque()
        self._running = 0

    def submit(self, check: Check) -> Future[Verdict]:
        done: Future[Verdict] = Future()
        with self._lock:
            self._waiting.append((check, done))
            if self._running >= self._in_flight:
                return done
            self._running += 1
            batch = self._take()
        self._send(batch)
        return done

    def _take(self) -> list[tuple[Check, Future[Verdict]]]:
        batch: list[tuple[Check, Future[Verdict]]] = []
        while self._waiting and len(batch) < self._max_batch:
            batch.append(self._waiting.popleft())
        return batch

    def _next(self) -> None:
        """A task slot is free: send what waits, or give the slot back."""
        with self._lock:
            if not self._waiting:
                self._running -= 1
                return
            batch = self._take()
        self._send(batch)

    def _send(self, batch: list[tuple[Check, Future[Verdict]]]) -> None:
        checks = self._box._current()
        items = [c for c, _ in batch]
        try:
            try:
                task = checks.submit(check_casts, items)
            except BrokenExecutor:
                checks = self._box._renewed(checks)
                task = checks.submit(check_casts, items)
        except Exception as exc:  # shut down: these ballots get the error, the next try
            for _, done in batch:
                _settle_check(done, error=exc)
            self._next()
            return

        def ended(task: Future[list[Verdict | Exception]]) -> None:
            try:
                if task.cancelled():
                    error: BaseException | None = RuntimeError(
                        "the check was cancelled (shutting down)"
                    )
                else:
                    error = task.exception()
                if isinstance(error, BrokenExecutor):
                    self._box._renewed(checks)
                if error is not None:
                    for _, done in batch:
                        _settle_check(done, error=error)
                    return
                for (_, done), outcome in zip(batch, task.result(), strict=True):
                    if isinstance(outcome, Exception):
                        _settle_check(done, error=outcome)
                    else:
                        _settle_check(done, result=outcome)
            finally:
                self._next()

        task.add_done_callback(ended)


def _settle_check(
    done: Future[Verdict], result: Verdict | None = None, error: BaseException | None = None
) -> None:
    try:
        if error is not None:
            done.set_exception(error)
        elif result is not None:
            done.set_result(result)
    except InvalidStateError:
        pass


def _credential(raw: Json | bytes) -> str:
    """The ballot's credential, read before the check (to pick the voter's style).

    A body is read with the plain JSON parser (fast, in C); the checker parses it again
    strictly. A body without a credential gets the strict parser's error first, as a
    parsed body would have.
    """
    if isinstance(raw, bytes):
        try:
            loose = json.loads(raw)
        except RecursionError:  # no need to parse it again to know
            raise InvalidEncoding(
                f"request body: nested more than {MAX_DEPTH} levels deep"
            ) from None
        except ValueError:
            loose = None
        if not isinstance(loose, dict) or not isinstance(loose.get("credential"), str):
            loose = parse_body(raw)
        raw = loose
    credential = raw.get("credential") if isinstance(raw, dict) else None
    if not isinstance(credential, str):
        raise InvalidInput("ballot.credential: missing or not a string")
    return credential


def _unique(uow: UnitOfWork, election_id: str, tracking_code: str) -> None:
    if uow.board.find_tracking_code(election_id, tracking_code) is not None:
        raise Conflict("this ballot is already on the board")
