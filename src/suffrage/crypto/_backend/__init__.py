"""Backends that implement ristretto255 point arithmetic on canonical 32-byte encodings.

The rest of ``suffrage.crypto`` calls only the :class:`Backend` and :class:`Combiner`
protocols, so another implementation can be swapped in. Three exist:

* :mod:`.sodium`: libsodium (constant time), for everything, and the only one used with
  secret inputs (key generation, encryption, proving, partial decryption);
* :mod:`.native`: our own variable-time C code, which implements only :meth:`Combiner.combine`
  and computes the verification equations of proofs and signatures (public inputs only);
* :mod:`.reference`: a pure-Python RFC 9496 implementation, for differential tests.

Scalars are plain Python integers modulo :data:`ORDER` (or their 32-byte little-endian
encodings) here; the typed wall between scalars and integers is
:class:`suffrage.crypto.group.Scalar`.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["ELEMENT_BYTES", "IDENTITY", "ORDER", "Backend", "Combiner", "combine_plainly"]

#: Order ``L`` of the ristretto255 group: 2^252 + 27742317777372353535851937790883648493.
ORDER = 2**252 + 27742317777372353535851937790883648493
#: Length of a canonical element or scalar encoding.
ELEMENT_BYTES = 32
#: Canonical encoding of the identity element.
IDENTITY = bytes(32)


class Combiner(Protocol):
    """The one operation of verification equations: many linear combinations of few points."""

    name: str

    def combine(self, points: bytes, rows: bytes) -> bytes:
        """Linear combinations of the generator ``G`` and ``k`` points, one per row.

        ``points`` concatenates ``k`` element encodings (each decoded once); ``rows``
        concatenates rows of ``k + 1`` scalars, 32 bytes little-endian each: ``s_0`` for
        ``G``, then ``s_j`` for the ``j``-th point. Returns the canonical encodings of
        ``s_0*G + s_1*P_1 + ... + s_k*P_k``, concatenated (32 bytes per row). Raises
        :class:`ValueError` for a point that is not a canonical encoding, a scalar that is
        not below :data:`ORDER` (scalars are never reduced here), or lengths that do not fit.
        """
        ...


class Backend(Combiner, Protocol):
    """Point arithmetic on canonical encodings; inputs are assumed valid encodings."""

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


def combine_plainly(backend: Backend, points: bytes, rows: bytes) -> bytes:
    """:meth:`Combiner.combine` from single operations of ``backend``, term by term.

    Each point is checked with ``backend.is_valid_point``; zero scalars are skipped (their
    term is the identity).
    """
    k, count = _shape(points, rows)
    pts = [points[i : i + ELEMENT_BYTES] for i in range(0, len(points), ELEMENT_BYTES)]
    for j, p in enumerate(pts):
        if not backend.is_valid_point(p):
            raise ValueError(f"point {j} is not a canonical ristretto255 encoding")
    scalars = [rows[i : i + ELEMENT_BYTES] for i in range(0, len(rows), ELEMENT_BYTES)]
    for i, s in enumerate(scalars):
        if int.from_bytes(s, "little") >= ORDER:
            raise ValueError(f"scalar {i % (k + 1)} of row {i // (k + 1)} is not below the order")
    out = []
    for r in range(count):
        row = scalars[r * (k + 1) : (r + 1) * (k + 1)]
        acc = backend.scalarmult_base(row[0]) if any(row[0]) else IDENTITY
        for s, p in zip(row[1:], pts, strict=True):
            if any(s):
                acc = backend.add(acc, backend.scalarmult(s, p))
        out.append(acc)
    return b"".join(out)


def _shape(points: bytes, rows: bytes) -> tuple[int, int]:
    """``(k, row count)``, or :class:`ValueError` when lengths do not fit."""
    if not isinstance(points, bytes) or not isinstance(rows, bytes):
        raise TypeError("combine(points: bytes, rows: bytes)")
    k, rest = divmod(len(points), ELEMENT_BYTES)
    if rest:
        raise ValueError("points: a multiple of 32 bytes expected")
    width = ELEMENT_BYTES * (k + 1)
    if len(rows) % width:
        raise ValueError(f"rows: a multiple of {width} bytes expected")
    return k, len(rows) // width
