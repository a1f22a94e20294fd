"""The whole trust-boundaries flow in real Chromium, with credentials from a registrar.

Three trustees make their signing keys and a registrar her key on their own machines; the
administrator creates the election with those public keys (registrar mode), the trustees
run the key ceremony with ``suffrage trustee``, the registrar draws the voters' codes with
``suffrage credentials generate`` and hands the administrator only the signed public list.
Trustees 1 and 3 attest the open head. Three voters vote in Chromium from the registrar's
links: one audits first (the audit goes out without her credential), one revotes. The
administrator closes, trustees 1 and 3 decrypt, the result is published, and
``suffrage verify`` accepts the downloaded record and names the registrar. No private code
ever reaches the server.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from browser_harness import LiveServer
from test_browser_election import ADMIN, E, _trustee, _trustee_client, _vote

from election_actors import CSV, manifest_json


def _suffrage(*args: str) -> str:
    cli = Path(sys.executable).with_name("suffrage")
    run = subprocess.run([str(cli), *args], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def _ceremony(
    live: LiveServer, client: Any, csrf: dict[str, str], keys: dict[int, Path], tmp: Path
) -> dict[int, Path]:
    tokens = {
        t["trustee"]: t["token"]
        for t in client.post(f"/api/elections/{E}/trustee-tokens", headers=csrf).json()["tokens"]
    }
    states = {i: tmp / f"trustee{i}" / "state.json" for i in (1, 2, 3)}
    for i, state in states.items():
        _trustee(
            "join", "--server", live.url, "--election", E, "--index", str(i),
            "--token", tokens[i], "--state", str(state), "--key", str(keys[i]),
        )  # fmt: skip
        _trustee("publish", "--state", str(state), "--out", str(state.parent))
    for state in states.values():
        _trustee("publish", "--state", str(state), "--out", str(state.parent))
    for j, state in states.items():
        shares = [str(states[i].parent / f"share-{i}-for-{j}.json") for i in (1, 2, 3) if i != j]
        _trustee("receive", "--state", str(state), *shares)
        assert "complained" not in _trustee("check", "--state", str(state))
    assert client.post(f"/api/elections/{E}/joint-key", headers=csrf).status_code == 200
    return states


def test_registrar_flow_in_the_browser(live: LiveServer, chromium: Any, tmp_path: Path) -> None:
    live.container.auth.create_admin(*ADMIN)
    client, csrf = _trustee_client(live)

    # keys made on their owners' machines; the manifest lists the public halves
    keys = {i: tmp_path / f"trustee{i}.key" for i in (1, 2, 3)}
    manifest = manifest_json()
    for i, key in keys.items():
        _trustee("init", "--key", str(key))
        manifest["trustees"][i - 1]["public_key"] = json.loads(key.read_text())["public_key"]  # type: ignore[index]
    registrar_key = tmp_path / "registrar.key"
    assert "fingerprint" in _suffrage("credentials", "init", "--key", str(registrar_key))
    public = json.loads(registrar_key.read_text())["public_key"]
    manifest["credentials"] = {"authority": "registrar", "public_key": public}
    res = client.post("/api/elections", json={"manifest": manifest}, headers=csrf)
    assert res.status_code == 201, res.text
    states = _ceremony(live, client, csrf, keys, tmp_path)

    # the registrar draws the codes on her machine; the server gets the signed public list
    (tmp_path / "manifest.json").write_text(
        json.dumps(client.get(f"/api/elections/{E}").json()["manifest"])
    )
    (tmp_path / "roll.csv").write_text(CSV)
    out = tmp_path / "registrar"
    _suffrage(
        "credentials", "generate", str(tmp_path / "roll.csv"), "--manifest",
        str(tmp_path / "manifest.json"), "--key", str(registrar_key), "--out", str(out),
        "--booth-url", live.url,
    )  # fmt: skip
    public_list = (out / "public-credentials.json").read_bytes()
    headers = {**csrf, "content-type": "application/json"}
    res = client.put(f"/api/elections/{E}/credentials", content=public_list, headers=headers)
    assert res.status_code == 200, res.text
    with (out / "codes.csv").open(newline="") as fh:
        codes = {row["email"]: row["code"] for row in csv.DictReader(fh)}
    assert client.post(f"/api/elections/{E}/open", headers=csrf).json()["phase"] == "open"
    for index in (1, 3):
        assert "signed the open head" in _trustee("attest", "--state", str(states[index]))

    # voters in the browser, from the registrar's links
    sent: list[tuple[str, str]] = []
    link = f"{live.url}/booth/{E}#" + "{}"
    tracked = {
        "ada": _vote(chromium, sent, link.format(codes["ada@example.org"]), [0, 1]),
        "bo": _vote(chromium, sent, link.format(codes["bo@example.org"]), [1], audit_first=True),
        "cy": _vote(chromium, sent, link.format(codes["cy@example.org"]), [2]),
    }
    tracked["ada2"] = _vote(chromium, sent, link.format(codes["ada@example.org"]), [0])
    audits = [json.loads(body) for url, body in sent if url.endswith("/audits")]
    assert len(audits) == 1 and "credential" not in audits[0]["ballot"]
    status = client.get(f"/api/elections/{E}/ballots/{tracked['ada']}").json()
    assert status["state"] == "replaced" and status["replaced_by"] == tracked["ada2"]

    # close, two trustees decrypt, publish; the record verifies and names the registrar
    assert client.post(f"/api/elections/{E}/close", headers=csrf).json()["phase"] == "tallied"
    for index in (1, 3):
        _trustee("decrypt", "--state", str(states[index]))
    assert client.post(f"/api/elections/{E}/publish", headers=csrf).json() == {
        "counts": {"council": [1, 1, 1]}
    }
    archive = tmp_path / "record.tar.gz"
    archive.write_bytes(client.get(f"/api/elections/{E}/record.tar.gz").content)
    report = _suffrage("verify", str(archive), "--json")
    checks = {c["id"]: c["status"] for c in json.loads(report)["checks"]}
    assert all(s == "passed" for s in checks.values()), checks
    assert {"voters.registrar", "trustees.signatures", "trustees.attestations"} <= set(checks)

    # no private code ever reached the server: not in a request, not in the database
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("e2e.sqlite*"))  # the live database
    assert stored
    for code in codes.values():
        assert code.encode() not in stored
        assert not any(code in body for _, body in sent)
