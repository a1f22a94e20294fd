"""Schema fuzzing of every API operation: no answer is a 5xx, anonymous or signed in.

Schemathesis generates requests from the OpenAPI schema (valid and invalid path
parameters, queries and bodies) against the application in process (ASGI), once
without a session and once with an administrator's session and CSRF token, so that
the authenticated routes are fuzzed past their authorization. Half of the cases aim at
the open election of the fixture instead of a random id.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from service_harness import Services, open_election
from webclient import ADMIN, make_client

from suffrage.adapters.db import make_engine, upgrade

EXAMPLES = 12
ELECTION = "council-2026"
INVITATIONS = "GET /api/elections/{election_id}/invitations"


@pytest.fixture
def fuzzed(tmp_path: Path) -> Iterator[tuple[Any, dict[str, str]]]:
    engine = make_engine(f"sqlite:///{tmp_path}/fuzz.sqlite")
    upgrade(engine)
    s = Services(engine)
    open_election(s)
    s.auth.create_admin(*ADMIN)
    client = make_client(s, refusal_delay=0)
    res = client.post("/api/session", json={"username": ADMIN[0], "password": ADMIN[1]})
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    session = {"x-csrf-token": res.json()["csrf_token"], "cookie": cookie}
    yield client.app, session
    s.box.close()
    engine.dispose()


def _fuzz(
    app: Any, headers: dict[str, str], skip: set[tuple[str, str]], seen: dict[str, set[int]]
) -> list[str]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        op = result.ok()
        if (op.method.upper(), op.path) not in skip:
            _operation(
                op, headers, failures, seen.setdefault(f"{op.method.upper()} {op.path}", set())
            )
    return failures


def _operation(op: Any, headers: dict[str, str], failures: list[str], seen: set[int]) -> None:
    """Fuzz one operation; record each status and every 5xx."""

    calls = [0]

    @given(case=op.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        params = case.path_parameters or {}
        calls[0] += 1
        if "election_id" in params and calls[0] % 2 == 0:  # every other case: the real one
            params["election_id"] = ELECTION
        response = case.call(headers=headers)
        seen.add(response.status_code)
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

    run()


@pytest.mark.slow
def test_no_5xx_without_a_session(fuzzed: tuple[Any, dict[str, str]]) -> None:
    app, _ = fuzzed
    seen: dict[str, set[int]] = {}
    assert _fuzz(app, {}, set(), seen) == []
    assert seen[INVITATIONS] == {401}


@pytest.mark.slow
def test_no_5xx_with_an_administrator_session(fuzzed: tuple[Any, dict[str, str]]) -> None:
    app, session = fuzzed
    # signing out would end the session the rest of the run fuzzes with
    seen: dict[str, set[int]] = {}
    assert _fuzz(app, session, {("DELETE", "/api/session")}, seen) == []
    assert 200 in seen[INVITATIONS] and 401 not in seen[INVITATIONS]  # past authorization
