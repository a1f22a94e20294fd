"""The composition root wires settings into the service: database, base URL, mail locale."""

from __future__ import annotations

from pathlib import Path

from election_actors import CSV, manifest_json
from suffrage import bootstrap
from suffrage.config import Settings
from suffrage.service.model import Mail


class Outbox:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send(self, mail: Mail) -> None:
        self.sent.append((mail.to, mail.subject, mail.body))


def test_invitations_in_the_configured_locale(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/b.sqlite",
        base_url="https://vote.example.org/",
        default_locale="ru",
    )
    assert bootstrap.db_upgrade(settings) == "0007"
    outbox = Outbox()
    container = bootstrap.build(settings, mailer=outbox)
    try:
        container.elections.create(manifest_json())
        container.elections.import_roll("council-2026", CSV)
        container.elections.invite("council-2026")
        container.delivery.drain()
    finally:
        container.close()
    to, subject, body = outbox.sent[0]
    assert to == "ada@example.org"
    assert subject == "Ваш бюллетень: Works council 2026"
    assert "Здравствуйте, Ada Lovelace!" in body
    assert "https://vote.example.org/booth/council-2026#" in body


def test_checking_processes_are_started_and_loaded_by_build(tmp_path: Path) -> None:
    """``serve``'s ballot checkers are up before the first ballot, not spawned by it."""
    import multiprocessing

    before = set(multiprocessing.active_children())
    settings = Settings(database_url=f"sqlite:///{tmp_path}/c.sqlite", check_workers=2)
    container = bootstrap.build(settings, mailer=Outbox(), checkers=True)
    try:
        started = set(multiprocessing.active_children()) - before
        assert len(started) == 2 and all(p.is_alive() for p in started)
    finally:
        container.close()
