"""Copeland and minimax: simple rules read off the pairwise matrix.

Copeland: one point per head-to-head win, half a point per tie. Minimax (Simpson-Kramer):
the candidate whose largest defeat margin ``N[b,a] - N[a,b]`` is smallest.
"""

from __future__ import annotations

from fractions import Fraction

from suffrage.rules.ballots import RankedProfile
from suffrage.rules.result import Number, Result, Round
from suffrage.rules.single._common import Decider, ranked, single_seat
from suffrage.rules.single.pairwise import Matrix, matrix_values, pairwise_matrix
from suffrage.rules.ties import TiePolicy

__all__ = ["condorcet_winner", "copeland", "minimax"]


def condorcet_winner(matrix: Matrix) -> int | None:
    """The candidate who beats every other head to head, if there is one."""
    n = len(matrix)
    for a in range(n):
        if all(matrix[a][b] > matrix[b][a] for b in range(n) if b != a):
            return a
    return None


def _matrix_round(profile: RankedProfile, matrix: Matrix) -> Round:
    names = profile.candidates
    cw = condorcet_winner(matrix)
    event = f"{names[cw]} is the Condorcet winner" if cw is not None else "no Condorcet winner"
    return Round(1, "Pairwise preferences", matrix_values(names, matrix), (event,))


def copeland(profile: RankedProfile, *, seats: int = 1, ties: TiePolicy | None = None) -> Result:
    single_seat("copeland", seats)
    profile = ranked("copeland", profile)
    names = profile.candidates
    matrix = pairwise_matrix(profile)
    scores: dict[str, Number] = {}
    for a, name in enumerate(names):
        doubled = sum(
            2 if matrix[a][b] > matrix[b][a] else 1 if matrix[a][b] == matrix[b][a] else 0
            for b in range(len(names))
            if b != a
        )
        scores[name] = doubled // 2 if doubled % 2 == 0 else Fraction(doubled, 2)
    decide = Decider(ties)
    winner = decide.best(scores, purpose="winner")
    rounds = (
        _matrix_round(profile, matrix),
        Round(2, "Copeland scores (win 1, tie 1/2)", scores, (f"{winner} has the most points",)),
    )
    return Result("copeland", names, (winner,), rounds, tuple(decide.record))


def minimax(profile: RankedProfile, *, seats: int = 1, ties: TiePolicy | None = None) -> Result:
    single_seat("minimax", seats)
    profile = ranked("minimax", profile)
    names = profile.candidates
    n = len(names)
    matrix = pairwise_matrix(profile)
    if n == 1:
        worst = {names[0]: 0}
    else:
        worst = {
            names[a]: max(matrix[b][a] - matrix[a][b] for b in range(n) if b != a) for a in range(n)
        }
    decide = Decider(ties)
    winner = decide.worst(worst, purpose="winner")
    rounds = (
        _matrix_round(profile, matrix),
        Round(
            2,
            "Largest defeat margin of each candidate",
            worst,
            (f"{winner} has the smallest largest defeat",),
        ),
    )
    return Result("minimax", names, (winner,), rounds, tuple(decide.record))
