"""The prime-order group ristretto255: opaque :class:`Element` and :class:`Scalar` values.

Both have one canonical 32-byte encoding (``docs/protocol.md``, part 2). Decoding rejects
anything else with :class:`~suffrage.errors.InvalidEncoding`: wrong type or length,
scalars not below the group order, bytes that are not the canonical encoding of a point,
and the identity element unless the caller allows it. Neither type mixes with ``int``:
use :meth:`Scalar.from_int` to turn a small public integer (a vote, a weight) into a scalar.

Timing: the point arithmetic of this module runs in libsodium's constant-time code; scalar
arithmetic uses Python integers, whose running time can depend on the values. Secrets live
in scalars only briefly (key generation, proving, partial decryption), on machines the
trustees control. The verification equations of proofs and signatures, whose inputs are
all public, go to our variable-time native code instead (:data:`_verifier`, reached through
:func:`suffrage.crypto.hazmat.combine` and ``raw_combine``).

An :class:`Element` holds its canonical encoding and nothing else: it is validated once,
when decoded, and its arithmetic hands the bytes straight to the backend, so a wrapped
operation costs one libsodium call plus one small object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Never

from suffrage.crypto._backend import ELEMENT_BYTES, IDENTITY, ORDER
from suffrage.crypto._backend.native import NativeBackend
from suffrage.crypto._backend.sodium import SodiumBackend
from suffrage.errors import CryptoError, InvalidEncoding

__all__ = ["ORDER", "Element", "RandomSource", "Scalar"]

#: A source of uniformly random bytes: called with a length, returns that many bytes.
RandomSource = Callable[[int], bytes]

#: Length of a uniform input to hash-to-group and of a wide scalar.
WIDE_BYTES: Final = 64

#: Every operation with possibly secret inputs: libsodium, constant time.
_backend: Final = SodiumBackend()
#: Verification equations only (public inputs): our variable-time multi-scalar code.
_verifier: Final = NativeBackend()
# Bound methods of the one backend instance (constants): saves an attribute lookup per call.
_add: Final = _backend.add
_sub: Final = _backend.sub
_mul: Final = _backend.scalarmult
_mul_base: Final = _backend.scalarmult_base
_is_valid: Final = _backend.is_valid_point
_from_hash: Final = _backend.from_hash


class Scalar:
    """An integer modulo the group order ``L``; canonical encoding: 32 bytes little-endian.

    ``repr`` never shows the value: scalars are often secrets (keys, nonces).
    """

    __slots__ = ("_v",)
    _v: int

    def __init__(self, *args: Never, **kwargs: Never) -> None:
        raise TypeError("build scalars with Scalar.from_int, from_bytes, from_hex or random")

    @classmethod
    def from_int(cls, n: int) -> Scalar:
        """The scalar ``n mod L`` (negative integers allowed)."""
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError(f"Scalar.from_int needs an int, got {type(n).__name__}")
        return _scalar(n % ORDER)

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> Scalar:
        """Decode a canonical scalar; rejects wrong types and lengths and values >= L."""
        if not isinstance(data, bytes | bytearray) or len(data) != ELEMENT_BYTES:
            raise InvalidEncoding(f"a scalar is {ELEMENT_BYTES} bytes, got {_describe(data)}")
        v = int.from_bytes(data, "little")
        if v >= ORDER:
            raise InvalidEncoding("non-canonical scalar: value is not below the group order")
        return _scalar(v)

    @classmethod
    def from_hex(cls, text: str) -> Scalar:
        """Decode 64 lowercase hex digits (the JSON form of a scalar)."""
        return cls.from_bytes(_unhex(text, "scalar"))

    @classmethod
    def from_wide_bytes(cls, data: bytes | bytearray) -> Scalar:
        """Reduce 64 uniform bytes (a hash output), read little-endian, modulo ``L``."""
        if not isinstance(data, bytes | bytearray) or len(data) != WIDE_BYTES:
            raise InvalidEncoding(f"a wide scalar is {WIDE_BYTES} bytes, got {_describe(data)}")
        return _scalar(int.from_bytes(data, "little") % ORDER)

    @classmethod
    def random(cls, rng: RandomSource) -> Scalar:
        """A uniform scalar from 64 bytes of ``rng`` (bias below 2^-250)."""
        data = rng(WIDE_BYTES)
        if not isinstance(data, bytes | bytearray) or len(data) != WIDE_BYTES:
            raise CryptoError(f"the random source returned {_describe(data)}, not 64 bytes")
        return _scalar(int.from_bytes(data, "little") % ORDER)

    @classmethod
    def zero(cls) -> Scalar:
        return _ZERO

    @classmethod
    def one(cls) -> Scalar:
        return _ONE

    def to_bytes(self) -> bytes:
        return self._v.to_bytes(ELEMENT_BYTES, "little")

    def hex(self) -> str:
        return self.to_bytes().hex()

    def is_zero(self) -> bool:
        return self._v == 0

    def __add__(self, other: Scalar) -> Scalar:
        if not isinstance(other, Scalar):
            return NotImplemented
        return _scalar((self._v + other._v) % ORDER)

    def __sub__(self, other: Scalar) -> Scalar:
        if not isinstance(other, Scalar):
            return NotImplemented
        return _scalar((self._v - other._v) % ORDER)

    def __mul__(self, other: Scalar) -> Scalar:
        if not isinstance(other, Scalar):
            return NotImplemented
        return _scalar((self._v * other._v) % ORDER)

    def __neg__(self) -> Scalar:
        return _scalar(-self._v % ORDER)

    def invert(self) -> Scalar:
        """The multiplicative inverse modulo ``L``; the zero scalar has none."""
        if self._v == 0:
            raise ZeroDivisionError("the zero scalar has no inverse")
        return _scalar(pow(self._v, -1, ORDER))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scalar) and self._v == other._v

    def __hash__(self) -> int:
        return hash(("Scalar", self._v))

    def __repr__(self) -> str:
        return "Scalar(<hidden>)"


class Element:
    """A ristretto255 group element, held as its canonical 32-byte encoding."""

    __slots__ = ("_b",)
    _b: bytes

    def __init__(self, *args: Never, **kwargs: Never) -> None:
        raise TypeError("decode elements with Element.from_bytes or from_hex")

    @classmethod
    def from_bytes(cls, data: bytes | bytearray, *, allow_identity: bool = False) -> Element:
        """Decode a canonical element; rejects invalid points and, by default, the identity."""
        if type(data) is not bytes:  # exact-type test: the fast path for the common case
            if not isinstance(data, bytes | bytearray):
                raise InvalidEncoding(f"an element is {ELEMENT_BYTES} bytes, got {_describe(data)}")
            data = bytes(data)
        if len(data) != ELEMENT_BYTES:
            raise InvalidEncoding(f"an element is {ELEMENT_BYTES} bytes, got {_describe(data)}")
        if data == IDENTITY:
            if not allow_identity:
                raise InvalidEncoding("the identity element is not allowed here")
            return _IDENTITY
        if not _is_valid(data):
            raise InvalidEncoding("not the canonical encoding of a ristretto255 element")
        return _element(data)

    @classmethod
    def from_hex(cls, text: str, *, allow_identity: bool = False) -> Element:
        """Decode 64 lowercase hex digits (the JSON form of an element)."""
        return cls.from_bytes(_unhex(text, "element"), allow_identity=allow_identity)

    @classmethod
    def from_uniform_bytes(cls, data: bytes | bytearray) -> Element:
        """Hash-to-group: the RFC 9496 one-way map applied to 64 uniform bytes."""
        if not isinstance(data, bytes | bytearray) or len(data) != WIDE_BYTES:
            raise InvalidEncoding(f"hash-to-group takes {WIDE_BYTES} bytes, got {_describe(data)}")
        return _element(_from_hash(bytes(data)))

    @classmethod
    def generator(cls) -> Element:
        """The RFC 9496 generator ``G`` (the Ed25519 base point)."""
        return _GENERATOR

    @classmethod
    def identity(cls) -> Element:
        return _IDENTITY

    @classmethod
    def base_times(cls, s: Scalar) -> Element:
        """``s * G`` for the standard generator, using libsodium's fixed-base tables."""
        return _element(_mul_base(s._v.to_bytes(ELEMENT_BYTES, "little")))

    def to_bytes(self) -> bytes:
        return self._b

    def hex(self) -> str:
        return self._b.hex()

    def is_identity(self) -> bool:
        return self._b == IDENTITY

    def __add__(self, other: Element) -> Element:
        if not isinstance(other, Element):
            return NotImplemented
        return _element(_add(self._b, other._b))

    def __sub__(self, other: Element) -> Element:
        if not isinstance(other, Element):
            return NotImplemented
        return _element(_sub(self._b, other._b))

    def __neg__(self) -> Element:
        return _element(_sub(IDENTITY, self._b))

    def __mul__(self, s: Scalar) -> Element:
        if not isinstance(s, Scalar):
            return NotImplemented
        return _element(_mul(s._v.to_bytes(ELEMENT_BYTES, "little"), self._b))

    __rmul__ = __mul__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Element) and self._b == other._b

    def __hash__(self) -> int:
        return hash(("Element", self._b))

    def __repr__(self) -> str:
        return f"Element({self._b.hex()})"


