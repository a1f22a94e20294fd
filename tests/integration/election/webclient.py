"""A signed-in test client of the web application over the test services."""

from __future__ import annotations

from fastapi.testclient import TestClient
from service_harness import Services

from suffrage.adapters.web import WebDeps, create_app

ADMIN = ("alice", "correct horse battery")


def make_client(s: Services, source: str = "testclient", **options: int) -> TestClient:
    deps = WebDeps(
        elections=s.elections,
        box=s.box,
        ceremonies=s.ceremonies,
        auth=s.auth,
        secret_key="test-secret-key",
        **options,  # type: ignore[arg-type]
    )
    return TestClient(create_app(deps), raise_server_exceptions=False, client=(source, 50000))


def signed_in(s: Services) -> tuple[TestClient, dict[str, str]]:
    """A client with an administrator session and the CSRF header to send."""
    s.auth.create_admin(*ADMIN)
    client = make_client(s)
    res = client.post("/api/session", json={"username": ADMIN[0], "password": ADMIN[1]})
    assert res.status_code == 200, res.text
    return client, {"x-csrf-token": res.json()["csrf_token"]}
