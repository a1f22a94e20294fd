"""Limits on what one request may hold and one caller may do.

- :func:`parse_body`: the protocol's strict JSON parser, with every way a hostile body
  can break it turned into :class:`InvalidEncoding` (a 4xx): integers of thousands of
  digits (Python refuses to convert them), nesting deeper than :data:`MAX_DEPTH`.
- :class:`RateLimit`: a token bucket per key (a credential), bounded in memory.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Final

from suffrage.errors import InvalidEncoding, RateLimited
from suffrage.protocol.encoding import Json, parse_json

__all__ = ["MAX_DEPTH", "RateLimit", "check_depth", "parse_body"]

#: deepest nesting of arrays and objects a request body may have (a ballot needs 6)
MAX_DEPTH: Final = 32


def check_depth(value: Json, what: str, limit: int = MAX_DEPTH) -> None:
    """:class:`InvalidEncoding` if ``value`` nests deeper than ``limit`` (no recursion)."""
    stack: list[tuple[Json, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = list(node.values())
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            raise InvalidEncoding(f"{what}: nested more than {limit} levels deep")
        stack.extend((child, depth + 1) for child in children)


def parse_body(data: bytes | str, what: str = "request body") -> Json:
    """Strict JSON (:func:`~suffrage.protocol.encoding.parse_json`) that fails only with
    :class:`InvalidEncoding`, and nests at most :data:`MAX_DEPTH` levels."""
    try:
        value = parse_json(data, what=what)
    except InvalidEncoding:
        raise
    except RecursionError:
        raise InvalidEncoding(f"{what}: nested more than {MAX_DEPTH} levels deep") from None
    except ValueError:  # an integer literal too long to convert
        raise InvalidEncoding(f"{what}: an integer is out of range") from None
    check_depth(value, what)
    return value


class RateLimit:
    """At most ``burst`` actions at once per key, refilled at ``per_second``."""

    def __init__(
        self,
        burst: float,
        per_second: float,
        what: str,
        tracked: int = 200_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst, self.per_second, self.what, self.tracked = burst, per_second, what, tracked
        self._clock = clock
        self._buckets: OrderedDict[Hashable, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: Hashable) -> None:
        """Spend one action of ``key``, or raise :class:`RateLimited`."""
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.per_second)
            if tokens < 1:
                wait = (1 - tokens) / self.per_second
                raise RateLimited(f"too many {self.what}; try again in {wait:.0f} s")
            self._buckets[key] = (tokens - 1, now)
            self._buckets.move_to_end(key)
            if len(self._buckets) > self.tracked:
                self._buckets.popitem(last=False)
