"""Signing in and out: server-side sessions, lockout by (user, source), early 429s."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from service_harness import Services
from webclient import ADMIN, make_client, signed_in

from suffrage.adapters.web.errors import ApiError
from suffrage.adapters.web.signin import SignInGuard, SignInLimits
from suffrage.errors import PermissionDenied

T = TypeVar("T")


def in_own_thread(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own: another test of this process may have left
    an event loop running in this thread (Playwright's sync API)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coro).result()


RIGHT = {"username": ADMIN[0], "password": ADMIN[1]}
WRONG = {"username": ADMIN[0], "password": "wrong password"}


def _code(res: object) -> tuple[int, str]:
    body = res.json()  # type: ignore[attr-defined]
    return res.status_code, body["error"]["code"]  # type: ignore[attr-defined]


def test_sign_out_ends_the_session_on_the_server(services: Services) -> None:
    client, csrf = signed_in(services)
    assert client.get("/api/elections/x/invitations").status_code == 404  # signed in
    cookie = client.cookies.get("suffrage_session")
    assert cookie
    assert client.delete("/api/session", headers=csrf).json() == {"signed_out": True}
    # the old cookie, replayed, no longer opens a session
    replay = make_client(services)
    replay.cookies.set("suffrage_session", cookie)
    assert _code(replay.get("/api/elections/x/invitations")) == (401, "unauthorized")


def test_disabling_an_account_ends_its_sessions(services: Services) -> None:
    client, _ = signed_in(services)
    assert services.auth.set_disabled(ADMIN[0], True) == 1
    assert _code(client.get("/api/elections/x/invitations")) == (401, "unauthorized")
    fresh = make_client(services)
    assert _code(fresh.post("/api/session", json=RIGHT)) == (403, "permission_denied")
    services.auth.set_disabled(ADMIN[0], False)
    assert fresh.post("/api/session", json=RIGHT).status_code == 200


def test_lockout_is_per_user_and_source_with_back_off(services: Services) -> None:
    services.auth.create_admin(*ADMIN)
    attacker = make_client(services, source="203.0.113.9")
    for _ in range(5):
        assert _code(attacker.post("/api/session", json=WRONG)) == (403, "permission_denied")
    res = attacker.post("/api/session", json=RIGHT)
    assert _code(res) == (429, "too_many_attempts") and res.headers["retry-after"] == "1"
    # the account is not locked for its owner at another address
    owner = make_client(services, source="198.51.100.7")
    assert owner.post("/api/session", json=RIGHT).status_code == 200


def test_back_off_doubles_and_a_success_clears_it() -> None:
    now = [0.0]
    guard = SignInGuard(SignInLimits(lock_after=2, lock_base=10.0), clock=lambda: now[0])

    def wrong() -> None:
        raise PermissionDenied("wrong username or password")

    async def attempt(verify: object) -> str:
        try:
            await guard.check("src", "alice", verify)  # type: ignore[arg-type]
        except ApiError as exc:
            return f"{exc.code} {exc.headers['retry-after']}"
        except PermissionDenied:
            return "denied"
        return "ok"

    run = in_own_thread
    assert run(attempt(wrong)) == "denied"
    assert run(attempt(wrong)) == "denied"  # second failure: locked 10 s
    assert run(attempt(wrong)) == "too_many_attempts 10"
    now[0] += 11
    assert run(attempt(wrong)) == "denied"  # third failure: locked 20 s
    now[0] += 11
    assert run(attempt(wrong)) == "too_many_attempts 9"
    now[0] += 10
    assert run(attempt(lambda: "user")) == "ok"
    assert run(attempt(wrong)) == "denied"  # counting starts again
    guard.close()


def test_many_attempts_from_one_source_are_refused_before_hashing(services: Services) -> None:
    services.auth.create_admin(*ADMIN)
    client = make_client(services, source="192.0.2.1")
    for k in range(30):
        body = {"username": f"user{k}", "password": "whatever pass"}
        assert client.post("/api/session", json=body).status_code == 403
    res = client.post("/api/session", json={"username": "user99", "password": "whatever pass"})
    assert _code(res) == (429, "too_many_attempts")


@pytest.mark.parametrize("waiting", [0, 1])
def test_busy_pool_answers_429_early(waiting: int) -> None:
    guard = SignInGuard(SignInLimits(workers=1, waiting=waiting))
    release = threading.Event()

    async def scenario() -> list[str]:
        async def one(k: int) -> str:
            try:
                await guard.check(f"s{k}", "alice", lambda: release.wait(20))
            except ApiError as exc:
                return exc.code
            return "ok"

        tasks = [asyncio.create_task(one(k)) for k in range(waiting + 3)]
        await asyncio.sleep(0.2)
        started = time.monotonic()
        refused = [t for t in tasks if t.done()]
        assert time.monotonic() - started < 0.1
        release.set()
        return [await t for t in tasks] + [f"refused-early={len(refused)}"]

    out = in_own_thread(scenario())
    assert out.count("ok") == 1 + waiting
    assert out.count("busy") == 2
    assert out[-1] == "refused-early=2"
    guard.close()
