"""A server killed during an invitation run: after a restart every voter has her invitation.

``suffrage serve`` runs in its own process and mails through a local SMTP relay (aiosmtpd
on 127.0.0.1, in this process) at a limited rate; it is killed (SIGKILL, no shutdown)
after a quarter of the mails. The restarted server resumes the queue. Every voter then
has exactly one invitation (one ``Message-ID``; a copy sent again after the crash is the
same message), and its code is the credential on the roll. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from test_serve_crash import _bench

from election_actors import code_from_mail, manifest_json
from suffrage import bootstrap
from suffrage.config import Settings
from suffrage.protocol.credentials import credential_from_code

VOTERS = 60
E = "council-2026"
ADMIN = ("clerk", "a long enough password")


class Sink:
    """Keeps (recipient, Message-ID, code) of every message received."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str, str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content)
        body = message.get_payload(decode=True)
        assert isinstance(body, bytes)
        code = code_from_mail(body.decode("utf-8"))
        for to in envelope.rcpt_tos:
            self.received.append((to, str(message["Message-ID"]), code))
        return "250 OK"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    bench = _bench()
    if request.param == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/invite.sqlite"
        return
    pg = bench._postgres_url()
    if pg is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("PostgreSQL is required in CI")
        pytest.skip("PostgreSQL unreachable")
    try:
        yield pg[0]
    finally:
        bench._drop(pg[1])


def _prepare(settings: Settings) -> None:
    bootstrap.db_upgrade(settings)
    bootstrap.create_admin(*ADMIN, settings=settings)
    c = bootstrap.build(settings)
    try:
        c.elections.create(manifest_json())
        roll = "voter_id,name,email\n" + "".join(
            f"v{i},Voter {i},v{i}@example.org\n" for i in range(VOTERS)
        )
        c.elections.import_roll(E, roll)
    finally:
        c.close()


def _serve(url: str, port: int, smtp_port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SUFFRAGE_DATABASE_URL": url,
        "SUFFRAGE_SECRET_KEY": "invite-crash",
        "SUFFRAGE_SMTP_HOST": "127.0.0.1",
        "SUFFRAGE_SMTP_PORT": str(smtp_port),
        "SUFFRAGE_MAIL_RATE": "30",
        "SUFFRAGE_CHECK_WORKERS": "0",
    }
    cli = str(Path(sys.executable).with_name("suffrage"))
    proc = subprocess.Popen(
        [cli, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def _client(port: int) -> tuple[httpx.Client, dict[str, str]]:
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    res = client.post("/api/session", json={"username": ADMIN[0], "password": ADMIN[1]})
    assert res.status_code == 200, res.text
    return client, {"x-csrf-token": res.json()["csrf_token"]}


@pytest.mark.slow
def test_every_voter_has_one_invitation_after_a_crash(database: str) -> None:
    bench = _bench()
    settings = Settings(database_url=database)
    _prepare(settings)
    sink = Sink()
    smtp_port = bench._free_port()
    relay = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    relay.start()
    try:
        port = bench._free_port()
        server = _serve(database, port, smtp_port)
        try:
            client, csrf = _client(port)
            res = client.post(f"/api/elections/{E}/invitations", headers=csrf)
            assert res.status_code == 202 and res.json() == {"queued": VOTERS}, res.text
            deadline = time.monotonic() + 60
            while len(sink.received) < VOTERS // 4 and time.monotonic() < deadline:
                time.sleep(0.01)
            os.kill(server.pid, signal.SIGKILL)
        finally:
            server.kill()
            server.wait(timeout=30)
        at_crash = len(sink.received)
        assert VOTERS // 4 <= at_crash < VOTERS
        server = _serve(database, bench._free_port(), smtp_port)
        try:
            progress = _wait_done(server)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    finally:
        relay.stop()
    assert progress["counts"]["sent"] == VOTERS and progress["done"]
    _check_one_invitation_each(sink, settings)


def _wait_done(server: subprocess.Popen[bytes]) -> dict[str, Any]:
    port = int(server.args[-1])  # type: ignore[index]
    client, _ = _client(port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        progress: dict[str, Any] = client.get(f"/api/elections/{E}/invitations").json()
        if progress["done"]:
            return progress
        time.sleep(0.1)
    raise AssertionError(f"the restarted server did not finish: {progress['counts']}")


def _check_one_invitation_each(sink: Sink, settings: Settings) -> None:
    ids: dict[str, set[str]] = defaultdict(set)
    codes: dict[str, set[str]] = defaultdict(set)
    for to, message_id, code in sink.received:
        ids[to].add(message_id)
        codes[to].add(code)
    assert len(ids) == VOTERS
    assert all(len(v) == 1 for v in ids.values()), "a voter got two different invitations"
    assert all(len(v) == 1 for v in codes.values())
    c = bootstrap.build(settings)
    try:
        roll = {e.email: e.credential for e in c.elections.roll(E)}
    finally:
        c.close()
    for to, (code,) in codes.items():
        assert credential_from_code(code).public.hex() == roll[to]
