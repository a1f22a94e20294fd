"""Ranked pairs (Tideman), with majorities measured by margin.

Tideman, "Independence of clones as a criterion for voting rules", Social Choice and
Welfare 4 (1987) 185-206. Majorities ``a > b`` (positive margin ``N[a,b] - N[b,a]``) are
taken from the largest margin down and locked in unless they would close a cycle with
those already locked; the winner is the candidate no locked majority points at. Equal
margins are ordered by a tie-breaking ranking of the candidates drawn by the tie policy's
lot (Zavist and Tideman 1989): the pair whose winner ranks higher comes first, then the
pair whose loser ranks lower.
"""

from __future__ import annotations

from suffrage.rules.ballots import RankedProfile
from suffrage.rules.result import Result, Round, TieBreak
from suffrage.rules.single._common import Decider, ranked, single_seat
from suffrage.rules.single.pairwise import matrix_values, pairwise_matrix
from suffrage.rules.ties import TiePolicy

__all__ = ["ranked_pairs"]


def _reaches(locked: list[set[int]], start: int, goal: int) -> bool:
    stack, seen = [start], {start}
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in locked[node] - seen:
            seen.add(nxt)
            stack.append(nxt)
    return False


def ranked_pairs(
    profile: RankedProfile, *, seats: int = 1, ties: TiePolicy | None = None
) -> Result:
    single_seat("ranked-pairs", seats)
    profile = ranked("ranked-pairs", profile)
    names = profile.candidates
    n = len(names)
    matrix = pairwise_matrix(profile)
    decide = Decider(ties)
    tbrc = decide.policy.lot_order(names, "tie-breaking ranking")
    rank = {names.index(name): i for i, name in enumerate(tbrc)}
    pairs = sorted(
        ((matrix[a][b] - matrix[b][a], a, b) for a in range(n) for b in range(n)),
        key=lambda m: (-m[0], rank[m[1]], -rank[m[2]]),
    )
    pairs = [m for m in pairs if m[0] > 0]
    margins = [m[0] for m in pairs]
    if len(set(margins)) < len(margins):
        decide.record.append(
            TieBreak(
                "order of equal majorities",
                tuple(names),
                tbrc[0],
                f"tie-breaking ranking {' > '.join(tbrc)} by lot (seed {decide.policy.seed.hex()})",
            )
        )
    locked: list[set[int]] = [set() for _ in range(n)]
    events: list[str] = []
    values: dict[str, int] = {}
    for margin, a, b in pairs:
        label = f"{names[a]} > {names[b]}"
        values[label] = margin
        if _reaches(locked, b, a):
            events.append(f"skip {label} (margin {margin}): it would close a cycle")
        else:
            locked[a].add(b)
            events.append(f"lock {label} (margin {margin})")
    beaten = {b for a in range(n) for b in locked[a]}
    sources = [names[a] for a in range(n) if a not in beaten]
    winner = decide.pick(sources, "winner")
    events.append(f"{winner} is not beaten by any locked majority")
    rounds = (
        Round(1, "Pairwise preferences", matrix_values(names, matrix)),
        Round(2, "Majorities by margin, in lock order", values, tuple(events)),
    )
    return Result("ranked-pairs", names, (winner,), rounds, tuple(decide.record))
