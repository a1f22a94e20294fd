"""The shuffle proof and its canonical byte encoding (``docs/protocol.md``, part 9.6).

Layout, for ``N`` rows of ``w`` ciphertexts (elements and scalars 32 bytes each)::

    u64be(N) || u64be(w)
    C_1 .. C_N                       permutation commitment
    Chat_1 .. Chat_N                 commitment chain
    t1 || t2 || t3                   commitments of the sigma protocol
    t4a_1 || t4b_1 .. t4a_w || t4b_w
    that_1 .. that_N
    s1 || s2 || s3 || s4_1 .. s4_w   responses
    shat_1 .. shat_N
    sp_1 .. sp_N

``16 + 32 * (5N + 3w + 6)`` bytes. Decoding checks the length against the header, decodes
every element (identity allowed: it is a valid group element here) and rejects scalars
not below ``L``; it fails with :class:`~suffrage.errors.InvalidEncoding` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from suffrage.crypto.group import Element, Scalar
from suffrage.crypto.proofs._base import decode_scalars
from suffrage.errors import InvalidEncoding

__all__ = ["MAX_ROWS", "MAX_WIDTH", "ShuffleProof", "proof_size"]

#: Bounds on the header's counts (far above any election; they keep sizes in range).
MAX_ROWS: Final = 2**32
MAX_WIDTH: Final = 2**16
_HEADER: Final = 16


def proof_size(rows: int, width: int) -> int:
    """The encoded length of a proof for ``rows`` rows of ``width`` ciphertexts."""
    return _HEADER + 32 * (5 * rows + 3 * width + 6)


@dataclass(frozen=True, slots=True)
class ShuffleProof:
    """A Terelius-Wikstrom proof of a shuffle of ``rows`` rows of ``width`` ciphertexts."""

    rows: int
    width: int
    commitments: tuple[Element, ...]
    chain: tuple[Element, ...]
    t1: Element
    t2: Element
    t3: Element
    t4: tuple[tuple[Element, Element], ...]
    t_hat: tuple[Element, ...]
    s1: Scalar
    s2: Scalar
    s3: Scalar
    s4: tuple[Scalar, ...]
    s_hat: tuple[Scalar, ...]
    s_prime: tuple[Scalar, ...]

    def __post_init__(self) -> None:
        n, w = self.rows, self.width
        sizes = (self.commitments, self.chain, self.t_hat, self.s_hat, self.s_prime)
        if not (1 <= n <= MAX_ROWS and 1 <= w <= MAX_WIDTH):
            raise ValueError(f"a shuffle proof has 1..2**32 rows and 1..2**16 columns, got {n}x{w}")
        if any(len(part) != n for part in sizes) or len(self.t4) != w or len(self.s4) != w:
            raise ValueError(f"the parts of a shuffle proof do not fit {n} rows x {w} columns")

    def to_bytes(self) -> bytes:
        elements = [
            *self.commitments,
            *self.chain,
            self.t1,
            self.t2,
            self.t3,
            *(e for pair in self.t4 for e in pair),
            *self.t_hat,
        ]
        scalars = [self.s1, self.s2, self.s3, *self.s4, *self.s_hat, *self.s_prime]
        return b"".join(
            [
                self.rows.to_bytes(8, "big"),
                self.width.to_bytes(8, "big"),
                *(e.to_bytes() for e in elements),
                *(s.to_bytes() for s in scalars),
            ]
        )

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> ShuffleProof:
        if not isinstance(data, bytes | bytearray):
            raise InvalidEncoding(f"a shuffle proof is bytes, got {type(data).__name__}")
        data = bytes(data)
        if len(data) < _HEADER:
            raise InvalidEncoding(f"a shuffle proof starts with a 16-byte header, got {len(data)}")
        n = int.from_bytes(data[:8], "big")
        w = int.from_bytes(data[8:16], "big")
        if not (1 <= n <= MAX_ROWS and 1 <= w <= MAX_WIDTH):
            raise InvalidEncoding(f"a shuffle proof header gives {n} rows x {w} columns")
        if len(data) != proof_size(n, w):
            raise InvalidEncoding(
                f"a shuffle proof of {n} rows x {w} columns is {proof_size(n, w)} bytes, "
                f"got {len(data)}"
            )
        count = 3 * n + 3 + 2 * w
        body = data[_HEADER:]
        elements = _elements(body[: 32 * count])
        scalars = decode_scalars(body[32 * count :], 2 * n + 3 + w, "shuffle proof responses")
        t4 = tuple((elements[2 * n + 3 + 2 * k], elements[2 * n + 4 + 2 * k]) for k in range(w))
        return cls(
            rows=n,
            width=w,
            commitments=elements[:n],
            chain=elements[n : 2 * n],
            t1=elements[2 * n],
            t2=elements[2 * n + 1],
            t3=elements[2 * n + 2],
            t4=t4,
            t_hat=elements[2 * n + 3 + 2 * w :],
            s1=scalars[0],
            s2=scalars[1],
            s3=scalars[2],
            s4=scalars[3 : 3 + w],
            s_hat=scalars[3 + w : 3 + w + n],
            s_prime=scalars[3 + w + n :],
        )


def _elements(data: bytes) -> tuple[Element, ...]:
    out = []
    for i in range(0, len(data), 32):
        try:
            out.append(Element.from_bytes(data[i : i + 32], allow_identity=True))
        except InvalidEncoding as exc:
            raise InvalidEncoding(f"shuffle proof element {i // 32}: {exc}") from None
    return tuple(out)
