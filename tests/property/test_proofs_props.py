"""Property tests: honest proofs verify; any single-byte change or other statement fails."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.crypto import Element, Scalar
from suffrage.crypto.elgamal import Ciphertext, encrypt
from suffrage.crypto.proofs import (
    DisjunctiveProof,
    DleqProof,
    RangeProof,
    SchnorrProof,
    Signature,
    prove_dleq,
    prove_key_knowledge,
    prove_range,
    prove_zero_or_one,
    sign,
    verify_dleq,
    verify_key_knowledge,
    verify_range,
    verify_signature,
    verify_zero_or_one,
)
from suffrage.errors import InvalidEncoding, InvalidProof

FAILS = (InvalidProof, InvalidEncoding)
seeds = st.binary(min_size=8, max_size=8)
contexts = st.binary(max_size=24)


def _rng(seed: bytes) -> Callable[[int], bytes]:
    counter = 0

    def read(n: int) -> bytes:
        nonlocal counter
        out = b""
        while len(out) < n:
            out += hashlib.sha512(seed + counter.to_bytes(8, "big")).digest()
            counter += 1
        return out[:n]

    return read


def _change(data: bytes, index: int, delta: int) -> bytes:
    i = index % len(data)
    return data[:i] + bytes([data[i] ^ delta]) + data[i + 1 :]


bytes_changes = st.tuples(st.integers(0, 10_000), st.integers(1, 255))


@settings(max_examples=25, deadline=None)
@given(seeds, contexts, contexts, bytes_changes)
def test_schnorr(seed: bytes, ctx: bytes, other: bytes, change: tuple[int, int]) -> None:
    rng = _rng(seed)
    x = Scalar.random(rng)
    pub = Element.base_times(x)
    proof = prove_key_knowledge(x, pub, ctx, rng)
    verify_key_knowledge(pub, proof, ctx)
    if other != ctx:
        with pytest.raises(InvalidProof):
            verify_key_knowledge(pub, proof, other)
    with pytest.raises(FAILS):
        verify_key_knowledge(pub, SchnorrProof.from_bytes(_change(proof.to_bytes(), *change)), ctx)


@settings(max_examples=25, deadline=None)
@given(seeds, contexts, bytes_changes)
def test_dleq(seed: bytes, ctx: bytes, change: tuple[int, int]) -> None:
    rng = _rng(seed)
    x, y, u = Scalar.random(rng), Scalar.random(rng), Scalar.random(rng)
    b1, b2 = Element.base_times(y), Element.base_times(u)
    proof = prove_dleq(x, b1, b2, ctx, rng)
    verify_dleq(b1, b1 * x, b2, b2 * x, proof, ctx)
    with pytest.raises(FAILS):
        verify_dleq(
            b1, b1 * x, b2, b2 * x, DleqProof.from_bytes(_change(proof.to_bytes(), *change)), ctx
        )
    with pytest.raises(InvalidProof):
        verify_dleq(b1, b1 * x, b2, b2 * y, proof, ctx)


@settings(max_examples=25, deadline=None)
@given(seeds, st.binary(max_size=64), bytes_changes)
def test_signature(seed: bytes, message: bytes, change: tuple[int, int]) -> None:
    rng = _rng(seed)
    x = Scalar.random(rng)
    pub = Element.base_times(x)
    sig = sign(x, message, rng)
    verify_signature(pub, message, sig)
    with pytest.raises(FAILS):
        verify_signature(pub, message, Signature.from_bytes(_change(sig.to_bytes(), *change)))
    with pytest.raises(InvalidProof):
        verify_signature(pub, message + b"\x00", sig)


@settings(max_examples=20, deadline=None)
@given(seeds, st.integers(0, 1), contexts, contexts, bytes_changes, bytes_changes)
def test_zero_or_one(
    seed: bytes,
    m: int,
    ctx: bytes,
    other: bytes,
    change: tuple[int, int],
    ct_change: tuple[int, int],
) -> None:
    rng = _rng(seed)
    pub = Element.base_times(Scalar.random(rng))
    r = Scalar.random(rng)
    ct = encrypt(pub, m, r)
    proof = prove_zero_or_one(pub, ct, m, r, ctx, rng)
    verify_zero_or_one(pub, ct, proof, ctx)
    if other != ctx:
        with pytest.raises(InvalidProof):
            verify_zero_or_one(pub, ct, proof, other)
    with pytest.raises(FAILS):
        bad = DisjunctiveProof.from_bytes(_change(proof.to_bytes(), *change))
        verify_zero_or_one(pub, ct, bad, ctx)
    with pytest.raises(FAILS):
        verify_zero_or_one(
            pub, Ciphertext.from_bytes(_change(ct.to_bytes(), *ct_change)), proof, ctx
        )


@settings(max_examples=20, deadline=None)
@given(seeds, st.integers(0, 4), st.integers(0, 3), st.data())
def test_range(seed: bytes, lo: int, width: int, data: st.DataObject) -> None:
    hi = lo + width
    m = data.draw(st.integers(lo, hi))
    rng = _rng(seed)
    pub = Element.base_times(Scalar.random(rng))
    r = Scalar.random(rng)
    ct = encrypt(pub, m, r)
    proof = prove_range(pub, ct, m, r, lo, hi, b"ctx", rng)
    verify_range(pub, ct, lo, hi, proof, b"ctx")
    change = data.draw(bytes_changes)
    with pytest.raises(FAILS):
        verify_range(
            pub, ct, lo, hi, RangeProof.from_bytes(_change(proof.to_bytes(), *change)), b"ctx"
        )
    with pytest.raises(InvalidProof):
        verify_range(pub, ct + encrypt(pub, 0, r), lo, hi, proof, b"ctx")
    if m == hi:  # a ciphertext of hi + 1 cannot be proven in lo..hi
        g = Element.generator()
        lie = prove_range(pub, ct, hi, r, lo, hi, b"ctx", rng)
        with pytest.raises(InvalidProof):
            verify_range(pub, Ciphertext(ct.alpha, ct.beta + g), lo, hi, lie, b"ctx")
