"""The low-level tier: raw ristretto255 arithmetic on encodings and integers.

Hazardous materials. Everything else in :mod:`suffrage.crypto` is built from typed,
validated values (:class:`~suffrage.crypto.group.Element`,
:class:`~suffrage.crypto.group.Scalar`, ciphertexts, proofs). This module is for the few
callers that need to step below that wall, such as a benchmark, a batch verifier or a
storage layer re-reading encodings it validated itself:

* ``raw_*`` functions work on 32-byte encodings and **do not validate** their inputs: give
  them anything but canonical encodings (see :func:`is_canonical_element`) and the result
  is meaningless. Scalars are 32-byte little-endian integers below :data:`ORDER`.
* :func:`element_unchecked` wraps bytes as an ``Element`` without decoding them.
* :func:`scalar_to_int` opens a ``Scalar`` to its integer.
* :func:`sum_elements` and :func:`multiscalar_mul` are conveniences over the typed values.
* :func:`combine` and :func:`raw_combine` compute linear combinations of ``G`` and a few
  points in **variable time** (:data:`VERIFY_BACKEND`, our native code): for verification
  equations, whose inputs are public. Never give them a secret scalar.
* :func:`msm_vartime` and :func:`raw_msm` compute one sum ``s_1*P_1 + ... + s_n*P_n`` over
  many points in **variable time** (bucket method of Pippenger from 64 points on): for
  batched verification equations such as a shuffle proof's, whose inputs are public.

Nothing here is needed to cast, tally or verify an election through the public API.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from suffrage.crypto._backend import ELEMENT_BYTES, IDENTITY, ORDER, Backend, Combiner, _native
from suffrage.crypto.group import Element, Scalar, _backend, _element, _verifier

__all__ = [
    "BACKEND",
    "ELEMENT_BYTES",
    "IDENTITY_BYTES",
    "ORDER",
    "VERIFY_BACKEND",
    "Backend",
    "Combiner",
    "combine",
    "element_unchecked",
    "is_canonical_element",
    "msm_vartime",
    "multiscalar_mul",
    "raw_add",
    "raw_combine",
    "raw_from_uniform_bytes",
    "raw_msm",
    "raw_scalarmult",
    "raw_scalarmult_base",
    "raw_sub",
    "raw_sum",
    "scalar_to_int",
    "sum_elements",
]

#: The backend every ``Element`` uses (libsodium); ``BACKEND.name`` says which.
BACKEND: Final[Backend] = _backend
#: The backend of verification equations (variable time, public inputs only): ``native``.
VERIFY_BACKEND: Final[Combiner] = _verifier
#: Canonical encoding of the identity element (32 zero bytes).
IDENTITY_BYTES: Final = IDENTITY

#: ``p + q`` on canonical encodings (unchecked).
raw_add: Final = _backend.add
#: ``p - q`` on canonical encodings (unchecked).
raw_sub: Final = _backend.sub
#: ``s * p`` for a reduced 32-byte little-endian scalar ``s`` (unchecked).
raw_scalarmult: Final = _backend.scalarmult
#: ``s * G`` for a reduced 32-byte little-endian scalar ``s`` (unchecked).
raw_scalarmult_base: Final = _backend.scalarmult_base
#: The RFC 9496 one-way map of 64 bytes (unchecked length).
raw_from_uniform_bytes: Final = _backend.from_hash


def raw_combine(points: bytes, rows: bytes) -> bytes:
    """:meth:`Combiner.combine` of :data:`VERIFY_BACKEND`: variable time, public inputs only.

    For each row of ``k + 1`` scalars (``s_0`` for ``G``), the encoding of
    ``s_0*G + sum s_j*P_j`` over the ``k`` concatenated ``points``; 32 bytes per row.
    """
    return _verifier.combine(points, rows)


def raw_msm(points: bytes, scalars: bytes) -> bytes:
    """The encoding of ``s_1*P_1 + ... + s_n*P_n``: variable time, public inputs only.

    ``points`` concatenates ``n`` canonical encodings and ``scalars`` ``n`` 32-byte
    little-endian scalars below :data:`ORDER` (never reduced here). Each point is decoded
    once; below 64 points the sum is computed by Straus' interleaving, from 64 points on by
    the bucket method of Pippenger, whose cost per point falls as ``n`` grows (about
    ``253 / c`` additions per point with buckets of ``c = log2(n) - 2`` bits, against about
    50 for Straus). A million terms take one call. Raises :class:`ValueError` for a point
    that is not a canonical encoding, a scalar not below the order, or mismatched lengths.

    Its use: a batched verification equation (random linear combination of many equations
    that must each hold), e.g. of a shuffle proof. The caller draws the random weights;
    nothing here is random. Never give it a secret scalar: the time it takes depends on
    every scalar and point.
    """
    return _native.msm(points, scalars)


def msm_vartime(scalars: Sequence[Scalar], elements: Sequence[Element]) -> Element:
    """``sum(s_i * E_i)`` by :func:`raw_msm`: variable time, **public inputs only**.

    The typed face of :func:`raw_msm` (the elements are already validated). Use
    :func:`multiscalar_mul` (libsodium, constant time) whenever a scalar is secret.
    """
    if len(scalars) != len(elements):
        raise ValueError(f"{len(scalars)} scalars for {len(elements)} elements")
    points = b"".join(e.to_bytes() for e in elements)
    return _element(_native.msm(points, b"".join(s.to_bytes() for s in scalars)))


#: The scalar 1 as a little-endian 32-byte encoding.
_ONE = (1).to_bytes(ELEMENT_BYTES, "little")
#: Points per native call in :func:`raw_sum`.
_SUM_BATCH = 1024


def raw_sum(points: bytes) -> bytes:
    """The encoding of the sum of the concatenated ``points`` (identity for none).

    One :func:`raw_combine` row of ones: each point is decoded (and checked) once and the
    additions stay inside the native code. Variable time, public inputs only.
    """
    count = len(points) // ELEMENT_BYTES
    if count * ELEMENT_BYTES != len(points):
        raise ValueError(f"{len(points)} bytes is not a whole number of encodings")
    if count == 0:
        return IDENTITY_BYTES
    if count > _SUM_BATCH:  # the native call takes at most this many points at once
        step = _SUM_BATCH * ELEMENT_BYTES
        return raw_sum(b"".join(raw_sum(points[i : i + step]) for i in range(0, len(points), step)))
    return _verifier.combine(points, bytes(ELEMENT_BYTES) + _ONE * count)


def is_canonical_element(data: bytes) -> bool:
    """True when ``data`` is the canonical encoding of an element, identity included."""
    return isinstance(data, bytes) and len(data) == ELEMENT_BYTES and _backend.is_valid_point(data)


def element_unchecked(data: bytes) -> Element:
    """Wrap an encoding that the caller has already validated, without decoding it again."""
    return _element(data)


def scalar_to_int(s: Scalar) -> int:
    """The integer ``0 <= n < ORDER`` held by ``s``."""
    return s._v


def sum_elements(elements: Iterable[Element]) -> Element:
    """The group sum of ``elements`` (the identity for none)."""
    add = _backend.add
    acc = IDENTITY
    for e in elements:
        acc = add(acc, e.to_bytes())
    return _element(acc)


def multiscalar_mul(scalars: Sequence[Scalar], elements: Sequence[Element]) -> Element:
    """``sum(s_i * E_i)`` by libsodium (constant time per term); same-length sequences."""
    if len(scalars) != len(elements):
        raise ValueError(f"{len(scalars)} scalars for {len(elements)} elements")
    mul = _backend.scalarmult
    return sum_elements(
        _element(mul(s.to_bytes(), e.to_bytes())) for s, e in zip(scalars, elements, strict=True)
    )


def combine(points: Sequence[Element], rows: Iterable[Sequence[Scalar]]) -> list[Element]:
    """For each row ``(s_0, s_1, ..., s_k)``: ``s_0*G + s_1*P_1 + ... + s_k*P_k``.

    Computed by :data:`VERIFY_BACKEND` in **variable time**: for public inputs only
    (verification equations). Each row has one more scalar than there are points.
    """
    width = len(points) + 1
    data = []
    for row in rows:
        if len(row) != width:
            raise ValueError(f"a row of {len(row)} scalars for {len(points)} points and G")
        data += [s.to_bytes() for s in row]
    out = _verifier.combine(b"".join(p.to_bytes() for p in points), b"".join(data))
    return [_element(out[i : i + ELEMENT_BYTES]) for i in range(0, len(out), ELEMENT_BYTES)]
