"""The native verification backend: argument checks, and that verification really uses it."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from suffrage.crypto import Element, Scalar, encrypt, hazmat
from suffrage.crypto._backend import ORDER, _native
from suffrage.crypto._backend.native import NativeBackend
from suffrage.crypto._backend.reference import ReferenceBackend
from suffrage.crypto._backend.sodium import SodiumBackend
from suffrage.crypto.proofs import (
    prove_decryption_share,
    prove_dleq,
    prove_key_knowledge,
    prove_range,
    prove_zero_or_one,
    sign,
    verify_decryption_share,
    verify_dleq,
    verify_key_knowledge,
    verify_range,
    verify_signature,
    verify_zero_or_one,
)

Rng = Callable[[int], bytes]
BACKENDS = [NativeBackend(), SodiumBackend(), ReferenceBackend()]
G = Element.generator().to_bytes()


def _le(k: int) -> bytes:
    return k.to_bytes(32, "little")


def test_the_extension_is_compiled_code() -> None:
    assert inspect.isbuiltin(_native.combine)
    assert _native.__file__ is not None and _native.__file__.endswith(".so")
    assert hazmat.VERIFY_BACKEND.name == "native"
    assert hazmat.BACKEND.name == "libsodium"


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.name)
def test_scalars_not_below_the_order_are_rejected(backend: Any) -> None:
    for bad in (ORDER, ORDER + 1, 2**255, 2**256 - 1):
        with pytest.raises(ValueError, match="not below the"):
            backend.combine(G, _le(0) + _le(bad))
        with pytest.raises(ValueError, match="not below the"):
            backend.combine(b"", _le(bad))


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.name)
def test_lengths_that_do_not_fit_are_rejected(backend: Any) -> None:
    with pytest.raises(ValueError, match="points"):
        backend.combine(G[:31], _le(1) + _le(1))
    with pytest.raises(ValueError, match="rows"):
        backend.combine(G, _le(1))
    with pytest.raises(TypeError):
        backend.combine(bytearray(G), _le(1) + _le(1))
    assert backend.combine(G, b"") == b""


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.name)
def test_identity_and_zero_rows(backend: Any) -> None:
    identity = bytes(32)
    assert backend.combine(identity, _le(0) + _le(5)) == identity
    assert backend.combine(identity, _le(1) + _le(5)) == G
    assert backend.combine(G + G, _le(0) * 3) == identity
    assert backend.combine(G, _le(1) + _le(ORDER - 1)) == identity


def test_typed_combine_checks_row_widths() -> None:
    g = Element.generator()
    two = Scalar.from_int(2)
    assert hazmat.combine([g], [(two, two)]) == [Element.base_times(Scalar.from_int(4))]
    with pytest.raises(ValueError, match="a row of 1 scalars for 1 points"):
        hazmat.combine([g], [(two,)])


def test_every_verification_calls_the_native_code(
    rng: Rng, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A silent fallback to another backend would leave the recorder empty."""
    calls: list[int] = []
    native = _native.combine

    def recording(points: bytes, rows: bytes) -> bytes:
        calls.append(len(rows))
        return native(points, rows)

    secret = Scalar.random(rng)
    public = Element.base_times(secret)
    r = Scalar.random(rng)
    ct = encrypt(public, 1, r)
    bit = prove_zero_or_one(public, ct, 1, r, b"x", rng)
    rng_proof = prove_range(public, ct, 1, r, 0, 3, b"x", rng)
    sig = sign(secret, b"m", rng)
    key_proof = prove_key_knowledge(secret, public, b"x", rng)
    h = Element.base_times(Scalar.from_int(7))
    dleq = prove_dleq(secret, public, h, b"x", rng)
    share, share_proof = prove_decryption_share(secret, ct, b"x", rng)
    proofs = [
        lambda: verify_zero_or_one(public, ct, bit, b"x"),
        lambda: verify_range(public, ct, 0, 3, rng_proof, b"x"),
        lambda: verify_signature(public, b"m", sig),
        lambda: verify_key_knowledge(public, key_proof, b"x"),
        lambda: verify_dleq(public, public * secret, h, h * secret, dleq, b"x"),
        lambda: verify_decryption_share(public, ct, share, share_proof, b"x"),
    ]
    monkeypatch.setattr(_native, "combine", recording)
    for verify in proofs:
        calls.clear()
        verify()
        assert len(calls) == 1
