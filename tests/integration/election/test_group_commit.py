"""The cast path's group commit: batches chain revotes, isolate conflicts, and commit or fail whole.

Each test runs on SQLite and on PostgreSQL (the ``services`` fixture).
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any

import pytest
from service_harness import Services, deterministic_rng, open_election

from election_actors import ballot
from suffrage.errors import Conflict, InvalidEncoding, InvalidInput
from suffrage.protocol.ballot import PreparedBallot
from suffrage.protocol.board import Event
from suffrage.protocol.encoding import JsonObject, canonical
from suffrage.service.ballot_writer import BallotWriter
from suffrage.service.casting import BallotBox
from suffrage.service.chain import chained, chained_ballot
from suffrage.service.checking import Verdict
from suffrage.service.elections import ElectionService
from suffrage.service.model import BoardRecord, Receipt
from suffrage.service.ports import UnitOfWork, UnitOfWorkFactory

ELECTION = "council-2026"


def _ballots(s: Services, codes: dict[str, str], voters: list[str]) -> list[PreparedBallot]:
    election = s.elections.get(ELECTION)
    assert election.public_key is not None
    rng = deterministic_rng(b"group-commit")
    return [
        ballot(election.manifest, election.public_key, codes[v], [k % 2, 0, 1 - k % 2], rng)
        for k, v in enumerate(voters)
    ]


class _Gated:
    """A unit of work that says it was entered, then waits for ``gate`` (a batch fills up)."""

    def __init__(self, inner: UnitOfWork, entered: threading.Event, gate: threading.Event) -> None:
        self._inner, self._entered, self._gate = inner, entered, gate

    def __enter__(self) -> UnitOfWork:
        self._entered.set()
        self._gate.wait(30)
        return self._inner.__enter__()

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._inner.__exit__(t, e, tb)


class _Crashing:
    """A unit of work that fails at the commit, as a crash between check and commit would."""

    def __init__(self, inner: UnitOfWork) -> None:
        self._inner = inner

    def __enter__(self) -> Any:
        uow = self._inner.__enter__()

        def crash() -> None:
            raise OSError("the database went away before the commit")

        uow.commit = crash  # type: ignore[method-assign]
        return uow

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._inner.__exit__(t, e, tb)


def _submit(writer: BallotWriter, made: PreparedBallot) -> Future[Receipt]:
    done: Future[Receipt] = Future()
    verdict = Verdict(str(made.ballot["credential"]), made.tracking_code)
    writer.submit(ELECTION, verdict, made.ballot, done)
    return done


def test_one_batch_chains_revotes_and_rejects_a_duplicate_alone(services: Services) -> None:
    s = services
    codes = open_election(s)
    first, *revotes, other = _ballots(s, codes, ["v1", "v1", "v1", "v1", "v2"])
    entered, gate = threading.Event(), threading.Event()
    transactions: list[int] = []

    def uow() -> UnitOfWork:
        transactions.append(1)
        return _Gated(s.elections.uow(), entered, gate)  # type: ignore[return-value]

    writer = BallotWriter(uow, s.elections.clock)
    pending = [_submit(writer, first)]
    assert entered.wait(30)  # the writer took the first ballot alone and waits at the gate
    pending += [_submit(writer, b) for b in [*revotes, other, revotes[-1]]]
    gate.set()
    receipts = [f.result(30) for f in pending[:-1]]
    with pytest.raises(Conflict, match="already on the board"):
        pending[-1].result(30)
    assert len(transactions) == 2  # the first ballot alone, then one batch of five
    mine = receipts[:-1]
    assert [r.seq for r in mine] == sorted(r.seq for r in mine)
    assert mine[0].replaces is None
    assert [r.replaces for r in mine[1:]] == [r.tracking_code for r in mine[:-1]]
    assert receipts[-1].replaces is None
    events = [json.loads(r.line) for r in s.elections.board(ELECTION)]
    assert [e["seq"] for e in events] == list(range(len(events)))
    assert [e["prev"] for e in events[1:]] == [r.hash for r in s.elections.board(ELECTION)[:-1]]
    turnout = s.elections.turnout(ELECTION)
    assert (turnout.voted, turnout.ballots) == (2, 5)
    s.ceremonies.close(ELECTION)
    assert s.ceremonies.tally_payload(ELECTION)["counted"] == 2


def test_concurrent_submits_of_one_credential_count_once(services: Services) -> None:
    s = services
    codes = open_election(s)
    made = _ballots(s, codes, ["v1"] * 8 + ["v2", "v3"])
    box = BallotBox(s.elections, parallel_checks=4)
    try:
        pending = [box.submit(ELECTION, m.ballot) for m in made]
        receipts = [f.result(60) for f in pending]
    finally:
        box.close()
    mine = sorted(receipts[:8], key=lambda r: r.seq)
    assert mine[0].replaces is None
    assert [r.replaces for r in mine[1:]] == [r.tracking_code for r in mine[:-1]]
    status = box.status(ELECTION, mine[-1].tracking_code)
    assert status["state"] == "counted"
    assert box.status(ELECTION, mine[0].tracking_code)["state"] == "replaced"
    s.ceremonies.close(ELECTION)
    assert s.ceremonies.tally_payload(ELECTION)["counted"] == 3


def test_a_crash_before_the_commit_returns_no_receipt_and_stores_nothing(
    services: Services,
) -> None:
    s = services
    codes = open_election(s)
    made = _ballots(s, codes, ["v1", "v2"])
    before = len(s.elections.board(ELECTION))
    crashing: UnitOfWorkFactory = lambda: _Crashing(s.elections.uow())  # noqa: E731
    broken = ElectionService(crashing, s.elections.clock, s.elections.rng)
    box = BallotBox(broken)
    try:
        pending = [box.submit(ELECTION, m.ballot) for m in made]
        for f in pending:
            with pytest.raises(OSError, match="went away"):
                f.result(30)
    finally:
        box.close()
    assert len(s.elections.board(ELECTION)) == before
    # nothing of the failed batch is on the board: the same ballots cast afterwards
    assert [s.box.cast(ELECTION, m.ballot).tracking_code for m in made] == [
        m.tracking_code for m in made
    ]


def test_bodies_cast_as_bytes_chain_like_parsed_ballots(services: Services) -> None:
    """The request body as bytes: parsed strictly by the checker, the same board events."""
    s = services
    codes = open_election(s)
    made = _ballots(s, codes, ["v1", "v1", "v2"])
    box = BallotBox(s.elections, parallel_checks=2)
    try:
        bodies = [json.dumps(m.ballot, indent=1).encode() for m in made]  # not canonical
        receipts = [box.submit(ELECTION, b).result(60) for b in bodies]
        duplicated = b'{"credential": "x", ' + bodies[2][1:]  # a key twice: not strict JSON
        with pytest.raises(InvalidEncoding, match="request body"):
            box.submit(ELECTION, duplicated).result(60)
        with pytest.raises(InvalidInput, match="credential"):
            box.submit(ELECTION, b'{"style": "x"}')
    finally:
        box.close()
    assert [r.tracking_code for r in receipts] == [m.tracking_code for m in made]
    assert receipts[1].replaces == receipts[0].tracking_code
    records = s.elections.board(ELECTION)[-3:]
    for record, m, r in zip(records, made, receipts, strict=True):
        payload: JsonObject = {"ballot": m.ballot, "replaces": r.replaces}
        event = Event(record.seq, json.loads(record.line)["prev"], "ballot", payload)
        assert record.line == event.line.decode() and record.hash == event.hash.hex()
    assert len(s.elections.board(ELECTION)) == records[-1].seq + 1


@pytest.mark.parametrize("replaces", [None, "ab" * 32])
@pytest.mark.parametrize("after_seq", [None, 0, 41])
def test_chained_ballot_is_chained_with_the_ballot_joined_in(
    replaces: str | None, after_seq: int | None
) -> None:
    ballot_obj: JsonObject = {"credential": "c" * 64, "style": "é", "contests": [{"n": 1}]}
    after = None
    if after_seq is not None:
        after = BoardRecord(ELECTION, after_seq, "ballot", "{}", "0f" * 32, None, None)
    payload: JsonObject = {"ballot": ballot_obj, "replaces": replaces}
    expected = chained(after, ELECTION, "ballot", payload, credential="c", tracking_code="t")
    joined = chained_ballot(
        after, ELECTION, canonical(ballot_obj), replaces, credential="c", tracking_code="t"
    )
    assert joined == expected


class _Recording(ThreadPoolExecutor):
    """A one-thread checker that records how many ballots each task carried."""

    def __init__(self) -> None:
        super().__init__(1)
        self.sizes: list[int] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.sizes.append(len(args[0]))
        return super().submit(fn, *args, **kwargs)


def test_checks_waiting_go_in_one_task_and_keep_their_own_verdicts(services: Services) -> None:
    s = services
    codes = open_election(s)
    made = _ballots(s, codes, ["v1", "v2", "v3", "v4", "v5"])
    forged = dict(made[2].ballot, signature="00" * 96)
    checker = _Recording()
    box = BallotBox(s.elections, parallel_checks=1, checker=checker)  # two tasks in flight
    try:
        raws = [made[0].ballot, made[1].ballot, forged, made[3].ballot, made[4].ballot]
        pending = [box.submit(ELECTION, raw) for raw in raws]
        with pytest.raises(InvalidInput, match="signature"):
            pending[2].result(60)
        receipts = [pending[k].result(60) for k in (0, 1, 3, 4)]
    finally:
        box.close()
    assert [r.tracking_code for r in receipts] == [made[k].tracking_code for k in (0, 1, 3, 4)]
    assert sum(checker.sizes) == 5 and len(checker.sizes) < 5 and max(checker.sizes) > 1
