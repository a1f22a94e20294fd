"""The native multi-scalar multiplication (Straus below 64 points, Pippenger from 64 on).

Checked against libsodium's constant-time single multiplications summed term by term, on
random points and scalars, at sizes on both sides of the switch and across bucket widths.
"""

from __future__ import annotations

import os
import random

import pytest

from suffrage.crypto import Element, Scalar, hazmat
from suffrage.crypto._backend import IDENTITY, ORDER, _native

G = Element.generator().to_bytes()


def _le(k: int) -> bytes:
    return k.to_bytes(32, "little")


def _plain(points: list[bytes], scalars: list[int]) -> bytes:
    acc = IDENTITY
    for p, s in zip(points, scalars, strict=True):
        if s:
            acc = hazmat.raw_add(acc, hazmat.raw_scalarmult(_le(s), p))
    return acc


def _points(n: int, seed: int) -> list[bytes]:
    rnd = random.Random(seed)
    return [hazmat.raw_from_uniform_bytes(rnd.randbytes(64)) for _ in range(n)]


@pytest.mark.parametrize("n", [0, 1, 2, 5, 63, 64, 65, 200, 1100])
def test_msm_equals_the_sum_of_single_multiplications(n: int) -> None:
    rnd = random.Random(n)
    points = _points(n, n)
    scalars = [rnd.randrange(ORDER) for _ in range(n)]
    got = hazmat.raw_msm(b"".join(points), b"".join(map(_le, scalars)))
    assert got == _plain(points, scalars)


@pytest.mark.parametrize("n", [3, 70, 300])
def test_edge_scalars_and_repeated_points(n: int) -> None:
    rnd = random.Random(7 * n)
    base = _points(4, n)
    points = [base[rnd.randrange(4)] for _ in range(n)]
    edges = [0, 1, 2, ORDER - 1, ORDER - 2, 2**252, ORDER // 2]
    scalars = [edges[k % len(edges)] if k % 3 else rnd.randrange(ORDER) for k in range(n)]
    points[0] = IDENTITY
    got = hazmat.raw_msm(b"".join(points), b"".join(map(_le, scalars)))
    assert got == _plain(points, scalars)


def test_opposite_terms_cancel_to_the_identity() -> None:
    points = _points(40, 1)
    scalars = [int.from_bytes(os.urandom(32), "little") % ORDER for _ in points]
    terms = points + points
    weights = scalars + [(ORDER - s) % ORDER for s in scalars]
    assert hazmat.raw_msm(b"".join(terms * 2), b"".join(map(_le, weights * 2))) == IDENTITY


def test_typed_face_matches_the_constant_time_one() -> None:
    rnd = random.Random(3)
    elements = [Element.from_bytes(p) for p in _points(90, 3)]
    scalars = [Scalar.from_int(rnd.randrange(ORDER)) for _ in elements]
    assert hazmat.msm_vartime(scalars, elements) == hazmat.multiscalar_mul(scalars, elements)
    with pytest.raises(ValueError, match="2 scalars for 1 elements"):
        hazmat.msm_vartime(scalars[:2], elements[:1])


@pytest.mark.parametrize("n", [1, 80])
def test_bad_inputs_are_named(n: int) -> None:
    points = _points(n, 5)
    good = [_le(1)] * n
    with pytest.raises(ValueError, match=f"scalar {n - 1} is not below the group order"):
        _native.msm(b"".join(points), b"".join([*good[:-1], _le(ORDER)]))
    bad = [*points[:-1], b"\xff" * 32]
    with pytest.raises(ValueError, match=f"point {n - 1} is not a canonical"):
        _native.msm(b"".join(bad), b"".join(good))
    with pytest.raises(ValueError, match="as many of each"):
        _native.msm(b"".join(points), b"".join(good) + _le(1))
    with pytest.raises(TypeError, match="msm"):
        _native.msm(b"".join(points))  # type: ignore[call-arg]
