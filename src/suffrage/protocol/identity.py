"""Long-term signing keys of trustees and of the registrar, and what they sign (7.5, 7.6).

A trustee speaks on the board only through events signed with her own key, made on her
own machine; the manifest lists every trustee's public key, so the server can relay her
events but never write one. The message signed for an event binds the election (its
manifest hash), the event type (one domain label per type) and the whole payload except
the ``signature`` field itself (docs/protocol.md 7.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs import Signature, sign, verify_signature
from suffrage.errors import InvalidEncoding, InvalidProof
from suffrage.protocol.encoding import JsonObject, get_hex, hash_bytes, hash_object

__all__ = [
    "SIGNED_TRUSTEE_EVENTS",
    "SigningKey",
    "election_fingerprint",
    "fingerprint",
    "sign_trustee_payload",
    "trustee_message",
    "verify_trustee_payload",
]

#: Board events a trustee speaks; each payload names her in ``"trustee"`` and is signed.
SIGNED_TRUSTEE_EVENTS: Final = (
    "trustee_commitment",
    "trustee_complaint",
    "trustee_answer",
    "attestation",
    "decryption_share",
)
_FINGERPRINT_LABEL: Final = "suffrage/1/fingerprint"


@dataclass(frozen=True, slots=True)
class SigningKey:
    """A long-term signing key: the secret scalar and its public element."""

    secret: Scalar
    public: Element

    @classmethod
    def generate(cls, rng: RandomSource) -> SigningKey:
        while True:
            secret = Scalar.from_wide_bytes(rng(64))
            if not secret.is_zero():
                return cls(secret, Element.base_times(secret))

    @classmethod
    def from_hex(cls, secret_hex: str) -> SigningKey:
        secret = Scalar.from_hex(secret_hex)
        if secret.is_zero():
            raise InvalidEncoding("a signing key is never zero")
        return cls(secret, Element.base_times(secret))

    def __repr__(self) -> str:  # never print the secret
        return f"SigningKey(public={self.public!r})"


def fingerprint(key: Element) -> str:
    """First 10 bytes of ``H("suffrage/1/fingerprint", key)``: 5 groups of 4 hex digits."""
    digest = hash_bytes(_FINGERPRINT_LABEL, key.to_bytes())[:10].hex()
    return " ".join(digest[k : k + 4] for k in range(0, 20, 4))


def election_fingerprint(mh: str, public_key: Element) -> str:
    """The fingerprint of ``bytes(mh) || public_key``: what voters and trustees compare."""
    digest = hash_bytes(_FINGERPRINT_LABEL, bytes.fromhex(mh) + public_key.to_bytes())[:10].hex()
    return " ".join(digest[k : k + 4] for k in range(0, 20, 4))


def trustee_message(mh: str, type_: str, payload: JsonObject) -> bytes:
    """``H("suffrage/1/trustee/" + type, canonical({"mh", "payload": payload - signature}))``."""
    unsigned = {k: v for k, v in payload.items() if k != "signature"}
    return hash_object(f"suffrage/1/trustee/{type_}", {"mh": mh, "payload": unsigned})


def sign_trustee_payload(
    key: SigningKey, mh: str, type_: str, payload: JsonObject, rng: RandomSource
) -> JsonObject:
    """``payload`` with its ``signature`` by ``key`` (any previous signature is replaced)."""
    sig = sign(key.secret, trustee_message(mh, type_, payload), rng)
    unsigned = {k: v for k, v in payload.items() if k != "signature"}
    return {**unsigned, "signature": sig.to_bytes().hex()}


def verify_trustee_payload(public: Element, mh: str, type_: str, payload: JsonObject) -> None:
    """Raise :class:`InvalidProof` unless the payload's ``signature`` is by ``public``."""
    raw = get_hex(payload, "signature", type_, length=64)
    try:
        verify_signature(public, trustee_message(mh, type_, payload), Signature.from_bytes(raw))
    except InvalidProof as exc:
        raise InvalidProof(f"{type_}.signature: {exc}") from None
