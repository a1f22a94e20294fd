"""Schnorr signatures with a voter's credential key (``public = secret * G``).

A signature is ``(c, z)`` with ``c`` the challenge of a transcript labelled
``suffrage/1 signature`` over the public key, the message and the commitment ``R``;
the verifier recomputes ``R = z*G - c*public`` (one call of the verification backend).
Ballot signatures may be expanded (protocol 5.9): ``c || z || R`` (96 bytes), which a
batch can check with many others.
"""

from __future__ import annotations

from dataclasses import dataclass

from suffrage.crypto import hazmat
from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs._base import decode_scalars, random_scalar, start
from suffrage.crypto.proofs.batch import EquationBatch
from suffrage.crypto.transcript import element_header
from suffrage.errors import InvalidProof

__all__ = ["Signature", "batch_signature", "sign", "verify_signature"]

KIND = "signature"


@dataclass(frozen=True, slots=True)
class Signature:
    """Challenge ``c`` and response ``z``; encoded as ``c || z`` (64 bytes), or expanded
    with the commitment ``R`` (96 bytes; ``R`` is not decoded here)."""

    challenge: Scalar
    response: Scalar
    commitment: bytes = b""

    def to_bytes(self) -> bytes:
        return self.challenge.to_bytes() + self.response.to_bytes() + self.commitment

    @classmethod
    def from_bytes(cls, data: bytes, *, expanded: bool = False) -> Signature:
        """Decode ``c || z``; with ``expanded`` (ballots), also ``c || z || R``."""
        if expanded and isinstance(data, bytes | bytearray) and len(data) == 96:
            c, z = decode_scalars(data[:64], 2, "a signature")
            return cls(c, z, bytes(data[64:]))
        what = "a signature (or 96 bytes expanded)" if expanded else "a signature"
        c, z = decode_scalars(data, 2, what)
        return cls(c, z)

    def compact(self) -> Signature:
        """The same signature without its commitment."""
        return Signature(self.challenge, self.response)


def _challenge(public: Element, message: bytes, commitment: bytes) -> Scalar:
    t = start(KIND, b"")
    t.append_element("public", public)
    t.append_message("message", message)
    t.append_element_encodings([element_header("commitment"), commitment])
    return t.challenge_scalar("challenge")


def sign(secret: Scalar, message: bytes, rng: RandomSource, *, expanded: bool = False) -> Signature:
    """Sign ``message`` with the key ``secret``; ``expanded`` adds ``R`` (ballots only, 5.9)."""
    if not isinstance(message, bytes | bytearray):
        raise TypeError("the message to sign must be bytes")
    w = random_scalar(rng)
    commitment = Element.base_times(w).to_bytes()
    c = _challenge(Element.base_times(secret), bytes(message), commitment)
    return Signature(c, w + c * secret, commitment if expanded else b"")


def verify_signature(public: Element, message: bytes, sig: Signature) -> None:
    """Raise :class:`InvalidProof` unless ``sig`` is a signature on ``message`` by ``public``."""
    if not isinstance(message, bytes | bytearray):
        raise TypeError("the signed message must be bytes")
    # R = z*G - c*public, in one call of the verification backend (public inputs only).
    row = sig.response.to_bytes() + (-sig.challenge).to_bytes()
    commitment = hazmat.raw_combine(public.to_bytes(), row)
    given = sig.commitment or commitment
    if _challenge(public, bytes(message), given) != sig.challenge:
        what = "R" if sig.commitment else "z*G - c*public"
        raise InvalidProof(f"signature fails: c != H(public, message, {what})")
    if given != commitment:
        raise InvalidProof("signature fails: R != z*G - c*public")


def batch_signature(batch: EquationBatch, public: Element, message: bytes, sig: Signature) -> bool:
    """Queue an expanded signature's equation ``R = z*G - c*public`` on ``batch``; ``False``
    (nothing queued) when compact or when its transcript fails: verify it on its own."""
    if not sig.commitment or _challenge(public, bytes(message), sig.commitment) != sig.challenge:
        return False
    (weight,) = batch.weights(1)
    batch.term_on_generator(weight * hazmat.scalar_to_int(sig.response))
    batch.term(public.to_bytes(), -weight * hazmat.scalar_to_int(sig.challenge))
    batch.commit(sig.commitment, weight)
    return True
