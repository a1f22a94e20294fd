"""Uniform random permutations drawn from a :data:`~suffrage.crypto.group.RandomSource`.

Fisher-Yates from the last position down: for ``m = N - 1, ..., 1`` draw a uniform
``j`` in ``0..m`` and swap positions ``m`` and ``j``. A uniform integer below ``m + 1`` is
read from 8 random bytes (big-endian) and drawn again while it is at or above the
largest multiple of ``m + 1`` not exceeding ``2^64`` (rejection, no modulo bias). The
exact order of draws is specified in ``docs/protocol.md`` part 9.3 so that vectors replay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from suffrage.crypto.group import RandomSource
from suffrage.errors import CryptoError

__all__ = ["check_permutation", "random_permutation"]

_SPAN: Final = 2**64


def _uniform_below(bound: int, rng: RandomSource) -> int:
    limit = _SPAN - _SPAN % bound
    while True:
        data = rng(8)
        if not isinstance(data, bytes | bytearray) or len(data) != 8:
            raise CryptoError("the random source did not return 8 bytes")
        x = int.from_bytes(data, "big")
        if x < limit:
            return x % bound


def random_permutation(n: int, rng: RandomSource) -> tuple[int, ...]:
    """A uniform permutation of ``0..n-1``; position ``i`` holds the image of ``i``."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"a permutation length is a non-negative int, got {n!r}")
    perm = list(range(n))
    for m in range(n - 1, 0, -1):
        j = _uniform_below(m + 1, rng)
        perm[m], perm[j] = perm[j], perm[m]
    return tuple(perm)


def check_permutation(perm: Sequence[int], n: int) -> None:
    """Raise :class:`ValueError` unless ``perm`` is a permutation of ``0..n-1``."""
    if len(perm) != n or sorted(perm) != list(range(n)):
        raise ValueError(f"not a permutation of 0..{n - 1}")