_new_object: Final = object.__new__


def _scalar(v: int) -> Scalar:
    """Wrap an integer already reduced modulo ``L`` (internal)."""
    s: Scalar = _new_object(Scalar)
    s._v = v
    return s


def _element(encoding: bytes) -> Element:
    """Wrap an encoding already known to be canonical (internal)."""
    e: Element = _new_object(Element)
    e._b = encoding
    return e


def _describe(data: object) -> str:
    if isinstance(data, bytes | bytearray):
        return f"{len(data)} bytes"
    return type(data).__name__


def _unhex(text: object, what: str) -> bytes:
    """Strict hex: a str of exactly 64 lowercase hex digits, nothing else."""
    if not isinstance(text, str):
        raise InvalidEncoding(f"a hex {what} is a str, got {type(text).__name__}")
    if len(text) != 2 * ELEMENT_BYTES or text.strip("0123456789abcdef"):
        raise InvalidEncoding(f"a hex {what} is {2 * ELEMENT_BYTES} lowercase hex digits")
    return bytes.fromhex(text)


_ZERO: Final = _scalar(0)
_ONE: Final = _scalar(1)
_GENERATOR: Final = _element(_mul_base((1).to_bytes(ELEMENT_BYTES, "little")))
_IDENTITY: Final = _element(IDENTITY)
