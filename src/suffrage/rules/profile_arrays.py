"""Ranked ballots as integer arrays: merging identical rows, and the pairwise matrix.

Two operations that touch every ballot are done with numpy:

* :func:`merge_rows` merges the rows of an ``(m, w)`` integer array (row = one ballot,
  candidate indices in order of preference, ``-1`` after the last preference). Each row
  is packed into one 64-bit integer (``bit_length(n)`` bits per preference), and the
  integers are counted with ``np.unique``; a million ballots over ten candidates merge
  in a few tens of milliseconds, where hashing a million Python tuples takes ten times
  as long. Rows too wide to pack fall back to ``np.unique(..., axis=0)``.
* :func:`pairwise_counts` builds the head-to-head matrix from the distinct rankings of
  a profile: the level of every candidate on every ranking goes into a ``(k, n)`` array,
  and ``N[a, b]`` is the count-weighted number of rows where ``a``'s level is lower.

Counts are summed in 64-bit integers only when the profile's total cannot overflow
them; the results are returned as Python integers, so the arithmetic stays exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt

from suffrage.errors import CountError

__all__ = ["SAFE_TOTAL", "merge_rows", "pairwise_counts"]

#: Largest ballot total whose weighted sums are computed in int64 (one bit of headroom).
SAFE_TOTAL = 2**62

Ranking = tuple[tuple[int, ...], ...]


def merge_rows(rows: npt.ArrayLike, n: int) -> tuple[list[tuple[int, ...]], list[int]]:
    """Distinct orders among the rows of ``rows`` and how many rows hold each.

    ``rows`` is a 2-D integer array: one ballot per row, candidate indices ``0..n-1`` in
    order of preference, then ``-1`` for every unused place. Orders come back as tuples
    without the padding, sorted by their rows; a row of only ``-1`` is an empty order.
    :class:`~suffrage.errors.CountError` names the first bad distinct row.
    """
    array = np.asarray(rows)
    if array.ndim != 2:
        raise CountError(f"ballot rows must form a 2-D array, got {array.ndim} dimensions")
    if array.dtype.kind not in "iu":
        raise CountError(f"ballot rows must hold integers, got {array.dtype}")
    m, width = array.shape
    if m == 0 or width == 0:
        return ([()] if m else []), ([m] if m else [])
    low, high = int(array.min()), int(array.max())
    if low < -1 or high >= n:
        bad = low if low < -1 else high
        raise CountError(f"candidate index {bad} out of range 0..{n - 1} (-1 ends a row)")
    bits = n.bit_length()  # digits 0..n: candidate + 1, and 0 for padding
    if bits * width <= 63:
        distinct, counts = _merge_packed(array, width, bits)
    else:
        distinct, counts = np.unique(array, axis=0, return_counts=True)
    return _orders(distinct), counts.tolist()  # Python ints, each at least 1


def _orders(rows: npt.NDArray[Any]) -> list[tuple[int, ...]]:
    """Distinct padded rows as orders, each checked (no gap, no candidate twice)."""
    empty = rows == -1
    gap = empty[:, :-1] & ~empty[:, 1:]
    ordered = np.sort(rows, axis=1)
    twice = (ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] >= 0)
    bad = np.flatnonzero(gap.any(axis=1) | twice.any(axis=1))
    if len(bad):
        row = rows[bad[0]].tolist()
        problem = "-1 before a preference" if gap[bad[0]].any() else "a candidate is ranked twice"
        raise CountError(f"ballot row {row}: {problem}")
    lengths = (rows.shape[1] - empty.sum(axis=1)).tolist()
    return [tuple(row[:k]) for row, k in zip(rows.tolist(), lengths, strict=True)]


def _merge_packed(
    array: npt.NDArray[Any], width: int, bits: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Rows packed into one integer each (first preference highest), counted, unpacked."""
    shifts = np.arange(width - 1, -1, -1, dtype=np.int64) * bits
    weights = np.left_shift(np.int64(1), shifts)
    # sum((row + 1) * weight) == row @ weight + sum(weight), without copying row + 1
    codes = array.astype(np.int64, copy=False) @ weights + int(weights.sum())
    unique, counts = np.unique(codes, return_counts=True)
    digits = (unique[:, None] >> shifts) & ((1 << bits) - 1)
    return digits - 1, counts


def pairwise_counts(rankings: Sequence[Ranking], counts: Sequence[int], n: int) -> list[list[int]]:
    """``N[a][b]``: total count of the rankings that place ``a`` above ``b``.

    A ranking is a tuple of groups of equally ranked candidates; unranked candidates
    share the level below the last group. Every candidate index must be in ``0..n-1``
    and appear at most once per ranking (as :class:`RankedProfile` guarantees).
    """
    k = len(rankings)
    if k == 0:
        return [[0] * n for _ in range(n)]
    level = _levels(rankings, n)
    weight = np.fromiter(counts, dtype=np.int64, count=k)
    matrix = np.empty((n, n), dtype=np.int64)
    for a in range(n):
        matrix[a] = weight @ (level[:, a, None] < level)
    return [[int(v) for v in row] for row in matrix.tolist()]


def _levels(rankings: Sequence[Ranking], n: int) -> npt.NDArray[np.int64]:
    """``level[i, c]``: the index of the group holding ``c`` on ranking ``i``."""
    k = len(rankings)
    lengths = np.fromiter(map(len, rankings), dtype=np.int64, count=k)
    candidates = np.fromiter(chain.from_iterable(chain.from_iterable(rankings)), dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    level = np.repeat(lengths, n).reshape(k, n)  # unranked: below the last group
    if len(candidates) == int(lengths.sum()):  # one candidate per group: strict rankings
        ballot = np.repeat(np.arange(k, dtype=np.int64), lengths)
        level[ballot, candidates] = np.arange(len(candidates), dtype=np.int64) - starts[ballot]
        return level
    groups = list(chain.from_iterable(rankings))
    sizes = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    group_ballot = np.repeat(np.arange(k, dtype=np.int64), lengths)
    group_level = np.arange(len(groups), dtype=np.int64) - starts[group_ballot]
    level[np.repeat(group_ballot, sizes), candidates] = np.repeat(group_level, sizes)
    return level
