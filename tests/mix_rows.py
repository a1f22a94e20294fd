"""Helpers of the mix tests: a seeded random source, key pairs and encrypted rows."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from suffrage.crypto import Ciphertext, Element, KeyPair, Scalar, encrypt, keypair_from_secret


def seeded(seed: str) -> Callable[[int], bytes]:
    """A deterministic random source: SHA-512 blocks of the seed and a counter."""
    buffer, counter = b"", 0

    def read(n: int) -> bytes:
        nonlocal buffer, counter
        while len(buffer) < n:
            buffer += hashlib.sha512(f"{seed}/{counter}".encode()).digest()
            counter += 1
        out, buffer = buffer[:n], buffer[n:]
        return out

    return read


def keypair(seed: str) -> KeyPair:
    return keypair_from_secret(Scalar.random(seeded("key/" + seed)))


def rows_of(public: Element, plaintexts: list[list[int]], seed: str) -> list[list[Ciphertext]]:
    rng = seeded("rows/" + seed)
    return [[encrypt(public, m, Scalar.random(rng)) for m in row] for row in plaintexts]
