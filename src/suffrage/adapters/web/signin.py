"""Signing in without taking the service down.

A password check costs tens of milliseconds of CPU and 64 MiB of memory (argon2id). So
checks run in a small thread pool of their own (never in the pool that serves pages and
ballots), and a request is refused early with ``429`` before any hashing when:

- its (username, source address) pair is locked out: after ``lock_after`` failures in a
  row, for ``lock_base`` seconds, doubling with each further failure up to ``lock_max``
  (a success clears it); the account itself is never locked for everyone;
- its source address made ``per_source`` attempts within ``window`` seconds;
- the whole service is past ``rate`` attempts per second (a token bucket), or
- the pool has ``workers`` checks running and ``waiting`` more queued (``busy``).

The hashing threads run at a lower scheduling priority (nice 10, on Linux) so that
under a flood the one busy core still goes to voters first.

Memory stays bounded: at most ``workers`` hashes at once, and the per-source and
per-pair records keep the ``tracked`` most recent entries.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Request
from starlette.types import Scope

from suffrage.adapters.web.errors import ApiError
from suffrage.errors import PermissionDenied

__all__ = ["SignInGuard", "SignInLimits", "scope_source", "source_of"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SignInLimits:
    workers: int = 1
    waiting: int = 4
    per_source: int = 30
    window: float = 300.0
    lock_after: int = 5
    lock_base: float = 1.0
    lock_max: float = 900.0
    rate: float = 20.0
    tracked: int = 100_000


def source_of(request: Request) -> str:
    """The client's address (as the server sees it, after trusted proxy headers)."""
    return request.client.host if request.client is not None else "unknown"


def scope_source(scope: Scope) -> str:
    """The same, from an ASGI scope."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _too_many(message: str, retry_after: float) -> ApiError:
    return ApiError(
        429, "too_many_attempts", message, {"retry-after": str(max(1, round(retry_after)))}
    )


def _lower_priority() -> None:
    """Run in each hashing thread: yield the CPU to pages and ballots (Linux: per thread)."""
    with contextlib.suppress(AttributeError, OSError):  # elsewhere: the same priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


def _busy() -> ApiError:
    return ApiError(429, "busy", "too many sign-ins at once; try again", {"retry-after": "1"})


class SignInGuard:
    """Admission, the hashing pool and lockouts of sign-in attempts."""

    def __init__(
        self, limits: SignInLimits | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = limits or SignInLimits()
        self._clock = clock
        self._pool = ThreadPoolExecutor(
            self.limits.workers, thread_name_prefix="sign-in", initializer=_lower_priority
        )
        self._lock = threading.Lock()
        self._in_flight = 0
        self._tokens = 2 * self.limits.rate
        self._filled = clock()
        self._sources: OrderedDict[str, deque[float]] = OrderedDict()
        self._failures: OrderedDict[tuple[str, str], tuple[int, float]] = OrderedDict()

    async def check(self, source: str, username: str, verify: Callable[[], T]) -> T:
        """Run ``verify`` (the password check) in the pool, or refuse with ``429``."""
        self._admit(source, username)
        try:
            loop = asyncio.get_running_loop()
            result = await loop.run_in_executor(self._pool, verify)
        except PermissionDenied:
            self._failed(source, username)
            raise
        finally:
            with self._lock:
                self._in_flight -= 1
        with self._lock:
            self._failures.pop((username, source), None)
        return result

    def refusal(self, source: str) -> ApiError | None:
        """What :meth:`check` would refuse before knowing the username (changes nothing).

        The application asks this before reading a sign-in request at all, so that a
        flood of refused sign-ins costs the server as little as possible.
        """
        lim, now = self.limits, self._clock()
        with self._lock:
            recent = self._sources.get(source)
            if recent is not None:
                fresh = sum(1 for t in recent if now - t <= lim.window)
                if fresh >= lim.per_source:
                    return _too_many("too many sign-in attempts from this address", lim.window)
            tokens = min(2 * lim.rate, self._tokens + (now - self._filled) * lim.rate)
            if tokens < 1 or self._in_flight >= lim.workers + lim.waiting:
                return _busy()
        return None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _admit(self, source: str, username: str) -> None:
        lim, now = self.limits, self._clock()
        with self._lock:
            failures = self._failures.get((username, source))
            if failures is not None and failures[1] > now:
                raise _too_many("too many failed sign-ins; try later", failures[1] - now)
            recent = self._recent(source, now)
            if len(recent) >= lim.per_source:
                raise _too_many("too many sign-in attempts from this address", lim.window)
            self._refill(now)
            if self._tokens < 1 or self._in_flight >= lim.workers + lim.waiting:
                raise _busy()
            self._tokens -= 1
            self._in_flight += 1
            recent.append(now)

    def _recent(self, source: str, now: float) -> deque[float]:
        recent = self._sources.get(source)
        if recent is None:
            recent = self._sources[source] = deque()
            if len(self._sources) > self.limits.tracked:
                self._sources.popitem(last=False)
        self._sources.move_to_end(source)
        while recent and now - recent[0] > self.limits.window:
            recent.popleft()
        return recent

    def _refill(self, now: float) -> None:
        rate = self.limits.rate
        self._tokens = min(2 * rate, self._tokens + (now - self._filled) * rate)
        self._filled = now

    def _failed(self, source: str, username: str) -> None:
        lim, now = self.limits, self._clock()
        key = (username, source)
        with self._lock:
            count = self._failures.get(key, (0, 0.0))[0] + 1
            until = 0.0
            if count >= lim.lock_after:
                until = now + min(lim.lock_max, lim.lock_base * 2 ** (count - lim.lock_after))
            self._failures[key] = (count, until)
            self._failures.move_to_end(key)
            if len(self._failures) > lim.tracked:
                self._failures.popitem(last=False)
