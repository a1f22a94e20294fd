"""Settings of a running service, read once at the edge (environment and ``.env`` file).

Every variable has the prefix ``SUFFRAGE_``: ``SUFFRAGE_DATABASE_URL``,
``SUFFRAGE_SMTP_HOST``, ``SUFFRAGE_SMTP_PORT``, ``SUFFRAGE_SMTP_SENDER``,
``SUFFRAGE_SMTP_SECURITY``, ``SUFFRAGE_SMTP_USERNAME``, ``SUFFRAGE_SMTP_PASSWORD``,
``SUFFRAGE_SECRET_KEY``, ``SUFFRAGE_BASE_URL``. Only :mod:`suffrage.bootstrap` builds a
:class:`Settings`; nothing below it reads the environment.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Configuration of the election service."""

    model_config = SettingsConfigDict(
        env_prefix="SUFFRAGE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(
        default="sqlite:///./suffrage.sqlite",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    smtp_host: str = Field(default="127.0.0.1", description="SMTP relay for invitations")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_sender: str = Field(default="elections@localhost", description="From: address")
    smtp_security: Literal["none", "starttls", "tls"] = Field(
        default="none",
        description="none (plain, a local relay), starttls, or tls (implicit TLS, port 465)",
    )
    smtp_username: str = Field(default="", description="SMTP login; empty: no authentication")
    smtp_password: SecretStr = Field(default=SecretStr(""), description="SMTP password")
    smtp_timeout: float = Field(default=30.0, gt=0, le=600, description="seconds per message")
    mail_rate: float = Field(
        default=5.0, gt=0, le=1000, description="invitation mails handed to the relay per second"
    )
    mail_attempts: int = Field(
        default=6, ge=1, le=50, description="attempts per mail before it is marked failed"
    )
    secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="signs session cookies; empty means a random key per process",
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="public URL of the service, used in invitation links",
    )
    default_locale: str = Field(default="en", description="locale when none is requested")
    login_workers: int = Field(
        default=1, ge=1, le=16, description="password checks at once (64 MiB and a core each)"
    )
    login_waiting: int = Field(
        default=4, ge=0, le=256, description="sign-ins queued behind them before a 429"
    )
    record_dir: str = Field(
        default="",
        description="directory (on another disk) for each election's record archive at each "
        "state change; empty: none",
    )
    check_workers: int | None = Field(
        default=None,
        ge=0,
        le=256,
        description=(
            "processes that check ballots in `serve`; unset: one per core; "
            "0: check in the server process"
        ),
    )
