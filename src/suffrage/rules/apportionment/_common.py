"""What apportionment methods share: input checks, the legal threshold, the result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from suffrage.errors import CountError
from suffrage.rules.ballots import Tally
from suffrage.rules.result import Number, Result, Round, TieBreak

__all__ = ["Qualified", "build_result", "more_votes", "qualify"]


@dataclass(frozen=True, slots=True)
class Qualified:
    """Parties admitted to the allocation, with the round that says who was excluded."""

    parties: tuple[str, ...]
    votes: dict[str, int]
    round: Round


def _check(method: str, tally: object, seats: int) -> Tally:
    if not isinstance(tally, Tally):
        raise CountError(f"{method} apportions party vote totals (a Tally)")
    if seats < 1:
        raise CountError(f"{method}: the number of seats must be positive, got {seats}")
    if tally.total == 0:
        raise CountError(f"{method}: no party has any votes")
    return tally


def qualify(
    method: str,
    tally: object,
    seats: int,
    *,
    threshold: Fraction | None = None,
    wins: Mapping[str, int] | None = None,
    wins_needed: int = 3,
) -> Qualified:
    """Apply the legal threshold.

    A party qualifies with at least ``threshold`` of all valid votes or, when ``wins``
    (constituency seats won per party) is given, with at least ``wins_needed`` of them.
    """
    tally = _check(method, tally, seats)
    total = tally.total
    votes = dict(zip(tally.candidates, tally.votes, strict=True))
    if threshold is not None and not 0 <= threshold < 1:
        raise CountError(f"{method}: the threshold must be a share in [0, 1), got {threshold}")
    unknown = set(wins or {}) - set(votes)
    if unknown:
        raise CountError(f"{method}: constituency wins for unknown parties {sorted(unknown)}")
    won = dict(wins or {})
    events: list[str] = []
    admitted: list[str] = []
    for party, v in votes.items():
        by_share = threshold is None or v >= threshold * total
        by_wins = wins is not None and won.get(party, 0) >= wins_needed
        if v > 0 and (by_share or by_wins):
            admitted.append(party)
            if not by_share:
                events.append(f"{party} qualifies with {won.get(party, 0)} constituency wins")
        elif v > 0:
            events.append(f"{party} is below the threshold ({Fraction(v, total)} of the votes)")
    if not admitted:
        raise CountError(f"{method}: no party passes the threshold")
    if threshold is not None:
        events.insert(0, f"threshold: {threshold} of {total} valid votes = {threshold * total}")
    values: dict[str, Number] = dict(votes)
    return Qualified(tuple(admitted), votes, Round(1, "Votes and threshold", values, tuple(events)))


def more_votes(tie: TieBreak) -> TieBreak:
    """Name the rule of a tie settled by the vote totals (the policy's earlier round)."""
    if tie.rule.startswith("earlier round"):
        return TieBreak(tie.purpose, tie.tied, tie.chosen, "more votes")
    return tie


def build_result(
    method: str,
    tally: Tally,
    seats: dict[str, int],
    rounds: list[Round],
    ties: list[TieBreak],
    notes: tuple[str, ...] = (),
) -> Result:
    allocation = {party: seats.get(party, 0) for party in tally.candidates}
    order = sorted(
        (p for p in tally.candidates if allocation[p] > 0),
        key=lambda p: (-allocation[p], tally.candidates.index(p)),
    )
    rounds.append(Round(len(rounds) + 1, "Seats", dict(allocation)))
    return Result(
        method, tally.candidates, tuple(order), tuple(rounds), tuple(ties), allocation, notes
    )
