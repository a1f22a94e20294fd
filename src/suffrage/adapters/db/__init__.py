"""Database adapter: SQLAlchemy Core tables, repositories, unit of work and migrations."""

from suffrage.adapters.db.engine import make_engine, normalize_url
from suffrage.adapters.db.migrate import current_revision, upgrade
from suffrage.adapters.db.uow import SqlUnitOfWork

__all__ = ["SqlUnitOfWork", "current_revision", "make_engine", "normalize_url", "upgrade"]
