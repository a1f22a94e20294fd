"""The JSON API end to end on SQLite and PostgreSQL, down to a verified record."""

from __future__ import annotations

from typing import Any

from service_harness import Services, deterministic_rng
from webclient import make_client, signed_in

from election_actors import CSV, Trustees, ballot, code_from_mail, manifest_json
from suffrage.protocol.audit import audit_form
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.record import read_archive
from suffrage.verify import MemorySource, verify_record

E = "/api/elections/council-2026"


def test_health_and_openapi(services: Services) -> None:
    client = make_client(services)
    assert client.get("/healthz").json()["status"] == "ok"
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/elections", "/api/elections/{election_id}/ballots", "/healthz"):
        assert path in paths
    assert client.get("/docs").status_code == 200


def _attest(
    client: Any,
    trustees: Trustees,
    bearer: dict[int, dict[str, str]],
    which: str,
    who: tuple[int, ...],
) -> None:
    events = client.get(f"{E}/board?limit=10000").json()["events"]
    head = next(e["hash"] for e in events if e["type"] == which)
    for index in who:
        body = {"type": "attestation", "payload": trustees.attestation(index, which, head)}
        res = client.post(f"{E}/trustee-events", json=body, headers=bearer[index])
        assert res.status_code == 200, res.text


def test_election_through_the_api(services: Services) -> None:
    s = services
    client, csrf = signed_in(s)
    res = client.post("/api/elections", json={"manifest": manifest_json()}, headers=csrf)
    assert res.status_code == 201, res.text
    trustees = Trustees(parse_manifest(res.json()["manifest"]), deterministic_rng(b"tr"))
    tokens = client.post(f"{E}/trustee-tokens", headers=csrf).json()["tokens"]
    bearer = {t["trustee"]: {"authorization": f"Bearer {t['token']}"} for t in tokens}
    for index, payload in enumerate(trustees.commitments(), start=1):
        body = {"type": "trustee_commitment", "payload": payload}
        # the administrator's session cannot speak for a trustee
        assert client.post(f"{E}/trustee-events", json=body, headers=csrf).status_code == 401
        res = client.post(f"{E}/trustee-events", json=body, headers=bearer[index])
        assert res.status_code == 200, res.text
    trustees.exchange_shares()
    key = client.post(f"{E}/joint-key", headers=csrf).json()["public_key"]
    headers = {**csrf, "content-type": "text/csv"}
    preview = client.post(f"{E}/roll/preview", content=CSV, headers=headers).json()
    assert preview["ok"] and preview["voters"] == 5
    assert client.put(f"{E}/roll", content=CSV, headers=headers).status_code == 200
    assert client.post(f"{E}/invitations", headers=csrf).json() == {"queued": 5}
    assert client.post(f"{E}/open", headers=csrf).json()["phase"] == "open"
    _attest(client, trustees, bearer, "open", (2, 3))

    codes = {to: code_from_mail(body) for to, _, body in s.mailer.sent}
    manifest = client.get(E).json()["manifest"]
    rng = deterministic_rng(b"api-voters")
    first = ballot(manifest, key, codes["ada@example.org"], [1, 0, 0], rng)
    res = client.post(f"{E}/ballots", json=first.ballot)
    assert res.status_code == 201, res.text
    assert res.json()["tracking_code"] == first.tracking_code
    second = ballot(manifest, key, codes["ada@example.org"], [0, 1, 1], rng)
    assert client.post(f"{E}/ballots", json=second.ballot).json()["replaces"] == (
        first.tracking_code
    )
    spoiled = ballot(manifest, key, codes["bo@example.org"], [0, 0, 1], rng)
    audit = {"ballot": audit_form(spoiled.ballot), "reveal": spoiled.reveal}
    assert client.post(f"{E}/audits", json=audit).status_code == 201
    linked = {"ballot": spoiled.ballot, "reveal": spoiled.reveal}  # with credential: refused
    assert client.post(f"{E}/audits", json=linked).status_code == 422
    status = client.get(f"{E}/ballots/{first.tracking_code[:12]}").json()
    assert status["state"] == "replaced" and status["replaced_by"] == second.tracking_code
    assert client.get(f"{E}/turnout").json()["voted"] == 1
    res = client.get(f"{E}/results")
    assert res.status_code == 409 and res.json()["error"]["code"] == "conflict"

    assert client.post(f"{E}/close", headers=csrf).json()["phase"] == "tallied"
    tally = client.get(f"{E}/tally").json()
    _attest(client, trustees, bearer, "close", (2, 3))
    for index in (2, 3):
        share = trustees.decryption_share(index, tally)
        assert client.post(f"{E}/decryption-shares", json=share, headers=csrf).status_code == 401
        res = client.post(f"{E}/decryption-shares", json=share, headers=bearer[index])
        assert res.status_code == 200, res.text
    assert client.post(f"{E}/publish", headers=csrf).json() == {"counts": {"council": [0, 1, 1]}}
    assert client.get(f"{E}/results").json()["contests"][0]["counts"] == [0, 1, 1]
    page = client.get("/elections/council-2026/results")
    assert 'data-option="cy">1<' in page.text

    archive = client.get(f"{E}/record.tar.gz")
    assert archive.headers["content-type"] == "application/gzip"
    report = verify_record(MemorySource(read_archive(archive.content)))
    assert report.valid, [f.check for f in report.failed]
