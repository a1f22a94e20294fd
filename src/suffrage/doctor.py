"""``suffrage doctor``: check the configuration, the database, the SMTP relay and the clock.

Each check gives a :class:`Finding` (``ok``, ``warn`` or ``fail``) that names what is
wrong and what to do; nothing is changed and no mail is sent.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection, func, select, text
from sqlalchemy.engine import make_url

from suffrage.adapters.db import current_revision, head_revision, make_engine
from suffrage.adapters.db.tables import deliveries, elections
from suffrage.config import Settings

__all__ = ["Finding", "diagnose"]

Level = Literal["ok", "warn", "fail"]


@dataclass(frozen=True, slots=True)
class Finding:
    level: Level
    topic: str
    message: str


def diagnose(settings: Settings, now: Callable[[], datetime] | None = None) -> list[Finding]:
    """Every finding, in order: configuration, database, clock, SMTP."""
    clock = now or (lambda: datetime.now(UTC))
    findings = list(_configuration(settings))
    findings += _database(settings, clock)
    findings += _smtp(settings)
    return findings


def _configuration(s: Settings) -> Iterator[Finding]:
    key = s.secret_key.get_secret_value()
    if not key:
        yield Finding("fail", "secret key", "SUFFRAGE_SECRET_KEY is not set (serve refuses)")
    elif len(key) < 32:
        yield Finding("warn", "secret key", f"only {len(key)} characters; use 32 or more")
    else:
        yield Finding("ok", "secret key", "set")
    url = make_url(s.base_url) if "://" in s.base_url else None
    local = url is not None and url.host in ("127.0.0.1", "localhost", "::1")
    if url is None or url.drivername not in ("http", "https"):
        yield Finding("fail", "base url", f"{s.base_url!r} is not an http(s) URL")
    elif url.drivername == "http" and not local:
        yield Finding("warn", "base url", "http:// on a public host: cookies are not Secure")
    else:
        yield Finding("ok", "base url", s.base_url)
    if s.smtp_username and s.smtp_security == "none":
        yield Finding("fail", "smtp", "a password would be sent without TLS: set SMTP_SECURITY")
    elif s.smtp_security == "none" and s.smtp_host not in ("127.0.0.1", "localhost", "::1"):
        yield Finding("warn", "smtp", f"plain SMTP to {s.smtp_host}: set SMTP_SECURITY")


def _database(s: Settings, now: Callable[[], datetime]) -> list[Finding]:
    out: list[Finding] = []
    url = make_url(s.database_url)
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        if not os.path.exists(url.database):
            return [Finding("fail", "database", f"{url.database} does not exist: db upgrade")]
        mode = stat.S_IMODE(os.stat(url.database).st_mode)
        if mode & 0o077:
            out.append(Finding("warn", "database", f"{url.database} is mode {mode:o}: chmod 600"))
    try:
        engine = make_engine(s.database_url)
    except Exception as exc:
        return [*out, Finding("fail", "database", f"cannot open: {exc}")]
    try:
        revision, head = current_revision(engine), head_revision()
        if revision != head:
            out.append(Finding("fail", "database", f"schema {revision}, code {head}: db upgrade"))
            return out
        out.append(Finding("ok", "database", f"reachable, schema {revision}"))
        with engine.connect() as conn:
            out += _clock(conn, url.drivername, now)
            queued = conn.execute(
                select(func.count()).where(deliveries.c.state.in_(("queued", "sending")))
            ).scalar_one()
        out.append(Finding("ok", "mail queue", f"{queued} message(s) waiting"))
    except Exception as exc:
        out.append(Finding("fail", "database", f"{type(exc).__name__}: {exc}"))
    finally:
        engine.dispose()
    return out


def _clock(conn: Connection, driver: str, now: Callable[[], datetime]) -> list[Finding]:
    here = now()
    out: list[Finding] = []
    latest = conn.execute(select(func.max(elections.c.created_at))).scalar_one()
    if isinstance(latest, datetime):
        latest = latest if latest.tzinfo else latest.replace(tzinfo=UTC)
        if latest > here:
            out.append(Finding("fail", "clock", f"behind the newest record ({latest})"))
    if driver.startswith("postgresql"):
        server = conn.execute(text("SELECT now()")).scalar_one()
        skew = abs((server - here).total_seconds())
        level: Level = "ok" if skew < 2 else "warn" if skew < 60 else "fail"
        out.append(Finding(level, "clock", f"{skew:.1f} s from the database server's clock"))
    elif not out:
        out.append(Finding("ok", "clock", "not behind the stored records (no reference clock)"))
    return out


def _smtp(s: Settings) -> list[Finding]:
    context = ssl.create_default_context()
    try:
        if s.smtp_security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                s.smtp_host, s.smtp_port, timeout=10, context=context
            )
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=10)
        with smtp:
            smtp.ehlo()
            if s.smtp_security == "starttls":
                smtp.starttls(context=context)
            if s.smtp_username:
                smtp.login(s.smtp_username, s.smtp_password.get_secret_value())
            smtp.noop()
    except (OSError, smtplib.SMTPException) as exc:
        where = f"{s.smtp_host}:{s.smtp_port}"
        return [Finding("fail", "smtp", f"{where}: {type(exc).__name__}: {exc}")]
    return [Finding("ok", "smtp", f"{s.smtp_host}:{s.smtp_port} ({s.smtp_security}) answers")]
