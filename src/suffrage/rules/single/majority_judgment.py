"""Majority judgment (Balinski and Laraki, "A theory of measuring, electing and ranking",
PNAS 104 (2007) 8720-8725; *Majority Judgment*, MIT Press 2011).

Every ballot grades every candidate (0 = worst). A candidate's majority grade is its
lower median grade. Candidates with the same majority grade are compared by their
*majority values*: the sequence of grades obtained by repeatedly removing the lower
median; the lexicographically larger sequence wins. The comparison works on grade
histograms: the sorted grades are piecewise constant, so the first place where two
sequences differ is found from the run boundaries without expanding the sequences.
"""

from __future__ import annotations

from collections.abc import Sequence

from suffrage.rules.ballots import ScoreProfile
from suffrage.rules.result import Result, Round
from suffrage.rules.single._common import Decider, scored, single_seat
from suffrage.rules.ties import TiePolicy

__all__ = ["compare_majority_values", "majority_judgment"]


def _grade_at(histogram: Sequence[int], index: int) -> int:
    """The grade at ``index`` of the ascending sorted list of grades."""
    seen = 0
    for grade, count in enumerate(histogram):
        seen += count
        if index < seen:
            return grade
    raise IndexError(index)


def _boundaries(histogram: Sequence[int]) -> list[int]:
    out, seen = [], 0
    for count in histogram:
        seen += count
        out.append(seen)
    return out


def _step(index: int, total: int) -> int:
    """When the median-removal sequence reaches sorted position ``index`` (0 = first)."""
    m = (total - 1) // 2
    t = index - m
    if t == 0:
        return 0
    if total % 2:  # odd: m, m-1, m+1, m-2, m+2, ...
        return 2 * -t - 1 if t < 0 else 2 * t
    return 2 * t - 1 if t > 0 else 2 * -t  # even: m, m+1, m-1, m+2, m-2, ...


def compare_majority_values(a: Sequence[int], b: Sequence[int]) -> int:
    """+1 if histogram ``a`` has the larger majority value, -1 if ``b``, 0 if equal."""
    total = sum(a)
    cuts = sorted({0, *_boundaries(a), *_boundaries(b)} - {total})
    first: tuple[int, int] | None = None  # (step, index) of the earliest difference
    m = (total - 1) // 2
    for i, start in enumerate(cuts):
        end = cuts[i + 1] if i + 1 < len(cuts) else total
        if start >= end:
            continue
        ga, gb = _grade_at(a, start), _grade_at(b, start)
        if ga == gb:
            continue
        candidates = [min(end - 1, m)] if start <= m else []
        if end - 1 > m:
            candidates.append(max(start, m + 1))
        for index in candidates:
            key = (_step(index, total), index)
            if first is None or key < first:
                first = key
    if first is None:
        return 0
    index = first[1]
    return 1 if _grade_at(a, index) > _grade_at(b, index) else -1


def majority_judgment(
    profile: ScoreProfile, *, seats: int = 1, ties: TiePolicy | None = None
) -> Result:
    single_seat("majority-judgment", seats)
    profile = scored("majority-judgment", profile)
    names = profile.candidates
    hist = [[0] * (profile.max_score + 1) for _ in names]
    for ballot in profile.ballots:
        for c, g in enumerate(ballot.scores):
            hist[c][g] += ballot.count
    total = profile.total
    medians = {name: _grade_at(hist[c], (total - 1) // 2) for c, name in enumerate(names)}
    top = max(medians.values())
    best = [c for c, name in enumerate(names) if medians[name] == top]
    leaders = [best[0]]
    for c in best[1:]:
        order = compare_majority_values(hist[c], hist[leaders[0]])
        if order > 0:
            leaders = [c]
        elif order == 0:
            leaders.append(c)
    decide = Decider(ties)
    winner = decide.pick([names[c] for c in leaders], "winner")
    events = [f"highest majority grade: {top}"]
    if len(best) > 1:
        events.append(
            "tied on the majority grade: "
            + ", ".join(names[c] for c in best)
            + "; compared by majority value"
        )
    events.append(f"{winner} wins")
    grades = {
        f"{name}: grade {g}": hist[c][g]
        for c, name in enumerate(names)
        for g in range(profile.max_score + 1)
    }
    rounds = (
        Round(1, "Grades given to each candidate", grades),
        Round(2, "Majority (lower median) grades", medians, tuple(events)),
    )
    return Result("majority-judgment", names, (winner,), rounds, tuple(decide.record))
