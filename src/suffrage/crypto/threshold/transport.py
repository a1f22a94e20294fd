"""Sealing a dealer's share for its recipient (the DKG's private channel, outside the record).

The recipient's key is its own dealer commitment ``C_j0 = a_j0 * G``, published and proven
on the board, so a dealer needs nothing else from the recipient. Hashed ElGamal with an
encrypt-then-MAC tag::

    r random, R = r*G, K = r*C_j0
    k = SHA-512(u64(len) || "suffrage/1/share-transport" || u64(len) || ctx
                || R || C_j0 || K || u32be(dealer) || u32be(recipient))
    c = s_ij XOR k[0:32]             (32 bytes, the scalar little-endian)
    tag = HMAC-SHA256(k[32:64], R || c)
    sealed = R || c || tag           (96 bytes)

The recipient computes ``K = a_j0 * R``. A share that does not open, or opens to a wrong
value, is a missing or wrong share: the recipient complains on the board (6.3).
"""

from __future__ import annotations

import hashlib
import hmac

from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs._base import random_scalar
from suffrage.errors import InvalidEncoding

__all__ = ["SEALED_SHARE_SIZE", "open_share", "seal_share"]

SEALED_SHARE_SIZE = 96
_LABEL = b"suffrage/1/share-transport"


def _keys(
    ctx: bytes, r_point: Element, key: Element, shared: Element, dealer: int, recipient: int
) -> tuple[bytes, bytes]:
    h = hashlib.sha512()
    for part in (_LABEL, ctx):
        h.update(len(part).to_bytes(8, "big") + part)
    h.update(r_point.to_bytes() + key.to_bytes() + shared.to_bytes())
    h.update(dealer.to_bytes(4, "big") + recipient.to_bytes(4, "big"))
    d = h.digest()
    return d[:32], d[32:]


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def seal_share(
    recipient_key: Element,
    value: Scalar,
    dealer: int,
    recipient: int,
    ctx: bytes,
    rng: RandomSource,
) -> bytes:
    """``value`` (dealer's share for ``recipient``) sealed to ``recipient_key``."""
    r = random_scalar(rng)
    r_point = Element.base_times(r)
    pad, mac_key = _keys(ctx, r_point, recipient_key, recipient_key * r, dealer, recipient)
    body = _xor(value.to_bytes(), pad)
    tag = hmac.new(mac_key, r_point.to_bytes() + body, "sha256").digest()
    return r_point.to_bytes() + body + tag


def open_share(secret: Scalar, sealed: bytes, dealer: int, recipient: int, ctx: bytes) -> Scalar:
    """Open a sealed share with the recipient's ``a_j0``; :class:`InvalidEncoding` if it fails."""
    if len(sealed) != SEALED_SHARE_SIZE:
        raise InvalidEncoding(f"a sealed share is {SEALED_SHARE_SIZE} bytes, got {len(sealed)}")
    r_point = Element.from_bytes(sealed[:32])
    body, tag = sealed[32:64], sealed[64:]
    key = Element.base_times(secret)
    pad, mac_key = _keys(ctx, r_point, key, r_point * secret, dealer, recipient)
    expected = hmac.new(mac_key, r_point.to_bytes() + body, "sha256").digest()
    if not hmac.compare_digest(expected, tag):
        raise InvalidEncoding(f"the share from dealer {dealer} to {recipient} does not open")
    return Scalar.from_bytes(_xor(body, pad))
