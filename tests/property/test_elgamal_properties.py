"""Algebraic properties of exponential ElGamal, over random keys, nonces and plaintexts."""

from __future__ import annotations

from functools import reduce

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from suffrage.crypto import (
    Ciphertext,
    DlogTable,
    Element,
    Scalar,
    decrypt_to_element,
    encrypt,
    keypair_from_secret,
    partial_decrypt,
    rerandomize,
)
from suffrage.crypto._backend import ORDER
from suffrage.errors import InvalidEncoding

BOUND = 50_000
TABLE = DlogTable(BOUND)  # test-module constant, built once
SETTINGS = settings(max_examples=30, deadline=None)

nonzero = st.integers(min_value=1, max_value=ORDER - 1).map(Scalar.from_int)
votes = st.integers(min_value=0, max_value=200)


def _decrypt(ct: Ciphertext, secret: Scalar) -> int:
    return TABLE.solve(decrypt_to_element(ct, partial_decrypt(ct, secret)))


@SETTINGS
@given(nonzero, st.lists(st.tuples(votes, nonzero), min_size=1, max_size=6))
def test_sum_of_encryptions_decrypts_to_sum(
    secret: Scalar, items: list[tuple[int, Scalar]]
) -> None:
    kp = keypair_from_secret(secret)
    cts = [encrypt(kp.public, m, r) for m, r in items]
    total = reduce(lambda a, b: a + b, cts, Ciphertext.zero())
    assert _decrypt(total, secret) == sum(m for m, _ in items)


@SETTINGS
@given(nonzero, votes, nonzero, st.integers(min_value=0, max_value=200))
def test_scale_multiplies_plaintext(secret: Scalar, m: int, r: Scalar, w: int) -> None:
    kp = keypair_from_secret(secret)
    ct = encrypt(kp.public, m, r)
    assert _decrypt(ct.scale(w), secret) == m * w
    assert ct.scale(w) == Ciphertext(ct.alpha * Scalar.from_int(w), ct.beta * Scalar.from_int(w))


@SETTINGS
@given(nonzero, votes, nonzero, nonzero)
def test_rerandomize_preserves_plaintext(secret: Scalar, m: int, r: Scalar, r2: Scalar) -> None:
    kp = keypair_from_secret(secret)
    ct = encrypt(kp.public, m, r)
    ct2 = rerandomize(ct, kp.public, r2)
    assert _decrypt(ct2, secret) == m
    if not (r + r2).is_zero():  # encrypting with nonce r + r2 gives the same ciphertext
        assert ct2 == encrypt(kp.public, m, r + r2)


@SETTINGS
@given(st.lists(nonzero, min_size=1, max_size=4), votes, nonzero)
def test_partial_decryptions_of_additive_shares_combine(
    shares: list[Scalar], m: int, r: Scalar
) -> None:
    # A key split additively (x = x_1 + ... + x_k): the shares' partial decryptions add up
    # to the partial decryption with x, which is how trustees' factors combine.
    secret = reduce(lambda a, b: a + b, shares)
    if secret.is_zero():
        return
    public = reduce(lambda a, b: a + b, (Element.base_times(s) for s in shares))
    assert public == keypair_from_secret(secret).public
    ct = encrypt(public, m, r)
    combined = reduce(lambda a, b: a + b, (partial_decrypt(ct, s) for s in shares))
    assert combined == partial_decrypt(ct, secret)
    assert TABLE.solve(decrypt_to_element(ct, combined)) == m


@SETTINGS
@given(nonzero, votes, nonzero)
@example(Scalar.one(), 1, -Scalar.one())  # beta = G + (L-1)*G: the identity
def test_encoding_round_trip(secret: Scalar, m: int, r: Scalar) -> None:
    ct = encrypt(keypair_from_secret(secret).public, m, r)
    if ct.alpha.is_identity() or ct.beta.is_identity():
        # r = -m/x (mod L) makes beta the identity: a published ciphertext never has one
        # (7.1), so the encoding refuses it; a random nonce hits it with probability 2^-252.
        with pytest.raises(InvalidEncoding):
            Ciphertext.from_bytes(ct.to_bytes())
        return
    assert Ciphertext.from_bytes(ct.to_bytes()) == ct
    assert Ciphertext.from_hex(ct.hex()) == ct
