"""Every endpoint rejects malformed input with a 4xx error envelope and stores nothing."""

from __future__ import annotations

import json
import os
from typing import Any

from fastapi.testclient import TestClient
from service_harness import Services, deterministic_rng, open_election
from webclient import make_client, signed_in

from election_actors import ballot
from suffrage.protocol.encoding import JsonObject
from suffrage.protocol.identity import SigningKey, sign_trustee_payload
from suffrage.protocol.manifest import parse_manifest

E = "/api/elections/council-2026"
JSON = {"content-type": "application/json"}


def _state(s: Services) -> tuple[int, int, str]:
    board = s.elections.board("council-2026")
    return len(board), s.elections.turnout("council-2026").eligible, board[-1].hash


def _assert_envelope(res: Any, status: int, code: str | None = None) -> None:
    assert res.status_code == status, res.text
    err = res.json()["error"]
    assert set(err) == {"code", "message", "details"}
    assert isinstance(err["message"], str) and err["message"]
    assert isinstance(err["details"], list)
    if code is not None:
        assert err["code"] == code, err


def _valid_ballot(s: Services, code: str) -> dict[str, Any]:
    election = s.elections.get("council-2026")
    assert election.public_key is not None
    made = ballot(election.manifest, election.public_key, code, [1, 0, 0], deterministic_rng(b"x"))
    return made.ballot


BAD_BODIES: list[tuple[str, str, str | bytes, dict[str, str], int, str]] = [
    ("POST", "/api/elections", "{}", {}, 415, "unsupported_media_type"),
    ("POST", "/api/elections", "{", JSON, 422, "invalid_encoding"),
    ("POST", "/api/elections", "[]", JSON, 422, "invalid_input"),
    ("POST", "/api/elections", '{"manifest": {}}', JSON, 422, "invalid_manifest"),
    ("POST", "/api/elections", '{"manifest": 1, "manifest": 2}', JSON, 422, "invalid_encoding"),
    ("POST", "/api/elections", '{"manifest": {"threshold": 1.5}}', JSON, 422, "invalid_encoding"),
    ("POST", f"{E}/ballots", "", JSON, 400, "bad_request"),
    ("POST", f"{E}/ballots", "not json", JSON, 422, "invalid_encoding"),
    ("POST", f"{E}/ballots", "[]", JSON, 422, "invalid_input"),
    ("POST", f"{E}/ballots", "{}", JSON, 422, "invalid_input"),
    ("POST", f"{E}/ballots", '{"credential": "00"}', JSON, 422, "invalid_input"),
    ("POST", f"{E}/ballots", b"\xff\xfe", JSON, 422, "invalid_encoding"),
    ("POST", f"{E}/ballots", "{}", {"content-type": "text/plain"}, 415, None),
    ("POST", f"{E}/audits", "{}", JSON, 422, "invalid_input"),
    ("POST", f"{E}/audits", '{"ballot": {}, "reveal": []}', JSON, 422, "invalid_input"),
    # an administrator's session is no trustee: trustee routes want her token (and signature)
    ("POST", f"{E}/trustee-events", "{}", JSON, 401, "unauthorized"),
    ("POST", f"{E}/decryption-shares", "{}", JSON, 401, "unauthorized"),
    ("PUT", f"{E}/roll", "voter_id,name\nv1,Ada\n", {}, 409, "conflict"),
    ("POST", f"{E}/roll/preview", b"\xff\xfe", {}, 400, "bad_request"),
    ("GET", f"{E}/ballots/zz", "", {}, 422, "invalid_input"),
    ("GET", f"{E}/ballots/abcdef0123", "", {}, 404, "not_found"),
    ("GET", f"{E}/board?start=-1", "", {}, 422, "invalid_input"),
    ("GET", f"{E}/board?limit=0", "", {}, 422, "invalid_input"),
    ("GET", f"{E}/results", "", {}, 409, "conflict"),
    ("GET", f"{E}/tally", "", {}, 409, "conflict"),
    ("GET", "/api/elections/nope", "", {}, 404, "not_found"),
    ("GET", "/api/elections/nope/turnout", "", {}, 404, "not_found"),
    ("GET", "/api/nothing-here", "", {}, 404, "not_found"),
    ("DELETE", "/api/elections", "", {}, 405, "method_not_allowed"),
    ("POST", f"{E}/open", "", {}, 409, "conflict"),
    ("POST", f"{E}/joint-key", "", {}, 409, "conflict"),
    ("POST", f"{E}/publish", "", {}, 409, "conflict"),
    ("POST", f"{E}/invitations", "", {}, 409, "conflict"),
]


def test_malformed_requests_are_rejected_and_store_nothing(services: Services) -> None:
    s = services
    open_election(s, b"bad")
    client, csrf = signed_in(s)
    before = _state(s)
    for method, path, body, headers, status, code in BAD_BODIES:
        res = client.request(method, path, content=body or None, headers={**csrf, **headers})
        _assert_envelope(res, status, code)
    assert _state(s) == before


def test_ballot_level_rejections(services: Services) -> None:
    s = services
    codes = open_election(s, b"bad")
    client = make_client(s)
    good = _valid_ballot(s, codes["v1"])
    before = _state(s)
    tampered = [
        dict(good, style="members2"),
        dict(good, signature="00" * 96),
        dict(good, manifest="00" * 32),
        {**good, "extra": 1},
        {k: v for k, v in good.items() if k != "signature"},
    ]
    for raw in tampered:
        _assert_envelope(client.post(f"{E}/ballots", json=raw), 422, "invalid_input")
    big = json.dumps(dict(good, pad="0" * (3 * 1024 * 1024)))
    _assert_envelope(client.post(f"{E}/ballots", content=big, headers=JSON), 413)
    assert _state(s) == before
    assert client.post(f"{E}/ballots", json=good).status_code == 201
    _assert_envelope(client.post(f"{E}/ballots", json=good), 409, "conflict")


