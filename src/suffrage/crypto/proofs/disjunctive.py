"""Proof that an ElGamal ciphertext encrypts 0 or 1 (a two-branch CDS disjunction).

Encoding: ``c_0 || z_0 || c_1 || z_1`` (128 bytes), or expanded with the commitments
``a_0 || b_0 || a_1 || b_1`` appended (256 bytes, protocol 5.9). Verification costs two fixed-base
and six variable-base multiplications and five subtractions (see :mod:`._cds`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs._base import decode_scalars
from suffrage.crypto.proofs._cds import batch_branches, prove_branches, verify_branches
from suffrage.crypto.proofs.batch import EquationBatch
from suffrage.errors import InvalidEncoding

if TYPE_CHECKING:
    from suffrage.crypto.elgamal import Ciphertext

__all__ = ["DisjunctiveProof", "batch_zero_or_one", "prove_zero_or_one", "verify_zero_or_one"]

KIND = "zero-or-one"


@dataclass(frozen=True, slots=True)
class DisjunctiveProof:
    """Branch challenges and responses for the values 0 and 1; in expanded form also the
    commitments ``a_k || b_k`` of each branch (64 bytes each, not decoded here)."""

    challenges: tuple[Scalar, Scalar]
    responses: tuple[Scalar, Scalar]
    commitments: tuple[bytes, ...] = ()

    def to_bytes(self) -> bytes:
        c0, c1 = self.challenges
        z0, z1 = self.responses
        return (
            c0.to_bytes()
            + z0.to_bytes()
            + c1.to_bytes()
            + z1.to_bytes()
            + b"".join(self.commitments)
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> DisjunctiveProof:
        """Decode the compact (128 bytes) or expanded (256 bytes) form."""
        if isinstance(data, bytes | bytearray) and len(data) not in (128, 256):
            raise InvalidEncoding(
                f"a zero-or-one proof is 128 bytes (256 expanded), got {len(data)} bytes"
            )
        c0, z0, c1, z1 = decode_scalars(data[:128], 4, "a zero-or-one proof")
        tail = bytes(data[128:])
        return cls((c0, c1), (z0, z1), (tail[:64], tail[64:]) if tail else ())

    def compact(self) -> DisjunctiveProof:
        """The same proof without its commitments."""
        return DisjunctiveProof(self.challenges, self.responses)


def prove_zero_or_one(
    public: Element, ct: Ciphertext, m: int, nonce: Scalar, context: bytes, rng: RandomSource
) -> DisjunctiveProof:
    """Prove that ``ct = encrypt(public, m, nonce)`` with ``m`` in ``{0, 1}`` (expanded form)."""
    branches, commitments = prove_branches(KIND, None, public, ct, m, nonce, 0, 1, context, rng)
    (c0, z0), (c1, z1) = branches
    return DisjunctiveProof((c0, c1), (z0, z1), commitments)


def verify_zero_or_one(
    public: Element, ct: Ciphertext, proof: DisjunctiveProof, context: bytes
) -> None:
    """Raise :class:`~suffrage.errors.InvalidProof` unless ``ct`` encrypts 0 or 1."""
    branches = tuple(zip(proof.challenges, proof.responses, strict=True))
    verify_branches(KIND, None, public, ct, 0, 1, branches, context, proof.commitments or None)


def batch_zero_or_one(
    batch: EquationBatch, public: Element, ct: Ciphertext, proof: DisjunctiveProof, context: bytes
) -> bool:
    """Queue an expanded proof's equations on ``batch``; ``False`` (nothing queued) for a
    compact proof or one whose transcript fails: verify that one on its own."""
    if not proof.commitments:
        return False
    branches = tuple(zip(proof.challenges, proof.responses, strict=True))
    return batch_branches(batch, KIND, None, public, ct, 0, 1, branches, context, proof.commitments)
