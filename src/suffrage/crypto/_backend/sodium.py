"""ristretto255 through libsodium, loaded by the ``rbcl`` package.

Calls go straight to the ctypes functions of the bundled library, skipping the
argument checks of rbcl's wrappers: every input here already passed the checks of
:mod:`suffrage.crypto.group`.

The libsodium bundled by rbcl (1.0.18) ignores the top bit of an encoding when it
checks canonicity, so it accepts ``s + 2^255`` as a second encoding of the element
encoded by ``s``. RFC 9496 requires rejecting it (the value is not below p), and a
second encoding would make hashes and transcripts malleable, so
:meth:`SodiumBackend.is_valid_point` rejects a set top bit itself.
"""

from __future__ import annotations

import ctypes

from rbcl import _sodium as _lib

from suffrage.crypto._backend import IDENTITY, combine_plainly

__all__ = ["SodiumBackend"]

#: A zeroed 32-byte output buffer; instantiating the array type directly costs about a
#: third of ``ctypes.create_string_buffer``, which matters at ~100 calls per ballot.
_new = ctypes.c_char * 32


class SodiumBackend:
    """The default backend: libsodium's audited, constant-time ristretto255 implementation."""

    name = "libsodium"

    def is_valid_point(self, p: bytes) -> bool:
        if p == IDENTITY:
            return True
        # Top bit set: a value >= 2^255 > p, non-canonical (libsodium 1.0.18 misses this).
        return p[31] < 0x80 and bool(_lib.crypto_core_ristretto255_is_valid_point(p))

    def add(self, p: bytes, q: bytes) -> bytes:
        r = _new()
        _lib.crypto_core_ristretto255_add(r, p, q)
        return r.raw

    def sub(self, p: bytes, q: bytes) -> bytes:
        r = _new()
        _lib.crypto_core_ristretto255_sub(r, p, q)
        return r.raw

    def scalarmult(self, s: bytes, p: bytes) -> bytes:
        r = _new()
        # libsodium returns -1 when the product is the identity; the buffer then holds zeros.
        _lib.crypto_scalarmult_ristretto255(r, s, p)
        return r.raw

    def scalarmult_base(self, s: bytes) -> bytes:
        r = _new()
        _lib.crypto_scalarmult_ristretto255_base(r, s)
        return r.raw

    def from_hash(self, h: bytes) -> bytes:
        r = _new()
        _lib.crypto_core_ristretto255_from_hash(r, h)
        return r.raw

    def combine(self, points: bytes, rows: bytes) -> bytes:
        """Term by term with the calls above (constant time per call; no multi-scalar API)."""
        return combine_plainly(self, points, rows)