ADMIN_ACTIONS = [
    ("POST", "/api/elections"),
    ("PUT", f"{E}/roll"),
    ("POST", f"{E}/invitations"),
    ("POST", f"{E}/close"),
    ("POST", f"{E}/publish"),
    ("DELETE", "/api/session"),
]


def _attestation(s: Services, index: int, key: SigningKey) -> JsonObject:
    """Trustee ``index``'s attestation of the open head, signed with ``key``."""
    head = next(r.hash for r in s.elections.board("council-2026") if r.type == "open")
    manifest = parse_manifest(s.elections.get("council-2026").manifest)
    payload: JsonObject = {"trustee": index, "phase": "open", "head": head}
    return sign_trustee_payload(key, manifest.hash_hex, "attestation", payload, os.urandom)


def test_trustee_events_need_her_token_and_her_signature(services: Services) -> None:
    """Attack: the server or an administrator posts an event in a trustee's name."""
    s = services
    open_election(s, b"bad")
    client, csrf = signed_in(s)
    tokens = client.post(f"{E}/trustee-tokens", headers=csrf).json()["tokens"]
    bearer = {"authorization": f"Bearer {tokens[0]['token']}", **JSON}
    before = _state(s)
    for path, body, status, code in (
        ("trustee-events", "{}", 422, "invalid_input"),
        ("trustee-events", '{"type": "x", "payload": {}}', 422, "invalid_input"),
        ("decryption-shares", "[]", 422, "invalid_input"),
        ("decryption-shares", '{"trustee": 1}', 409, "conflict"),
    ):
        _assert_envelope(client.post(f"{E}/{path}", content=body, headers=bearer), status, code)
    forged = _attestation(s, 1, SigningKey.generate(os.urandom))  # not her key
    res = client.post(
        f"{E}/trustee-events", json={"type": "attestation", "payload": forged}, headers=bearer
    )
    _assert_envelope(res, 422, "invalid_input")
    assert "signature" in res.json()["error"]["message"]
    unsigned = {k: v for k, v in forged.items() if k != "signature"}
    res = client.post(
        f"{E}/trustee-events", json={"type": "attestation", "payload": unsigned}, headers=bearer
    )
    _assert_envelope(res, 422, "invalid_input")
    assert _state(s) == before
    # the anonymous public, and a session without a token, are refused before anything else
    for path in ("trustee-events", "decryption-shares"):
        _assert_envelope(make_client(s).post(f"{E}/{path}", content="{}", headers=JSON), 401)
        _assert_envelope(client.post(f"{E}/{path}", content="{}", headers=csrf), 401)


def test_admin_actions_need_a_session_and_csrf(services: Services) -> None:
    s = services
    open_election(s, b"bad")
    anonymous = make_client(s)
    client, _csrf = signed_in(s)
    bad = {"x-csrf-token": "forged", **JSON}
    for method, path in ADMIN_ACTIONS:
        _assert_envelope(anonymous.request(method, path, content="{}", headers=JSON), 401)
        _assert_envelope(client.request(method, path, content="{}", headers=JSON), 403)
        _assert_envelope(client.request(method, path, content="{}", headers=bad), 403)
    assert s.elections.get("council-2026").phase.value == "open"


def test_wrong_password_is_refused(services: Services) -> None:
    s = services
    s.auth.create_admin("alice", "correct horse battery")
    client: TestClient = make_client(s)
    res = client.post("/api/session", json={"username": "alice", "password": "wrong password"})
    _assert_envelope(res, 403, "permission_denied")
    res = client.post("/api/session", json={"username": "", "password": "x"})
    _assert_envelope(res, 422, "invalid_input")
    assert res.json()["error"]["details"][0]["field"] == "body.username"


CAST_BODIES: list[tuple[str | bytes, int, str]] = [
    ("", 400, "bad_request"),
    ("not json", 422, "invalid_encoding"),
    (b"\xff\xfe", 422, "invalid_encoding"),
    ("[]", 422, "invalid_input"),
    ("{}", 422, "invalid_input"),
    ('{"credential": 1.5}', 422, "invalid_encoding"),
    ('{"credential": "00"}', 422, "invalid_input"),
    ('{"credential": "00", "credential": "00"}', 422, "invalid_encoding"),
]


def test_a_cast_without_a_cookie_is_answered_as_the_declared_route(services: Services) -> None:
    """Casts without a cookie take the direct ASGI path (fastcast); with one, the usual stack."""
    s = services
    codes = open_election(s, b"bad")
    plain = make_client(s)
    client, csrf = signed_in(s)
    before = _state(s)
    for body, status, code in CAST_BODIES:
        direct = plain.post(f"{E}/ballots", content=body, headers=JSON)
        usual = client.post(f"{E}/ballots", content=body, headers={**csrf, **JSON})
        _assert_envelope(direct, status, code)
        assert (direct.status_code, direct.json()) == (usual.status_code, usual.json()), body
        for name in ("content-security-policy", "x-content-type-options", "x-frame-options"):
            assert direct.headers[name] == usual.headers[name]
    unknown = plain.post("/api/elections/nope/ballots", json={"credential": "00"})
    _assert_envelope(unknown, 404, "not_found")
    assert _state(s) == before
    good = _valid_ballot(s, codes["v1"])
    res = plain.post(f"{E}/ballots", json=good)
    assert res.status_code == 201, res.text
    assert set(res.json()) == {"tracking_code", "seq", "replaces", "board_head"}
    assert res.headers["content-type"] == "application/json"
