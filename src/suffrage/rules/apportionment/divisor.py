"""Highest-averages (divisor) methods: D'Hondt, Sainte-Laguë, modified Sainte-Laguë,
Imperiali, Adams and Huntington-Hill.

Seats are handed out one at a time to the unit with the highest priority ``v / d(k)``,
where ``k`` is the number of seats it already holds. Priorities are compared exactly:
as fractions, and for Huntington-Hill (``d(k) = sqrt(k (k + 1))``) as the squares
``v**2 / (k (k + 1))``. A zero divisor (Adams and Huntington-Hill before the first seat)
gives an infinite priority; infinite priorities rank by votes. Equal priorities go to
the unit with more votes, then to the tie policy's lot. ``minimum`` seats per unit are
given first (the US House: one per state), and counting continues from there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

from suffrage.errors import CountError
from suffrage.rules.apportionment._common import build_result, more_votes, qualify
from suffrage.rules.ballots import Tally
from suffrage.rules.result import Number, Result, Round
from suffrage.rules.ties import TiePolicy

__all__ = [
    "DIVISORS",
    "adams",
    "dhondt",
    "divisor_method",
    "huntington_hill",
    "imperiali",
    "modified_sainte_lague",
    "sainte_lague",
]

#: Priority of a unit with ``v`` votes holding ``k`` seats: ``(infinite?, exact value)``.
Priority = tuple[int, Fraction]
PriorityFn = Callable[[int, int], Priority]


def _linear(first: Fraction, step: Fraction) -> PriorityFn:
    """Divisors ``first, first + step, first + 2 step, ...`` (a first of 0 is infinite)."""

    def priority(v: int, k: int) -> Priority:
        d = first + step * k
        return (1, Fraction(v)) if d == 0 else (0, v / d)

    return priority


def _modified_sainte_lague(v: int, k: int) -> Priority:
    return (0, Fraction(v) / (Fraction(7, 5) if k == 0 else 2 * k + 1))


def _huntington_hill(v: int, k: int) -> Priority:
    return (1, Fraction(v)) if k == 0 else (0, Fraction(v * v, k * (k + 1)))


#: Method id to (priority function, label of the values in the quotient table).
DIVISORS: dict[str, tuple[PriorityFn, str]] = {
    "dhondt": (_linear(Fraction(1), Fraction(1)), "votes / (seats + 1)"),
    "sainte-lague": (_linear(Fraction(1), Fraction(2)), "votes / (2 seats + 1)"),
    "modified-sainte-lague": (_modified_sainte_lague, "votes / 1.4, 3, 5, ..."),
    "imperiali": (_linear(Fraction(2), Fraction(1)), "votes / (seats + 2)"),
    "adams": (_linear(Fraction(0), Fraction(1)), "votes / seats"),
    "huntington-hill": (_huntington_hill, "votes^2 / (seats (seats + 1))"),
}


def divisor_method(
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
    priority, label = DIVISORS[method]
    admitted = qualify(
        method, tally, seats, threshold=threshold, wins=wins, wins_needed=wins_needed
    )
    parties, votes = admitted.parties, admitted.votes
    if minimum < 0 or minimum * len(parties) > seats:
        raise CountError(
            f"{method}: {len(parties)} units cannot each get {minimum} of {seats} seats"
        )
    policy = ties if ties is not None else TiePolicy()
    held = dict.fromkeys(parties, minimum)
    events: list[str] = []
    if minimum:
        events.append(f"each of {len(parties)} units first gets {minimum} seat(s)")
    tie_record = []
    current = {p: priority(votes[p], held[p]) for p in parties}
    for seat in range(minimum * len(parties) + 1, seats + 1):
        best = max(current.values())
        tied = [p for p in parties if current[p] == best]
        chosen, tie = policy.pick(
            tied, purpose=f"seat {seat}", prefer="highest", history=[admitted.votes]
        )
        if tie is not None:
            tie_record.append(more_votes(tie))
        held[chosen] += 1
        current[chosen] = priority(votes[chosen], held[chosen])
        shown = "infinite" if best[0] else str(best[1])
        events.append(f"seat {seat}: {chosen} ({shown})")
    table: dict[str, Number] = {}
    for p in parties:
        for k in range(minimum, held[p] + 1):
            inf, value = priority(votes[p], k)
            if not inf:
                table[f"{p} at {k} seats"] = value
    rounds = [
        admitted.round,
        Round(2, f"Priorities ({label}) and seats in order", table, tuple(events)),
    ]
    return build_result(method, tally, held, rounds, tie_record)


def _bind(method: str) -> Callable[..., Result]:
    def count(
        tally: Tally,
        *,
        seats: int,
        ties: TiePolicy | None = None,
        threshold: Fraction | None = None,
        wins: Mapping[str, int] | None = None,
        wins_needed: int = 3,
        minimum: int = 0,
    ) -> Result:
        return divisor_method(
            method,
            tally,
            seats=seats,
            ties=ties,
            threshold=threshold,
            wins=wins,
            wins_needed=wins_needed,
            minimum=minimum,
        )

    count.__name__ = method.replace("-", "_")
    count.__doc__ = f"Apportion ``seats`` by the {method} divisor method."
    return count


dhondt = _bind("dhondt")
sainte_lague = _bind("sainte-lague")
modified_sainte_lague = _bind("modified-sainte-lague")
imperiali = _bind("imperiali")
adams = _bind("adams")
huntington_hill = _bind("huntington-hill")
