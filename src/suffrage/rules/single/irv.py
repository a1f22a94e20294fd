"""Instant-runoff voting (alternative vote, single-seat ranked-choice voting).

Each round the continuing candidate with the fewest votes is excluded and its ballots
pass to their next continuing preference, until a candidate holds more than half of the
votes still in the count. A ballot whose next preference is a tie between continuing
candidates is exhausted (it cannot be given to one of them), as is a ballot with no
continuing preference left.

Only the ballots of the excluded candidate are looked at in each round: ballots are kept
in one bucket per candidate, so the whole count touches each distinct ballot at most once
per exclusion it is affected by.
"""

from __future__ import annotations

from suffrage.rules.ballots import RankedProfile
from suffrage.rules.result import Result, Round
from suffrage.rules.single._common import Decider, ranked, single_seat
from suffrage.rules.ties import TiePolicy

__all__ = ["instant_runoff"]


class _Buckets:
    """Distinct ballots grouped under their current (continuing) first preference."""

    def __init__(self, profile: RankedProfile) -> None:
        n = len(profile.candidates)
        self.rankings = [b.ranking for b in profile.ballots]
        self.counts = [b.count for b in profile.ballots]
        self.position = [0] * len(self.rankings)
        self.continuing = [True] * n
        self.buckets: list[list[int]] = [[] for _ in range(n)]
        self.votes = [0] * n
        self.exhausted = 0
        buckets, votes, counts = self.buckets, self.votes, self.counts
        for i, ranking in enumerate(self.rankings):
            first = ranking[0] if ranking else ()
            if len(first) == 1:  # the common case, inline: a single first preference
                buckets[first[0]].append(i)
                votes[first[0]] += counts[i]
            else:
                self._place(i, 0)

    def _place(self, i: int, start: int) -> None:
        """Put ballot ``i`` under its first continuing preference at or after ``start``."""
        ranking = self.rankings[i]
        continuing = self.continuing
        for level in range(start, len(ranking)):
            group = ranking[level]
            if len(group) == 1:
                c = group[0]
                if continuing[c]:
                    self.position[i] = level
                    self.buckets[c].append(i)
                    self.votes[c] += self.counts[i]
                    return
            else:
                live = [c for c in group if continuing[c]]
                if len(live) == 1:
                    self.position[i] = level
                    self.buckets[live[0]].append(i)
                    self.votes[live[0]] += self.counts[i]
                    return
                if live:
                    break
        self.exhausted += self.counts[i]

    def exclude(self, c: int) -> None:
        self.continuing[c] = False
        moved, self.buckets[c] = self.buckets[c], []
        self.votes[c] = 0
        rankings, position, continuing = self.rankings, self.position, self.continuing
        for i in moved:
            ranking = rankings[i]
            level = position[i] + 1
            while level < len(ranking) and len(ranking[level]) == 1:
                nxt = ranking[level][0]
                if continuing[nxt]:  # the common case, inline
                    position[i] = level
                    self.buckets[nxt].append(i)
                    self.votes[nxt] += self.counts[i]
                    break
                level += 1
            else:
                self._place(i, level)


def instant_runoff(
    profile: RankedProfile, *, seats: int = 1, ties: TiePolicy | None = None
) -> Result:
    single_seat("instant-runoff", seats)
    profile = ranked("instant-runoff", profile)
    names = profile.candidates
    state = _Buckets(profile)
    decide = Decider(ties)
    rounds: list[Round] = []
    history: list[dict[str, int]] = []
    remaining = list(range(len(names)))
    while True:
        totals = {names[c]: state.votes[c] for c in remaining}
        active = sum(totals.values())
        number = len(rounds) + 1
        leader = max(totals.values())
        if 2 * leader > active or len(remaining) == 1:
            winner = decide.best(totals, purpose="winner", history=history)
            event = f"{winner} is elected with {totals[winner]} of {active} continuing votes"
            rounds.append(Round(number, "Count", totals, (event,), exhausted=state.exhausted))
            return Result("instant-runoff", names, (winner,), tuple(rounds), tuple(decide.record))
        loser = decide.worst(totals, purpose="exclusion", history=history)
        event = f"{loser} is excluded with {totals[loser]} votes; ballots transfer"
        rounds.append(Round(number, "Count", totals, (event,), exhausted=state.exhausted))
        history.append(totals)
        state.exclude(names.index(loser))
        remaining.remove(names.index(loser))
