"""Proof that an ElGamal ciphertext encrypts 0 or 1 (a two-branch CDS disjunction).

Encoding: ``c_0 || z_0 || c_1 || z_1`` (128 bytes). Verification costs two fixed-base
and six variable-base multiplications and five subtractions (see :mod:`._cds`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs._base import decode_scalars
from suffrage.crypto.proofs._cds import prove_branches, verify_branches

if TYPE_CHECKING:
    from suffrage.crypto.elgamal import Ciphertext

__all__ = ["DisjunctiveProof", "prove_zero_or_one", "verify_zero_or_one"]

KIND = "zero-or-one"


@dataclass(frozen=True, slots=True)
class DisjunctiveProof:
    """Branch challenges and responses for the values 0 and 1."""

    challenges: tuple[Scalar, Scalar]
    responses: tuple[Scalar, Scalar]

    def to_bytes(self) -> bytes:
        c0, c1 = self.challenges
        z0, z1 = self.responses
        return c0.to_bytes() + z0.to_bytes() + c1.to_bytes() + z1.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> DisjunctiveProof:
        c0, z0, c1, z1 = decode_scalars(data, 4, "a zero-or-one proof")
        return cls((c0, c1), (z0, z1))


def prove_zero_or_one(
    public: Element, ct: Ciphertext, m: int, nonce: Scalar, context: bytes, rng: RandomSource
) -> DisjunctiveProof:
    """Prove that ``ct = encrypt(public, m, nonce)`` with ``m`` in ``{0, 1}``."""
    (c0, z0), (c1, z1) = prove_branches(KIND, None, public, ct, m, nonce, 0, 1, context, rng)
    return DisjunctiveProof((c0, c1), (z0, z1))


def verify_zero_or_one(
    public: Element, ct: Ciphertext, proof: DisjunctiveProof, context: bytes
) -> None:
    """Raise :class:`~suffrage.errors.InvalidProof` unless ``ct`` encrypts 0 or 1."""
    branches = tuple(zip(proof.challenges, proof.responses, strict=True))
    verify_branches(KIND, None, public, ct, 0, 1, branches, context)
