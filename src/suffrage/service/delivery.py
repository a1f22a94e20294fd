"""Sending mailing jobs: a worker with retries and a rate limit, resumed after a restart.

The job's messages are queued durably first (:class:`~suffrage.service.ports.DeliveryStore`);
the worker then hands them to the relay one by one. What it left ``sending`` when it
stopped (a crash between the relay's answer and the store's update) is queued again
on the next start with the same ``Message-ID``: delivery is at least once, and a copy
sent twice is the same message (same text, same identifier), which mail clients show
once. The same worker sends the server's invitations and the registrar's.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from suffrage.errors import InvalidInput
from suffrage.service.model import Delivery, DeliveryState, Mail
from suffrage.service.ports import Clock, DeliveryStore, Mailer, MailError

__all__ = [
    "DeliveryPolicy",
    "DeliveryWorker",
    "check_header",
    "compose",
    "message_id",
]

_FORBIDDEN = frozenset("\r\n\x00")


def check_header(name: str, value: str) -> str:
    """``value`` if it may stand in a mail header: no CR, LF or NUL (header injection)."""
    if any(ch in _FORBIDDEN for ch in value):
        raise InvalidInput(f"{name}: line breaks are not allowed")
    return value


def message_id(domain: str, *parts: str) -> str:
    """A ``Message-ID`` fixed by ``parts`` (job, recipient, issue), so retries keep it."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:40]
    return f"<{digest}@{domain or 'localhost'}>"


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    """How hard and how fast the worker sends."""

    #: attempts per message before it is marked failed
    max_attempts: int = 6
    #: first retry after this many seconds, doubling each time, at most ``max_backoff``
    backoff: float = 30.0
    max_backoff: float = 3600.0
    #: messages handed to the relay per second at most (``None``: no limit)
    rate: float | None = 5.0
    #: messages claimed from the store at a time
    batch: int = 20
    #: seconds between looks at the queue when nothing woke the worker
    poll: float = 5.0

    def retry_after(self, attempts: int) -> float:
        """Seconds before the next try, after ``attempts`` failed ones."""
        return float(min(self.max_backoff, self.backoff * 2 ** max(attempts - 1, 0)))


@dataclass
class DeliveryWorker:
    """Sends what the store has queued; :meth:`start` runs it in a thread of its own."""

    store: DeliveryStore
    mailer: Mailer
    clock: Clock
    policy: DeliveryPolicy = field(default_factory=DeliveryPolicy)
    monotonic: Callable[[], float] = time.monotonic
    _wake: threading.Event = field(default_factory=threading.Event, repr=False)
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)
    _last_send: float | None = field(default=None, repr=False)
    _recovered: bool = field(default=False, repr=False)

    def run_once(self) -> int:
        """Send the messages due now (one claimed batch); return how many were tried."""
        if not self._recovered:
            self.store.recover(self.clock.now())
            self._recovered = True
        claimed = self.store.claim(self.clock.now(), self.policy.batch)
        for delivery in claimed:
            if self._stop.is_set():
                break  # left ``sending``: queued again by the next start
            self._pace()
            self._send(delivery)
        return len(claimed)

    def drain(self) -> int:
        """Send until nothing is due (retries scheduled later stay queued)."""
        total = 0
        while (n := self.run_once()) > 0:
            total += n
        return total

    def wake(self) -> None:
        """Tell the running worker that messages were queued."""
        self._wake.set()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="mail-delivery", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        thread, self._thread = self._thread, None
        self._stop.set()
        self._wake.set()
        if thread is not None:
            thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                sent = self.run_once()
            except Exception:  # the store is unreachable: try again later
                sent = 0
            if sent == 0:
                self._wake.wait(self.policy.poll)
                self._wake.clear()

    def _pace(self) -> None:
        """Keep to ``policy.rate`` messages per second."""
        if self.policy.rate is None:
            return
        gap = 1.0 / self.policy.rate
        if self._last_send is not None:
            wait = self._last_send + gap - self.monotonic()
            if wait > 0:
                self._stop.wait(wait)
        self._last_send = self.monotonic()

    def _send(self, d: Delivery) -> None:
        now = self.clock.now
        if d.mail is None:  # nothing left to send (already accepted)
            self.store.mark_sent(d.job, d.recipient, now())
            return
        try:
            self.mailer.send(d.mail)
        except MailError as exc:
            if exc.permanent:
                state = DeliveryState.BOUNCED if exc.bounced else DeliveryState.FAILED
                self.store.mark_failed(d.job, d.recipient, state, exc.reason, now())
                return
            self._retry(d, exc.reason)
            return
        except Exception as exc:  # network, timeout, a broken relay: temporary
            self._retry(d, f"{type(exc).__name__}: {exc}")
            return
        self.store.mark_sent(d.job, d.recipient, now())

    def _retry(self, d: Delivery, reason: str) -> None:
        attempts = d.attempts + 1
        at = self.clock.now()
        if attempts >= self.policy.max_attempts:
            reason = f"gave up after {attempts} attempts: {reason}"
            self.store.mark_failed(d.job, d.recipient, DeliveryState.FAILED, reason, at)
            return
        retry_at = at + timedelta(seconds=self.policy.retry_after(attempts))
        self.store.mark_retry(d.job, d.recipient, reason, at, retry_at)


def compose(to: str, subject: str, body: str, msg_id: str) -> Mail:
    """A :class:`Mail` whose header values are checked (no line breaks)."""
    return Mail(check_header("to", to), check_header("subject", subject), body, msg_id)
