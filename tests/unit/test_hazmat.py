from __future__ import annotations

import pytest

from suffrage.crypto import Element, Scalar, hazmat


def test_raw_functions_match_typed_api() -> None:
    g = Element.generator()
    s = Scalar.from_int(11)
    gb = g.to_bytes()
    assert hazmat.raw_add(gb, gb) == (g + g).to_bytes()
    assert hazmat.raw_sub(gb, gb) == hazmat.IDENTITY_BYTES
    assert hazmat.raw_scalarmult(s.to_bytes(), gb) == (g * s).to_bytes()
    assert hazmat.raw_scalarmult_base(s.to_bytes()) == Element.base_times(s).to_bytes()
    assert (
        hazmat.raw_from_uniform_bytes(bytes(64)) == Element.from_uniform_bytes(bytes(64)).to_bytes()
    )
    assert hazmat.BACKEND.name == "libsodium"


def test_unchecked_wrappers_and_integers() -> None:
    g = Element.generator()
    assert hazmat.element_unchecked(g.to_bytes()) == g
    assert hazmat.scalar_to_int(Scalar.from_int(-1)) == hazmat.ORDER - 1
    assert hazmat.is_canonical_element(g.to_bytes())
    assert hazmat.is_canonical_element(hazmat.IDENTITY_BYTES)
    assert not hazmat.is_canonical_element(b"\x01" + bytes(31))
    assert not hazmat.is_canonical_element(bytes(31))


def test_sums() -> None:
    g = Element.generator()
    ks = [Scalar.from_int(k) for k in (1, 2, 3)]
    es = [Element.base_times(Scalar.from_int(k)) for k in (5, 6, 7)]
    assert hazmat.sum_elements([]) == Element.identity()
    assert hazmat.sum_elements(es) == Element.base_times(Scalar.from_int(18))
    assert hazmat.multiscalar_mul(ks, es) == g * Scalar.from_int(5 + 12 + 21)
    with pytest.raises(ValueError, match="2 scalars for 3 elements"):
        hazmat.multiscalar_mul(ks[:2], es)


def test_raw_sum_adds_encodings_natively() -> None:
    es = [Element.base_times(Scalar.from_int(k)) for k in range(1, 2500)]
    joined = b"".join(e.to_bytes() for e in es)
    assert hazmat.raw_sum(joined[: 699 * 32]) == hazmat.sum_elements(es[:699]).to_bytes()
    total = Element.base_times(Scalar.from_int(2499 * 2500 // 2))
    assert hazmat.raw_sum(joined) == total.to_bytes()  # more points than one native call takes
    assert hazmat.raw_sum(b"") == hazmat.IDENTITY_BYTES
    assert hazmat.raw_sum(bytes(64)) == hazmat.IDENTITY_BYTES
    with pytest.raises(ValueError, match="33 bytes is not a whole number of encodings"):
        hazmat.raw_sum(bytes(33))
    with pytest.raises(ValueError):
        hazmat.raw_sum(b"\x01" + bytes(31))  # not a canonical encoding


def test_public_surfaces_are_declared_and_importable() -> None:
    import importlib

    import suffrage.crypto as crypto

    names = (
        "group",
        "hazmat",
        "elgamal",
        "dlog",
        "_backend",
        "_backend.reference",
        "_backend.sodium",
    )
    for module in (importlib.import_module(f"suffrage.crypto.{n}") for n in names):
        assert module.__all__, module.__name__
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"
    for name in ("Element", "Scalar", "Ciphertext", "DlogTable", "encrypt", "decrypt", "dlog"):
        assert name in crypto.__all__
