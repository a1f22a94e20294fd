"""Differential tests: the pure-Python RFC 9496 reference against libsodium."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.crypto._backend import IDENTITY, ORDER
from suffrage.crypto._backend import reference as ref
from suffrage.crypto._backend.reference import ReferenceBackend
from suffrage.crypto._backend.sodium import SodiumBackend

SODIUM = SodiumBackend()
REF = ReferenceBackend()

scalars = st.integers(min_value=0, max_value=ORDER - 1).map(lambda k: k.to_bytes(32, "little"))
uniform = st.binary(min_size=64, max_size=64)
points = uniform.map(SODIUM.from_hash)
FAST = settings(max_examples=40, deadline=None)


def test_constants_satisfy_their_definitions() -> None:
    p, d = ref.P, ref.D
    assert ref.SQRT_M1**2 % p == p - 1
    assert ref.SQRT_AD_MINUS_ONE**2 % p == (-d - 1) % p
    assert ref.INVSQRT_A_MINUS_D**2 * (-1 - d) % p == 1
    assert (1 - d * d) % p == ref.ONE_MINUS_D_SQ
    assert (d - 1) ** 2 % p == ref.D_MINUS_ONE_SQ


def test_group_order_annihilates_the_generator() -> None:
    g = ref.base_point()
    assert ref.encode(ref.scalar_mult(ORDER, g)) == IDENTITY
    assert ref.encode(ref.scalar_mult(ORDER - 1, g)) == SODIUM.sub(IDENTITY, ref.encode(g))


@FAST
@given(scalars)
def test_base_mult_agrees(k: bytes) -> None:
    assert REF.scalarmult_base(k) == SODIUM.scalarmult_base(k)


@FAST
@given(scalars, points)
def test_scalar_mult_agrees(k: bytes, p: bytes) -> None:
    assert REF.scalarmult(k, p) == SODIUM.scalarmult(k, p)


@FAST
@given(points, points)
def test_add_and_sub_agree(p: bytes, q: bytes) -> None:
    assert REF.add(p, q) == SODIUM.add(p, q)
    assert REF.sub(p, q) == SODIUM.sub(p, q)
    assert REF.add(p, p) == SODIUM.add(p, p)
    assert REF.sub(p, p) == IDENTITY == SODIUM.sub(p, p)


@FAST
@given(uniform)
def test_one_way_map_agrees(h: bytes) -> None:
    assert REF.from_hash(h) == SODIUM.from_hash(h)


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_validity_of_arbitrary_bytes_agrees(b: bytes) -> None:
    assert REF.is_valid_point(b) == SODIUM.is_valid_point(b)


@FAST
@given(points)
def test_decode_encode_round_trip(p: bytes) -> None:
    point = ref.decode(p)
    assert point is not None
    assert ref.encode(point) == p
    # Every element has four Edwards representatives (a coset of the 4-torsion); all encode
    # the same. Adding the 2-torsion point (0, -1) must not change the encoding.
    x, y, z, t = point
    assert ref.encode(((-x) % ref.P, (-y) % ref.P, z, t)) == p


def test_identity_inputs_agree() -> None:
    g = SODIUM.scalarmult_base((1).to_bytes(32, "little"))
    zero, seven = bytes(32), (7).to_bytes(32, "little")
    for backend in (SODIUM, REF):
        assert backend.is_valid_point(IDENTITY)
        assert backend.add(IDENTITY, g) == g == backend.sub(g, IDENTITY)
        assert backend.sub(IDENTITY, IDENTITY) == IDENTITY
        assert backend.scalarmult(seven, IDENTITY) == IDENTITY
        assert backend.scalarmult(zero, g) == IDENTITY
        assert backend.scalarmult_base(zero) == IDENTITY
        assert backend.scalarmult_base(ORDER.to_bytes(32, "little")) == IDENTITY
