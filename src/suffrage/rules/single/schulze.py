"""The Schulze method (beatpath), with link strength measured in winning votes.

Schulze, "A new monotonic, clone-independent, reversal symmetric, and
Condorcet-consistent single-winner election method", Social Choice and Welfare 36
(2011) 267-303, section 2: the link ``a -> b`` exists when ``N[a,b] > N[b,a]``; its
strength is ``(N[a,b], -N[b,a])`` (more winning votes, then fewer losing votes); a path
is as strong as its weakest link; ``a`` wins when its strongest path to every ``b`` is at
least as strong as ``b``'s to ``a``. Several potential winners go to the tie policy.
"""

from __future__ import annotations

from suffrage.rules.ballots import RankedProfile
from suffrage.rules.result import Result, Round
from suffrage.rules.single._common import Decider, ranked, single_seat
from suffrage.rules.single.pairwise import Matrix, matrix_values, pairwise_matrix
from suffrage.rules.ties import TiePolicy

__all__ = ["schulze", "strongest_paths"]

Strength = tuple[int, int]
_NONE: Strength = (0, 0)  # weaker than every link: a link has at least one winning vote


def strongest_paths(matrix: Matrix) -> list[list[Strength]]:
    """Widest paths (Floyd-Warshall) over the links of the pairwise matrix."""
    n = len(matrix)
    p = [
        [
            (matrix[a][b], -matrix[b][a]) if a != b and matrix[a][b] > matrix[b][a] else _NONE
            for b in range(n)
        ]
        for a in range(n)
    ]
    for k in range(n):
        pk = p[k]
        for a in range(n):
            if a == k:
                continue
            pak = p[a][k]
            if pak == _NONE:
                continue
            pa = p[a]
            for b in range(n):
                if b != a and b != k:
                    via = min(pak, pk[b])
                    if via > pa[b]:
                        pa[b] = via
    return p


def schulze(profile: RankedProfile, *, seats: int = 1, ties: TiePolicy | None = None) -> Result:
    single_seat("schulze", seats)
    profile = ranked("schulze", profile)
    names = profile.candidates
    n = len(names)
    matrix = pairwise_matrix(profile)
    p = strongest_paths(matrix)
    potential = [a for a in range(n) if all(p[a][b] >= p[b][a] for b in range(n) if b != a)]
    decide = Decider(ties)
    winner = decide.pick([names[a] for a in potential], "winner")
    paths = {f"{names[a]} > {names[b]}": p[a][b][0] for a in range(n) for b in range(n) if a != b}
    rounds = (
        Round(1, "Pairwise preferences", matrix_values(names, matrix)),
        Round(
            2,
            "Strongest paths (winning votes of the weakest link)",
            paths,
            (
                "potential winners: " + ", ".join(names[a] for a in potential),
                f"{winner} wins",
            ),
        ),
    )
    return Result("schulze", names, (winner,), rounds, tuple(decide.record))
