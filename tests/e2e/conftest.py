"""Fixtures of the browser tests: Debian's chromium through Playwright, a live server, SMTP.

Outside CI a missing chromium skips these tests; in CI (``CI=true``) it fails them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from browser_harness import CHROMIUM, CHROMIUM_ARGS, Inbox, LiveServer, free_port, in_ci

from suffrage import bootstrap
from suffrage.config import Settings


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def live(tmp_path: Path, smtp: tuple[Inbox, int]) -> Iterator[LiveServer]:
    port = free_port()
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/e2e.sqlite",
        smtp_host="127.0.0.1",
        smtp_port=smtp[1],
        smtp_sender="elections@example.org",
        base_url=f"http://127.0.0.1:{port}",
        secret_key="e2e-secret-key",  # type: ignore[arg-type]
    )
    bootstrap.db_upgrade(settings)
    server = LiveServer(bootstrap.build(settings), port)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        server.container.engine.dispose()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if in_ci():
            pytest.fail(f"{CHROMIUM} is required in CI (make test installs it as root)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
