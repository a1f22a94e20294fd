"""Schnorr signatures with a voter's credential key (``public = secret * G``).

A signature is ``(c, z)`` with ``c`` the challenge of a transcript labelled
``suffrage/1 signature`` over the public key, the message and the commitment ``R``;
the verifier recomputes ``R = z*G - c*public`` (one call of the verification backend).
"""

from __future__ import annotations

from dataclasses import dataclass

from suffrage.crypto import hazmat
from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs._base import decode_scalars, random_scalar, start
from suffrage.errors import InvalidProof

__all__ = ["Signature", "sign", "verify_signature"]

KIND = "signature"


@dataclass(frozen=True, slots=True)
class Signature:
    """Challenge ``c`` and response ``z``; encoded as ``c || z`` (64 bytes)."""

    challenge: Scalar
    response: Scalar

    def to_bytes(self) -> bytes:
        return self.challenge.to_bytes() + self.response.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        c, z = decode_scalars(data, 2, "a signature")
        return cls(c, z)


def _challenge(public: Element, message: bytes, commitment: Element) -> Scalar:
    t = start(KIND, b"")
    t.append_element("public", public)
    t.append_message("message", message)
    t.append_element("commitment", commitment)
    return t.challenge_scalar("challenge")


def sign(secret: Scalar, message: bytes, rng: RandomSource) -> Signature:
    """Sign ``message`` with the credential key ``secret``."""
    if not isinstance(message, bytes | bytearray):
        raise TypeError("the message to sign must be bytes")
    w = random_scalar(rng)
    c = _challenge(Element.base_times(secret), bytes(message), Element.base_times(w))
    return Signature(c, w + c * secret)


def verify_signature(public: Element, message: bytes, sig: Signature) -> None:
    """Raise :class:`InvalidProof` unless ``sig`` is a signature on ``message`` by ``public``."""
    if not isinstance(message, bytes | bytearray):
        raise TypeError("the signed message must be bytes")
    # R = z*G - c*public, in one call of the verification backend (public inputs only).
    row = sig.response.to_bytes() + (-sig.challenge).to_bytes()
    commitment = hazmat.element_unchecked(hazmat.raw_combine(public.to_bytes(), row))
    if _challenge(public, bytes(message), commitment) != sig.challenge:
        raise InvalidProof("signature fails: c != H(public, message, z*G - c*public)")
