"""RFC 9496 Appendix A vectors, checked against both backends and the typed API."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from suffrage.crypto import Element, Scalar
from suffrage.crypto._backend import Backend
from suffrage.crypto._backend.native import NativeBackend
from suffrage.crypto._backend.reference import ReferenceBackend
from suffrage.crypto._backend.sodium import SodiumBackend
from suffrage.errors import InvalidEncoding

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "vectors" / "rfc9496.json").read_text(encoding="utf-8")
)
MULTIPLES: list[str] = VECTORS["generator_multiples"]["encodings"]
INVALID: list[dict[str, str]] = VECTORS["invalid_encodings"]["cases"]
ONE_WAY: list[dict[str, str]] = VECTORS["one_way_map"]["cases"]

BACKENDS = [SodiumBackend(), ReferenceBackend()]


def _le(k: int) -> bytes:
    return k.to_bytes(32, "little")


def test_vector_file_has_every_appendix_case() -> None:
    assert len(MULTIPLES) == 16
    assert len(INVALID) == 29
    assert len(ONE_WAY) == 7


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.name)
def test_generator_multiples_by_base_mult_and_by_addition(backend: Backend) -> None:
    g = bytes.fromhex(MULTIPLES[1])
    acc = bytes.fromhex(MULTIPLES[0])
    for k, expected in enumerate(MULTIPLES):
        assert backend.scalarmult_base(_le(k)).hex() == expected, k
        assert acc.hex() == expected, k
        assert backend.is_valid_point(bytes.fromhex(expected)), k
        assert backend.scalarmult(_le(k), g).hex() == expected, k
        acc = backend.add(acc, g)


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.name)
@pytest.mark.parametrize("case", INVALID, ids=lambda c: c["encoding"][:12])
def test_invalid_encodings_rejected_by_backend(backend: Backend, case: dict[str, str]) -> None:
    assert not backend.is_valid_point(bytes.fromhex(case["encoding"])), case["reason"]


@pytest.mark.parametrize("case", INVALID, ids=lambda c: c["encoding"][:12])
def test_invalid_encodings_rejected_by_element(case: dict[str, str]) -> None:
    with pytest.raises(InvalidEncoding):
        Element.from_bytes(bytes.fromhex(case["encoding"]), allow_identity=True)
    with pytest.raises(InvalidEncoding):
        Element.from_hex(case["encoding"], allow_identity=True)


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.name)
def test_one_way_map(backend: Backend) -> None:
    for case in ONE_WAY:
        data = bytes.fromhex(case["input"])
        assert hashlib.sha512(case["label"].encode()).digest() == data
        assert backend.from_hash(data).hex() == case["element"], case["label"]


def test_typed_api_matches_vectors() -> None:
    assert Element.generator().hex() == MULTIPLES[1]
    assert Element.identity().hex() == MULTIPLES[0]
    for k, expected in enumerate(MULTIPLES):
        e = Element.from_hex(expected, allow_identity=True)
        assert e == Element.base_times(Scalar.from_int(k))
        assert e.to_bytes() == bytes.fromhex(expected)
    for case in ONE_WAY:
        assert Element.from_uniform_bytes(bytes.fromhex(case["input"])).hex() == case["element"]


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.name)
def test_top_bit_aliases_of_valid_encodings_are_rejected(backend: Backend) -> None:
    # s + 2^255 is not below p: RFC 9496 rejects it. libsodium 1.0.18 alone would accept it.
    for expected in MULTIPLES[1:]:
        alias = bytearray.fromhex(expected)
        alias[31] |= 0x80
        assert not backend.is_valid_point(bytes(alias))
        with pytest.raises(InvalidEncoding):
            Element.from_bytes(bytes(alias))


# The native verification backend implements only ``combine``; the vectors go through it:
# k*G from the generator's table and from G given as a point, each a decode and an encode.
NATIVE = NativeBackend()


def _combine(points: bytes, *scalars: int) -> bytes:
    return NATIVE.combine(points, b"".join(_le(s) for s in scalars))


def test_generator_multiples_through_native_combine() -> None:
    g = bytes.fromhex(MULTIPLES[1])
    for k, expected in enumerate(MULTIPLES):
        assert _combine(b"", k).hex() == expected, k
        assert _combine(g, 0, k).hex() == expected, k
        assert _combine(g, k, 0).hex() == expected, k
        # Decoding then encoding gives the same bytes back (identity included).
        assert _combine(bytes.fromhex(expected), 0, 1).hex() == expected, k


@pytest.mark.parametrize("case", INVALID, ids=lambda c: c["encoding"][:12])
def test_invalid_encodings_rejected_by_native(case: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="point 0 is not a canonical"):
        _combine(bytes.fromhex(case["encoding"]), 0, 1)


def test_top_bit_aliases_rejected_by_native() -> None:
    for expected in MULTIPLES:
        alias = bytearray.fromhex(expected)
        alias[31] |= 0x80
        with pytest.raises(ValueError, match="not a canonical"):
            _combine(bytes(alias), 0, 1)
