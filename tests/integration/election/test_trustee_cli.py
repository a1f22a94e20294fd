"""``suffrage trustee`` against a live server: key ceremony with a complaint, decryption.

Three trustees (2 of 3) run the CLI against uvicorn on 127.0.0.1 with SQLite: each makes
her signing key, whose public half the manifest lists; each deals into its own 0600 state
file, posts its signed commitment with its own token and hands its shares, sealed to each
recipient's commitment, to the others as files. Trustee 3's share for trustee 1 is damaged
in transit, so trustee 1 complains and trustee 3 answers on the board. Trustees 1 and 3
attest the open head; after voting they decrypt (2 is absent) and the record verifies. No
secret scalar reaches the server: neither any request body nor the database holds one
(except the share revealed by the answer, which the protocol makes public), and the share
files hold only sealed shares.

The attacks of a server that shows trustees another board are replayed too: a fork with
another voter list, and a second tally after the first decryption, are both refused.
"""

from __future__ import annotations

import json
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from service_harness import Services, deterministic_rng
from typer.testing import CliRunner

from election_actors import CSV, ballot, code_from_mail, manifest_json
from suffrage.adapters.cli import app as cli
from suffrage.adapters.cli import trustee as trustee_cli
from suffrage.adapters.db import make_engine, upgrade
from suffrage.adapters.web import WebDeps, create_app
from suffrage.crypto.group import Scalar
from suffrage.protocol.board import parse_event_line
from suffrage.protocol.election import Election
from suffrage.protocol.identity import SIGNED_TRUSTEE_EVENTS
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.record import read_archive, record_files
from suffrage.protocol.voters import parse_voter_list
from suffrage.verify import MemorySource, verify_record

ADMIN = ("alice", "correct horse battery")
E = "council-2026"
P = f"/elections/{E}"


