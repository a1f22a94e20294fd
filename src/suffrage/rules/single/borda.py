"""Borda count.

A candidate scores one point for every candidate a ballot ranks below it and half a
point for every candidate ranked equal with it; for a complete strict ranking of ``n``
candidates that is ``n - 1`` points for first place down to 0 for last. Unranked
candidates are equal last, so a truncated ballot gives each of them half a point per
other unranked candidate (the "averaged" rule). The score is read off the pairwise
matrix: ``score(a) = sum_b N[a,b] + (T - N[a,b] - N[b,a]) / 2``.
"""

from __future__ import annotations

from fractions import Fraction

from suffrage.rules.ballots import RankedProfile
from suffrage.rules.result import Number, Result, Round
from suffrage.rules.single._common import Decider, ranked, single_seat
from suffrage.rules.single.pairwise import pairwise_matrix
from suffrage.rules.ties import TiePolicy

__all__ = ["borda", "borda_scores"]


def borda_scores(profile: RankedProfile) -> dict[str, Number]:
    matrix = pairwise_matrix(profile)
    total = profile.total
    n = len(profile.candidates)
    scores: dict[str, Number] = {}
    for a, name in enumerate(profile.candidates):
        doubled = sum(
            matrix[a][b] + total - matrix[b][a] for b in range(n) if b != a
        )  # 2 * (wins + ties / 2) = wins + (total - losses)
        score = Fraction(doubled, 2)
        scores[name] = int(score) if score.denominator == 1 else score
    return scores


def borda(profile: RankedProfile, *, seats: int = 1, ties: TiePolicy | None = None) -> Result:
    single_seat("borda", seats)
    profile = ranked("borda", profile)
    scores = borda_scores(profile)
    decide = Decider(ties)
    winner = decide.best(scores, purpose="winner")
    rounds = (Round(1, "Borda scores", scores, (f"{winner} has the highest score",)),)
    return Result("borda", profile.candidates, (winner,), rounds, tuple(decide.record))
