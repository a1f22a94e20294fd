"""Batch verification of commitment equations of expanded proofs (protocol 5.9).

Each expanded proof (its transcript already checked) leaves equations ``E_i = C_i``: ``C_i``
a given commitment, ``E_i`` a linear combination of ``G`` and public elements. A batch
checks all of them at once: with weights ``w_i`` drawn here, uniform below ``2^128`` from
the operating system's CSPRNG (never from the record), it holds iff

    sum_i w_i*E_i = sum_i w_i*C_i,

two multi-scalar multiplications in which every distinct element appears once. A false
equation makes the batch hold with probability at most ``2^-128`` (prime order).

Equations are grouped (a ballot per group): when the whole batch fails,
:meth:`EquationBatch.failing_groups` halves it until it has the groups that fail on their
own, so the caller can verify their proofs one by one and report exactly as a per-proof
verifier does. Variable time: public inputs only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Final

from suffrage.crypto import hazmat
from suffrage.crypto.group import ORDER, Element

__all__ = ["WEIGHT_BYTES", "EquationBatch"]

#: Bytes per weight: 128 bits, so a false batch holds with probability at most 2^-128.
WEIGHT_BYTES: Final = 16
_GENERATOR: Final = Element.generator().to_bytes()


@dataclass(slots=True)
class _Group:
    """One group's equations: left-hand scalars per element, commitments with weights."""

    on_generator: int = 0
    terms: dict[bytes, int] = field(default_factory=dict)
    commitments: bytearray = field(default_factory=bytearray)
    weights: bytearray = field(default_factory=bytearray)


class EquationBatch:
    """Commitment equations of many proofs, checked by one random linear combination."""

    def __init__(self, entropy: Callable[[int], bytes] = os.urandom) -> None:
        self._entropy = entropy
        self._groups: list[_Group] = []

    def __len__(self) -> int:
        """The number of groups opened."""
        return len(self._groups)

    def open_group(self) -> int:
        """Start a group (the equations that follow belong to it); returns its index."""
        self._groups.append(_Group())
        return len(self._groups) - 1

    def weights(self, count: int) -> Iterator[int]:
        """``count`` fresh weights, uniform below ``2^128``."""
        raw = self._entropy(WEIGHT_BYTES * count)
        return (
            int.from_bytes(raw[i : i + WEIGHT_BYTES], "little")
            for i in range(0, len(raw), WEIGHT_BYTES)
        )

    def commit(self, encoding: bytes, weight: int) -> None:
        """Add ``weight * C`` to the right-hand side (``C`` a given commitment encoding)."""
        group = self._current()
        group.commitments += encoding
        group.weights += weight.to_bytes(32, "little")

    def term(self, encoding: bytes, scalar: int) -> None:
        """Add ``scalar * P`` to the left-hand side (``P`` a public element's encoding)."""
        terms = self._current().terms
        terms[encoding] = terms.get(encoding, 0) + scalar

    def term_on_generator(self, scalar: int) -> None:
        """Add ``scalar * G`` to the left-hand side."""
        self._current().on_generator += scalar

    def holds(self, first: int = 0, stop: int | None = None) -> bool:
        """Whether the equations of groups ``first..stop-1`` hold (all groups by default).

        A malformed element (not a canonical encoding) makes them fail.
        """
        groups = self._groups[first:stop]
        terms: dict[bytes, int] = {_GENERATOR: sum(g.on_generator for g in groups)}
        for group in groups:
            for encoding, scalar in group.terms.items():
                terms[encoding] = terms.get(encoding, 0) + scalar
        points = b"".join(terms)
        scalars = b"".join((s % ORDER).to_bytes(32, "little") for s in terms.values())
        commitments = b"".join(g.commitments for g in groups)
        try:
            left = hazmat.raw_msm(points, scalars)
            right = (
                hazmat.raw_msm(commitments, b"".join(g.weights for g in groups))
                if commitments
                else hazmat.IDENTITY_BYTES
            )
        except ValueError:
            return False
        return left == right

    def failing_groups(self) -> list[int]:
        """The indexes of the groups whose equations fail on their own (none: ``[]``)."""
        return self._search(0, len(self._groups)) if self._groups else []

    def _search(self, first: int, stop: int) -> list[int]:
        if self.holds(first, stop):
            return []
        if stop - first == 1:
            return [first]
        middle = (first + stop) // 2
        return self._search(first, middle) + self._search(middle, stop)

    def _current(self) -> _Group:
        if not self._groups:
            raise RuntimeError("open a group before adding equations")
        return self._groups[-1]
