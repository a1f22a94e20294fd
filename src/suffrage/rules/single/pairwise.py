"""The pairwise (head-to-head) matrix of a ranked profile, computed on distinct ballots.

``matrix[a][b]`` is the number of ballots ranking ``a`` above ``b``; unranked candidates
are below every ranked one and equal among themselves.

The matrix is built with numpy (:func:`~suffrage.rules.profile_arrays.pairwise_counts`:
one comparison of level arrays per candidate over all distinct ballots, summed in int64)
whenever the ballot total cannot overflow 64-bit sums, which is every real election;
:func:`pairwise_matrix_python` is the exact pure-Python fallback for larger totals. It
reduces each ballot to ``(candidate, set ranked at or above it)`` keys (one integer: the
candidate in the high bits, the set as a bit mask), of which there are at most
``n * 2**n``, and builds the matrix from the keys. Both give the same integers.
"""

from __future__ import annotations

from suffrage.rules.ballots import RankedProfile

__all__ = ["Matrix", "matrix_values", "pairwise_matrix", "pairwise_matrix_python"]

Matrix = list[list[int]]
_SAFE_TOTAL = 2**62  # as profile_arrays.SAFE_TOTAL, without importing numpy here


def pairwise_matrix(profile: RankedProfile) -> Matrix:
    if profile.total >= _SAFE_TOTAL:
        return pairwise_matrix_python(profile)
    from suffrage.rules.profile_arrays import pairwise_counts  # numpy, loaded when counting

    ballots = profile.ballots
    return pairwise_counts(
        [b.ranking for b in ballots], [b.count for b in ballots], len(profile.candidates)
    )


def pairwise_matrix_python(profile: RankedProfile) -> Matrix:
    n = len(profile.candidates)
    bits = [1 << c for c in range(n)]
    tags = [c << n for c in range(n)]  # key = (candidate << n) | set ranked at or above
    keys: dict[int, int] = {}
    get = keys.get
    for ballot in profile.ballots:
        weight = ballot.count
        above = 0
        for group in ballot.ranking:
            if len(group) == 1:
                c = group[0]
                above |= bits[c]
                key = above | tags[c]
                keys[key] = get(key, 0) + weight
            else:
                for c in group:
                    above |= bits[c]
                for c in group:
                    key = above | tags[c]
                    keys[key] = get(key, 0) + weight
    matrix = [[0] * n for _ in range(n)]
    everyone = (1 << n) - 1
    for key, weight in keys.items():
        row = matrix[key >> n]
        below = everyone & ~key
        while below:
            lowest = below & -below
            row[lowest.bit_length() - 1] += weight
            below ^= lowest
    return matrix


def matrix_values(names: tuple[str, ...], matrix: Matrix) -> dict[str, int]:
    """The matrix as round values: ``"A > B"`` is the number of ballots ranking A over B."""
    return {
        f"{names[a]} > {names[b]}": matrix[a][b]
        for a in range(len(names))
        for b in range(len(names))
        if a != b
    }
