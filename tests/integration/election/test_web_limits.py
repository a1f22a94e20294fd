"""Hostile inputs get a 4xx envelope: huge integers, deep nesting, unauthorized uploads,
too many ballots from one credential."""

from __future__ import annotations

from typing import Any

import pytest
from service_harness import Services, deterministic_rng, open_election
from test_sign_in import in_own_thread
from webclient import make_client, signed_in

from election_actors import ballot
from suffrage.errors import RateLimited
from suffrage.protocol.audit import audit_form
from suffrage.service.limits import MAX_DEPTH, RateLimit, check_depth, parse_body

E = "/api/elections/council-2026"
JSON = {"content-type": "application/json"}
HOSTILE = {
    "huge integer": b'{"credential": "00", "n": ' + b"9" * 5000 + b"}",
    "huge integer in a list": b"[" + b"1" * 5000 + b"]",
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "nesting past the limit": b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1),
    "nesting near the recursion limit": b"[" * 990 + b"]" * 990,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_json_is_a_4xx_everywhere(services: Services, name: str) -> None:
    open_election(services)
    admin, csrf = signed_in(services)
    anonymous = make_client(services)  # no cookie: casts take the direct ASGI path
    body = HOSTILE[name]
    for client, path in [
        (admin, "/api/elections"),
        (admin, f"{E}/ballots"),
        (anonymous, f"{E}/ballots"),
        (anonymous, f"{E}/audits"),
        (admin, f"{E}/decryption-shares"),
        (admin, f"{E}/trustee-events"),
    ]:
        res = client.post(path, content=body, headers={**JSON, **csrf})
        assert 400 <= res.status_code < 500, (path, res.status_code, res.text[:200])
        assert set(res.json()["error"]) == {"code", "message", "details"}


def test_nesting_within_the_limit_is_accepted() -> None:
    ok = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    assert parse_body(ok) is not None
    check_depth({"a": [[1]]}, "x", 3)
    with pytest.raises(ValueError, match="nested more than 2"):
        check_depth({"a": [[1]]}, "x", 2)


def _asgi_post(app: Any, path: str, headers: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """POST through the ASGI app; return the status and how many body chunks it read."""
    reads = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"x" * 1024, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("192.0.2.7", 5000),
        "headers": headers,
    }
    in_own_thread(app(scope, receive, send))
    return status, reads


def test_an_upload_is_authorized_before_it_is_read(services: Services) -> None:
    app = make_client(services).app
    multipart = [
        (b"content-type", b"multipart/form-data; boundary=x"),
        (b"content-length", str(10 * 2**30).encode()),
    ]
    status, reads = _asgi_post(app, "/admin/elections/council-2026/roll", multipart)
    assert (status, reads) == (401, 0)
    # a signed-in administrator: too large, refused before reading as well
    client, _ = signed_in(services)
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    headers = [*multipart, (b"cookie", cookie.encode())]
    status, reads = _asgi_post(app, "/admin/elections/council-2026/roll", headers)
    assert (status, reads) == (413, 0)


def test_a_form_without_a_length_is_refused_unread(services: Services) -> None:
    app = make_client(services).app
    form = [(b"content-type", b"application/x-www-form-urlencoded")]
    assert _asgi_post(app, "/admin/login", form) == (411, 0)


def test_casts_are_limited_per_credential(services: Services) -> None:
    """Casts are limited per credential; audits carry no credential (7.8), so they are not."""
    s = services
    codes = open_election(s)
    s.box.per_credential = RateLimit(3, 0.001, "ballots from this credential")
    election = s.elections.get("council-2026")
    rng = deterministic_rng(b"limits")
    made = [
        ballot(election.manifest, election.public_key, codes["v1"], [1, 0, 0], rng)
        for _ in range(4)
    ]
    client = make_client(s)
    for m in made[:3]:
        assert client.post(f"{E}/ballots", json=m.ballot).status_code == 201
    audit = {"ballot": audit_form(made[3].ballot), "reveal": made[3].reveal}
    assert client.post(f"{E}/audits", json=audit).status_code == 201  # links to no credential
    res = client.post(f"{E}/ballots", json=made[3].ballot)
    assert res.status_code == 429 and res.json()["error"]["code"] == "too_many_requests"
    # another voter is not affected; nothing of the refused ballot was stored
    other = ballot(election.manifest, election.public_key, codes["v2"], [0, 1, 0], rng)
    assert client.post(f"{E}/ballots", json=other.ballot).status_code == 201
    assert s.elections.turnout("council-2026").ballots == 4
    with pytest.raises(RateLimited):
        s.box.cast("council-2026", made[3].ballot)
