"""Schnorr proof of knowledge of a discrete logarithm: ``public = secret * G``.

Compact form ``(c, z)``: the verifier recomputes the commitment ``A = z*G - c*public``
and checks that the transcript over the statement and ``A`` yields ``c``.
"""

from __future__ import annotations

from dataclasses import dataclass

from suffrage.crypto import hazmat
from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs._base import decode_scalars, random_scalar, start
from suffrage.errors import InvalidProof

__all__ = ["SchnorrProof", "prove_key_knowledge", "verify_key_knowledge"]

KIND = "schnorr-key"


@dataclass(frozen=True, slots=True)
class SchnorrProof:
    """Challenge ``c`` and response ``z``; encoded as ``c || z`` (64 bytes)."""

    challenge: Scalar
    response: Scalar

    def to_bytes(self) -> bytes:
        return self.challenge.to_bytes() + self.response.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> SchnorrProof:
        c, z = decode_scalars(data, 2, "a Schnorr proof")
        return cls(c, z)


def _challenge(public: Element, commitment: Element, context: bytes) -> Scalar:
    t = start(KIND, context)
    t.append_elements((("public", public), ("commitment", commitment)))
    return t.challenge_scalar("challenge")


def prove_key_knowledge(
    secret: Scalar, public: Element, context: bytes, rng: RandomSource
) -> SchnorrProof:
    """Prove knowledge of ``secret`` with ``public = secret * G``, bound to ``context``."""
    w = random_scalar(rng)
    c = _challenge(public, Element.base_times(w), context)
    return SchnorrProof(c, w + c * secret)


def verify_key_knowledge(public: Element, proof: SchnorrProof, context: bytes) -> None:
    """Raise :class:`InvalidProof` unless ``proof`` shows knowledge of ``log_G(public)``."""
    (commitment,) = hazmat.combine([public], [(proof.response, -proof.challenge)])
    if _challenge(public, commitment, context) != proof.challenge:
        raise InvalidProof("Schnorr key proof fails: c != H(public, z*G - c*public)")
