"""Fiat-Shamir transcripts: one running SHA-512 over length-prefixed, tagged items.

A transcript starts from a protocol label and absorbs labelled items in order. Every
item is ``tag || LP(label) || LP(data)`` where ``LP(x)`` is the 8-byte big-endian length
of ``x`` followed by ``x``, and the one-byte tag says what kind of value the data is, so
that no two different sequences of calls absorb the same byte stream. A challenge is the
SHA-512 digest of everything absorbed so far (ending with the challenge's own label),
read little-endian and reduced modulo the group order; the digest is then absorbed too,
so that later challenges depend on earlier ones. See ``docs/protocol.md``, part 4.
"""

from __future__ import annotations

import hashlib
from typing import Final

from suffrage.crypto.group import Element, Scalar

__all__ = [
    "TRANSCRIPT_DOMAIN",
    "Transcript",
    "element_header",
    "initial_stream",
    "message_item",
]

#: Absorbed first by every transcript, before the protocol label.
TRANSCRIPT_DOMAIN: Final = b"suffrage/1 transcript"

_TAG_MESSAGE: Final = b"\x01"
_TAG_ELEMENT: Final = b"\x02"
_TAG_SCALAR: Final = b"\x03"
_TAG_INT: Final = b"\x04"
_TAG_CHALLENGE: Final = b"\x05"
_LEN32: Final = (32).to_bytes(8, "big")
_LEN8: Final = (8).to_bytes(8, "big")
_INT_LIMIT: Final = 2**64


def _lp(data: bytes) -> bytes:
    return len(data).to_bytes(8, "big") + data


def initial_stream(protocol_label: str) -> bytes:
    """The bytes a transcript with this label starts from (see :meth:`Transcript.resume`)."""
    return _lp(TRANSCRIPT_DOMAIN) + _lp(protocol_label.encode())


def message_item(label: str, data: bytes) -> bytes:
    """The bytes :meth:`Transcript.append_message` absorbs."""
    return _TAG_MESSAGE + _lp(label.encode()) + _lp(bytes(data))


def element_header(label: str) -> bytes:
    """What :meth:`Transcript.append_element` absorbs before the 32-byte encoding.

    A constant per label: hot loops compute it once and call
    :meth:`Transcript.append_element_encodings`.
    """
    return _TAG_ELEMENT + _lp(label.encode()) + _LEN32


class Transcript:
    """A Fiat-Shamir transcript: absorbs labelled values, squeezes challenge scalars."""

    __slots__ = ("_h",)

    def __init__(self, protocol_label: str) -> None:
        self._h = hashlib.sha512(initial_stream(protocol_label))

    @classmethod
    def resume(cls, stream: bytes) -> Transcript:
        """A transcript that has absorbed ``stream``: :func:`initial_stream` followed by
        items built with :func:`message_item` or :func:`element_header` (a precomputed,
        constant start saves re-framing it for every proof)."""
        t = cls.__new__(cls)
        t._h = hashlib.sha512(stream)
        return t

    def copy(self) -> Transcript:
        """An independent transcript with the same absorbed stream."""
        other = Transcript.__new__(Transcript)
        other._h = self._h.copy()
        return other

    def append_message(self, label: str, data: bytes) -> None:
        """Absorb arbitrary bytes (any length, including empty)."""
        self._h.update(message_item(label, data))

    def append_element(self, label: str, e: Element) -> None:
        """Absorb a group element's canonical 32-byte encoding."""
        self._h.update(_TAG_ELEMENT + _lp(label.encode()) + _LEN32 + e.to_bytes())

    def append_elements(self, items: tuple[tuple[str, Element], ...]) -> None:
        """Absorb several elements in order; the same stream as one append_element each."""
        self._h.update(
            b"".join(
                _TAG_ELEMENT + _lp(label.encode()) + _LEN32 + e.to_bytes() for label, e in items
            )
        )

    def append_element_encodings(self, parts: list[bytes]) -> None:
        """Absorb ``[element_header(label_1), encoding_1, element_header(label_2), ...]``.

        The same stream as one :meth:`append_element` per pair; the encodings must be
        canonical 32-byte element encodings (this method does not check them).
        """
        self._h.update(b"".join(parts))

    def append_scalar(self, label: str, s: Scalar) -> None:
        """Absorb a scalar's canonical 32-byte little-endian encoding."""
        self._h.update(_TAG_SCALAR + _lp(label.encode()) + _LEN32 + s.to_bytes())

    def append_int(self, label: str, n: int) -> None:
        """Absorb an integer ``0 <= n < 2**64`` as 8 bytes big-endian."""
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError("append_int needs an int")
        if not 0 <= n < _INT_LIMIT:
            raise ValueError(f"append_int absorbs integers in [0, 2**64), got {n}")
        self._h.update(_TAG_INT + _lp(label.encode()) + _LEN8 + n.to_bytes(8, "big"))

    def challenge_scalar(self, label: str) -> Scalar:
        """The challenge: SHA-512 of the stream ending with ``label``, reduced mod ``L``."""
        self._h.update(_TAG_CHALLENGE + _lp(label.encode()))
        digest = self._h.copy().digest()
        self._h.update(digest)
        return Scalar.from_wide_bytes(digest)
