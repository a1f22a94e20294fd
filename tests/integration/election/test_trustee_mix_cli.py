"""``suffrage trustee mix`` and the decryption of mixes against a live server.

Three trustees (2 of 3) run the CLI against uvicorn with SQLite for a secret STV election:
key ceremony, attestations, then after close trustees 1 and 2 mix (from the record each
downloads and verifies), trustee 1 decrypts (tally and last mix), trustee 3 decrypts, the
administrator publishes, and the record verifies with pref_voting's Scottish STV electing
the published members. Attacks: mixing before close; a record whose mix was altered; a
fork on which a third mix follows the one trustee 1 decrypted (the server held back her
shares and had trustee 3 mix its copy), which her tool refuses to decrypt again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from service_harness import Services, deterministic_rng
from test_ranked_service import RANKS, ROLL
from test_trustee_cli import ADMIN, Recorder, _run, server  # noqa: F401
from typer.testing import CliRunner

from election_actors import code_from_mail, ranked_ballot, ranked_manifest_json
from suffrage.adapters.cli import app as cli
from suffrage.adapters.cli import trustee as trustee_cli
from suffrage.protocol.board import parse_board
from suffrage.protocol.record import read_archive, record_files
from suffrage.verify import CheckStatus, MemorySource, verify_record

E = "ranked-2026"
P = f"/elections/{E}"


def _fails(*args: str) -> str:
    result = CliRunner().invoke(cli, ["trustee", *args])
    assert result.exit_code == 1, result.output
    return result.output


def _ceremony(url: str, tmp_path: Path) -> tuple[httpx.Client, dict[str, str], dict[int, Path]]:
    """Keys, the election, the key ceremony and the opening; the states of trustees 1-3."""
    admin = httpx.Client(base_url=f"{url}/api", timeout=60)
    res = admin.post("/session", json={"username": ADMIN[0], "password": ADMIN[1]})
    csrf = {"x-csrf-token": res.json()["csrf_token"]}
    manifest = ranked_manifest_json(E)
    keys = {i: tmp_path / f"trustee{i}.key" for i in (1, 2, 3)}
    for i, key_file in keys.items():
        _run("init", "--key", str(key_file))
        public = json.loads(key_file.read_text())["public_key"]
        manifest["trustees"][i - 1]["public_key"] = public  # type: ignore[index]
    assert admin.post("/elections", json={"manifest": manifest}, headers=csrf).is_success
    tokens = {
        t["trustee"]: t["token"]
        for t in admin.post(f"{P}/trustee-tokens", headers=csrf).json()["tokens"]
    }
    states = {i: tmp_path / f"state{i}.json" for i in (1, 2, 3)}
    out = {i: tmp_path / f"out{i}" for i in (1, 2, 3)}
    for i in (1, 2, 3):
        base = ["--server", url, "--election", E, "--state", str(states[i])]
        _run("join", *base, "--key", str(keys[i]), "--index", str(i), "--token", tokens[i])
    for _ in range(2):  # the second round seals the shares for every committed trustee
        for i in (1, 2, 3):
            _run("publish", "--state", str(states[i]), "--out", str(out[i]))
    for j in (1, 2, 3):
        files = [str(out[i] / f"share-{i}-for-{j}.json") for i in (1, 2, 3) if i != j]
        _run("receive", "--state", str(states[j]), *files)
        _run("check", "--state", str(states[j]))
    assert admin.post(f"{P}/joint-key", headers=csrf).is_success
    headers = {**csrf, "content-type": "text/csv"}
    assert admin.put(f"{P}/roll", content=ROLL, headers=headers).is_success
    assert admin.post(f"{P}/invitations", headers=csrf).is_success
    assert admin.post(f"{P}/open", headers=csrf).json()["phase"] == "open"
    for i in (1, 2, 3):
        _run("attest", "--state", str(states[i]))
    return admin, csrf, states


def _cast(s: Services, admin: httpx.Client) -> None:
    election = admin.get(P).json()
    codes = {to.split("@")[0]: code_from_mail(body) for to, _, body in s.mailer.sent}
    rng = deterministic_rng(b"mix cli voters")
    for voter, ranks in RANKS.items():
        b = ranked_ballot(
            election["manifest"], election["public_key"], codes[voter], ranks, [0, 1], rng
        )
        assert admin.post(f"{P}/ballots", json=b.ballot).status_code == 201


def _lines(files: dict[str, bytes]) -> list[bytes]:
    return files["board.jsonl"].splitlines(keepends=True)


def test_trustees_mix_and_decrypt_a_ranked_contest_with_the_cli(
    server: tuple[str, Services, Recorder, Path],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_scottish

    url, s, _, _ = server
    s.auth.create_admin(*ADMIN)
    admin, csrf, states = _ceremony(url, tmp_path)
    _cast(s, admin)
    st = {i: str(path) for i, path in states.items()}
    assert "no tally yet" in _fails("mix", "--state", st[1])
    assert admin.post(f"{P}/close", headers=csrf).json()["phase"] == "tallied"

    out = _run("mix", "--state", st[1])
    assert "posted trustee 1's mix (round 0; 1 of the 2 mixes needed)" in out
    assert "already on the board" in _run("mix", "--state", st[1])
    out = _run("decrypt", "--state", st[1])  # the tally now; the mix is not ready
    assert "posted trustee 1's decryption shares" in out
    assert "mixed by 1 of the 2 trustees needed" in out

    # a record whose mix was altered (one output ciphertext moved) does not verify
    real = trustee_cli.Api.record

    def altered(api: trustee_cli.Api) -> dict[str, bytes]:
        files = real(api)
        lines = _lines(files)
        k = next(k for k, line in enumerate(lines) if b'"type":"mix"' in line)
        event = json.loads(lines[k])
        rows = event["payload"]["outputs"]
        rows[0][0], rows[1][0] = rows[1][0], rows[0][0]
        lines[k] = json.dumps(event, separators=(",", ":"), sort_keys=True).encode() + b"\n"
        board = parse_board(b"".join(lines[:k]))  # re-chained, as a server would
        for line in lines[k:]:
            e = json.loads(line)
            board.append(e["type"], e["payload"])
        return record_files(board)

    monkeypatch.setattr(trustee_cli.Api, "record", altered)
    refused = _fails("mix", "--state", st[2])
    assert "does not verify" in refused and "mix.shuffle failed" in refused
    monkeypatch.undo()

    out = _run("mix", "--state", st[2])
    assert "posted trustee 2's mix (round 1; 2 of the 2 mixes needed)" in out
    out = _run("decrypt", "--state", st[1])
    assert "already on the board" in out and "posted trustee 1's shares of its last mix" in out
    state1 = json.loads(states[1].read_text())
    assert state1["signed_heads"]["mix:council"]

    # the server holds back trustee 1's shares and has trustee 3 mix its copy of the board
    honest = real(trustee_cli.Api(url, E, "-"))
    held_back = record_files(parse_board(b"".join(_lines(honest)[:-1])))
    captured: list[Any] = []
    monkeypatch.setattr(trustee_cli.Api, "record", lambda api: held_back)
    monkeypatch.setattr(trustee_cli.State, "post", lambda st_, path, body: captured.append(body))
    assert "posted trustee 3's mix (round 2" in _run("mix", "--state", st[3])
    monkeypatch.undo()
    fork = parse_board(held_back["board.jsonl"])
    fork.append("mix", captured[0])
    forked = record_files(fork)
    snapshot = verify_record(MemorySource(forked))  # a snapshot that verifies
    assert {c.status for c in snapshot.checks} <= {CheckStatus.PASSED, CheckStatus.NOT_REACHED}
    monkeypatch.setattr(trustee_cli.Api, "record", lambda api: forked)
    refused = _fails("decrypt", "--state", st[1])
    assert "not the board she decrypted" in refused
    monkeypatch.undo()

    out = _run("decrypt", "--state", st[3])
    assert "posted trustee 3's shares of its last mix" in out
    assert admin.post(f"{P}/publish", headers=csrf).is_success
    files = read_archive(admin.get(f"{P}/record.tar.gz").content)
    report = verify_record(MemorySource(files))
    assert report.valid, [f.check for f in report.failed]
    row = next(r for r in admin.get(f"{P}/results").json()["contests"] if r["contest"] == "council")
    ids = ["ada", "bo", "cy", "di"]
    ballots = [{ids.index(c): k + 1 for k, c in enumerate(r)} for r in row["rankings"]]
    theirs = stv_scottish(ProfileWithTies(ballots, candidates=list(range(4))), num_seats=2)
    assert {ids[c] for c in theirs} == set(row["outcome"]["elected"]) == {"ada", "bo"}
