"""The composition root: reads the settings once, builds the adapters and wires the service.

It is the only module that knows every adapter. The CLI's ``serve`` and ``db`` commands
are thin and call the entry points here (see docs/ARCHITECTURE.md, "The composition
root").
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from fastapi import FastAPI
from sqlalchemy import Engine

from suffrage.adapters.db import (
    SqlDeliveryStore,
    SqlUnitOfWork,
    current_revision,
    make_engine,
    upgrade,
)
from suffrage.adapters.mail import SmtpMailer
from suffrage.adapters.web import WebDeps, create_app
from suffrage.adapters.web.i18n import load_catalogues
from suffrage.config import Settings
from suffrage.errors import SuffrageError
from suffrage.service.access import AuditLog
from suffrage.service.archive import RecordArchiver
from suffrage.service.auth import AdminAuth
from suffrage.service.casting import BallotBox
from suffrage.service.ceremony import Ceremonies
from suffrage.service.delivery import DeliveryPolicy, DeliveryWorker
from suffrage.service.elections import ElectionService, MailText
from suffrage.service.model import AdminUser, AuditEntry
from suffrage.service.ports import Mailer
from suffrage.service.scheduler import Scheduler

__all__ = [
    "ConfigurationError",
    "Container",
    "SystemClock",
    "admin_auth",
    "audit_entries",
    "build",
    "check_workers",
    "create_admin",
    "db_upgrade",
    "secret_key",
    "serve",
    "smtp_mailer",
    "web_app",
]


T = TypeVar("T")


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class Container:
    """Everything a running process uses, built once; :meth:`close` releases it."""

    settings: Settings
    engine: Engine
    elections: ElectionService
    box: BallotBox
    ceremonies: Ceremonies
    auth: AdminAuth
    delivery: DeliveryWorker
    scheduler: Scheduler
    checker: ProcessPoolExecutor | None = None

    def close(self) -> None:
        self.scheduler.stop()
        self.delivery.stop()
        self.box.close()
        if self.checker is not None:
            self.checker.shutdown(cancel_futures=True)
        self.engine.dispose()


def check_workers(settings: Settings) -> int:
    """Ballot-checking processes of ``serve``: as configured, else one per core."""
    if settings.check_workers is not None:
        return settings.check_workers
    return os.cpu_count() or 1


def _start_checker(server: int) -> None:
    """Run in a new checking process: end it once the server process is gone.

    A server killed outright (no shutdown) would otherwise leave its checking processes
    waiting on their queue forever.
    """

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="server-watch", daemon=True).start()


def _warm_checker() -> None:
    """Run in a checking process: load the ballot-checking code."""
    importlib.import_module("suffrage.protocol.ballot")


def _checker_pool(workers: int) -> ProcessPoolExecutor:
    """Started ballot-checking processes with the checking code loaded."""
    spawn = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=spawn, initializer=_start_checker, initargs=(os.getpid(),)
    )
    # Start the processes and import the checking code now, not on the first ballots.
    for f in [pool.submit(_warm_checker) for _ in range(2 * workers)]:
        f.result()
    return pool


def build(
    settings: Settings | None = None, *, mailer: Mailer | None = None, checkers: bool = False
) -> Container:
    """Wire the service; ``checkers`` starts the ballot-checking processes of ``serve``."""
    settings = settings or Settings()
    workers = check_workers(settings) if checkers else 0
    checker = _checker_pool(workers) if workers > 0 else None
    engine = make_engine(settings.database_url)
    clock = SystemClock()

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine)

    delivery = DeliveryWorker(
        SqlDeliveryStore(engine),
        mailer or smtp_mailer(settings),
        clock,
        DeliveryPolicy(max_attempts=settings.mail_attempts, rate=settings.mail_rate),
    )
    elections = ElectionService(
        uow,
        clock,
        os.urandom,
        settings.base_url,
        _mail_text(settings.default_locale),
        mail_domain=settings.smtp_sender.rpartition("@")[2] or "localhost",
        wake=delivery.wake,
    )
    ceremonies = Ceremonies(elections)
    return Container(
        settings=settings,
        engine=engine,
        elections=elections,
        box=BallotBox(
            elections,
            parallel_checks=os.cpu_count() or 2,
            checker=checker,
            renew=None if checker is None else lambda: _checker_pool(workers),
        ),
        ceremonies=ceremonies,
        auth=AdminAuth(uow, clock),
        delivery=delivery,
        scheduler=Scheduler(
            elections, ceremonies, AuditLog(uow, clock), also=_archiver(settings, elections)
        ),
        checker=checker,
    )


class RecordDirectory:
    """A :class:`~suffrage.service.archive.RecordStore` in a directory (one per election)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def has(self, election_id: str, name: str) -> bool:
        return (self.root / election_id / name).is_file()

    def write(self, election_id: str, name: str, data: bytes) -> None:
        folder = self.root / election_id
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{name}.partial"
        with open(partial, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(partial, folder / name)


def _archiver(settings: Settings, elections: ElectionService) -> list[Callable[[], object]]:
    """The record archiver of ``SUFFRAGE_RECORD_DIR``, if set."""
    if not settings.record_dir:
        return []
    return [RecordArchiver(elections, RecordDirectory(Path(settings.record_dir))).run_once]


def smtp_mailer(settings: Settings) -> SmtpMailer:
    """The SMTP relay of the settings."""
    return SmtpMailer(
        settings.smtp_host,
        settings.smtp_port,
        settings.smtp_sender,
        timeout=settings.smtp_timeout,
        security=settings.smtp_security,
        username=settings.smtp_username or None,
        password=settings.smtp_password.get_secret_value() or None,
    )


def _mail_text(locale: str) -> MailText:
    """Invitation mails from the web catalogues, in the service's default locale."""
    catalogues = load_catalogues(locale)
    subject = catalogues.gettext(catalogues.default, "mail_subject")
    body = catalogues.gettext(catalogues.default, "mail_body")

    def compose(name: str, title: str, link: str, code: str) -> tuple[str, str]:
        values = {"name": name, "title": title, "link": link, "code": code}
        return subject.format(**values), body.format(**values)

    return compose


class ConfigurationError(SuffrageError):
    """A setting the service cannot run with; the message says which and what to do."""


def secret_key(settings: Settings, *, dev: bool = False) -> str:
    """The configured secret key; without one, a random key only in development."""
    secret = settings.secret_key.get_secret_value()
    if secret:
        return secret
    if dev:
        return secrets.token_urlsafe(32)
    raise ConfigurationError(
        "SUFFRAGE_SECRET_KEY is not set: sessions and trustee tokens would not survive a "
        "restart. Set it to a long random value (for example: python -c 'import secrets; "
        "print(secrets.token_urlsafe(48))'), or pass --dev for a throw-away key."
    )


def web_app(container: Container, *, close_on_shutdown: bool = False, dev: bool = False) -> FastAPI:
    settings = container.settings
    secret = secret_key(settings, dev=dev)
    deps = WebDeps(
        elections=container.elections,
        box=container.box,
        ceremonies=container.ceremonies,
        auth=container.auth,
        secret_key=secret,
        https=settings.base_url.startswith("https://"),
        default_locale=settings.default_locale,
        login_workers=settings.login_workers,
        login_waiting=settings.login_waiting,
    )
    return create_app(deps, on_shutdown=container.close if close_on_shutdown else None)


def db_upgrade(settings: Settings | None = None) -> str | None:
    """Migrate the configured database to the newest schema; return the revision."""
    engine = make_engine((settings or Settings()).database_url)
    try:
        upgrade(engine)
        return current_revision(engine)
    finally:
        engine.dispose()


def create_admin(username: str, password: str, settings: Settings | None = None) -> AdminUser:
    container = build(settings)
    try:
        return container.auth.create_admin(username, password)
    finally:
        container.engine.dispose()


def admin_auth(use: Callable[[AdminAuth], T], settings: Settings | None = None) -> T:
    """Run ``use`` on the administrators' service of the configured database."""
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    try:
        return use(AdminAuth(lambda: SqlUnitOfWork(engine), SystemClock()))
    finally:
        engine.dispose()


def audit_entries(
    election_id: str | None = None, settings: Settings | None = None
) -> Sequence[AuditEntry]:
    """The audit log of the configured database (one election's, or all)."""
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    try:
        return AuditLog(lambda: SqlUnitOfWork(engine), SystemClock()).entries(election_id)
    finally:
        engine.dispose()


def serve(host: str, port: int, settings: Settings | None = None, *, dev: bool = False) -> None:
    """Migrate the database and serve the web application until interrupted.

    Without a secret key it refuses to start (:class:`ConfigurationError`) unless ``dev``.
    """
    import uvicorn

    settings = settings or Settings()
    secret_key(settings, dev=dev)  # before touching anything
    db_upgrade(settings)
    container = build(settings, checkers=True)
    container.delivery.start()  # sends what a stopped server left queued, then waits
    container.scheduler.start()  # opens and closes elections at their scheduled times
    try:
        app = web_app(container, close_on_shutdown=True, dev=dev)
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        container.close()
