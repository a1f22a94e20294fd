"""What every proof shares: the start of its transcript and the codec of scalar lists."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from suffrage.crypto.group import ORDER, RandomSource, Scalar, _scalar
from suffrage.crypto.transcript import Transcript, initial_stream, message_item
from suffrage.errors import InvalidEncoding

__all__ = [
    "GROUP_NAME",
    "KINDS",
    "PROTOCOL_VERSION",
    "decode_scalars",
    "encode_scalars",
    "random_scalar",
    "start",
]

PROTOCOL_VERSION: Final = "suffrage/1"
GROUP_NAME: Final = b"ristretto255"
#: Every proof kind; each transcript starts ``suffrage/1 <kind>``, group, context.
KINDS: Final = ("schnorr-key", "dleq", "decryption-share", "zero-or-one", "range", "signature")

# The constant part of each kind's start, framed once at import.
_PREFIXES: Final = MappingProxyType(
    {
        kind: initial_stream(f"{PROTOCOL_VERSION} {kind}") + message_item("group", GROUP_NAME)
        for kind in KINDS
    }
)


def random_scalar(rng: RandomSource) -> Scalar:
    """A uniform non-zero scalar: 64 bytes reduced mod ``L``, drawn again on zero."""
    s = Scalar.random(rng)
    while s.is_zero():  # probability 2^-252
        s = Scalar.random(rng)
    return s


def start(kind: str, context: bytes) -> Transcript:
    """A transcript labelled ``suffrage/1 <kind>`` that has absorbed the group and context."""
    if not isinstance(context, bytes | bytearray):
        raise TypeError("context must be bytes")
    return Transcript.resume(_PREFIXES[kind] + message_item("context", context))


def encode_scalars(scalars: tuple[Scalar, ...]) -> bytes:
    return b"".join(s.to_bytes() for s in scalars)


def decode_scalars(data: bytes, count: int | None, what: str) -> tuple[Scalar, ...]:
    """Split ``data`` into canonical 32-byte scalars; ``count`` None means any positive count."""
    if not isinstance(data, bytes | bytearray):
        raise InvalidEncoding(f"{what} must be bytes, got {type(data).__name__}")
    n, rest = divmod(len(data), 32)
    if rest or n == 0 or (count is not None and n != count):
        want = f"{32 * count} bytes" if count is not None else "a positive multiple of 32 bytes"
        raise InvalidEncoding(f"{what} is {want}, got {len(data)} bytes")
    data = bytes(data)
    values = [int.from_bytes(data[i : i + 32], "little") for i in range(0, len(data), 32)]
    if max(values) >= ORDER:
        raise InvalidEncoding(f"{what}: non-canonical scalar, not below the group order")
    return tuple(map(_scalar, values))
