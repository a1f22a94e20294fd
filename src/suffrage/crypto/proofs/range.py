"""Proof that an ElGamal ciphertext encrypts an integer in ``lo..hi``.

Used for score and cumulative values (``0..R``) and for the homomorphic sum of a contest's
selections (``min..max``; "exactly k" is ``lo = hi = k``, a single Chaum-Pedersen branch).
It is a CDS disjunction over the ``hi - lo + 1`` values, with ``lo`` and ``hi`` bound into
the transcript. Encoding: ``c_lo || z_lo || ... || c_hi || z_hi`` (64 bytes per value).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs._base import decode_scalars
from suffrage.crypto.proofs._cds import MAX_BRANCHES, prove_branches, verify_branches
from suffrage.errors import InvalidEncoding

if TYPE_CHECKING:
    from suffrage.crypto.elgamal import Ciphertext

__all__ = ["RangeProof", "prove_range", "verify_range"]

KIND = "range"


@dataclass(frozen=True, slots=True)
class RangeProof:
    """Branch challenges and responses, one per value ``lo..hi`` in increasing order."""

    challenges: tuple[Scalar, ...]
    responses: tuple[Scalar, ...]

    def to_bytes(self) -> bytes:
        return b"".join(
            c.to_bytes() + z.to_bytes()
            for c, z in zip(self.challenges, self.responses, strict=True)
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> RangeProof:
        if isinstance(data, bytes | bytearray) and (len(data) % 64 or len(data) == 0):
            raise InvalidEncoding(
                f"a range proof is a positive multiple of 64 bytes, got {len(data)} bytes"
            )
        if isinstance(data, bytes | bytearray) and len(data) > 64 * MAX_BRANCHES:
            raise InvalidEncoding(f"a range proof covers at most {MAX_BRANCHES} values")
        scalars = decode_scalars(data, None, "a range proof")
        return cls(scalars[0::2], scalars[1::2])


def prove_range(
    public: Element,
    ct: Ciphertext,
    m: int,
    nonce: Scalar,
    lo: int,
    hi: int,
    context: bytes,
    rng: RandomSource,
) -> RangeProof:
    """Prove that ``ct = encrypt(public, m, nonce)`` with ``lo <= m <= hi``."""
    branches = prove_branches(KIND, (lo, hi), public, ct, m, nonce, lo, hi, context, rng)
    return RangeProof(tuple(c for c, _ in branches), tuple(z for _, z in branches))


def verify_range(
    public: Element, ct: Ciphertext, lo: int, hi: int, proof: RangeProof, context: bytes
) -> None:
    """Raise :class:`~suffrage.errors.InvalidProof` unless ``ct`` encrypts a value in range."""
    if len(proof.challenges) != len(proof.responses):
        raise InvalidEncoding("a range proof needs one response per challenge")
    branches = tuple(zip(proof.challenges, proof.responses, strict=True))
    verify_branches(KIND, (lo, hi), public, ct, lo, hi, branches, context)
