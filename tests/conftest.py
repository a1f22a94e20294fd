"""Shared fixtures for the whole suite."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest


def deterministic_rng(seed: bytes) -> Callable[[int], bytes]:
    """A reproducible byte source for tests: SHA-512 in counter mode over ``seed``."""
    counter = 0

    def read(n: int) -> bytes:
        nonlocal counter
        out = b""
        while len(out) < n:
            out += hashlib.sha512(seed + counter.to_bytes(8, "big")).digest()
            counter += 1
        return out[:n]

    return read


@pytest.fixture
def rng() -> Callable[[int], bytes]:
    return deterministic_rng(b"suffrage-tests")
