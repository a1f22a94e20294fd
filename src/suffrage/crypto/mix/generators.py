"""Independent generators for permutation commitments (``docs/protocol.md``, part 9.2).

``Q_i = hash_to_group(SHA-512(LP(label) || u64be(i)))`` for ``i = 0, 1, ..., N``. Nobody
knows a discrete-logarithm relation between them, or with ``G``: each is the RFC 9496
one-way map of a hash output. ``Q_0`` starts the commitment chain; ``Q_1..Q_N`` carry the
permutation commitment. The list for ``N`` rows is a prefix of the list for more rows.
"""

from __future__ import annotations

import hashlib
from typing import Final

from suffrage.crypto import hazmat
from suffrage.crypto.group import Element

__all__ = ["GENERATOR_LABEL", "generator_encodings", "shuffle_generators"]

#: The domain-separation label of the shuffle's generators.
GENERATOR_LABEL: Final = b"suffrage/1 shuffle generators"
_MAX: Final = 2**32


def _prefix(label: bytes) -> bytes:
    return len(label).to_bytes(8, "big") + label


def generator_encodings(count: int, label: bytes = GENERATOR_LABEL) -> list[bytes]:
    """The encodings of ``Q_0 .. Q_{count-1}`` derived under ``label``."""
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= _MAX:
        raise ValueError(f"a generator count is an int in [0, 2**32], got {count!r}")
    if not isinstance(label, bytes):
        raise TypeError("the generator label is bytes")
    prefix = _prefix(label)
    sha512 = hashlib.sha512
    one_way = hazmat.raw_from_uniform_bytes
    return [one_way(sha512(prefix + i.to_bytes(8, "big")).digest()) for i in range(count)]


def shuffle_generators(count: int, label: bytes = GENERATOR_LABEL) -> list[Element]:
    """``Q_0 .. Q_{count-1}`` as elements (the one-way map never yields the identity in
    practice; an identity would be caught when used as a commitment base)."""
    return [hazmat.element_unchecked(e) for e in generator_encodings(count, label)]
