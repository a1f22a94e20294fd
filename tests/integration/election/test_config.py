"""Configuration that fails loudly: serve without a secret key, and ``suffrage doctor``."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from suffrage import bootstrap
from suffrage.adapters.cli import app
from suffrage.config import Settings


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Quiet:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"


@pytest.fixture
def relay() -> Iterator[int]:
    port = _port()
    controller = Controller(_Quiet(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def test_serve_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    env = {"SUFFRAGE_DATABASE_URL": f"sqlite:///{db}", "SUFFRAGE_SECRET_KEY": ""}
    res = CliRunner().invoke(app, ["serve", "--port", "1"], env=env)
    assert res.exit_code == 2, res.output
    assert "SUFFRAGE_SECRET_KEY is not set" in res.output and "--dev" in res.output
    assert not db.exists()  # refused before touching the database
    with pytest.raises(bootstrap.ConfigurationError):
        bootstrap.secret_key(Settings(secret_key=""))  # type: ignore[arg-type]
    assert len(bootstrap.secret_key(Settings(secret_key=""), dev=True)) >= 32  # type: ignore[arg-type]


def test_doctor_passes_a_sound_installation(tmp_path: Path, relay: int) -> None:
    url = f"sqlite:///{tmp_path}/d.sqlite"
    bootstrap.db_upgrade(Settings(database_url=url))
    env = {
        "SUFFRAGE_DATABASE_URL": url,
        "SUFFRAGE_SECRET_KEY": "k" * 40,
        "SUFFRAGE_SMTP_HOST": "127.0.0.1",
        "SUFFRAGE_SMTP_PORT": str(relay),
    }
    res = CliRunner().invoke(app, ["doctor"], env=env)
    assert res.exit_code == 0, res.output
    for topic in ("secret key", "database", "clock", "smtp", "mail queue"):
        assert f"[  ok] {topic}" in res.output, res.output


def test_doctor_says_what_is_wrong(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    db.touch()
    os.chmod(db, 0o644)
    env = {
        "SUFFRAGE_DATABASE_URL": f"sqlite:///{db}",
        "SUFFRAGE_SECRET_KEY": "",
        "SUFFRAGE_SMTP_HOST": "127.0.0.1",
        "SUFFRAGE_SMTP_PORT": str(_port()),  # nothing listens there
        "SUFFRAGE_BASE_URL": "http://vote.example.org",
    }
    res = CliRunner().invoke(app, ["doctor"], env=env)
    assert res.exit_code == 1
    out = res.output
    assert "[fail] secret key: SUFFRAGE_SECRET_KEY is not set" in out
    assert "[warn] base url: http:// on a public host" in out
    assert "[warn] database:" in out and "chmod 600" in out
    assert "[fail] database: schema None, code 0007: db upgrade" in out
    assert "[fail] smtp: 127.0.0.1:" in out and "ConnectionRefusedError" in out
