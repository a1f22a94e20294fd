"""Proof that an ElGamal ciphertext encrypts an integer in ``lo..hi``.

Used for score and cumulative values (``0..R``) and for the homomorphic sum of a contest's
selections (``min..max``; "exactly k" is ``lo = hi = k``, a single Chaum-Pedersen branch).
It is a CDS disjunction over the ``hi - lo + 1`` values, with ``lo`` and ``hi`` bound into
the transcript. Encoding: ``c_lo || z_lo || ... || c_hi || z_hi`` (64 bytes per value), or
expanded with ``a_lo || b_lo || ... || a_hi || b_hi`` appended (128 bytes per value, 5.9).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs._base import decode_scalars
from suffrage.crypto.proofs._cds import (
    MAX_BRANCHES,
    batch_branches,
    prove_branches,
    verify_branches,
)
from suffrage.crypto.proofs.batch import EquationBatch
from suffrage.errors import InvalidEncoding

if TYPE_CHECKING:
    from suffrage.crypto.elgamal import Ciphertext

__all__ = ["RangeProof", "batch_range", "prove_range", "verify_range"]

KIND = "range"


@dataclass(frozen=True, slots=True)
class RangeProof:
    """Branch challenges and responses, one per value ``lo..hi`` in increasing order; in
    expanded form also each branch's commitments ``a_k || b_k`` (64 bytes, not decoded)."""

    challenges: tuple[Scalar, ...]
    responses: tuple[Scalar, ...]
    commitments: tuple[bytes, ...] = ()

    def to_bytes(self) -> bytes:
        return b"".join(
            c.to_bytes() + z.to_bytes()
            for c, z in zip(self.challenges, self.responses, strict=True)
        ) + b"".join(self.commitments)

    @classmethod
    def from_bytes(cls, data: bytes, values: int | None = None) -> RangeProof:
        """Decode a proof over ``values`` values (compact, or expanded at 128 bytes a value);
        without ``values``, the compact form of any length."""
        if isinstance(data, bytes | bytearray) and (len(data) % 64 or len(data) == 0):
            raise InvalidEncoding(
                f"a range proof is a positive multiple of 64 bytes, got {len(data)} bytes"
            )
        if isinstance(data, bytes | bytearray) and len(data) > 128 * MAX_BRANCHES:
            raise InvalidEncoding(f"a range proof covers at most {MAX_BRANCHES} values")
        if values is not None and isinstance(data, bytes | bytearray):
            if len(data) == 128 * values:
                scalars = decode_scalars(data[: 64 * values], 2 * values, "a range proof")
                tail = bytes(data[64 * values :])
                pairs = tuple(tail[i : i + 64] for i in range(0, len(tail), 64))
                return cls(scalars[0::2], scalars[1::2], pairs)
            if len(data) != 64 * values:
                raise InvalidEncoding(
                    f"a range proof over {values} values is {64 * values} bytes "
                    f"(or {128 * values} expanded), got {len(data)} bytes"
                )
        scalars = decode_scalars(data, None, "a range proof")
        return cls(scalars[0::2], scalars[1::2])

    def compact(self) -> RangeProof:
        """The same proof without its commitments."""
        return RangeProof(self.challenges, self.responses)


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
    """Prove that ``ct = encrypt(public, m, nonce)`` with ``lo <= m <= hi`` (expanded form)."""
    branches, commitments = prove_branches(
        KIND, (lo, hi), public, ct, m, nonce, lo, hi, context, rng
    )
    return RangeProof(tuple(c for c, _ in branches), tuple(z for _, z in branches), commitments)


def verify_range(
    public: Element, ct: Ciphertext, lo: int, hi: int, proof: RangeProof, context: bytes
) -> None:
    """Raise :class:`~suffrage.errors.InvalidProof` unless ``ct`` encrypts a value in range."""
    if len(proof.challenges) != len(proof.responses):
        raise InvalidEncoding("a range proof needs one response per challenge")
    branches = tuple(zip(proof.challenges, proof.responses, strict=True))
    commitments = proof.commitments or None
    verify_branches(KIND, (lo, hi), public, ct, lo, hi, branches, context, commitments)


def batch_range(
    batch: EquationBatch,
    public: Element,
    ct: Ciphertext,
    lo: int,
    hi: int,
    proof: RangeProof,
    context: bytes,
    parts: Sequence[Ciphertext] = (),
) -> bool:
    """Queue an expanded proof's equations on ``batch``; ``False`` (nothing queued) for a
    compact proof or one whose transcript fails: verify that one on its own.

    ``parts``, when given, are ciphertexts whose sum is ``ct`` (a contest's options): the
    equations then fall on their elements, already in the batch, instead of the sum's.
    """
    if not proof.commitments or len(proof.challenges) != len(proof.responses):
        return False
    branches = tuple(zip(proof.challenges, proof.responses, strict=True))
    return batch_branches(
        batch, KIND, (lo, hi), public, ct, lo, hi, branches, context, proof.commitments, parts
    )
