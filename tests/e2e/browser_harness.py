"""Helpers of the browser tests: chromium options, a live uvicorn server, an SMTP inbox."""

from __future__ import annotations

import os
import socket
import threading
import time
from typing import Any

import uvicorn

from suffrage import bootstrap

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8")))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 30.0) -> None:
        """Wait until ``count`` messages have arrived (the server sends in the background)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.messages)} of {count} messages arrived")
            time.sleep(0.05)


class LiveServer:
    def __init__(self, container: bootstrap.Container, port: int) -> None:
        self.container = container
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(
            bootstrap.web_app(container), host="127.0.0.1", port=port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.container.delivery.start()
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.container.delivery.stop()


def invite_codes(container: Any, inbox: Inbox, eid: str) -> list[str]:
    """Queue the invitations, send them now, and read each voter's code in roll order."""
    import email
    import email.policy

    from election_actors import code_from_mail

    before = len(inbox.messages)
    queued = container.elections.invite(eid)
    container.delivery.drain()
    inbox.wait_for(before + queued)
    codes = {}
    for rcpt, content in inbox.messages[before:]:
        body = email.message_from_string(content, policy=email.policy.default).get_content()
        codes[rcpt[0]] = code_from_mail(body)
    return [codes[e.email] for e in container.elections.roll(eid)]
