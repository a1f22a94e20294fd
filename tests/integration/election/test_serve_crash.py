"""A server killed while casting: every receipt it gave names a ballot on the board.

``suffrage serve`` runs in its own process (with its ballot-checking processes); voters
cast concurrently over HTTP and the server is killed (SIGKILL, no shutdown) mid-load.
After a restart, every tracking code a voter received is on the board, the ballots
that got no answer can be cast again (accepted, or refused as already on the board),
and each voter has exactly one counted ballot. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from suffrage import bootstrap
from suffrage.config import Settings

BENCH = Path(__file__).resolve().parents[3] / "bench" / "serve.py"
VOTERS = 40


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_serve", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_serve", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    bench = _bench()
    if request.param == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/crash.sqlite"
        return
    pg = bench._postgres_url()
    if pg is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("PostgreSQL is required in CI")
        pytest.skip("PostgreSQL unreachable")
    try:
        yield pg[0]
    finally:
        bench._drop(pg[1])


async def _cast_until_killed(
    port: int, ballots: list[dict[str, Any]], kill_after: int, pid: int
) -> dict[int, str]:
    """Cast every ballot (10 at a time); kill the server after ``kill_after`` receipts."""
    receipts: dict[int, str] = {}
    gate = asyncio.Semaphore(10)
    url = f"http://127.0.0.1:{port}/api/elections/bench/ballots"

    async def cast(client: httpx.AsyncClient, k: int) -> None:
        async with gate:
            try:
                answer = await client.post(url, json=ballots[k])
            except httpx.HTTPError:
                return  # no answer: the server is gone
            if answer.status_code == 201:
                receipts[k] = answer.json()["tracking_code"]
                if len(receipts) == kill_after:
                    os.kill(pid, signal.SIGKILL)

    async with httpx.AsyncClient(timeout=30) as client:
        await asyncio.gather(*(cast(client, k) for k in range(len(ballots))))
    return receipts


@pytest.mark.slow
def test_a_killed_server_gave_receipts_only_for_committed_ballots(database: str) -> None:
    bench = _bench()
    settings = Settings(database_url=database)
    ballots = bench._prepare(settings, VOTERS)
    port = bench._free_port()
    server = bench._serve(database, port, 2)
    try:
        # in a thread of its own: another test of this process may leave an event loop
        # running in this one (Playwright's sync API)
        with ThreadPoolExecutor(1) as thread:
            voting = _cast_until_killed(port, ballots, VOTERS // 4, server.pid)
            receipts = thread.submit(asyncio.run, voting).result()
    finally:
        server.kill()
        server.wait(timeout=30)
    assert VOTERS // 4 <= len(receipts) < VOTERS
    c = bootstrap.build(settings)
    try:
        on_board = {r.tracking_code for r in c.elections.board("bench")}
        assert set(receipts.values()) <= on_board
        # the ballots that got no answer: accepted now, or already on the board
        for k, made in enumerate(ballots):
            if k in receipts:
                continue
            try:
                c.box.cast("bench", made)
            except Exception as exc:
                assert "already on the board" in str(exc)
        turnout = c.elections.turnout("bench")
        assert turnout.voted == VOTERS
        assert turnout.ballots == VOTERS  # no ballot twice
    finally:
        c.close()
