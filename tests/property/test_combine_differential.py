"""Differential tests of ``combine``: native C code, libsodium and the pure-Python reference.

``combine(points, rows)`` is the one operation of verification equations; the native
backend computes it in variable time with its own field and curve arithmetic, so it is
compared with both other implementations on random and edge inputs.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.crypto._backend import IDENTITY, ORDER
from suffrage.crypto._backend.native import NativeBackend
from suffrage.crypto._backend.reference import ReferenceBackend
from suffrage.crypto._backend.sodium import SodiumBackend

NATIVE = NativeBackend()
SODIUM = SodiumBackend()
REF = ReferenceBackend()

G = SODIUM.scalarmult_base((1).to_bytes(32, "little"))
#: Scalars that stress recoding: zero, one, small values, around 2^k and the order.
EDGE_SCALARS = [0, 1, 2, 3, 15, 16, 17, 127, 128, 2**128, 2**252, ORDER - 1, ORDER - 2]

scalars = st.one_of(st.integers(min_value=0, max_value=ORDER - 1), st.sampled_from(EDGE_SCALARS))
points = st.one_of(
    st.binary(min_size=64, max_size=64).map(SODIUM.from_hash),
    st.sampled_from([IDENTITY, G]),
    st.integers(min_value=0, max_value=20).map(lambda k: SODIUM.scalarmult_base(_le(k))),
)


def _le(k: int) -> bytes:
    return k.to_bytes(32, "little")


@st.composite
def problems(draw: st.DrawFn, max_points: int = 4, max_rows: int = 4) -> tuple[bytes, bytes]:
    """``(points, rows)``: k points (repeats allowed) and m rows of k + 1 scalars."""
    k = draw(st.integers(min_value=0, max_value=max_points))
    m = draw(st.integers(min_value=0, max_value=max_rows))
    pts = draw(st.lists(points, min_size=k, max_size=k))
    rows = draw(st.lists(scalars, min_size=m * (k + 1), max_size=m * (k + 1)))
    return b"".join(pts), b"".join(_le(s) for s in rows)


@settings(max_examples=300, deadline=None)
@given(problems())
def test_native_agrees_with_libsodium(problem: tuple[bytes, bytes]) -> None:
    assert NATIVE.combine(*problem) == SODIUM.combine(*problem)


@settings(max_examples=25, deadline=None)
@given(problems(max_points=2, max_rows=2))
def test_native_agrees_with_reference(problem: tuple[bytes, bytes]) -> None:
    assert NATIVE.combine(*problem) == REF.combine(*problem)


@settings(max_examples=500, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_native_decoding_of_arbitrary_bytes_agrees(b: bytes) -> None:
    """A point is accepted exactly when libsodium (with the top-bit check) accepts it."""
    row = _le(0) + _le(1)
    try:
        out = NATIVE.combine(b, row)
    except ValueError:
        assert not SODIUM.is_valid_point(b)
    else:
        assert SODIUM.is_valid_point(b)
        assert out == b


@settings(max_examples=100, deadline=None)
@given(points, points, scalars, scalars)
def test_linearity(p: bytes, q: bytes, a: int, b: int) -> None:
    """``a*P + b*Q`` in one row equals the sum of the two single-term rows."""
    both = NATIVE.combine(p + q, _le(0) + _le(a) + _le(b))
    parts = NATIVE.combine(p + q, _le(0) + _le(a) + _le(0) + _le(0) + _le(0) + _le(b))
    assert both == SODIUM.add(parts[:32], parts[32:])
