"""Bounded discrete logarithms base ``G``: recover ``m`` from ``m*G`` for ``0 <= m <= bound``.

Baby-step giant-step. A :class:`DlogTable` holds the ``n`` baby steps ``j*G``
(``0 <= j < n``, ``n = isqrt(bound) + 1`` by default) in a dict keyed by their canonical
encodings; it is built once, costs ``n`` point additions, and is then reused for every
:meth:`DlogTable.solve`. A solve walks ``E, E - n*G, E - 2n*G, ...`` (one point subtraction
per giant step, at most ``bound // n + 1`` of them) until it meets a baby step.

There is no module-level cache (the core keeps no state): a caller that decrypts many
tallies holds one table and passes it around. For ``bound = 10^9`` the table has 31 623
entries (a few megabytes) and a solve takes at most 31 623 subtractions.
"""

from __future__ import annotations

from math import isqrt

from suffrage.crypto._backend import ELEMENT_BYTES, IDENTITY
from suffrage.crypto.group import Element, Scalar, _backend
from suffrage.errors import DecryptionError

__all__ = ["MAX_BOUND", "DlogTable", "dlog"]

#: Largest supported bound: keeps tables and walks within reason (about 2^40).
MAX_BOUND = 2**40


class DlogTable:
    """Baby steps ``{encoding(j*G): j}`` for solving ``m*G`` with ``0 <= m <= bound``."""

    __slots__ = ("_giant", "_steps", "_table", "bound")

    def __init__(self, bound: int, *, baby_steps: int | None = None) -> None:
        if not isinstance(bound, int) or isinstance(bound, bool) or not 0 <= bound <= MAX_BOUND:
            raise ValueError(f"a dlog bound is an int in 0..2^40, got {bound!r}")
        n = isqrt(bound) + 1 if baby_steps is None else baby_steps
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= bound + 1:
            raise ValueError(f"baby_steps must be an int in 1..bound+1, got {baby_steps!r}")
        self.bound = bound
        self._steps = n
        self._table = _baby_steps(n)
        #: Encoding of n*G, subtracted at each giant step.
        self._giant = _backend.scalarmult_base(n.to_bytes(ELEMENT_BYTES, "little"))

    @property
    def baby_steps(self) -> int:
        return self._steps

    def __len__(self) -> int:
        return len(self._table)

    def solve(self, e: Element, *, bound: int | None = None) -> int:
        """The ``m`` with ``m*G == e`` and ``0 <= m <= bound`` (default: the table's bound).

        Raises :class:`~suffrage.errors.DecryptionError` when there is none.
        """
        limit = self.bound if bound is None else bound
        if not 0 <= limit <= self.bound:
            raise ValueError(f"bound {limit} is outside this table's 0..{self.bound}")
        table, n, giant, sub = self._table, self._steps, self._giant, _backend.sub
        cur = e.to_bytes()
        for i in range(limit // n + 1):
            j = table.get(cur)
            if j is not None:
                m = i * n + j
                if m > limit:
                    break
                return m
            cur = sub(cur, giant)
        raise DecryptionError(f"the plaintext is not in 0..{limit} (tally or bound is wrong)")


def dlog(e: Element, bound: int) -> int:
    """One-off :meth:`DlogTable.solve`; build and keep a :class:`DlogTable` for many."""
    return DlogTable(bound).solve(e)


def _baby_steps(n: int) -> dict[bytes, int]:
    add = _backend.add
    g = Element.base_times(Scalar.one()).to_bytes()
    table: dict[bytes, int] = {}
    cur = IDENTITY
    for j in range(n):
        table[cur] = j
        cur = add(cur, g)
    return table
