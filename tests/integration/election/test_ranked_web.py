"""A secret STV election end to end through the JSON API, and the doors of its mixing routes.

The administrator creates the election from a manifest with a ``rank`` contest; trustees
post their signed events with their own tokens; voters cast through ``POST .../ballots``;
after close, three trustees (t = 2) read ``GET .../mixing/{contest}`` and post their mixes
to ``POST .../mixes``, two post their shares of the last mix to ``POST .../mix-shares``
and of the tally; the administrator publishes. The downloaded record passes
``suffrage verify`` and pref_voting's Scottish STV elects the published members from the
published rankings. The routes refuse a missing, foreign or wrong token (before reading a
body), mixing before the tally, a bad proof, and a body above the election's limit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from service_harness import Services, deterministic_rng
from test_ranked_service import RANKS, ROLL
from typer.testing import CliRunner
from webclient import make_client, signed_in

from election_actors import RANKED_CANDIDATES, Trustees, code_from_mail, ranked_ballot
from election_actors import ranked_manifest_json as ranked_manifest
from suffrage.adapters.cli import app as cli
from suffrage.protocol.manifest import parse_manifest

E = "ranked-2026"
P = f"/api/elections/{E}"


def _bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def _setup(s: Services) -> tuple[TestClient, dict[str, str], Trustees, dict[int, str]]:
    admin, csrf = signed_in(s)
    res = admin.post("/api/elections", json={"manifest": ranked_manifest(E)}, headers=csrf)
    assert res.status_code == 201, res.text
    assert [c["kind"] for c in res.json()["manifest"]["contests"]] == ["rank", "choose"]
    tokens = {
        t["trustee"]: t["token"]
        for t in admin.post(f"{P}/trustee-tokens", headers=csrf).json()["tokens"]
    }
    trustees = Trustees(parse_manifest(res.json()["manifest"]), deterministic_rng(b"web"))
    for i, payload in enumerate(trustees.commitments(), start=1):
        body = {"type": "trustee_commitment", "payload": payload}
        assert admin.post(f"{P}/trustee-events", json=body, headers=_bearer(tokens[i])).is_success
    trustees.exchange_shares()
    assert admin.post(f"{P}/joint-key", headers=csrf).is_success
    headers = {**csrf, "content-type": "text/csv"}
    assert admin.put(f"{P}/roll", content=ROLL, headers=headers).is_success
    assert admin.post(f"{P}/invitations", headers=csrf).json() == {"queued": 9}
    assert admin.post(f"{P}/open", headers=csrf).json()["phase"] == "open"
    _attest(admin, trustees, tokens, "open", (1, 2, 3))
    return admin, csrf, trustees, tokens


def _attest(
    client: TestClient, trustees: Trustees, tokens: dict[int, str], which: str, who: Any
) -> None:
    events = client.get(f"{P}/board").json()["events"]
    head = next(e["hash"] for e in events if e["type"] == which)
    for i in who:
        body = {"type": "attestation", "payload": trustees.attestation(i, which, head)}
        res = client.post(f"{P}/trustee-events", json=body, headers=_bearer(tokens[i]))
        assert res.is_success, res.text


def _cast(s: Services, client: TestClient) -> None:
    election = client.get(P).json()
    codes = {to.split("@")[0]: code_from_mail(body) for to, _, body in s.mailer.sent}
    rng = deterministic_rng(b"web voters")
    for voter, ranks in RANKS.items():
        answer = [1, 0] if voter in ("v1", "v2", "v5") else [0, 1]
        b = ranked_ballot(
            election["manifest"], election["public_key"], codes[voter], ranks, answer, rng
        )
        res = client.post(f"{P}/ballots", json=b.ballot)
        assert res.status_code == 201, res.text


def test_secret_stv_election_through_the_api(services: Services, tmp_path: Path) -> None:
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_scottish

    s = services
    admin, csrf, trustees, tokens = _setup(s)
    anonymous = make_client(s)
    mixing = anonymous.get(f"{P}/mixing").json()
    assert mixing["phase"] == "open" and mixing["threshold"] == 2
    assert mixing["contests"][0]["ballots"] is None and mixing["contests"][0]["rounds"] == 0
    assert anonymous.get(f"{P}/mixing/council").status_code == 409  # not before the tally
    premature = {"trustee": 1, "contest": "council"}
    res = anonymous.post(f"{P}/mixes", json=premature, headers=_bearer(tokens[1]))
    assert res.status_code == 409 and "after close and tally" in res.text

    _cast(s, anonymous)
    assert admin.post(f"{P}/close", headers=csrf).json()["phase"] == "tallied"
    _attest(admin, trustees, tokens, "close", (1, 3))
    status = anonymous.get(f"{P}/mixing").json()["contests"][0]
    assert (status["ballots"], status["rounds"], status["needed"]) == (9, 0, 2)
    assert anonymous.get(f"{P}/mixing/question").status_code == 404
    key = admin.get(P).json()["public_key"]

    for i in (1, 2, 3):  # each mixer reads the current rows, shuffles, proves and signs
        inp = anonymous.get(f"{P}/mixing/council").json()
        assert inp["round"] == i - 1
        payload = trustees.mix(i, key, inp)
        if i == 1:
            _doors(anonymous, tokens, payload)
        res = anonymous.post(f"{P}/mixes", json=payload, headers=_bearer(tokens[i]))
        assert res.status_code == 200 and res.json()["type"] == "mix", res.text
    res = admin.post(f"{P}/publish", headers=csrf)
    assert res.status_code == 409 and "0 of 2 decryptions" in res.text
    last = anonymous.get(f"{P}/mixing/council").json()
    tally = anonymous.get(f"{P}/tally").json()
    for i in (1, 3):  # trustee 2 is absent at decryption
        share = trustees.mix_share(i, last)
        res = anonymous.post(f"{P}/mix-shares", json=share, headers=_bearer(tokens[i]))
        assert res.status_code == 200 and res.json()["type"] == "mix_share", res.text
        dec = trustees.decryption_share(i, tally)
        assert anonymous.post(f"{P}/decryption-shares", json=dec, headers=_bearer(tokens[i]))
    status = anonymous.get(f"{P}/mixing").json()["contests"][0]
    assert status["mixers"] == [1, 2, 3] and status["decrypted_by"] == [1, 3]
    assert status["mixed"] and status["decrypted"]
    assert admin.post(f"{P}/publish", headers=csrf).status_code == 200

    row = next(
        r for r in anonymous.get(f"{P}/results").json()["contests"] if r["contest"] == "council"
    )
    assert len(row["rankings"]) == 8 and row["invalid"] == [[1, 1, 0, 0]]
    ids = list(RANKED_CANDIDATES)
    ballots = [{ids.index(c): k + 1 for k, c in enumerate(r)} for r in row["rankings"]]
    theirs = stv_scottish(ProfileWithTies(ballots, candidates=list(range(4))), num_seats=2)
    assert {ids[c] for c in theirs} == set(row["outcome"]["elected"]) == {"ada", "bo"}

    archive = tmp_path / "record.tar.gz"
    archive.write_bytes(anonymous.get(f"{P}/record.tar.gz").content)
    checked = CliRunner().invoke(cli, ["verify", str(archive), "--json"])
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.output)
    status_of = {c["id"]: c["status"] for c in report["checks"]}
    for check in ("mix.order", "mix.shuffle", "mix.decryption", "result.ranked_outcome"):
        assert status_of[check] == "passed", check


def _doors(client: TestClient, tokens: dict[int, str], payload: dict[str, Any]) -> None:
    """The mixing routes' authentication and limits, tried with trustee 1's real mix."""
    before = len(client.get(f"{P}/board").json()["events"])
    assert client.post(f"{P}/mixes", json=payload).status_code == 401
    assert client.post(f"{P}/mixes", json=payload, headers=_bearer(tokens[2])).status_code == 403
    assert client.post(f"{P}/mixes", json=payload, headers=_bearer("1.00")).status_code == 403
    assert client.post(f"{P}/mixes", json=payload, headers=_bearer("9.00")).status_code == 403
    # a body far above any limit, with a bad token: refused before it is read
    huge = {"authorization": "Bearer 1.00", "content-type": "application/json"}
    res = client.post(f"{P}/mixes", content=b"[" + b"0," * 5_000_000 + b"0]", headers=huge)
    assert res.status_code == 403
    # with a good token, a body above the election's limit (about 2 MB for 9 ballots)
    res = client.post(
        f"{P}/mixes",
        content=b"[" + b"0," * 5_000_000 + b"0]",
        headers={**huge, "authorization": f"Bearer {tokens[1]}"},
    )
    assert res.status_code == 413
    bad = {**payload, "proof": payload["proof"][:-2] + "00"}
    res = client.post(f"{P}/mixes", json=bad, headers=_bearer(tokens[1]))
    assert res.status_code == 422 and "signature" in res.text  # the change breaks her signature
    share = {**payload, "shares": []}
    res = client.post(f"{P}/mix-shares", json=share, headers=_bearer(tokens[2]))
    assert res.status_code == 403
    assert len(client.get(f"{P}/board").json()["events"]) == before
