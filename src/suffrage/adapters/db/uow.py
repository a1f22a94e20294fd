"""The unit of work: one connection, one transaction, committed only on request."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine

from suffrage.adapters.db.access import SqlAudit, SqlRoles
from suffrage.adapters.db.deliveries import SqlDeliveries
from suffrage.adapters.db.engine import writer_lock
from suffrage.adapters.db.repositories import (
    SqlAdmins,
    SqlBoard,
    SqlCredentialLists,
    SqlElections,
    SqlRoll,
    SqlSessions,
)

__all__ = ["SqlUnitOfWork"]


class SqlUnitOfWork:
    """Implements :class:`suffrage.service.ports.UnitOfWork` over an engine."""

    elections: SqlElections
    roll: SqlRoll
    board: SqlBoard
    admins: SqlAdmins
    credential_lists: SqlCredentialLists
    deliveries: SqlDeliveries
    sessions: SqlSessions
    roles: SqlRoles
    audit: SqlAudit

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Connection | None = None
        self._lock = writer_lock(engine)
        self._locked = False

    def __enter__(self) -> SqlUnitOfWork:
        if self._lock is not None:
            # Bounded like SQLite's own busy timeout; past it, SQLite's handler decides.
            self._locked = self._lock.acquire(timeout=30)
        try:
            conn = self._engine.connect()
            conn.begin()
        except BaseException:
            self._release()
            raise
        self._conn = conn
        self.elections = SqlElections(conn)
        self.roll = SqlRoll(conn)
        self.board = SqlBoard(conn)
        self.admins = SqlAdmins(conn)
        self.credential_lists = SqlCredentialLists(conn)
        self.deliveries = SqlDeliveries(conn)
        self.sessions = SqlSessions(conn)
        self.roles = SqlRoles(conn)
        self.audit = SqlAudit(conn)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if conn.in_transaction():
                conn.rollback()
        finally:
            try:
                conn.close()
            finally:
                self._release()

    def _release(self) -> None:
        if self._locked and self._lock is not None:
            self._locked = False
            self._lock.release()

    def commit(self) -> None:
        if self._conn is None:
            raise RuntimeError("commit outside the unit of work")
        self._conn.commit()
