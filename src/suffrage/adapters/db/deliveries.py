"""Delivery state of mailing jobs, on the unit of work's connection.

The server queues an invitation in the same transaction that issues the voter's
credential (:mod:`suffrage.adapters.db.outbox` has the store the sending worker uses).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from suffrage.adapters.db.tables import deliveries
from suffrage.service.model import Delivery, DeliveryProgress, DeliveryState, Mail

__all__ = ["SqlDeliveries"]

_D = deliveries.c
_UNSENT = (DeliveryState.QUEUED.value, DeliveryState.FAILED.value, DeliveryState.BOUNCED.value)


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _delivery(row: Any) -> Delivery:
    mail = None
    if row.body is not None:
        mail = Mail(row.email, row.subject, row.body, row.message_id)
    return Delivery(
        job=row.job,
        recipient=row.recipient,
        email=row.email,
        state=DeliveryState(row.state),
        attempts=row.attempts,
        message_id=row.message_id,
        updated_at=_utc(row.updated_at) or datetime.now(UTC),
        next_attempt_at=_utc(row.next_attempt_at),
        last_error=row.last_error,
        mail=mail,
    )


def _key(job: str, recipient: str) -> Any:
    return (_D.job == job) & (_D.recipient == recipient)


class SqlDeliveries:
    """Implements :class:`suffrage.service.ports.DeliveryRepository` on one connection."""

    def __init__(self, conn: Connection) -> None:
        self._c = conn

    def enqueue(self, job: str, recipient: str, mail: Mail, at: datetime) -> None:
        self._c.execute(delete(deliveries).where(_key(job, recipient)))
        self._c.execute(
            insert(deliveries).values(
                job=job,
                recipient=recipient,
                email=mail.to,
                subject=mail.subject,
                body=mail.body,
                message_id=mail.message_id,
                state=DeliveryState.QUEUED.value,
                attempts=0,
                next_attempt_at=at,
                updated_at=at,
            )
        )

    def forget(self, job: str, recipient: str) -> None:
        self._c.execute(delete(deliveries).where(_key(job, recipient)))

    def get(self, job: str, recipient: str) -> Delivery | None:
        row = self._c.execute(select(deliveries).where(_key(job, recipient))).first()
        return None if row is None else _delivery(row)

    def list(self, job: str) -> Sequence[Delivery]:
        rows = self._c.execute(select(deliveries).where(_D.job == job).order_by(_D.recipient)).all()
        return [_delivery(r) for r in rows]

    def progress(self, job: str) -> DeliveryProgress:
        rows = self._c.execute(
            select(_D.state, func.count()).where(_D.job == job).group_by(_D.state)
        ).all()
        counts = {s.value: 0 for s in DeliveryState}
        counts.update({str(state): int(n) for state, n in rows})
        return DeliveryProgress(job, counts)

    def claim(self, now: datetime, limit: int) -> Sequence[Delivery]:
        due = (_D.state == DeliveryState.QUEUED.value) & (_D.next_attempt_at <= now)
        query = select(deliveries).where(due).order_by(_D.next_attempt_at, _D.recipient)
        rows = self._c.execute(query.limit(limit).with_for_update(skip_locked=True)).all()
        for row in rows:
            self._set(row.job, row.recipient, state=DeliveryState.SENDING.value, updated_at=now)
        return [_delivery(r) for r in rows]

    def mark_sent(self, job: str, recipient: str, at: datetime) -> None:
        self._set(
            job,
            recipient,
            state=DeliveryState.SENT.value,
            body=None,
            attempts=deliveries.c.attempts + 1,
            last_error=None,
            next_attempt_at=None,
            updated_at=at,
        )

    def mark_retry(
        self, job: str, recipient: str, reason: str, at: datetime, retry_at: datetime
    ) -> None:
        self._set(
            job,
            recipient,
            state=DeliveryState.QUEUED.value,
            attempts=deliveries.c.attempts + 1,
            last_error=reason[:500],
            next_attempt_at=retry_at,
            updated_at=at,
        )

    def mark_failed(
        self, job: str, recipient: str, state: DeliveryState, reason: str, at: datetime
    ) -> None:
        self._set(
            job,
            recipient,
            state=state.value,
            attempts=deliveries.c.attempts + 1,
            last_error=reason[:500],
            next_attempt_at=None,
            updated_at=at,
        )

    def recover(self, at: datetime) -> int:
        result = self._c.execute(
            update(deliveries)
            .where(_D.state == DeliveryState.SENDING.value)
            .values(state=DeliveryState.QUEUED.value, next_attempt_at=at, updated_at=at)
        )
        return int(result.rowcount)

    def requeue(self, job: str, recipients: Collection[str] | None, at: datetime) -> int:
        where = (_D.job == job) & _D.state.in_(_UNSENT) & _D.body.is_not(None)
        if recipients is not None:
            where = where & _D.recipient.in_(list(recipients))
        result = self._c.execute(
            update(deliveries)
            .where(where)
            .values(
                state=DeliveryState.QUEUED.value,
                attempts=0,
                last_error=None,
                next_attempt_at=at,
                updated_at=at,
            )
        )
        return int(result.rowcount)

    def _set(self, job: str, recipient: str, **values: Any) -> None:
        self._c.execute(update(deliveries).where(_key(job, recipient)).values(**values))
