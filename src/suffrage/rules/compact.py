"""Strict rankings held as three flat integer arrays.

A profile of many distinct rankings held as objects (a ``RankedBallot`` and its tuple
of one-candidate groups per ranking) costs two tracked Python objects per ranking; over
a few hundred thousand rankings the cyclic garbage collector's full collections cost
more than reading and counting them. :class:`StrictRankings` holds the same rankings
as ``prefs`` (every ranking's candidate indices, best first, one ranking after
another), ``offsets`` (ranking ``i`` is ``prefs[offsets[i]:offsets[i + 1]]``) and
``counts``: three objects whatever the number of rankings. Every ranking ranks at
least one candidate (a ballot that ranks nobody is not held in this form).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from itertools import pairwise

from suffrage.errors import CountError

__all__ = ["COUNT_LIMIT", "StrictRankings"]

#: Counts must be below this to be held in a signed 64-bit array (``array('q')``).
COUNT_LIMIT = 2**63


@dataclass(frozen=True, slots=True, eq=False)
class StrictRankings:
    """Distinct strict rankings: ``prefs`` ('i'), ``offsets`` ('q', one more than
    rankings, starting at 0) and ``counts`` ('q', each at least 1)."""

    prefs: array[int]
    offsets: array[int]
    counts: array[int]

    def __len__(self) -> int:
        return len(self.counts)

    def orders(self) -> list[tuple[int, ...]]:
        """Every ranking as a tuple of candidate indices, best first."""
        prefs = self.prefs
        return [tuple(prefs[a:b]) for a, b in pairwise(self.offsets)]

    def check(self, n: int, candidates: tuple[str, ...]) -> None:
        """Raise :class:`CountError` unless these are valid rankings of ``n`` candidates:
        offsets strictly rising from 0 to the end of ``prefs`` (no empty ranking),
        indices in range, no candidate twice in one ranking, every count positive."""
        prefs, offsets, counts = self.prefs, self.offsets, self.counts
        if len(offsets) != len(counts) + 1 or offsets[0] != 0 or offsets[-1] != len(prefs):
            raise CountError("ranking offsets do not match the preferences")
        if any(a >= b for a, b in pairwise(offsets)):
            raise CountError("every ranking in flat form must rank a candidate")
        if counts and min(counts) < 1:
            raise CountError(f"a ballot count must be a positive integer, got {min(counts)}")
        if prefs and (min(prefs) < 0 or max(prefs) >= n):
            bad = min(prefs) if min(prefs) < 0 else max(prefs)
            raise CountError(f"candidate index {bad} out of range 0..{n - 1}")
        for a, b in pairwise(offsets):
            if len(set(prefs[a:b])) != b - a:
                order = prefs[a:b].tolist()
                twice = next(c for c in order if order.count(c) > 1)
                raise CountError(f"candidate {candidates[twice]!r} ranked twice")
