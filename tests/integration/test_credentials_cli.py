"""``suffrage credentials``: the registrar's key, codes, letters, signed list, reissue, mail."""

from __future__ import annotations

import csv
import email
import email.policy
import io
import json
import re
import socket
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from election_actors import manifest_json
from suffrage.adapters.cli import app
from suffrage.crypto.group import Element
from suffrage.protocol.credentials import credential_from_code
from suffrage.protocol.encoding import canonical, parse_canonical
from suffrage.protocol.identity import fingerprint
from suffrage.protocol.manifest import Manifest, parse_manifest
from suffrage.protocol.registrar import read_credentials_document, verify_revocation

ROLL = """voter_id,name,email,weight
v1,Ada Lovelace,ada@example.org,1
v2,Bo <b>Diddley</b>,bo@example.org,3
v3,Cy Young,cy@example.org,1
"""
BOOTH = "https://vote.example.org"

runner = CliRunner()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run(*args: str) -> Any:
    return runner.invoke(app, ["credentials", *args])


@pytest.fixture
def registrar(tmp_path: Path) -> tuple[Path, Path, Manifest]:
    """A registrar key made by ``init`` and a manifest that names it."""
    key = tmp_path / "registrar.key"
    res = _run("init", "--key", str(key))
    assert res.exit_code == 0, res.output
    public = Element.from_hex(json.loads(key.read_text())["public_key"])
    assert f"public key  {public.hex()}" in res.output
    assert f"fingerprint {fingerprint(public)}" in res.output
    assert _mode(key) == 0o600
    data = manifest_json()
    data["credentials"] = {"authority": "registrar", "public_key": public.hex()}
    manifest_path = tmp_path / "manifest.json"
    manifest_path.write_bytes(canonical(data) + b"\n")
    (tmp_path / "roll.csv").write_text(ROLL)
    return key, manifest_path, parse_manifest(data)


def _codes(directory: Path) -> dict[str, str]:
    rows = list(csv.DictReader(io.StringIO((directory / "codes.csv").read_text())))
    return {r["voter_id"]: r["code"] for r in rows}


def _generate(tmp: Path, key: Path, manifest: Path, *extra: str) -> Any:
    roll = str(tmp / "roll.csv")
    return _run("generate", roll, "--manifest", str(manifest), "--key", str(key), *extra)


def test_init_refuses_to_overwrite_a_key(registrar: tuple[Path, Path, Manifest]) -> None:
    key = registrar[0]
    before = key.read_bytes()
    res = _run("init", "--key", str(key))
    assert res.exit_code == 1 and "not overwritten" in res.output
    assert key.read_bytes() == before


def test_generate_writes_codes_letters_and_the_signed_list(
    tmp_path: Path, registrar: tuple[Path, Path, Manifest]
) -> None:
    key, manifest_path, manifest = registrar
    out = tmp_path / "out"
    res = _generate(tmp_path, key, manifest_path, "--out", str(out), "--booth-url", BOOTH)
    assert res.exit_code == 0, res.output
    assert _mode(out / "codes.csv") == 0o600 and _mode(out / "letters.html") == 0o600
    codes = _codes(out)
    assert sorted(codes) == ["v1", "v2", "v3"] and len(set(codes.values())) == 3
    document = parse_canonical((out / "public-credentials.json").read_bytes().rstrip(b"\n"))
    upload = read_credentials_document(document, manifest)
    assert upload.ok and upload.voters is not None
    weights = {"v1": 1, "v2": 3, "v3": 1}
    for voter, code in codes.items():
        listed = upload.voters.voter(credential_from_code(code).public.hex())
        assert (listed.style, listed.weight) == ("members", weights[voter])
    assert len(upload.voters.voters) == 3
    # no code in the public file
    public_text = (out / "public-credentials.json").read_text()
    assert not any(code in public_text for code in codes.values())
    letters = (out / "letters.html").read_text()
    assert letters.count('<section class="letter">') == 3
    assert "Bo &lt;b&gt;Diddley&lt;/b&gt;" in letters and "<b>Diddley" not in letters
    for code in codes.values():
        assert f"{BOOTH}/booth/council-2026#{code}" in letters
    assert manifest.title in letters
    # a second run into the same directory would overwrite the codes: refused
    again = _generate(tmp_path, key, manifest_path, "--out", str(out))
    assert again.exit_code == 1 and "already holds" in again.output
    assert _codes(out) == codes


def test_bad_roll_rows_are_reported_and_nothing_is_written(
    tmp_path: Path, registrar: tuple[Path, Path, Manifest]
) -> None:
    key, manifest_path, _ = registrar
    bad = "v4,,not-an-email,1\nv1,Dup,dup@example.org,1\nv5,Ed,ed@example.org,x\n"
    (tmp_path / "roll.csv").write_text(ROLL + bad)
    out = tmp_path / "out"
    res = _generate(tmp_path, key, manifest_path, "--out", str(out))
    assert res.exit_code == 1
    text = re.sub(r"\s+", " ", res.output)
    for expected in ("5 │ name", "5 │ email", "6 │ voter_id", "7 │ weight", "nothing written"):
        assert expected in text, res.output
    assert not out.exists()


def test_a_key_the_manifest_does_not_name_is_refused(
    tmp_path: Path, registrar: tuple[Path, Path, Manifest]
) -> None:
    _, manifest_path, _ = registrar
    other = tmp_path / "other.key"
    assert _run("init", "--key", str(other)).exit_code == 0
    out = tmp_path / "out"
    res = _generate(tmp_path, other, manifest_path, "--out", str(out))
    assert res.exit_code == 1 and "not the manifest's registrar key" in res.output
    server = manifest_json()
    server["credentials"] = {"authority": "server"}
    manifest_path.write_bytes(canonical(server))
    res = _generate(tmp_path, other, manifest_path, "--out", str(out))
    assert res.exit_code == 1 and "generated by the server" in res.output
    assert not out.exists()


