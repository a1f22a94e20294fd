"""Invitations as a durable job: queued with the credential, sent by a worker that retries,
resumed after a stop, resent to one voter or to all unsent; on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from service_harness import OutboxMailer, Services, voter_codes
from sqlalchemy import Engine, select

from election_actors import CSV, manifest_json
from suffrage.adapters.db import SqlDeliveryStore, local_delivery_store
from suffrage.adapters.db.tables import deliveries
from suffrage.errors import Conflict, InvalidInput
from suffrage.service.delivery import DeliveryPolicy, DeliveryWorker, compose
from suffrage.service.model import DeliveryState, Mail
from suffrage.service.ports import MailError

E = "council-2026"


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at


class Refusing:
    """Raises ``error`` for mail to ``refuse`` until ``fixed``; keeps the rest."""

    def __init__(self, refuse: str, error: Exception) -> None:
        self.refuse, self.error, self.fixed = refuse, error, False
        self.sent: list[Mail] = []

    def send(self, mail: Mail) -> None:
        if mail.to == self.refuse and not self.fixed:
            raise self.error
        self.sent.append(mail)


def _queued(s: Services, engine: Engine, mailer: object, clock: Clock) -> DeliveryWorker:
    """An election with its roll and invitations queued; a worker over ``mailer``."""
    worker = DeliveryWorker(
        SqlDeliveryStore(engine), mailer, clock, DeliveryPolicy(rate=None, max_attempts=3)
    )  # type: ignore[arg-type]
    s.elections.wake = lambda: None  # nothing is sent until the test says so
    s.elections.create(manifest_json())
    s.elections.import_roll(E, CSV)
    assert s.elections.invite(E) == 5
    return worker


def _states(s: Services) -> dict[str, str]:
    return {d.recipient: d.state.value for d in s.elections.invitations.progress(E)[1]}


def test_a_title_with_a_line_break_is_refused_at_creation(services: Services) -> None:
    manifest = manifest_json()
    manifest["title"] = "Council\r\nBcc: everyone@example.org"
    with pytest.raises(InvalidInput, match="line breaks"):
        services.elections.create(manifest)
    assert services.elections.elections() == []


def test_queued_with_the_credential_and_sent_by_the_worker(
    services: Services, engine: Engine
) -> None:
    s, clock = services, Clock()
    mailer = OutboxMailer()
    worker = _queued(s, engine, mailer, clock)
    # every voter has a credential and a queued message before anything is sent
    assert s.elections.turnout(E).invited == 5 and mailer.sent == []
    progress, rows = s.elections.invitations.progress(E)
    assert progress.counts["queued"] == 5 and not progress.done
    assert all(d.mail is not None for d in rows)
    assert worker.drain() == 5
    progress, rows = s.elections.invitations.progress(E)
    assert progress.counts["sent"] == 5 and progress.done
    # once accepted, the message (and the code in it) is gone from the database
    with engine.connect() as conn:
        assert conn.execute(select(deliveries.c.body)).scalars().all() == [None] * 5
    ids = {m.message_id for m in mailer.mails}
    assert len(ids) == 5 and all(i.startswith("<") and i.endswith("@localhost>") for i in ids)
    assert worker.drain() == 0  # nothing sent twice


def test_temporary_failures_are_retried_then_given_up(services: Services, engine: Engine) -> None:
    s, clock = services, Clock()
    # not an OSError: any error of the relay leaves the voter queued, not stranded
    mailer = Refusing("cy@example.org", ValueError("relay broke"))
    worker = _queued(s, engine, mailer, clock)
    worker.drain()
    assert len(mailer.sent) == 4
    rows = {d.recipient: d for d in s.elections.invitations.progress(E)[1]}
    assert rows["v3"].state is DeliveryState.QUEUED and rows["v3"].attempts == 1
    assert "relay broke" in str(rows["v3"].last_error)
    assert rows["v3"].next_attempt_at == clock.at + timedelta(seconds=30)
    assert worker.drain() == 0  # not due yet
    clock.at += timedelta(seconds=31)
    worker.drain()
    clock.at += timedelta(seconds=61)
    worker.drain()  # third attempt: max_attempts reached
    rows = {d.recipient: d for d in s.elections.invitations.progress(E)[1]}
    assert rows["v3"].state is DeliveryState.FAILED and "gave up after 3" in str(
        rows["v3"].last_error
    )
    # resend all unsent: a fresh count of attempts, and now the relay takes it
    mailer.fixed = True
    assert s.elections.invitations.resend(E) == 1
    worker.drain()
    assert _states(s)["v3"] == "sent"
    assert [m.to for m in mailer.sent].count("cy@example.org") == 1


def test_refused_recipients_bounce_and_permanent_errors_fail(
    services: Services, engine: Engine
) -> None:
    s, clock = services, Clock()
    mailer = Refusing("cy@example.org", MailError("550 no such user", bounced=True))
    worker = _queued(s, engine, mailer, clock)
    worker.drain()
    assert _states(s)["v3"] == "bounced"
    assert s.elections.invitations.progress(E)[0].counts["bounced"] == 1
    mailer.error = MailError("554 message refused", permanent=True)
    s.elections.invitations.resend(E, "v3")
    worker.drain()
    assert _states(s)["v3"] == "failed"


def test_resend_to_one_voter_reissues_before_opening_only(services: Services) -> None:
    s = services
    s.elections.create(manifest_json())
    s.elections.import_roll(E, CSV)
    s.elections.invite(E)
    first = voter_codes(s, E)["v1"]
    before = {e.voter_id: e.credential for e in s.elections.roll(E)}
    assert s.elections.invitations.resend(E, "v1") == 1
    after = {e.voter_id: e.credential for e in s.elections.roll(E)}
    assert after["v1"] != before["v1"]  # the old code no longer counts
    assert {k: v for k, v in after.items() if k != "v1"} == {
        k: v for k, v in before.items() if k != "v1"
    }
    assert voter_codes(s, E)["v1"] != first
    assert len(s.mailer.sent) == 6
    with pytest.raises(Exception, match="no voter"):
        s.elections.invitations.resend(E, "nobody")


def test_resend_after_opening_is_refused_for_a_sent_invitation(services: Services) -> None:
    from service_harness import open_election

    s = services
    open_election(s)
    with pytest.raises(Conflict, match="cannot be reissued"):
        s.elections.invitations.resend(E, "v1")
    assert s.elections.invitations.resend(E) == 0


def test_a_stopped_worker_is_resumed_with_the_same_message(
    services: Services, engine: Engine
) -> None:
    s, clock = services, Clock()
    store = SqlDeliveryStore(engine)
    worker = _queued(s, engine, OutboxMailer(), clock)
    claimed = store.claim(clock.now(), 2)  # a worker that died mid-batch
    assert _states(s)[claimed[0].recipient] == "sending"
    mailer = OutboxMailer()
    fresh = DeliveryWorker(store, mailer, clock, DeliveryPolicy(rate=None))
    assert fresh.drain() == 5
    assert set(_states(s).values()) == {"sent"}
    again = {m.to: m.message_id for m in mailer.mails}
    assert again[claimed[0].email] == claimed[0].message_id
    assert worker.drain() == 0


def test_header_values_with_line_breaks_are_refused() -> None:
    with pytest.raises(InvalidInput, match="line breaks"):
        compose("a@example.org", "Vote\nBcc: x@example.org", "body", "<id@x>")
    with pytest.raises(InvalidInput, match="line breaks"):
        compose("a@example.org\r\nBcc: x@example.org", "Vote", "body", "<id@x>")


def test_the_same_job_runs_on_a_local_store(tmp_path: Path) -> None:
    """The registrar's side: the same worker and table in a SQLite file of its own."""
    path = tmp_path / "mailing.sqlite"
    store = local_delivery_store(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    clock = Clock()
    for k in range(3):
        mail = compose(f"v{k}@example.org", "Your code", f"code {k}", f"<{k}@example.org>")
        store.enqueue("registrar", f"v{k}", mail, clock.now())
    mailer = OutboxMailer()
    assert DeliveryWorker(store, mailer, clock, DeliveryPolicy(rate=None)).drain() == 3
    assert store.progress("registrar").counts["sent"] == 3
    assert [m.body for m in mailer.mails] == ["code 0", "code 1", "code 2"]
    store.engine.dispose()


def test_the_rate_limit_spaces_the_messages(services: Services, engine: Engine) -> None:
    s, clock = services, Clock()
    now = {"t": 0.0}

    def monotonic() -> float:
        return now["t"]

    waits: list[float] = []
    worker = _queued(s, engine, OutboxMailer(), clock)
    worker.policy = DeliveryPolicy(rate=2.0)
    worker.monotonic = monotonic

    def wait(seconds: float | None = None) -> bool:
        waits.append(float(seconds or 0))
        now["t"] += float(seconds or 0)
        return False

    worker._stop.wait = wait  # type: ignore[method-assign]
    worker.drain()
    assert waits == [0.5] * 4  # five messages at two per second
