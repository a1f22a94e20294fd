"""Engines: SQLite in WAL mode with immediate write transactions, or PostgreSQL (psycopg 3)."""

from __future__ import annotations

import os
import threading
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

__all__ = ["make_engine", "normalize_url", "writer_lock"]

# One SQLite file takes one writer at a time. Writers of this process queue here in
# order instead of polling the file lock in SQLite's busy handler, whose back-off sleeps
# grow to 100 ms and turn a short wait into seconds of latency under load.
_WRITERS: WeakKeyDictionary[Engine, threading.Lock] = WeakKeyDictionary()


def writer_lock(engine: Engine) -> threading.Lock | None:
    """The in-process lock that orders the transactions on a SQLite engine (else None)."""
    return _WRITERS.get(engine)


def normalize_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, *, schema: str | None = None) -> Engine:
    """An engine for ``url``; ``schema`` sets PostgreSQL's search path (tests use one per run)."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        return _sqlite(url)
    connect_args: dict[str, Any] = {}
    if schema is not None:
        connect_args["options"] = f"-csearch_path={schema}"
    # As many kept connections as the web server's worker threads (40): connections made
    # past the pool size are closed on return, and under load each cast opened a new one.
    return create_engine(
        url, pool_size=40, max_overflow=20, pool_pre_ping=True, connect_args=connect_args
    )


def _private_file(url: str) -> None:
    """Create the database file readable by its owner only (SQLite gives its WAL the same)."""
    path = make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:") or os.path.exists(path):
        return
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _sqlite(url: str) -> Engine:
    _private_file(url)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit is on disk when it returns, so a receipt survives a power loss,
        # as PostgreSQL's default synchronous_commit gives; group commit pays the fsync
        # once per batch of casts. (NORMAL in WAL mode survives a process crash only.)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Cleared rows (an invitation's text once sent) are overwritten, not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Take the write lock at the start: a deferred transaction that reads and then
        # writes fails with "database is locked" instead of waiting.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    _WRITERS[engine] = threading.Lock()
    return engine
