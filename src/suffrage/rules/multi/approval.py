"""Proportional approval methods: PAV (optimal), sequential PAV, sequential Phragmén.

* ``pav``: Thiele's proportional approval voting. A voter with *j* approved candidates
  elected contributes 1 + 1/2 + ... + 1/j; the committee with the highest total wins.
  Every committee is scored exactly (integers scaled by lcm(1..seats)), so the method
  refuses inputs with more than :data:`MAX_COMMITTEES` committees.
* ``seq-pav``: seats are filled one at a time by the candidate adding most to that score.
* ``seq-phragmen``: Phragmén's sequential method: each elected candidate is a unit load
  spread over her supporters so that the largest voter load stays as small as possible.

All arithmetic is exact; ties are broken by lot and reported.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import comb, lcm
from typing import Any

from suffrage.errors import CountError
from suffrage.rules.ballots import ApprovalProfile
from suffrage.rules.multi.seats import DEFAULT_TIES, check_seats
from suffrage.rules.result import Number, Result, Round, TieBreak
from suffrage.rules.ties import TiePolicy

__all__ = ["MAX_COMMITTEES", "count_pav", "count_seq_pav", "count_seq_phragmen", "groups"]

MAX_COMMITTEES = 200_000


def groups(profile: ApprovalProfile) -> list[tuple[frozenset[int], int]]:
    """Distinct non-empty approval sets with their counts."""
    merged: dict[frozenset[int], int] = {}
    for ballot in profile.ballots:
        if ballot.approved:
            merged[ballot.approved] = merged.get(ballot.approved, 0) + ballot.count
    return list(merged.items())


def check_approval(profile: object, seats: int, method: str, options: dict[str, Any]) -> None:
    """The shared checks: an approval profile, a valid seat count, no unknown options."""
    if options:
        raise CountError(f"{method} does not take {', '.join(sorted(options))}")
    if not isinstance(profile, ApprovalProfile):
        raise CountError(f"{method} counts approval ballots, got {type(profile).__name__}")
    check_seats(seats, len(profile.candidates))


def count_pav(
    profile: ApprovalProfile, *, seats: int, ties: TiePolicy = DEFAULT_TIES, **options: Any
) -> Result:
    """Proportional approval voting: the committee with the highest Thiele score."""
    check_approval(profile, seats, "pav", options)
    names = profile.candidates
    total = comb(len(names), seats)
    if total > MAX_COMMITTEES:
        raise CountError(
            f"pav would score {total} committees (limit {MAX_COMMITTEES}); use seq-pav"
        )
    scale = lcm(*range(1, seats + 1))
    harmonic = [0]
    for j in range(1, seats + 1):
        harmonic.append(harmonic[-1] + scale // j)
    masks = [(sum(1 << c for c in approved), count) for approved, count in groups(profile)]
    best_score = -1
    best: list[tuple[int, ...]] = []
    for committee in combinations(range(len(names)), seats):
        chosen = sum(1 << c for c in committee)
        score = sum(count * harmonic[(mask & chosen).bit_count()] for mask, count in masks)
        if score > best_score:
            best_score, best = score, [committee]
        elif score == best_score:
            best.append(committee)
    labels = {", ".join(names[c] for c in committee): committee for committee in best}
    breaks: tuple[TieBreak, ...] = ()
    label = next(iter(labels))
    if len(labels) > 1:
        label, tie = ties.pick(list(labels), purpose="optimal committee", prefer="highest")
        breaks = (tie,) if tie else ()
    elected = tuple(names[c] for c in labels[label])
    pav_score = Fraction(best_score, scale)
    event = f"committee {label} has the highest PAV score, {pav_score}, of {total} committees"
    if len(best) > 1:
        event += f" ({len(best)} committees share it)"
    return Result(
        method="pav",
        candidates=names,
        elected=elected,
        rounds=(Round(1, "Approvals", values=_approvals(profile), events=(event,)),),
        ties=breaks,
    )


def count_seq_pav(
    profile: ApprovalProfile, *, seats: int, ties: TiePolicy = DEFAULT_TIES, **options: Any
) -> Result:
    """Sequential PAV: repeatedly elect the candidate adding most to the Thiele score."""
    check_approval(profile, seats, "seq-pav", options)
    names = profile.candidates
    ballots = groups(profile)
    elected: list[int] = []
    rounds: list[Round] = []
    breaks: list[TieBreak] = []
    for number in range(1, seats + 1):
        gains: dict[int, Fraction] = {c: Fraction(0) for c in range(len(names))}
        for c in elected:
            del gains[c]
        for approved, count in ballots:
            weight = Fraction(count, 1 + sum(1 for c in elected if c in approved))
            for c in approved:
                if c in gains:
                    gains[c] += weight
        values: dict[str, Number] = {names[c]: v for c, v in gains.items()}
        chosen = _pick_best(values, ties, f"seat {number}", breaks, prefer="highest")
        elected.append(names.index(chosen))
        event = f"{chosen} elected, adding {values[chosen]} to the PAV score"
        rounds.append(Round(number, f"Seat {number}", values=values, events=(event,)))
    return Result(
        method="seq-pav",
        candidates=names,
        elected=tuple(names[c] for c in elected),
        rounds=tuple(rounds),
        ties=tuple(breaks),
    )


def count_seq_phragmen(
    profile: ApprovalProfile, *, seats: int, ties: TiePolicy = DEFAULT_TIES, **options: Any
) -> Result:
    """Phragmén's sequential method (minimise the largest voter load at each step)."""
    check_approval(profile, seats, "seq-phragmen", options)
    names = profile.candidates
    ballots = groups(profile)
    loads = [Fraction(0)] * len(ballots)
    elected: list[int] = []
    rounds: list[Round] = []
    breaks: list[TieBreak] = []
    for number in range(1, seats + 1):
        new_loads = _phragmen_loads(len(names), elected, ballots, loads)
        values: dict[str, Number] = {names[c]: load for c, load in new_loads.items()}
        if not values:  # nobody left has a supporter: fill the rest by lot
            rest = [n for i, n in enumerate(names) if i not in elected]
            for name in ties.lot_order(rest, "seats without support")[: seats - len(elected)]:
                elected.append(names.index(name))
                rule = f"lot (seed {ties.seed.hex()})"
                breaks.append(TieBreak("seats without support", tuple(rest), name, rule))
            rounds.append(Round(number, "Seats without support", events=("filled by lot",)))
            break
        chosen = _pick_best(values, ties, f"seat {number}", breaks, prefer="lowest")
        c = names.index(chosen)
        load = new_loads[c]
        loads = [load if c in approved else loads[g] for g, (approved, _) in enumerate(ballots)]
        elected.append(c)
        event = f"{chosen} elected; her supporters' load becomes {load}"
        rounds.append(Round(number, f"Seat {number}", values=values, events=(event,)))
    return Result(
        method="seq-phragmen",
        candidates=names,
        elected=tuple(names[c] for c in elected),
        rounds=tuple(rounds),
        ties=tuple(breaks),
    )


def _phragmen_loads(
    n: int, elected: list[int], ballots: list[tuple[frozenset[int], int]], loads: list[Fraction]
) -> dict[int, Fraction]:
    """For each unelected candidate with supporters, her supporters' load if elected next."""
    out: dict[int, Fraction] = {}
    for c in range(n):
        if c in elected:
            continue
        support = 0
        carried = Fraction(0)
        for g, (approved, count) in enumerate(ballots):
            if c in approved:
                support += count
                carried += loads[g] * count
        if support:
            out[c] = (1 + carried) / support
    return out


def _pick_best(
    values: dict[str, Number], ties: TiePolicy, purpose: str, breaks: list[TieBreak], prefer: str
) -> str:
    target = max(values.values()) if prefer == "highest" else min(values.values())
    tied = [name for name, v in values.items() if v == target]
    chosen, tie = ties.pick(tied, purpose=purpose, prefer=prefer)
    if tie is not None:
        breaks.append(tie)
    return chosen


def _approvals(profile: ApprovalProfile) -> dict[str, Number]:
    totals: dict[str, Number] = dict.fromkeys(profile.candidates, 0)
    for ballot in profile.ballots:
        for c in ballot.approved:
            totals[profile.candidates[c]] += ballot.count
    return totals
