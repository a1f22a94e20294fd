"""The method of equal shares (Peters & Skowron) for approval ballots, unit costs.

Each voter starts with an equal share of a budget of ``seats`` (each seat costs 1). A
candidate is affordable when her supporters together still hold at least 1; electing
her charges each supporter min(share left, rho), with the smallest rho that covers the
cost. At each step the affordable candidate with the smallest rho is elected.

Completion ("Add1U", as on equalshares.net): if fewer than ``seats`` candidates are
elected, the count is rerun with the total budget raised by one (seats + 1, seats + 2,
...) for as long as the committee does not exceed ``seats`` (at most :data:`MAX_ADD1`
times); the largest such committee is kept. Seats still empty are filled by approval
count (utilitarian completion). All arithmetic is exact; ties are broken by lot.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from suffrage.rules.ballots import ApprovalProfile
from suffrage.rules.multi.approval import check_approval, groups
from suffrage.rules.multi.seats import DEFAULT_TIES, top_k
from suffrage.rules.result import Number, Result, Round, TieBreak
from suffrage.rules.ties import TiePolicy

__all__ = ["MAX_ADD1", "count_equal_shares"]

#: Add1 raises the budget at most this many times before the utilitarian completion.
MAX_ADD1 = 1000


def count_equal_shares(
    profile: ApprovalProfile, *, seats: int, ties: TiePolicy = DEFAULT_TIES, **options: Any
) -> Result:
    """Method of equal shares with Add1 and utilitarian completion."""
    check_approval(profile, seats, "equal-shares", options)
    names = profile.candidates
    ballots = groups(profile)
    voters = sum(count for _, count in ballots)
    notes: list[str] = []
    if not voters:
        chosen, lots = top_k(names, dict.fromkeys(names, 0), seats, ties, "empty seats")
        return Result("equal-shares", names, chosen, ties=lots, notes=("no approvals",))
    supported = len({c for approved, _ in ballots for c in approved})
    budget = seats
    best = _run(names, ballots, voters, budget, seats, ties)
    while len(best.elected) < min(seats, supported) and budget < seats + min(voters, MAX_ADD1):
        trial = _run(names, ballots, voters, budget + 1, seats, ties)
        if len(trial.elected) > seats:
            break
        budget += 1
        best = trial
    if budget > seats:
        notes.append(f"Add1 completion: total budget raised from {seats} to {budget}")
    rounds = list(best.rounds)
    elected = list(best.elected)
    breaks = list(best.breaks)
    if len(elected) < seats:
        rounds.append(_utilitarian_fill(names, ballots, elected, seats, ties, breaks, len(rounds)))
        notes.append("remaining seats filled by approval count")
    return Result(
        method="equal-shares",
        candidates=names,
        elected=tuple(names[c] for c in elected),
        rounds=tuple(rounds),
        ties=tuple(breaks),
        notes=tuple(notes),
    )


class _Run:
    def __init__(self) -> None:
        self.elected: list[int] = []
        self.rounds: list[Round] = []
        self.breaks: list[TieBreak] = []


def _run(
    names: tuple[str, ...],
    ballots: list[tuple[frozenset[int], int]],
    voters: int,
    budget: int,
    seats: int,
    ties: TiePolicy,
) -> _Run:
    """One pass of equal shares with total ``budget``; stops when nobody is affordable
    or more than ``seats`` are elected (which the caller reads as 'too much budget')."""
    share = [Fraction(budget, voters)] * len(ballots)
    run = _Run()
    while len(run.elected) <= seats:
        rhos: dict[str, Number] = {}
        for c in range(len(names)):
            if c not in run.elected:
                rho = _rho(c, ballots, share)
                if rho is not None:
                    rhos[names[c]] = rho
        if not rhos:
            break
        low = min(rhos.values())
        tied = [name for name, rho in rhos.items() if rho == low]
        chosen, tie = ties.pick(tied, purpose="equal shares", prefer="lowest")
        if tie is not None:
            run.breaks.append(tie)
        c = names.index(chosen)
        rho = Fraction(low)
        share = [s - min(s, rho) if c in ballots[g][0] else s for g, s in enumerate(share)]
        run.elected.append(c)
        event = f"{chosen} elected; each supporter pays up to {rho}"
        run.rounds.append(
            Round(len(run.rounds) + 1, f"Budget {budget}: step {len(run.elected)}", rhos, (event,))
        )
    return run


def _rho(
    c: int, ballots: list[tuple[frozenset[int], int]], share: list[Fraction]
) -> Fraction | None:
    """The smallest rho with sum(count * min(share, rho)) = 1 over supporters, or None."""
    supporters = sorted(
        (share[g], count) for g, (approved, count) in enumerate(ballots) if c in approved
    )
    cost = Fraction(1)
    left = sum(count for _, count in supporters)
    for s, count in supporters:
        if s * left >= cost:
            return cost / left
        cost -= s * count
        left -= count
    return None


def _utilitarian_fill(
    names: tuple[str, ...],
    ballots: list[tuple[frozenset[int], int]],
    elected: list[int],
    seats: int,
    ties: TiePolicy,
    breaks: list[TieBreak],
    done: int,
) -> Round:
    rest = [names[c] for c in range(len(names)) if c not in elected]
    totals: dict[str, Number] = dict.fromkeys(rest, 0)
    for approved, count in ballots:
        for c in approved:
            if names[c] in totals:
                totals[names[c]] += count
    chosen, tie_breaks = top_k(rest, totals, seats - len(elected), ties, "completion")
    breaks.extend(tie_breaks)
    elected.extend(names.index(name) for name in chosen)
    events = tuple(f"{name} elected by approval count" for name in chosen)
    return Round(done + 1, "Completion by approval count", totals, events)
