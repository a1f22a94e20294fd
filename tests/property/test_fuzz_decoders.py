"""Decoders never fail with anything but InvalidEncoding, whatever they are given."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.crypto import Ciphertext, Element, Scalar
from suffrage.crypto._backend import ORDER
from suffrage.crypto._backend.reference import ReferenceBackend
from suffrage.errors import InvalidEncoding

REF = ReferenceBackend()
FUZZ = settings(max_examples=300, deadline=None)

garbage: st.SearchStrategy[Any] = st.one_of(
    st.binary(max_size=140),
    st.text(max_size=140),
    st.integers(),
    st.none(),
    st.lists(st.integers(0, 255), max_size=40),
    st.binary(max_size=70).map(bytearray),
    st.binary(max_size=70).map(lambda b: memoryview(b)),
)
VALID = Element.base_times(Scalar.from_int(7)).to_bytes()


def _only_invalid_encoding(decode: Callable[[Any], object], data: Any) -> object | None:
    try:
        return decode(data)
    except InvalidEncoding:
        return None


def _mutations() -> st.SearchStrategy[bytes]:
    """Valid encodings truncated, extended or with bytes flipped."""
    base = st.sampled_from([VALID, bytes(32), VALID + VALID])
    return st.one_of(
        st.tuples(base, st.integers(0, 63)).map(lambda t: t[0][: t[1]]),
        st.tuples(base, st.binary(min_size=1, max_size=8)).map(lambda t: t[0] + t[1]),
        st.tuples(base, st.integers(0, 63), st.integers(1, 255)).map(
            lambda t: _flip(t[0], t[1], t[2])
        ),
    )


def _flip(b: bytes, i: int, x: int) -> bytes:
    out = bytearray(b)
    out[i % len(out)] ^= x
    return bytes(out)


@FUZZ
@given(st.one_of(garbage, _mutations()))
def test_element_decoder(data: Any) -> None:
    for allow in (False, True):
        e = _only_invalid_encoding(partial(Element.from_bytes, allow_identity=allow), data)
        if e is not None:
            assert isinstance(e, Element)
            assert e.to_bytes() == bytes(data)
            assert REF.is_valid_point(bytes(data))


@FUZZ
@given(st.binary(min_size=32, max_size=32))
def test_element_decoder_agrees_with_reference_on_32_bytes(data: bytes) -> None:
    decoded = _only_invalid_encoding(lambda d: Element.from_bytes(d, allow_identity=True), data)
    assert (decoded is not None) == REF.is_valid_point(data)


@FUZZ
@given(
    st.one_of(
        garbage,
        _mutations(),
        st.integers(ORDER, 2**256 - 1).map(lambda v: v.to_bytes(32, "little")),
    )
)
def test_scalar_decoder(data: Any) -> None:
    s = _only_invalid_encoding(Scalar.from_bytes, data)
    if s is not None:
        assert isinstance(s, Scalar)
        assert s.to_bytes() == bytes(data)
        assert int.from_bytes(bytes(data), "little") < ORDER


@FUZZ
@given(st.one_of(garbage, _mutations()))
def test_ciphertext_decoder(data: Any) -> None:
    for allow in (False, True):
        ct = _only_invalid_encoding(partial(Ciphertext.from_bytes, allow_identity=allow), data)
        if ct is not None:
            assert isinstance(ct, Ciphertext)
            assert ct.to_bytes() == bytes(data)


@FUZZ
@given(st.one_of(garbage, st.text(alphabet="0123456789abcdefABCDEF \n", max_size=130)))
def test_hex_decoders(data: Any) -> None:
    for decode in (Element.from_hex, Scalar.from_hex, Ciphertext.from_hex):
        value = _only_invalid_encoding(decode, data)
        if value is not None:
            assert value.hex() == data  # type: ignore[attr-defined]
