from __future__ import annotations

from collections.abc import Callable

import pytest

from suffrage.crypto import (
    Ciphertext,
    DlogTable,
    Element,
    Scalar,
    decrypt,
    decrypt_to_element,
    encrypt,
    generate_keypair,
    keypair_from_secret,
    partial_decrypt,
    rerandomize,
)
from suffrage.errors import CryptoError, DecryptionError, InvalidEncoding

Rng = Callable[[int], bytes]


def test_encryption_equations(rng: Rng) -> None:
    kp = generate_keypair(rng)
    r = Scalar.random(rng)
    ct = encrypt(kp.public, 3, r)
    g = Element.generator()
    assert ct.alpha == g * r
    assert ct.beta == g * Scalar.from_int(3) + kp.public * r
    assert kp.public == g * kp.secret
    assert decrypt_to_element(ct, partial_decrypt(ct, kp.secret)) == g * Scalar.from_int(3)
    assert decrypt(ct, kp.secret, 10) == 3


def test_keypair_rules(rng: Rng) -> None:
    kp = keypair_from_secret(Scalar.from_int(42))
    assert kp.public == Element.base_times(Scalar.from_int(42))
    assert "hidden" in repr(kp)
    with pytest.raises(CryptoError, match="zero"):
        keypair_from_secret(Scalar.zero())
    zeros_then_random = iter([bytes(64), rng(64)])
    assert not generate_keypair(lambda n: next(zeros_then_random)).secret.is_zero()


def test_encrypt_refuses_nonces_and_keys_that_reveal_the_plaintext(rng: Rng) -> None:
    kp = generate_keypair(rng)
    with pytest.raises(CryptoError, match="nonce"):
        encrypt(kp.public, 1, Scalar.zero())
    with pytest.raises(CryptoError, match="identity"):
        encrypt(Element.identity(), 1, Scalar.one())
    with pytest.raises(CryptoError, match="nonce"):
        rerandomize(encrypt(kp.public, 1, Scalar.one()), kp.public, Scalar.zero())


def test_homomorphism_scale_and_zero(rng: Rng) -> None:
    kp = generate_keypair(rng)
    a = encrypt(kp.public, 4, Scalar.random(rng))
    b = encrypt(kp.public, 9, Scalar.random(rng))
    assert decrypt(a + b, kp.secret, 100) == 13
    assert decrypt(b - a, kp.secret, 100) == 5
    assert decrypt(a.scale(7), kp.secret, 100) == 28
    assert decrypt(a.scale(0), kp.secret, 100) == 0
    assert a + Ciphertext.zero() == a
    assert a.scale(0) == Ciphertext.zero()
    assert decrypt(a.scale(-1) + b, kp.secret, 100) == 5


def test_rerandomize_changes_ciphertext_not_plaintext(rng: Rng) -> None:
    kp = generate_keypair(rng)
    ct = encrypt(kp.public, 6, Scalar.random(rng))
    ct2 = rerandomize(ct, kp.public, Scalar.random(rng))
    assert ct2 != ct
    assert decrypt(ct2, kp.secret, 10) == 6


def test_decrypt_out_of_bound_and_table_reuse(rng: Rng) -> None:
    kp = generate_keypair(rng)
    ct = encrypt(kp.public, 50, Scalar.random(rng))
    with pytest.raises(DecryptionError):
        decrypt(ct, kp.secret, 49)
    table = DlogTable(1000)
    assert decrypt(ct, kp.secret, 1000, table=table) == 50
    with pytest.raises(DecryptionError):
        decrypt(ct, kp.secret, 10, table=table)


def test_ciphertext_encoding(rng: Rng) -> None:
    kp = generate_keypair(rng)
    ct = encrypt(kp.public, 1, Scalar.random(rng))
    raw = ct.to_bytes()
    assert raw == ct.alpha.to_bytes() + ct.beta.to_bytes()
    assert len(raw) == 64
    assert Ciphertext.from_bytes(raw) == ct
    assert Ciphertext.from_hex(ct.hex()) == ct
    zero = Ciphertext.zero().to_bytes()
    assert zero == bytes(64)
    with pytest.raises(InvalidEncoding, match=r"alpha.*identity"):
        Ciphertext.from_bytes(zero)
    assert Ciphertext.from_bytes(zero, allow_identity=True) == Ciphertext.zero()
    with pytest.raises(InvalidEncoding, match="beta"):
        Ciphertext.from_bytes(raw[:32] + bytes(32))
    with pytest.raises(InvalidEncoding, match="beta"):
        Ciphertext.from_bytes(raw[:32] + b"\x01" + bytes(31))
    with pytest.raises(InvalidEncoding, match="64 bytes"):
        Ciphertext.from_bytes(raw[:63])
    with pytest.raises(InvalidEncoding):
        Ciphertext.from_hex(ct.hex().upper())
    with pytest.raises(InvalidEncoding):
        Ciphertext.from_hex(ct.hex()[:-2])


def test_ciphertext_is_immutable_and_typed(rng: Rng) -> None:
    ct = encrypt(generate_keypair(rng).public, 1, Scalar.one())
    with pytest.raises(AttributeError):
        ct.alpha = Element.generator()  # type: ignore[misc]
    with pytest.raises(TypeError):
        ct + 1  # type: ignore[operator]


def test_ciphertext_and_keypair_pickle(rng: Rng) -> None:
    import pickle

    kp = generate_keypair(rng)
    ct = encrypt(kp.public, 2, Scalar.random(rng))
    assert pickle.loads(pickle.dumps(ct)) == ct
    assert pickle.loads(pickle.dumps(kp)) == kp
    with pytest.raises(InvalidEncoding, match="got int"):
        Ciphertext.from_bytes(5)  # type: ignore[arg-type]