class Recorder:
    """ASGI wrapper that keeps every request body the server receives."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def recv() -> Any:
            message = await receive()
            if message.get("type") == "http.request":
                self.bodies.append(message.get("body", b""))
            return message

        await self.app(scope, recv, send)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Services, Recorder, Path]]:
    db = tmp_path / "server.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    s = Services(engine)
    deps = WebDeps(
        elections=s.elections, box=s.box, ceremonies=s.ceremonies, auth=s.auth, secret_key="k"
    )
    recorder = Recorder(create_app(deps))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(recorder, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", s, recorder, db
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        engine.dispose()


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["trustee", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _state(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


_FIRST: list[Any] = []


def _first(voter: Any) -> Any:
    """The first voter entry of the list being forked (so exactly one is reweighed)."""
    return _FIRST[0]


def _show_fork(
    monkeypatch: pytest.MonkeyPatch,
    reweigh: Any,
    *,
    drop_ballot: bool = False,
) -> None:
    """Make the trustee tool's ``Api.record`` return a self-consistent fork of the board.

    The fork is rebuilt by the protocol's own machine from the real board's events (the
    trustees' signed events and the voters' signed ballots carried over): either with a
    reweighed voter list (then a new ``open``), or with the same prefix up to the open
    attestations and one cast ballot left out (then a new ``close`` and ``tally``).
    """
    real = trustee_cli.Api.record

    def forked(api: trustee_cli.Api) -> dict[str, bytes]:
        files = real(api)
        events = [parse_event_line(line) for line in files["board.jsonl"].splitlines()]
        machine = Election()
        dropped = False
        for e in events:
            p = e.payload
            if e.type == "setup":
                machine.setup(parse_manifest(p["manifest"]))
            elif e.type in SIGNED_TRUSTEE_EVENTS and e.type != "decryption_share":
                if reweigh is not None and e.type == "attestation":
                    continue  # the fork's open head is new: no trustee signed it
                if e.type == "attestation" and p["phase"] == "close":
                    continue
                machine.post_trustee(e.type, p)
            elif e.type == "joint_key":
                machine.post_joint_key()
            elif e.type == "voter_list":
                voters = list(p["voters"])
                if reweigh is not None:
                    _FIRST[:] = [voters[0]]
                    voters = [reweigh(v) for v in voters]
                machine.post_voter_list(parse_voter_list({"voters": voters}, machine.manifest))
            elif e.type == "open":
                machine.open()
            elif e.type == "ballot":
                if drop_ballot and not dropped:
                    dropped = True
                    continue
                machine.cast(p["ballot"])
            elif e.type == "close":
                machine.close()
                machine.post_tally()
                break
        return record_files(machine.board)

    monkeypatch.setattr(trustee_cli.Api, "record", forked)


def test_trustee_cli_ceremony_and_decryption(
    server: tuple[str, Services, Recorder, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, s, recorder, db = server
    s.auth.create_admin(*ADMIN)
    admin = httpx.Client(base_url=f"{url}/api", timeout=60)
    res = admin.post("/session", json={"username": ADMIN[0], "password": ADMIN[1]})
    csrf = {"x-csrf-token": res.json()["csrf_token"]}
    keys = {i: tmp_path / f"trustee{i}.key" for i in (1, 2, 3)}
    manifest_in = manifest_json()
    for i, key_file in keys.items():
        out = _run("init", "--key", str(key_file))
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and "fingerprint" in out
        public = json.loads(key_file.read_text())["public_key"]
        manifest_in["trustees"][i - 1]["public_key"] = public  # type: ignore[index]
    assert CliRunner().invoke(cli, ["trustee", "init", "--key", str(keys[1])]).exit_code == 1
    res = admin.post("/elections", json={"manifest": manifest_in}, headers=csrf)
    assert res.status_code == 201, res.text
    tokens = {
        t["trustee"]: t["token"]
        for t in admin.post(f"{P}/trustee-tokens", headers=csrf).json()["tokens"]
    }
    assert sorted(tokens) == [1, 2, 3]
    anonymous = httpx.post(f"{url}/api/elections/{E}/trustee-tokens")
    assert anonymous.status_code == 401

    states = {i: tmp_path / f"trustee{i}" / "state.json" for i in (1, 2, 3)}
    outboxes = {i: tmp_path / f"trustee{i}" / "out" for i in (1, 2, 3)}
    for i, path in states.items():
        path.parent.mkdir()
        base = ["--server", url, "--election", E, "--state", str(path), "--key", str(keys[i])]
        _run("join", *base, "--index", str(i), "--token", tokens[i])
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        again = CliRunner().invoke(cli, ["trustee", "join", *base, "--index", str(i)])
        assert again.exit_code != 0  # never overwrites a state file
    wrong = ["--server", url, "--election", E, "--state", str(tmp_path / "w.json")]
    mismatch = CliRunner().invoke(
        cli, ["trustee", "join", *wrong, "--key", str(keys[2]), "--index", "1", "--token", "x"]
    )
    assert mismatch.exit_code == 1 and "the manifest lists key" in mismatch.output
    for i in (1, 2, 3):  # share files only for trustees whose commitment is on the board
        out = _run("publish", "--state", str(states[i]), "--out", str(outboxes[i]))
        assert ("not committed yet" in out) == (i < 3)
    for i in (1, 2):  # again, now that every commitment is on the board
        _run("publish", "--state", str(states[i]), "--out", str(outboxes[i]))
    for i, j in ((1, 2), (2, 3), (3, 1)):
        sealed = (outboxes[i] / f"share-{i}-for-{j}.json").read_text()
        assert _state(states[i])["dealt"][str(j)] not in sealed

    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"format": "suffrage-trustee/1", "index": 1}')
    res_damaged = CliRunner().invoke(cli, ["trustee", "check", "--state", str(damaged)])
    assert res_damaged.exit_code == 1 and "damaged" in res_damaged.output

    # a second dealing of trustee 1 cannot replace the one on the board
    stale = tmp_path / "stale.json"
    base = ["--server", url, "--election", E, "--state", str(stale), "--key", str(keys[1])]
    _run("join", *base, "--index", "1", "--token", tokens[1])
    out = str(tmp_path / "stale")
    again = CliRunner().invoke(cli, ["trustee", "publish", "--state", str(stale), "--out", out])
    assert again.exit_code == 1 and "stale" in again.output

    # a token speaks only for its own trustee
    forged = _state(states[2])["commitment"]
    res = httpx.post(
        f"{url}/api/elections/{E}/trustee-events",
        json={"type": "trustee_commitment", "payload": forged},
        headers={"authorization": f"Bearer {tokens[1]}"},
    )
    assert res.status_code == 403, res.text

    # the sealed shares travel as files; trustee 3's share for trustee 1 is damaged
    tampered = outboxes[3] / "share-3-for-1.json"
    share = json.loads(tampered.read_text())
    share["sealed"] = (
        share["sealed"][:64]
        + format(int(share["sealed"][64], 16) ^ 1, "x")
        + (share["sealed"][65:])
    )
    tampered.write_text(json.dumps(share))
    for j in (1, 2, 3):
        files = [str(outboxes[i] / f"share-{i}-for-{j}.json") for i in (1, 2, 3) if i != j]
        out = _run("receive", "--state", str(states[j]), *files)
        assert ("does not open" in out) == (j == 1)
    assert "complained: the share of dealer 3" in _run("check", "--state", str(states[1]))
    _run("check", "--state", str(states[2]))
    # attack: a complaint in trustee 2's name that she did not sign, slipped into what the
    # server shows trustee 3; her tool does not answer it (the share stays secret)
    real_board = trustee_cli.Api.board

    def with_forged(api: trustee_cli.Api) -> dict[str, list[Any]]:
        board = real_board(api)
        forged = {"trustee": 2, "dealer": 3, "signature": "11" * 64}
        board.setdefault("trustee_complaint", []).append(forged)
        return board

    monkeypatch.setattr(trustee_cli.Api, "board", with_forged)
    out = _run("check", "--state", str(states[3]))
    assert "ignored a complaint in trustee 2's name" in out
    assert "answered trustee 2" not in out
    assert "answered trustee 1's complaint" in out
    monkeypatch.undo()
    _run("check", "--state", str(states[1]))

    joint = admin.post(f"{P}/joint-key", headers=csrf).json()
    key = joint["public_key"]
    board = admin.get(f"{P}/board").json()["events"]
    types = [e["type"] for e in board]
    assert types.count("trustee_complaint") == 1 and types.count("trustee_answer") == 1
    assert json.loads(board[-1]["line"])["payload"]["qualified"] == [1, 2, 3]

    headers = {**csrf, "content-type": "text/csv"}
    assert admin.put(f"{P}/roll", content=CSV, headers=headers).status_code == 200
    assert admin.post(f"{P}/invitations", headers=csrf).json() == {"queued": 5}
    assert admin.post(f"{P}/open", headers=csrf).json()["phase"] == "open"
    for i in (1, 3):
        assert "signed the open head" in _run("attest", "--state", str(states[i]))
    codes = {to: code_from_mail(body) for to, _, body in s.mailer.sent}
    manifest = admin.get(f"{P}").json()["manifest"]
    rng = deterministic_rng(b"trustee-cli-voters")
    for voter, choice in (("ada", [1, 0, 0]), ("bo", [0, 1, 1]), ("cy", [0, 0, 1])):
        b = ballot(manifest, key, codes[f"{voter}@example.org"], choice, rng)
        assert admin.post(f"{P}/ballots", json=b.ballot).status_code == 201
    assert admin.post(f"{P}/close", headers=csrf).json()["phase"] == "tallied"

    # a trustee decrypts only a record that verifies: here a ballot is cut out of it
    real = trustee_cli.Api.record

    def cut(api: trustee_cli.Api) -> dict[str, bytes]:
        files = real(api)
        lines = files["board.jsonl"].splitlines(keepends=True)
        cast = [k for k, line in enumerate(lines) if b'"type":"ballot"' in line]
        files["board.jsonl"] = b"".join(lines[: cast[0]] + lines[cast[0] + 1 :])
        return files

    monkeypatch.setattr(trustee_cli.Api, "record", cut)
    refused = CliRunner().invoke(cli, ["trustee", "decrypt", "--state", str(states[1])])
    assert refused.exit_code == 1 and "does not verify" in refused.output, refused.output
    monkeypatch.undo()

    # attack: the server shows trustee 1 a fork whose voter list weighs one voter 1000
    _show_fork(monkeypatch, lambda v: {**v, "weight": 1000} if v is _first(v) else v)
    refused = CliRunner().invoke(cli, ["trustee", "decrypt", "--state", str(states[1])])
    assert refused.exit_code == 1 and "not the board she attested" in refused.output
    monkeypatch.undo()
    refused = CliRunner().invoke(cli, ["trustee", "decrypt", "--state", str(states[2])])
    assert refused.exit_code == 1 and "never signed the open head" in refused.output

    # trustees 1 and 3 decrypt, trustee 2 is absent
    for i in (1, 3):
        assert "posted trustee" in _run("decrypt", "--state", str(states[i]))
    # attack: after decrypting, trustee 1 is shown a second tally (the same open head, one
    # ballot left out); her tool remembers the close head and tally it signed and refuses
    _show_fork(monkeypatch, None, drop_ballot=True)
    refused = CliRunner().invoke(cli, ["trustee", "decrypt", "--state", str(states[1])])
    assert refused.exit_code == 1 and "not the board she attested" in refused.output
    monkeypatch.undo()
    assert "already on the board" in _run("decrypt", "--state", str(states[1]))
    counts = admin.post(f"{P}/publish", headers=csrf).json()
    assert counts == {"counts": {"council": [1, 1, 2]}}
    archive = admin.get(f"{P}/record.tar.gz")
    report = verify_record(MemorySource(read_archive(archive.content)))
    assert report.valid, [f.check for f in report.failed]

    # no secret scalar reached the server
    secrets: list[str] = []
    for i, path in states.items():
        st = _state(path)
        secrets += [v for j, v in st["dealt"].items() if (i, int(j)) != (3, 1)]
        if st["secret_share"] is not None:
            secrets.append(st["secret_share"])
    revealed = _state(states[3])["dealt"]["1"]
    assert len(secrets) == 8 + 2
    assert any(revealed.encode() in body for body in recorder.bodies)  # the answer is public
    stored = b"".join(p.read_bytes() for p in db.parent.glob("server.sqlite*"))
    for secret in secrets:
        raw = Scalar.from_hex(secret).to_bytes()
        for body in recorder.bodies:
            assert secret.encode() not in body and raw not in body
        assert secret.encode() not in stored and raw not in stored
    assert revealed.encode() in stored
