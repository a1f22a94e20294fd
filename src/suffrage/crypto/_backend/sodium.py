"""ristretto255 through libsodium, loaded by the ``rbcl`` package.

Calls go straight to the ctypes functions of the bundled library, skipping the
argument checks of rbcl's wrappers: every input here already passed the checks of
:mod:`suffrage.crypto.group`.
"""

from __future__ import annotations

import ctypes

from rbcl import _sodium as _lib

from suffrage.crypto._backend import IDENTITY

__all__ = ["SodiumBackend"]

_new = ctypes.create_string_buffer


class SodiumBackend:
    """The default backend: libsodium's audited ristretto255 implementation."""

    name = "libsodium"

    def is_valid_point(self, p: bytes) -> bool:
        return p == IDENTITY or bool(_lib.crypto_core_ristretto255_is_valid_point(p))

    def add(self, p: bytes, q: bytes) -> bytes:
        r = _new(32)
        _lib.crypto_core_ristretto255_add(r, p, q)
        return r.raw

    def sub(self, p: bytes, q: bytes) -> bytes:
        r = _new(32)
        _lib.crypto_core_ristretto255_sub(r, p, q)
        return r.raw

    def scalarmult(self, s: bytes, p: bytes) -> bytes:
        r = _new(32)
        # libsodium returns -1 when the product is the identity; the buffer then holds zeros.
        _lib.crypto_scalarmult_ristretto255(r, s, p)
        return r.raw

    def scalarmult_base(self, s: bytes) -> bytes:
        r = _new(32)
        _lib.crypto_scalarmult_ristretto255_base(r, s)
        return r.raw

    def from_hash(self, h: bytes) -> bytes:
        r = _new(32)
        _lib.crypto_core_ristretto255_from_hash(r, h)
        return r.raw
