"""Zero-or-one and range proofs on ElGamal ciphertexts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from suffrage.crypto import Element, Scalar
from suffrage.crypto.elgamal import Ciphertext, encrypt
from suffrage.crypto.proofs import (
    DisjunctiveProof,
    RangeProof,
    prove_range,
    prove_zero_or_one,
    verify_range,
    verify_zero_or_one,
)
from suffrage.errors import CryptoError, InvalidEncoding, InvalidProof

Rng = Callable[[int], bytes]
CTX = b"contest-1"


def _flips(data: bytes) -> list[bytes]:
    return [data[:i] + bytes([data[i] ^ 0x80]) + data[i + 1 :] for i in range(len(data))]


@pytest.fixture
def key(rng: Rng) -> Element:
    return Element.base_times(Scalar.random(rng))


@pytest.mark.parametrize("m", [0, 1])
def test_zero_or_one_roundtrip(key: Element, rng: Rng, m: int) -> None:
    r = Scalar.random(rng)
    ct = encrypt(key, m, r)
    proof = prove_zero_or_one(key, ct, m, r, CTX, rng)
    verify_zero_or_one(key, ct, proof, CTX)
    assert DisjunctiveProof.from_bytes(proof.to_bytes()) == proof
    assert len(proof.to_bytes()) == 256  # expanded (5.9)
    compact = proof.compact()
    assert len(compact.to_bytes()) == 128
    assert DisjunctiveProof.from_bytes(compact.to_bytes()) == compact
    verify_zero_or_one(key, ct, compact, CTX)


def test_zero_or_one_rejects_tampering(key: Element, rng: Rng) -> None:
    r = Scalar.random(rng)
    ct = encrypt(key, 1, r)
    proof = prove_zero_or_one(key, ct, 1, r, CTX, rng)
    for bad in _flips(proof.to_bytes()):
        with pytest.raises((InvalidProof, InvalidEncoding)):
            verify_zero_or_one(key, ct, DisjunctiveProof.from_bytes(bad), CTX)
    for bad in _flips(ct.to_bytes()):
        with pytest.raises((InvalidProof, InvalidEncoding)):
            verify_zero_or_one(key, Ciphertext.from_bytes(bad), proof, CTX)
    with pytest.raises(InvalidProof, match="zero-or-one proof fails"):
        verify_zero_or_one(key, ct, proof, CTX + b"!")
    with pytest.raises(InvalidProof):
        verify_zero_or_one(key + Element.generator(), ct, proof, CTX)


def test_zero_or_one_cannot_prove_two(key: Element, rng: Rng) -> None:
    r = Scalar.random(rng)
    ct = encrypt(key, 2, r)
    with pytest.raises(CryptoError, match="cannot prove"):
        prove_zero_or_one(key, ct, 2, r, CTX, rng)
    # A prover that lies about m produces a proof that does not verify.
    for claimed in (0, 1):
        proof = prove_zero_or_one(key, ct, claimed, r, CTX, rng)
        with pytest.raises(InvalidProof):
            verify_zero_or_one(key, ct, proof, CTX)


@pytest.mark.parametrize(("lo", "hi", "m"), [(0, 0, 0), (3, 3, 3), (0, 5, 4), (2, 4, 2), (1, 7, 7)])
def test_range_roundtrip(key: Element, rng: Rng, lo: int, hi: int, m: int) -> None:
    r = Scalar.random(rng)
    ct = encrypt(key, m, r)
    proof = prove_range(key, ct, m, r, lo, hi, CTX, rng)
    verify_range(key, ct, lo, hi, proof, CTX)
    values = hi - lo + 1
    assert RangeProof.from_bytes(proof.to_bytes(), values) == proof
    assert len(proof.to_bytes()) == 128 * values  # expanded (5.9)
    compact = proof.compact()
    assert RangeProof.from_bytes(compact.to_bytes(), values) == compact
    assert RangeProof.from_bytes(compact.to_bytes()) == compact
    verify_range(key, ct, lo, hi, compact, CTX)


def test_range_binds_bounds(key: Element, rng: Rng) -> None:
    r = Scalar.random(rng)
    ct = encrypt(key, 2, r)
    proof = prove_range(key, ct, 2, r, 1, 3, CTX, rng)
    with pytest.raises(InvalidProof, match="range proof fails"):
        verify_range(key, ct, 2, 4, proof, CTX)
    with pytest.raises(InvalidProof, match="branches"):
        verify_range(key, ct, 1, 4, proof, CTX)


def test_range_rejects_out_of_range_value(key: Element, rng: Rng) -> None:
    r = Scalar.random(rng)
    ct = encrypt(key, 5, r)
    with pytest.raises(CryptoError, match="cannot prove"):
        prove_range(key, ct, 5, r, 0, 4, CTX, rng)
    proof = prove_range(key, ct, 4, r, 0, 4, CTX, rng)  # a lie about m
    with pytest.raises(InvalidProof):
        verify_range(key, ct, 0, 4, proof, CTX)


def test_exactly_k_on_homomorphic_sum(key: Element, rng: Rng) -> None:
    votes = [0, 1, 0, 0, 0]
    nonces = [Scalar.random(rng) for _ in votes]
    cts = [encrypt(key, v, r) for v, r in zip(votes, nonces, strict=True)]
    total = cts[0]
    for ct in cts[1:]:
        total = total + ct
    r_sum = Scalar.zero()
    for r in nonces:
        r_sum = r_sum + r
    proof = prove_range(key, total, 1, r_sum, 1, 1, CTX, rng)
    assert len(proof.compact().to_bytes()) == 64
    verify_range(key, total, 1, 1, proof, CTX)
    with pytest.raises(InvalidProof):
        verify_range(key, total - cts[1], 1, 1, proof, CTX)


def test_range_tampering(key: Element, rng: Rng) -> None:
    r = Scalar.random(rng)
    ct = encrypt(key, 1, r)
    proof = prove_range(key, ct, 1, r, 0, 2, CTX, rng)
    for bad in _flips(proof.to_bytes()):
        with pytest.raises((InvalidProof, InvalidEncoding)):
            verify_range(key, ct, 0, 2, RangeProof.from_bytes(bad), CTX)


@pytest.mark.parametrize(("lo", "hi"), [(3, 2), (-1, 2)])
def test_range_bad_bounds(key: Element, rng: Rng, lo: int, hi: int) -> None:
    r = Scalar.random(rng)
    ct = encrypt(key, 1, r)
    with pytest.raises(CryptoError, match="range"):
        prove_range(key, ct, 1, r, lo, hi, CTX, rng)


@pytest.mark.parametrize("length", [0, 63, 96])
def test_range_proof_bad_lengths(length: int) -> None:
    with pytest.raises(InvalidEncoding, match="multiple of 64"):
        RangeProof.from_bytes(bytes(length))
    with pytest.raises(InvalidEncoding):
        DisjunctiveProof.from_bytes(bytes(length))


def test_range_proof_length_must_fit_the_value_count() -> None:
    with pytest.raises(InvalidEncoding, match="over 3 values is 192 bytes"):
        RangeProof.from_bytes(bytes(64 * 4), 3)


def test_expanded_commitments_must_be_the_recomputed_ones(key: Element, rng: Rng) -> None:
    """A prover that lies about m hashes its own commitments: the transcript over the given
    commitments holds, the commitment equation does not (5.9 step 3)."""
    r = Scalar.random(rng)
    ct = encrypt(key, 2, r)
    lie = prove_zero_or_one(key, ct, 1, r, CTX, rng)
    with pytest.raises(InvalidProof, match=r"b_1 != z_1\*H - c_1\*\(beta - 1\*G\)"):
        verify_zero_or_one(key, ct, lie, CTX)
    with pytest.raises(InvalidProof, match="sum of c_k"):
        verify_zero_or_one(key, ct, lie.compact(), CTX)


def test_non_canonical_commitment_fails(key: Element, rng: Rng) -> None:
    r = Scalar.random(rng)
    ct = encrypt(key, 1, r)
    proof = prove_zero_or_one(key, ct, 1, r, CTX, rng)
    bad = proof.to_bytes()[:128] + b"\xff" * 32 + proof.to_bytes()[160:]
    with pytest.raises(InvalidProof):
        verify_zero_or_one(key, ct, DisjunctiveProof.from_bytes(bad), CTX)
