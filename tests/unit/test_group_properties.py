"""Algebraic laws of Scalar and Element on random values."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.crypto import ORDER, Element, Scalar

ints = st.integers(min_value=-(2**300), max_value=2**300)
elements = st.binary(min_size=64, max_size=64).map(Element.from_uniform_bytes)
FAST = settings(max_examples=40, deadline=None)


@FAST
@given(ints, ints)
def test_scalar_ops_are_integer_ops_mod_order(a: int, b: int) -> None:
    sa, sb = Scalar.from_int(a), Scalar.from_int(b)
    assert sa + sb == Scalar.from_int(a + b)
    assert sa - sb == Scalar.from_int(a - b)
    assert sa * sb == Scalar.from_int(a * b)
    assert -sa == Scalar.from_int(-a)
    assert int.from_bytes(sa.to_bytes(), "little") == a % ORDER
    assert Scalar.from_bytes(sa.to_bytes()) == sa
    if not sa.is_zero():
        assert sa * sa.invert() == Scalar.one()


@FAST
@given(ints, ints, elements)
def test_scalar_multiplication_distributes(a: int, b: int, p: Element) -> None:
    sa, sb = Scalar.from_int(a), Scalar.from_int(b)
    assert p * (sa + sb) == p * sa + p * sb
    assert Element.base_times(sa * sb) == Element.base_times(sa) * sb
    assert p * Scalar.from_int(ORDER) == Element.identity()


@FAST
@given(elements, elements)
def test_group_laws_and_encoding(p: Element, q: Element) -> None:
    assert p + q == q + p
    assert p - q + q == p
    assert p + (-p) == Element.identity()
    assert Element.from_bytes(p.to_bytes(), allow_identity=True) == p
    assert Element.from_hex(q.hex(), allow_identity=True) == q
