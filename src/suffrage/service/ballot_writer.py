"""Group commit: checked ballots appended in batches, one transaction per batch.

Every cast needs the election's write lock and a durable commit; taken one ballot at a
time they serialize the casts behind one fsync each. :class:`BallotWriter` runs one
writer thread that takes every ballot waiting (up to ``max_batch``), appends them under
one lock in one transaction, and commits once. Each ballot's future gets its receipt only
after that commit returned, so a receipt still always names a ballot on the board; if
the transaction fails, every ballot of the batch gets the error and none is stored.

Within a batch the ballots are chained in arrival order: a revote ``replaces`` the
ballot of the same credential before it, whether that one was committed earlier or sits
earlier in the same batch, so exactly the last one counts. A tracking code already on
the board, or twice in the batch, is a :class:`Conflict` for that ballot alone.

The thread starts with the first ballot and ends after ``idle`` seconds without any.
"""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass

from suffrage.errors import Conflict, NotFound
from suffrage.protocol.encoding import JsonObject, canonical
from suffrage.service.chain import chained_ballot
from suffrage.service.checking import Verdict
from suffrage.service.model import BoardRecord, Phase, Receipt
from suffrage.service.ports import Clock, UnitOfWork, UnitOfWorkFactory

__all__ = ["BallotWriter", "lock_open", "settle"]


@dataclass(frozen=True, slots=True)
class _Pending:
    election_id: str
    verdict: Verdict
    ballot: JsonObject | None  # needed only when the verdict has no encoding
    done: Future[Receipt]


def settle(
    future: Future[Receipt], result: Receipt | None = None, error: BaseException | None = None
) -> None:
    """Complete ``future`` unless its caller has given up on it (cancelled)."""
    try:
        if error is not None:
            future.set_exception(error)
        elif result is not None:
            future.set_result(result)
    except InvalidStateError:
        pass


def lock_open(uow: UnitOfWork, election_id: str) -> None:
    """Take the election's write lock; it must be open (reads one column, not the manifest)."""
    phase = uow.elections.lock_phase(election_id)
    if phase is None:
        raise NotFound(f"no election {election_id!r}")
    if phase is not Phase.OPEN:
        raise Conflict(f"the election is {phase.value}, not open")


class BallotWriter:
    """Appends checked ballots to their boards in batches (see the module docstring)."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, max_batch: int = 128, idle: float = 2.0
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._max_batch = max(1, max_batch)
        self._idle = idle
        self._queue: deque[_Pending] = deque()
        self._wake = threading.Condition()
        self._running = False

    def submit(
        self, election_id: str, verdict: Verdict, ballot: JsonObject | None, done: Future[Receipt]
    ) -> None:
        """Queue a checked ballot; ``done`` gets its receipt after the commit.

        ``ballot`` (the parsed ballot) is needed only if ``verdict`` has no encoding.
        """
        if not verdict.encoded and ballot is None:
            raise ValueError("a checked ballot needs its encoding or the parsed ballot")
        with self._wake:
            self._queue.append(_Pending(election_id, verdict, ballot, done))
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="ballot-writer", daemon=True).start()
            self._wake.notify()

    def _take(self) -> list[_Pending] | None:
        with self._wake:
            if not self._queue:
                self._wake.wait(self._idle)
            if not self._queue:
                self._running = False
                return None
            batch: list[_Pending] = []
            while self._queue and len(batch) < self._max_batch:
                batch.append(self._queue.popleft())
            return batch

    def _run(self) -> None:
        try:
            while (batch := self._take()) is not None:
                self._write_batch(batch)
        except BaseException:
            # Never leave the writer marked running without a thread: the next ballot
            # starts a new one (and takes whatever is still queued).
            with self._wake:
                self._running = False
            raise

    def _write_batch(self, batch: list[_Pending]) -> None:
        # A caller that cancelled before its ballot was taken gets nothing written.
        live = [p for p in batch if p.done.set_running_or_notify_cancel()]
        by_election: dict[str, list[_Pending]] = {}
        for p in live:
            by_election.setdefault(p.election_id, []).append(p)
        for election_id, items in by_election.items():
            self._write(election_id, items)

    def _write(self, election_id: str, items: list[_Pending]) -> None:
        try:
            outcomes = self._append(election_id, items)
        except Exception as exc:  # nothing of the batch was committed
            for p in items:
                settle(p.done, error=exc)
            return
        for p, outcome in zip(items, outcomes, strict=True):
            if isinstance(outcome, Receipt):
                settle(p.done, result=outcome)
            else:
                settle(p.done, error=outcome)

    def _append(self, election_id: str, items: list[_Pending]) -> list[Receipt | Exception]:
        """One transaction: lock, chain every ballot of ``items`` after the head, commit."""
        with self._uow() as uow:
            lock_open(uow, election_id)
            state = uow.board.cast_state(
                election_id,
                {p.verdict.tracking_code for p in items},
                {p.verdict.credential for p in items},
            )
            head, seen, last = state.head, state.present, state.last
            now = self._clock.now()  # one time for the batch: one transaction
            records: list[BoardRecord] = []
            outcomes: list[Receipt | Exception] = []
            for p in items:
                code, credential = p.verdict.tracking_code, p.verdict.credential
                if code in seen:
                    outcomes.append(Conflict("this ballot is already on the board"))
                    continue
                replaces = last.get(credential)
                # The checker's canonical encoding of the ballot, joined into the event
                # line as it is (the ballot is not encoded again here).
                encoded = p.verdict.encoded or canonical(p.ballot)
                head = chained_ballot(
                    head,
                    election_id,
                    encoded,
                    replaces,
                    credential=credential,
                    tracking_code=code,
                    recorded_at=now,
                )
                records.append(head)
                seen.add(code)
                last[credential] = code
                outcomes.append(Receipt(code, head.seq, replaces, head.hash))
            uow.board.append_all(records)
            uow.commit()
        return outcomes
