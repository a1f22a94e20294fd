"""Backends that implement ristretto255 point arithmetic on canonical 32-byte encodings.

The rest of ``suffrage.crypto`` calls only the :class:`Backend` protocol, so another
implementation (a pure-Python reference, a future native one) can be swapped in.
Scalars are plain Python integers modulo :data:`ORDER` here; the typed wall between
scalars and integers is :class:`suffrage.crypto.group.Scalar`.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["ELEMENT_BYTES", "IDENTITY", "ORDER", "Backend"]

#: Order ``L`` of the ristretto255 group: 2^252 + 27742317777372353535851937790883648493.
ORDER = 2**252 + 27742317777372353535851937790883648493
#: Length of a canonical element or scalar encoding.
ELEMENT_BYTES = 32
#: Canonical encoding of the identity element.
IDENTITY = bytes(32)


class Backend(Protocol):
    """Point arithmetic on canonical encodings; inputs are assumed valid encodings."""

    name: str

    def is_valid_point(self, p: bytes) -> bool:
        """True when ``p`` is the canonical encoding of a group element (identity included)."""
        ...

    def add(self, p: bytes, q: bytes) -> bytes: ...

    def sub(self, p: bytes, q: bytes) -> bytes: ...

    def scalarmult(self, s: bytes, p: bytes) -> bytes:
        """``s * p`` for a reduced little-endian scalar ``s``; may return the identity."""
        ...

    def scalarmult_base(self, s: bytes) -> bytes:
        """``s * B`` for the standard generator ``B``; may return the identity."""
        ...

    def from_hash(self, h: bytes) -> bytes:
        """The RFC 9496 one-way map of 64 uniform bytes to an element."""
        ...