def test_reissue_revokes_and_re_signs(
    tmp_path: Path, registrar: tuple[Path, Path, Manifest]
) -> None:
    key, manifest_path, manifest = registrar
    out = tmp_path / "out"
    assert _generate(tmp_path, key, manifest_path, "--out", str(out)).exit_code == 0
    before = _codes(out)
    common = ["--manifest", str(manifest_path), "--key", str(key)]
    res = _run("reissue", str(out), "v2", *common, "--booth-url", BOOTH)
    assert res.exit_code == 0, res.output
    after = _codes(out)
    assert after["v1"] == before["v1"] and after["v3"] == before["v3"]
    assert after["v2"] != before["v2"]
    assert _mode(out / "codes.csv") == 0o600
    old = credential_from_code(before["v2"]).public
    new = credential_from_code(after["v2"]).public
    document = parse_canonical((out / "public-credentials.json").read_bytes().rstrip(b"\n"))
    upload = read_credentials_document(document, manifest)
    assert upload.voters is not None
    assert old.hex() not in upload.voters.by_credential
    assert upload.voters.voter(new.hex()).weight == 3
    note = json.loads((out / "revocation-1.json").read_text())
    assert (note["number"], note["revoked"], note["credential"]) == (1, old.hex(), new.hex())
    public = Element.from_hex(json.loads(key.read_text())["public_key"])
    verify_revocation(note, public, manifest)
    letter = (out / "letter-reissue-1.html").read_text()
    assert f"#{after['v2']}" in letter and before["v2"] not in letter
    assert _mode(out / "letter-reissue-1.html") == 0o600
    assert _run("reissue", str(out), "v2", *common).exit_code == 0
    assert (out / "revocation-2.json").exists()
    missing = _run("reissue", str(out), "v9", *common)
    assert missing.exit_code == 1 and "no voter 'v9'" in missing.output


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8")))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[tuple[_Inbox, int]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    box = _Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


def _body(raw: str) -> str:
    message = email.message_from_string(raw, policy=email.policy.default)
    part = message.get_body()  # type: ignore[attr-defined]
    return str(part.get_content())


def test_send_mails_each_voter_her_own_code(
    tmp_path: Path, registrar: tuple[Path, Path, Manifest], inbox: tuple[_Inbox, int]
) -> None:
    key, manifest_path, _ = registrar
    box, port = inbox
    out = tmp_path / "out"
    smtp = ["--smtp-host", "127.0.0.1", "--smtp-port", str(port)]
    no_link = _generate(tmp_path, key, manifest_path, "--out", str(out), "--send", *smtp)
    assert no_link.exit_code == 1 and "--send needs --booth-url" in no_link.output
    assert not out.exists()
    res = _generate(
        tmp_path, key, manifest_path, "--out", str(out), "--booth-url", BOOTH, "--send", *smtp
    )
    assert res.exit_code == 0, res.output
    assert "mailed 3 of 3" in res.output
    codes = _codes(out)
    emails = {"ada@example.org": "v1", "bo@example.org": "v2", "cy@example.org": "v3"}
    assert len(box.messages) == 3
    for rcpt, raw in box.messages:
        body = _body(raw)
        voter = emails[rcpt[0]]
        assert f"{BOOTH}/booth/council-2026#{codes[voter]}" in body
        others = [c for v, c in codes.items() if v != voter]
        assert not any(c in body for c in others)


def test_unreachable_smtp_is_reported(
    tmp_path: Path, registrar: tuple[Path, Path, Manifest]
) -> None:
    key, manifest_path, _ = registrar
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])  # nothing listens there once closed
    out = tmp_path / "out"
    args = ["--out", str(out), "--booth-url", BOOTH, "--send", "--smtp-port", str(port)]
    res = _generate(tmp_path, key, manifest_path, *args)
    assert res.exit_code == 1
    assert "3 not sent" in res.output and "codes.csv holds every code" in res.output
    assert len(_codes(out)) == 3  # the files are written before mailing


def test_verify_names_the_registrar_of_a_demo_record(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    res = runner.invoke(app, ["demo", "--voters", "4", "--out", str(out), "--seed", "r"])
    assert res.exit_code == 0, res.output
    manifest = json.loads((out / "manifest.json").read_text())
    key = Element.from_hex(manifest["credentials"]["public_key"])
    res = runner.invoke(app, ["verify", str(out)], terminal_width=200)
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    assert f"signed by the registrar key {fingerprint(key)}" in text
    assert "voters.registrar" in text


def test_generate_refuses_a_weight_for_a_voter_of_a_ranked_contest(
    tmp_path: Path, registrar: tuple[Path, Path, Manifest]
) -> None:
    """Rankings are published one by one (protocol.md 7.16.1): no weight beside them."""
    key, manifest_path, _ = registrar
    data = json.loads(manifest_path.read_text())
    contest = data["contests"][0]
    m = len(contest["options"])
    contest.update(kind="rank", min=1, max=m * (m + 1) // 2, value_max=m)
    contest.pop("outcome", None)
    manifest_path.write_bytes(canonical(data) + b"\n")
    out = tmp_path / "out"
    res = _generate(tmp_path, key, manifest_path, "--out", str(out))
    assert res.exit_code == 1
    assert "weight" in res.output and "has a ranked contest" in res.output
    assert not out.exists() or not any(out.iterdir())
