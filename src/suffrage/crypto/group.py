"""The prime-order group ristretto255: opaque :class:`Element` and :class:`Scalar` values.

Both have one canonical 32-byte encoding. Decoding rejects anything else with
:class:`~suffrage.errors.InvalidEncoding`. Neither type mixes with ``int``: use
:meth:`Scalar.from_int` to turn a small public integer (a vote, a weight) into a scalar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from suffrage.crypto._backend import ELEMENT_BYTES, IDENTITY, ORDER
from suffrage.crypto._backend.sodium import SodiumBackend
from suffrage.errors import InvalidEncoding

__all__ = ["ORDER", "Element", "RandomSource", "Scalar"]

#: A source of uniformly random bytes: called with a length, returns that many bytes.
RandomSource = Callable[[int], bytes]

_backend: Final = SodiumBackend()


class Scalar:
    """An integer modulo the group order ``L``; canonical encoding: 32 bytes little-endian."""

    __slots__ = ("_v",)
    _v: int

    def __init__(self, value: int, /) -> None:
        # Internal: callers use from_int / from_bytes / random; value is already reduced.
        self._v = value

    @classmethod
    def from_int(cls, n: int) -> Scalar:
        """The scalar ``n mod L`` (negative integers allowed)."""
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError("Scalar.from_int needs an int")
        return cls(n % ORDER)

    @classmethod
    def from_bytes(cls, data: bytes) -> Scalar:
        """Decode a canonical scalar; rejects wrong lengths and values >= L."""
        if not isinstance(data, bytes | bytearray) or len(data) != ELEMENT_BYTES:
            raise InvalidEncoding(f"a scalar is {ELEMENT_BYTES} bytes, got {_describe(data)}")
        v = int.from_bytes(data, "little")
        if v >= ORDER:
            raise InvalidEncoding("non-canonical scalar: value is not below the group order")
        return cls(v)

    @classmethod
    def from_wide_bytes(cls, data: bytes) -> Scalar:
        """Reduce 64 uniform bytes (a hash output) modulo ``L``."""
        if len(data) != 64:
            raise InvalidEncoding(f"a wide scalar is 64 bytes, got {_describe(data)}")
        return cls(int.from_bytes(data, "little") % ORDER)

    @classmethod
    def random(cls, rng: RandomSource) -> Scalar:
        """A uniform scalar from 64 bytes of ``rng``."""
        return cls.from_wide_bytes(rng(64))

    @classmethod
    def zero(cls) -> Scalar:
        return cls(0)

    @classmethod
    def one(cls) -> Scalar:
        return cls(1)

    def to_bytes(self) -> bytes:
        return self._v.to_bytes(ELEMENT_BYTES, "little")

    def hex(self) -> str:
        return self.to_bytes().hex()

    def is_zero(self) -> bool:
        return self._v == 0

    def __add__(self, other: Scalar) -> Scalar:
        return Scalar((self._v + other._v) % ORDER)

    def __sub__(self, other: Scalar) -> Scalar:
        return Scalar((self._v - other._v) % ORDER)

    def __mul__(self, other: Scalar) -> Scalar:
        return Scalar((self._v * other._v) % ORDER)

    def __neg__(self) -> Scalar:
        return Scalar(-self._v % ORDER)

    def invert(self) -> Scalar:
        if self._v == 0:
            raise ZeroDivisionError("the zero scalar has no inverse")
        return Scalar(pow(self._v, -1, ORDER))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scalar) and self._v == other._v

    def __hash__(self) -> int:
        return hash(("Scalar", self._v))

    def __repr__(self) -> str:
        return f"Scalar({self.hex()[:16]}...)"


class Element:
    """A ristretto255 group element, held as its canonical 32-byte encoding."""

    __slots__ = ("_b",)
    _b: bytes

    def __init__(self, encoding: bytes, /) -> None:
        # Internal: the encoding must already be canonical; callers use from_bytes.
        self._b = encoding

    @classmethod
    def from_bytes(cls, data: bytes, *, allow_identity: bool = False) -> Element:
        """Decode a canonical element; rejects invalid points and, by default, the identity."""
        if not isinstance(data, bytes | bytearray) or len(data) != ELEMENT_BYTES:
            raise InvalidEncoding(f"an element is {ELEMENT_BYTES} bytes, got {_describe(data)}")
        data = bytes(data)
        if data == IDENTITY:
            if not allow_identity:
                raise InvalidEncoding("the identity element is not allowed here")
            return cls(data)
        if not _backend.is_valid_point(data):
            raise InvalidEncoding("not the canonical encoding of a ristretto255 element")
        return cls(data)

    @classmethod
    def from_uniform_bytes(cls, data: bytes) -> Element:
        """Hash-to-group: the RFC 9496 one-way map applied to 64 uniform bytes."""
        if len(data) != 64:
            raise InvalidEncoding(f"hash-to-group takes 64 bytes, got {_describe(data)}")
        return cls(_backend.from_hash(bytes(data)))

    @classmethod
    def generator(cls) -> Element:
        return _GENERATOR

    @classmethod
    def identity(cls) -> Element:
        return _IDENTITY

    @classmethod
    def base_times(cls, s: Scalar) -> Element:
        """``s * G`` for the standard generator, using libsodium's fixed-base tables."""
        return cls(_backend.scalarmult_base(s.to_bytes()))

    def to_bytes(self) -> bytes:
        return self._b

    def hex(self) -> str:
        return self._b.hex()

    def is_identity(self) -> bool:
        return self._b == IDENTITY

    def __add__(self, other: Element) -> Element:
        return Element(_backend.add(self._b, other._b))

    def __sub__(self, other: Element) -> Element:
        return Element(_backend.sub(self._b, other._b))

    def __neg__(self) -> Element:
        return Element(_backend.sub(IDENTITY, self._b))

    def __mul__(self, s: Scalar) -> Element:
        if not isinstance(s, Scalar):
            return NotImplemented
        return Element(_backend.scalarmult(s.to_bytes(), self._b))

    __rmul__ = __mul__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Element) and self._b == other._b

    def __hash__(self) -> int:
        return hash(("Element", self._b))

    def __repr__(self) -> str:
        return f"Element({self.hex()[:16]}...)"


def _describe(data: object) -> str:
    if isinstance(data, bytes | bytearray):
        return f"{len(data)} bytes"
    return type(data).__name__


_GENERATOR: Final = Element(_backend.scalarmult_base((1).to_bytes(32, "little")))
_IDENTITY: Final = Element(IDENTITY)
