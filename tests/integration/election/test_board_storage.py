"""The board table is append-only, and concurrent revotes of one voter chain correctly."""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest
from service_harness import Services, deterministic_rng, open_election
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from election_actors import ballot, manifest_json
from suffrage.errors import InvalidInput
from suffrage.service.casting import BallotBox


@pytest.mark.parametrize("statement", ["UPDATE board SET type = 'x'", "DELETE FROM board"])
def test_board_rejects_update_and_delete(
    services: Services, engine: Engine, statement: str
) -> None:
    services.elections.create(manifest_json())
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    assert len(services.elections.board("council-2026")) == 1


def test_concurrent_revotes_count_once(services: Services) -> None:
    s = services
    codes = open_election(s)
    election = s.elections.get("council-2026")
    assert election.public_key is not None
    rng = deterministic_rng(b"revotes")
    ballots = [
        ballot(election.manifest, election.public_key, codes["v1"], [j % 2, 0, 1], rng).ballot
        for j in range(6)
    ]
    others = [
        ballot(election.manifest, election.public_key, codes[v], [0, 1, 0], rng).ballot
        for v in ("v2", "v3")
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        receipts = list(pool.map(lambda b: s.box.cast("council-2026", b), ballots + others))
    mine = sorted(receipts[:6], key=lambda r: r.seq)
    # each revote replaces exactly the one committed just before it
    assert mine[0].replaces is None
    assert [r.replaces for r in mine[1:]] == [r.tracking_code for r in mine[:-1]]
    events = [json.loads(r.line) for r in s.elections.board("council-2026")]
    assert [e["seq"] for e in events] == list(range(len(events)))
    turnout = s.elections.turnout("council-2026")
    assert (turnout.voted, turnout.ballots) == (3, 8)
    s.ceremonies.close("council-2026")
    tally = s.ceremonies.tally_payload("council-2026")
    assert tally["counted"] == 3


def test_ballots_checked_in_worker_processes(services: Services) -> None:
    s = services
    codes = open_election(s)
    election = s.elections.get("council-2026")
    assert election.public_key is not None
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        box = BallotBox(s.elections, checker=pool)
        made = ballot(
            election.manifest,
            election.public_key,
            codes["v1"],
            [1, 0, 0],
            deterministic_rng(b"pool"),
        )
        assert box.cast("council-2026", made.ballot).tracking_code == made.tracking_code
        forged = dict(made.ballot, signature="00" * 96)
        with pytest.raises(InvalidInput, match="signature"):
            box.cast("council-2026", forged)
    assert s.elections.turnout("council-2026").ballots == 1


def test_sqlite_writers_queue_in_process(tmp_path: object) -> None:
    """SQLite units of work take the engine's writer lock in turn and always give it back."""
    import threading

    from suffrage.adapters.db import SqlUnitOfWork, make_engine
    from suffrage.adapters.db.engine import writer_lock

    engine = make_engine(f"sqlite:///{tmp_path}/lock.sqlite")
    try:
        lock = writer_lock(engine)
        assert lock is not None
        with SqlUnitOfWork(engine):
            assert lock.locked()
            entered = threading.Event()

            def second() -> None:
                with SqlUnitOfWork(engine):
                    entered.set()

            t = threading.Thread(target=second)
            t.start()
            # the second writer waits for the first, not in SQLite's busy handler
            assert not entered.wait(0.3)
        t.join(5)
        assert entered.is_set() and not lock.locked()
        with pytest.raises(RuntimeError), SqlUnitOfWork(engine):
            raise RuntimeError("rolled back")
        assert not lock.locked()
    finally:
        engine.dispose()
    pg = make_engine("postgresql+psycopg://u@127.0.0.1:1/x")
    assert writer_lock(pg) is None
    # one kept connection per web worker thread: none is opened and closed per cast
    assert pg.pool.size() == 40  # type: ignore[attr-defined]


def test_a_dead_checking_process_is_replaced(services: Services) -> None:
    s = services
    codes = open_election(s)
    election = s.elections.get("council-2026")
    assert election.public_key is not None
    rng = deterministic_rng(b"renew")
    made = [
        ballot(election.manifest, election.public_key, codes[v], [1, 0, 0], rng)
        for v in ("v1", "v2")
    ]
    spawn = multiprocessing.get_context("spawn")
    pools: list[ProcessPoolExecutor] = []

    def renew() -> ProcessPoolExecutor:
        pools.append(ProcessPoolExecutor(1, mp_context=spawn))
        return pools[-1]

    first = renew()
    box = BallotBox(s.elections, checker=first, renew=renew)
    try:
        assert box.cast("council-2026", made[0].ballot).tracking_code == made[0].tracking_code
        for process in list(first._processes.values()):
            process.kill()
            process.join()
        # the ballot in flight when the pool broke gets an error (no receipt) or, if the
        # pool was already known broken, goes to the new one; the next ballot is checked
        try:
            box.cast("council-2026", made[1].ballot)
        except BrokenProcessPool:
            box.cast("council-2026", made[1].ballot)
        assert len(pools) == 2
        assert s.elections.turnout("council-2026").ballots == 2
    finally:
        box.close()
        for pool in pools:
            pool.shutdown()
