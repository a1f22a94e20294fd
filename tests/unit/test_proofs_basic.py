"""Schnorr key proofs, DLEQ proofs, decryption-share proofs and signatures."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from suffrage.crypto import Element, Scalar
from suffrage.crypto.elgamal import Ciphertext, encrypt
from suffrage.crypto.proofs import (
    DleqProof,
    SchnorrProof,
    Signature,
    prove_decryption_share,
    prove_dleq,
    prove_key_knowledge,
    sign,
    verify_decryption_share,
    verify_dleq,
    verify_key_knowledge,
    verify_signature,
)
from suffrage.errors import InvalidEncoding, InvalidProof

Rng = Callable[[int], bytes]
CTX = b"election-42"


def _flips(data: bytes) -> list[bytes]:
    """Every single-byte change of ``data`` (one bit flipped in each byte)."""
    return [data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :] for i in range(len(data))]


def _elem(n: int) -> Element:
    return Element.base_times(Scalar.from_int(n))


def test_schnorr_roundtrip_and_rejections(rng: Rng) -> None:
    x = Scalar.random(rng)
    pub = Element.base_times(x)
    proof = prove_key_knowledge(x, pub, CTX, rng)
    verify_key_knowledge(pub, proof, CTX)
    assert SchnorrProof.from_bytes(proof.to_bytes()) == proof
    with pytest.raises(InvalidProof, match="z\\*G - c\\*public"):
        verify_key_knowledge(pub, proof, b"other context")
    with pytest.raises(InvalidProof):
        verify_key_knowledge(_elem(3), proof, CTX)
    for bad in _flips(proof.to_bytes()):
        with pytest.raises((InvalidProof, InvalidEncoding)):
            verify_key_knowledge(pub, SchnorrProof.from_bytes(bad), CTX)


def test_schnorr_wrong_secret_does_not_verify(rng: Rng) -> None:
    pub = _elem(11)
    proof = prove_key_knowledge(Scalar.from_int(12), pub, CTX, rng)
    with pytest.raises(InvalidProof):
        verify_key_knowledge(pub, proof, CTX)


@pytest.mark.parametrize("length", [0, 63, 65])
def test_proof_decoding_rejects_bad_lengths(length: int) -> None:
    for cls in (SchnorrProof, DleqProof, Signature):
        with pytest.raises(InvalidEncoding, match="64 bytes"):
            cls.from_bytes(bytes(length))


def test_proof_decoding_rejects_non_canonical_scalars() -> None:
    with pytest.raises(InvalidEncoding, match="non-canonical"):
        SchnorrProof.from_bytes(b"\xff" * 64)


def test_dleq_roundtrip_and_rejections(rng: Rng) -> None:
    x = Scalar.random(rng)
    b1, b2 = _elem(5), _elem(9)
    a, b = b1 * x, b2 * x
    proof = prove_dleq(x, b1, b2, CTX, rng)
    verify_dleq(b1, a, b2, b, proof, CTX)
    assert DleqProof.from_bytes(proof.to_bytes()) == proof
    with pytest.raises(InvalidProof, match="z\\*base1 - c\\*a"):
        verify_dleq(b1, a, b2, b + b1, proof, CTX)
    with pytest.raises(InvalidProof):
        verify_dleq(b1, a, b2, b, proof, CTX + b"x")
    with pytest.raises(InvalidProof):
        verify_dleq(b2, a, b1, b, proof, CTX)
    for bad in _flips(proof.to_bytes()):
        with pytest.raises((InvalidProof, InvalidEncoding)):
            verify_dleq(b1, a, b2, b, DleqProof.from_bytes(bad), CTX)


def test_dleq_with_generator_base(rng: Rng) -> None:
    x = Scalar.random(rng)
    g, b2 = Element.generator(), _elem(77)
    proof = prove_dleq(x, g, b2, CTX, rng)
    verify_dleq(g, Element.base_times(x), b2, b2 * x, proof, CTX)


def test_dleq_unequal_logs_fail(rng: Rng) -> None:
    b1, b2 = _elem(5), _elem(9)
    x = Scalar.random(rng)
    proof = prove_dleq(x, b1, b2, CTX, rng)
    with pytest.raises(InvalidProof):
        verify_dleq(b1, b1 * x, b2, b2 * (x + Scalar.one()), proof, CTX)


def test_decryption_share(rng: Rng) -> None:
    x = Scalar.random(rng)
    pub = Element.base_times(x)
    ct = encrypt(_elem(1234), 3, Scalar.random(rng))
    share, proof = prove_decryption_share(x, ct, CTX, rng)
    assert share == ct.alpha * x
    verify_decryption_share(pub, ct, share, proof, CTX)
    with pytest.raises(InvalidProof, match="decryption-share"):
        verify_decryption_share(pub, ct, share + Element.generator(), proof, CTX)
    other = Ciphertext(ct.alpha, ct.beta + Element.generator())
    with pytest.raises(InvalidProof):  # the whole ciphertext is bound, beta included
        verify_decryption_share(pub, other, share, proof, CTX)
    with pytest.raises(InvalidProof):
        verify_decryption_share(_elem(2), ct, share, proof, CTX)
    with pytest.raises(InvalidProof):
        verify_decryption_share(pub, ct, share, proof, b"")
    for bad in _flips(proof.to_bytes()):
        with pytest.raises((InvalidProof, InvalidEncoding)):
            verify_decryption_share(pub, ct, share, DleqProof.from_bytes(bad), CTX)


def test_decryption_share_of_neutral_ciphertext(rng: Rng) -> None:
    x = Scalar.random(rng)
    ct = Ciphertext.zero()
    share, proof = prove_decryption_share(x, ct, CTX, rng)
    assert share.is_identity()
    verify_decryption_share(Element.base_times(x), ct, share, proof, CTX)


def test_signature(rng: Rng) -> None:
    x = Scalar.random(rng)
    pub = Element.base_times(x)
    sig = sign(x, b"ballot bytes", rng)
    verify_signature(pub, b"ballot bytes", sig)
    assert Signature.from_bytes(sig.to_bytes()) == sig
    with pytest.raises(InvalidProof, match="signature fails"):
        verify_signature(pub, b"ballot bytez", sig)
    with pytest.raises(InvalidProof):
        verify_signature(_elem(8), b"ballot bytes", sig)
    for bad in _flips(sig.to_bytes()):
        with pytest.raises((InvalidProof, InvalidEncoding)):
            verify_signature(pub, b"ballot bytes", Signature.from_bytes(bad))


def test_signature_is_not_a_key_proof(rng: Rng) -> None:
    x = Scalar.random(rng)
    pub = Element.base_times(x)
    sig = sign(x, CTX, rng)
    with pytest.raises(InvalidProof):
        verify_key_knowledge(pub, SchnorrProof(sig.challenge, sig.response), CTX)
