from __future__ import annotations

import pytest

from suffrage.crypto import ORDER, Element, Scalar
from suffrage.errors import InvalidEncoding


def test_generator_encoding_is_rfc9496_base_point() -> None:
    assert Element.generator().hex() == (
        "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"
    )


def test_scalar_rejects_values_at_or_above_order() -> None:
    with pytest.raises(InvalidEncoding, match="non-canonical"):
        Scalar.from_bytes(ORDER.to_bytes(32, "little"))


def test_identity_rejected_unless_allowed() -> None:
    with pytest.raises(InvalidEncoding, match="identity"):
        Element.from_bytes(bytes(32))
    assert Element.from_bytes(bytes(32), allow_identity=True).is_identity()


def test_zero_times_element_is_identity() -> None:
    assert (Element.generator() * Scalar.zero()).is_identity()


G = Element.generator()


def test_scalar_arithmetic_matches_integers_mod_order() -> None:
    a, b = Scalar.from_int(123456789), Scalar.from_int(-5)
    assert a + b == Scalar.from_int(123456784)
    assert a - b == Scalar.from_int(123456794)
    assert a * b == Scalar.from_int(-617283945)
    assert -a == Scalar.from_int(ORDER - 123456789)
    assert a * a.invert() == Scalar.one()
    assert Scalar.from_int(ORDER) == Scalar.zero()
    with pytest.raises(ZeroDivisionError):
        Scalar.zero().invert()


def test_scalar_round_trips_and_rejects_bad_input() -> None:
    s = Scalar.from_int(ORDER - 1)
    assert Scalar.from_bytes(s.to_bytes()) == s
    assert Scalar.from_hex(s.hex()) == s
    assert Scalar.from_bytes(bytearray(s.to_bytes())) == s
    for bad in (b"", bytes(31), bytes(33), "00" * 32, None, 7):
        with pytest.raises(InvalidEncoding):
            Scalar.from_bytes(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidEncoding):
        Scalar.from_bytes(b"\xff" * 32)
    for bad_hex in (s.hex().upper(), s.hex()[:-2], s.hex() + "00", " " + s.hex()[1:], "zz" * 32):
        with pytest.raises(InvalidEncoding):
            Scalar.from_hex(bad_hex)
    with pytest.raises(TypeError):
        Scalar.from_int(True)
    with pytest.raises(TypeError):
        Scalar.from_int(1.0)  # type: ignore[arg-type]


def test_wide_reduction_and_random() -> None:
    assert Scalar.from_wide_bytes(ORDER.to_bytes(64, "little")) == Scalar.zero()
    assert Scalar.from_wide_bytes((ORDER + 7).to_bytes(64, "little")) == Scalar.from_int(7)
    with pytest.raises(InvalidEncoding):
        Scalar.from_wide_bytes(bytes(32))
    assert Scalar.random(lambda n: b"\x01" * n) == Scalar.from_wide_bytes(b"\x01" * 64)


def test_scalar_repr_hides_the_value() -> None:
    assert "hidden" in repr(Scalar.from_int(42))
    assert "2a" not in repr(Scalar.from_int(42))


def test_element_arithmetic() -> None:
    two, three = Scalar.from_int(2), Scalar.from_int(3)
    assert G + G == G * two == two * G == Element.base_times(two)
    assert G * three - G == G + G
    assert Element.identity() == -G + G
    assert (G * Scalar.from_int(-1)) == -G
    assert G + Element.identity() == G
    assert Element.identity() * three == Element.identity()


def test_types_do_not_mix() -> None:
    with pytest.raises(TypeError):
        G + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        G * 2  # type: ignore[operator]
    with pytest.raises(TypeError):
        Scalar.one() + 1  # type: ignore[operator]
    assert G.to_bytes() != G
    assert Scalar.one() != 1


def test_element_round_trips_and_hashing() -> None:
    e = Element.base_times(Scalar.from_int(99))
    assert Element.from_bytes(e.to_bytes()) == e
    assert Element.from_hex(e.hex()) == e
    assert Element.from_bytes(bytearray(e.to_bytes())) == e
    assert len({e, Element.from_bytes(e.to_bytes())}) == 1
    assert e.hex() in repr(e)


def test_element_decoding_rejects() -> None:
    for bad in (b"", bytes(31), bytes(33), None, "x", 5):
        with pytest.raises(InvalidEncoding, match="32 bytes"):
            Element.from_bytes(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidEncoding, match="canonical"):
        Element.from_bytes(b"\x01" + bytes(31))  # negative field element
    with pytest.raises(InvalidEncoding, match="identity"):
        Element.from_hex("00" * 32)
    with pytest.raises(InvalidEncoding):
        Element.from_hex(G.hex().upper())
    with pytest.raises(InvalidEncoding):
        Element.from_uniform_bytes(bytes(63))


def test_pickle_round_trip() -> None:
    import pickle

    s, e = Scalar.from_int(5), Element.base_times(Scalar.from_int(5))
    assert pickle.loads(pickle.dumps(s)) == s
    assert pickle.loads(pickle.dumps(e)) == e


def test_constructors_cannot_bypass_validation() -> None:
    with pytest.raises(TypeError, match="from_bytes"):
        Element(b"\x01" * 32)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="from_int"):
        Scalar(ORDER + 5)  # type: ignore[arg-type]


def test_random_rejects_a_short_random_source() -> None:
    from suffrage.errors import CryptoError

    with pytest.raises(CryptoError, match="returned 10 bytes"):
        Scalar.random(lambda n: bytes(10))
