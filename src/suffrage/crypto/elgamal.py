"""Exponential ElGamal over ristretto255 (``docs/protocol.md``, part 3).

A plaintext ``m`` (a small integer: a vote, a count) is encrypted under the public key
``H = x*G`` with a nonce ``r`` as ``(alpha, beta) = (r*G, m*G + r*H)``. Ciphertexts add
component-wise, which adds plaintexts; decryption yields ``m*G`` and a bounded discrete
logarithm (:mod:`suffrage.crypto.dlog`) recovers ``m``.

Identity rule: :meth:`Ciphertext.from_bytes` rejects the identity in either component by
default. A fresh ciphertext has ``alpha = r*G`` with ``r != 0`` and a ``beta`` that equals
the identity only with negligible probability, so an identity there marks a broken or
malicious encryptor (``alpha`` = identity means the nonce was 0 and ``beta`` is ``m*G`` in
the clear). Sums, weighted sums and the neutral :meth:`Ciphertext.zero` can legitimately
contain the identity: decode those with ``allow_identity=True``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from suffrage.crypto.dlog import DlogTable
from suffrage.crypto.group import Element, RandomSource, Scalar, _describe
from suffrage.errors import CryptoError, InvalidEncoding

__all__ = [
    "CIPHERTEXT_BYTES",
    "Ciphertext",
    "KeyPair",
    "decrypt",
    "decrypt_to_element",
    "encrypt",
    "generate_keypair",
    "keypair_from_secret",
    "partial_decrypt",
    "rerandomize",
]

#: Length of an encoded ciphertext: ``alpha || beta``.
CIPHERTEXT_BYTES: Final = 64


@dataclass(frozen=True, slots=True)
class KeyPair:
    """A secret scalar ``x`` and its public key ``H = x*G``."""

    secret: Scalar
    public: Element

    def __repr__(self) -> str:
        return f"KeyPair(secret=<hidden>, public={self.public!r})"


def keypair_from_secret(secret: Scalar) -> KeyPair:
    """The key pair of a given non-zero secret."""
    if not isinstance(secret, Scalar):
        raise TypeError(f"a secret key is a Scalar, got {type(secret).__name__}")
    if secret.is_zero():
        raise CryptoError("the secret key must not be zero (its public key is the identity)")
    return KeyPair(secret, Element.base_times(secret))


def generate_keypair(rng: RandomSource) -> KeyPair:
    """A fresh key pair with a uniform non-zero secret drawn from ``rng``."""
    secret = Scalar.random(rng)
    while secret.is_zero():  # probability 2^-252; loop rather than fail
        secret = Scalar.random(rng)
    return keypair_from_secret(secret)


@dataclass(frozen=True, slots=True)
class Ciphertext:
    """An exponential ElGamal ciphertext ``(alpha, beta) = (r*G, m*G + r*H)``."""

    alpha: Element
    beta: Element

    @classmethod
    def zero(cls) -> Ciphertext:
        """The neutral element for ``+``: a (trivial) encryption of 0 with nonce 0."""
        return _ZERO

    @classmethod
    def from_bytes(cls, data: bytes | bytearray, *, allow_identity: bool = False) -> Ciphertext:
        """Decode ``alpha || beta`` (64 bytes); identity components only if allowed."""
        if not isinstance(data, bytes | bytearray) or len(data) != CIPHERTEXT_BYTES:
            raise InvalidEncoding(f"a ciphertext is 64 bytes, got {_describe(data)}")
        data = bytes(data)
        return cls(
            _part("alpha", Element.from_bytes, data[:32], allow_identity),
            _part("beta", Element.from_bytes, data[32:], allow_identity),
        )

    @classmethod
    def from_hex(cls, text: str, *, allow_identity: bool = False) -> Ciphertext:
        """Decode 128 lowercase hex digits (the hex of :meth:`to_bytes`)."""
        if not isinstance(text, str) or len(text) != 2 * CIPHERTEXT_BYTES:
            raise InvalidEncoding(f"a hex ciphertext is {2 * CIPHERTEXT_BYTES} hex digits")
        return cls(
            _part("alpha", Element.from_hex, text[:64], allow_identity),
            _part("beta", Element.from_hex, text[64:], allow_identity),
        )

    def to_bytes(self) -> bytes:
        return self.alpha.to_bytes() + self.beta.to_bytes()

    def hex(self) -> str:
        return self.to_bytes().hex()

    def __add__(self, other: Ciphertext) -> Ciphertext:
        """Homomorphic addition: encrypts the sum of the plaintexts."""
        if not isinstance(other, Ciphertext):
            return NotImplemented
        return Ciphertext(self.alpha + other.alpha, self.beta + other.beta)

    def __sub__(self, other: Ciphertext) -> Ciphertext:
        """Encrypts the difference of the plaintexts."""
        if not isinstance(other, Ciphertext):
            return NotImplemented
        return Ciphertext(self.alpha - other.alpha, self.beta - other.beta)

    def scale(self, w: int) -> Ciphertext:
        """Encrypts ``w`` times the plaintext (a public weight; negative allowed)."""
        s = Scalar.from_int(w)
        return Ciphertext(self.alpha * s, self.beta * s)


def encrypt(public: Element, m: int, nonce: Scalar) -> Ciphertext:
    """``(r*G, m*G + r*H)`` for plaintext ``m`` (taken modulo the group order) and nonce ``r``.

    Raises :class:`~suffrage.errors.CryptoError` for a zero nonce or an identity public
    key: either would publish ``m*G`` in the clear.
    """
    _check_public(public)
    if nonce.is_zero():
        raise CryptoError("the encryption nonce must not be zero (it would reveal the plaintext)")
    return Ciphertext(
        Element.base_times(nonce), Element.base_times(Scalar.from_int(m)) + public * nonce
    )


def rerandomize(ct: Ciphertext, public: Element, nonce: Scalar) -> Ciphertext:
    """The same plaintext under a fresh nonce: ``ct + (r'*G, r'*H)``."""
    _check_public(public)
    if nonce.is_zero():
        raise CryptoError("the re-randomization nonce must not be zero")
    return Ciphertext(ct.alpha + Element.base_times(nonce), ct.beta + public * nonce)


def partial_decrypt(ct: Ciphertext, secret: Scalar) -> Element:
    """A decryption share ``x*alpha`` (``x`` a whole secret key or a trustee's share)."""
    return ct.alpha * secret


def decrypt_to_element(ct: Ciphertext, combined: Element) -> Element:
    """``beta - x*alpha = m*G``, given the combined decryption factor ``x*alpha``."""
    return ct.beta - combined


def decrypt(ct: Ciphertext, secret: Scalar, bound: int, *, table: DlogTable | None = None) -> int:
    """The plaintext ``0 <= m <= bound``; :class:`~suffrage.errors.DecryptionError` otherwise.

    Pass a prebuilt ``table`` (with ``table.bound >= bound``) to reuse it across calls.
    """
    element = decrypt_to_element(ct, partial_decrypt(ct, secret))
    if table is None:
        table = DlogTable(bound)
    return table.solve(element, bound=bound)


def _part(name: str, decode: Callable[..., Element], data: object, allow: bool) -> Element:
    try:
        return decode(data, allow_identity=allow)
    except InvalidEncoding as exc:
        raise InvalidEncoding(f"ciphertext {name}: {exc}") from None


def _check_public(public: Element) -> None:
    if not isinstance(public, Element):
        raise TypeError(f"a public key is an Element, got {type(public).__name__}")
    if public.is_identity():
        raise CryptoError("the public key must not be the identity element")


_ZERO: Final = Ciphertext(Element.identity(), Element.identity())
