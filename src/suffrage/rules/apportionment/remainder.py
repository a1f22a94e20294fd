"""Largest-remainder methods with the Hare and Droop quotas.

Each party first gets ``floor(votes / quota)`` seats; the seats left over go to the
largest remainders ``votes / quota - floor(votes / quota)``, compared exactly. Equal
remainders go to the party with more votes, then to the tie policy's lot.

- Hare (Hare-Niemeyer): quota ``V / S``, exact.
- Droop: quota ``floor(V / (S + 1)) + 1`` (the integer Droop quota), which never hands
  out more than ``S`` seats on quotas alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

from suffrage.errors import CountError
from suffrage.rules.apportionment._common import build_result, more_votes, qualify
from suffrage.rules.ballots import Tally
from suffrage.rules.result import Number, Result, Round
from suffrage.rules.ties import TiePolicy

__all__ = ["QUOTAS", "droop", "hare", "largest_remainder"]

QUOTAS: dict[str, Callable[[int, int], Fraction]] = {
    "hare": lambda votes, seats: Fraction(votes, seats),
    "droop": lambda votes, seats: Fraction(votes // (seats + 1) + 1),
}


def largest_remainder(
    method: str,
    tally: Tally,
    *,
    seats: int,
    ties: TiePolicy | None = None,
    threshold: Fraction | None = None,
    wins: Mapping[str, int] | None = None,
    wins_needed: int = 3,
    minimum: int = 0,
) -> Result:
    if minimum:
        raise CountError(f"{method}: a minimum per unit applies to divisor methods only")
    admitted = qualify(
        method, tally, seats, threshold=threshold, wins=wins, wins_needed=wins_needed
    )
    parties, votes = admitted.parties, admitted.votes
    valid = sum(votes[p] for p in parties)
    quota = QUOTAS[method](valid, seats)
    held = {p: int(votes[p] / quota) for p in parties}
    remainders = {p: votes[p] / quota - held[p] for p in parties}
    left = seats - sum(held.values())
    policy = ties if ties is not None else TiePolicy()
    events = [f"{sum(held.values())} seats on full quotas; {left} by largest remainder"]
    record = []
    order = sorted(parties, key=lambda p: -remainders[p])
    if left > len(parties):
        raise CountError(f"{method}: {left} seats left for {len(parties)} parties")
    while left > 0:
        top = remainders[order[0]]
        tied = [p for p in order if remainders[p] == top]
        if len(tied) <= left:
            chosen = tied
        else:
            chosen = []
            pool = list(tied)
            for i in range(left):
                pick, tie = policy.pick(
                    pool, purpose=f"remainder seat {i + 1}", prefer="highest", history=[votes]
                )
                if tie is not None:
                    record.append(more_votes(tie))
                pool.remove(pick)
                chosen.append(pick)
        for p in chosen:
            held[p] += 1
            events.append(f"{p} gets a seat for its remainder {remainders[p]}")
            order.remove(p)
        left -= len(chosen)
    values: dict[str, Number] = {}
    for p in parties:
        values[f"{p}: quotas"] = votes[p] / quota
        values[f"{p}: remainder"] = remainders[p]
    rounds = [admitted.round, Round(2, "Quotas and remainders", values, tuple(events), quota)]
    return build_result(method, tally, held, rounds, record)


def hare(
    tally: Tally,
    *,
    seats: int,
    ties: TiePolicy | None = None,
    threshold: Fraction | None = None,
    wins: Mapping[str, int] | None = None,
    wins_needed: int = 3,
    minimum: int = 0,
) -> Result:
    """Largest remainder with the Hare quota."""
    return largest_remainder(
        "hare", tally, seats=seats, ties=ties, threshold=threshold, wins=wins,
        wins_needed=wins_needed, minimum=minimum,
    )  # fmt: skip


def droop(
    tally: Tally,
    *,
    seats: int,
    ties: TiePolicy | None = None,
    threshold: Fraction | None = None,
    wins: Mapping[str, int] | None = None,
    wins_needed: int = 3,
    minimum: int = 0,
) -> Result:
    """Largest remainder with the Droop quota."""
    return largest_remainder(
        "droop", tally, seats=seats, ties=ties, threshold=threshold, wins=wins,
        wins_needed=wins_needed, minimum=minimum,
    )  # fmt: skip
