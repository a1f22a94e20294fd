"""Database adapter: SQLAlchemy Core tables, repositories, unit of work and migrations."""

from suffrage.adapters.db.engine import make_engine, normalize_url
from suffrage.adapters.db.migrate import current_revision, head_revision, upgrade
from suffrage.adapters.db.outbox import SqlDeliveryStore, local_delivery_store
from suffrage.adapters.db.uow import SqlUnitOfWork

__all__ = [
    "SqlDeliveryStore",
    "SqlUnitOfWork",
    "current_revision",
    "head_revision",
    "local_delivery_store",
    "make_engine",
    "normalize_url",
    "upgrade",
]
