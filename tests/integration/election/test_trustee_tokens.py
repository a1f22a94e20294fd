"""Trustee tokens: issued by an administrator, each posts only its own trustee's messages."""

from __future__ import annotations

from dataclasses import replace

from service_harness import Services, deterministic_rng
from webclient import make_client, signed_in

from election_actors import Trustees, manifest_json
from suffrage.protocol.manifest import parse_manifest

E = "/api/elections/council-2026"


def test_tokens_authorize_one_trustee_each(services: Services) -> None:
    s = services
    admin, csrf = signed_in(s)
    res = admin.post("/api/elections", json={"manifest": manifest_json()}, headers=csrf)
    assert res.status_code == 201, res.text
    assert admin.post(f"{E}/trustee-tokens").status_code == 403  # CSRF token missing
    tokens = {
        t["trustee"]: t["token"]
        for t in admin.post(f"{E}/trustee-tokens", headers=csrf).json()["tokens"]
    }
    page = admin.get("/admin/elections/council-2026").text
    assert all(f'data-trustee="{i}">{tokens[i]}<' in page for i in (1, 2, 3))
    assert 'href="/trustee/council-2026"' in page

    anonymous = make_client(s)
    assert anonymous.post(f"{E}/trustee-tokens").status_code == 401
    trustees = Trustees(parse_manifest(res.json()["manifest"]), deterministic_rng(b"tokens"))
    commitments = trustees.commitments()

    def post(payload: object, auth: str) -> int:
        body = {"type": "trustee_commitment", "payload": payload}
        res = anonymous.post(f"{E}/trustee-events", json=body, headers={"authorization": auth})
        return res.status_code

    assert post(commitments[0], f"Bearer {tokens[2]}") == 403
    assert post(commitments[0], f"Bearer {tokens[1]}x") == 403
    assert post(commitments[0], f"Basic {tokens[1]}") == 401
    assert post({"no": "trustee"}, f"Bearer {tokens[1]}") == 422
    assert post(commitments[0], f"Bearer {tokens[1]}") == 200
    assert anonymous.post(f"{E}/trustee-events", json={}).status_code == 401
    other = make_client(s)  # a token of another service (secret key) is refused
    other.app.state.deps = replace(other.app.state.deps, secret_key="another key")
    res = other.post(
        f"{E}/trustee-events",
        json={"type": "trustee_commitment", "payload": commitments[1]},
        headers={"authorization": f"Bearer {tokens[2]}"},
    )
    assert res.status_code == 403
    share = {"trustee": 1, "contests": []}
    res = anonymous.post(
        f"{E}/decryption-shares", json=share, headers={"authorization": f"Bearer {tokens[2]}"}
    )
    assert res.status_code == 403
