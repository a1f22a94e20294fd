"""The delivery store the sending worker uses: one transaction per call.

:class:`SqlDeliveryStore` works over the service's database; :func:`local_delivery_store`
opens one over a SQLite file of its own (the registrar's command keeps its mailing state
there, with the same table and the same worker).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from suffrage.adapters.db.engine import make_engine
from suffrage.adapters.db.tables import deliveries
from suffrage.adapters.db.uow import SqlUnitOfWork
from suffrage.service.model import Delivery, DeliveryProgress, DeliveryState, Mail

__all__ = ["SqlDeliveryStore", "local_delivery_store"]


class SqlDeliveryStore:
    """Implements :class:`suffrage.service.ports.DeliveryStore`: one transaction per call."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def claim(self, now: datetime, limit: int) -> Sequence[Delivery]:
        with SqlUnitOfWork(self.engine) as uow:
            claimed = uow.deliveries.claim(now, limit)
            uow.commit()
        return claimed

    def mark_sent(self, job: str, recipient: str, at: datetime) -> None:
        with SqlUnitOfWork(self.engine) as uow:
            uow.deliveries.mark_sent(job, recipient, at)
            uow.commit()

    def mark_retry(
        self, job: str, recipient: str, reason: str, at: datetime, retry_at: datetime
    ) -> None:
        with SqlUnitOfWork(self.engine) as uow:
            uow.deliveries.mark_retry(job, recipient, reason, at, retry_at)
            uow.commit()

    def mark_failed(
        self, job: str, recipient: str, state: DeliveryState, reason: str, at: datetime
    ) -> None:
        with SqlUnitOfWork(self.engine) as uow:
            uow.deliveries.mark_failed(job, recipient, state, reason, at)
            uow.commit()

    def recover(self, at: datetime) -> int:
        with SqlUnitOfWork(self.engine) as uow:
            n = uow.deliveries.recover(at)
            uow.commit()
        return n

    def enqueue(self, job: str, recipient: str, mail: Mail, at: datetime) -> None:
        with SqlUnitOfWork(self.engine) as uow:
            uow.deliveries.enqueue(job, recipient, mail, at)
            uow.commit()

    def progress(self, job: str) -> DeliveryProgress:
        with SqlUnitOfWork(self.engine) as uow:
            return uow.deliveries.progress(job)

    def list(self, job: str) -> Sequence[Delivery]:
        with SqlUnitOfWork(self.engine) as uow:
            return uow.deliveries.list(job)


def local_delivery_store(path: Path) -> SqlDeliveryStore:
    """A store in a SQLite file of its own (created with mode 0600 when missing)."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    engine = make_engine(f"sqlite:///{path}")
    deliveries.create(engine, checkfirst=True)
    return SqlDeliveryStore(engine)
