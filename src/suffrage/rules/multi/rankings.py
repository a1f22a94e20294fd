"""Strict rankings for transferable-vote counts, checked.

STV counts read each ballot as a strict order of preference. A ballot that ranks two
candidates equal is read up to the preference before the equal ranking (later
preferences are uncertain); a ballot whose first preference is an equal ranking, or
that ranks nobody, is not a valid vote.

The orders keep the profile's own one-candidate groups (``((3,), (0,), (2,))``): a
profile of strict ballots is taken as it is, without copying a single ballot, which is
what makes reading and counting a large election cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

from suffrage.errors import CountError
from suffrage.rules.ballots import RankedProfile
from suffrage.rules.multi.seats import check_seats

__all__ = ["Order", "StrictBallots", "strict_ballots"]

#: A strict order: one-candidate groups, best first (``order[j][0]`` is a candidate).
Order = tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class StrictBallots:
    """Strict orders with their counts; identical orders may appear more than once."""

    candidates: tuple[str, ...]
    orders: tuple[Order, ...]
    counts: tuple[int, ...]
    truncated: int  # ballots read only up to an equal ranking
    invalid: int  # ballots with no usable first preference

    @property
    def valid(self) -> int:
        return sum(self.counts)

    def notes(self) -> tuple[str, ...]:
        out: list[str] = []
        if self.truncated:
            out.append(f"{self.truncated} ballots were read up to an equal ranking")
        if self.invalid:
            out.append(f"{self.invalid} ballots had no single first preference and were invalid")
        return tuple(out)


def strict_ballots(profile: RankedProfile, seats: int) -> StrictBallots:
    """Check ``seats`` and read ``profile`` as strict orders."""
    if not isinstance(profile, RankedProfile):
        raise CountError(f"STV counts ranked ballots, got {type(profile).__name__}")
    check_seats(seats, len(profile.candidates))
    rankings = [ballot.ranking for ballot in profile.ballots]
    counts = [ballot.count for ballot in profile.ballots]
    if rankings and all(rankings) and all(len(g) == 1 for g in set().union(*rankings)):
        return StrictBallots(profile.candidates, tuple(rankings), tuple(counts), 0, 0)
    truncated = invalid = 0
    orders: list[Order] = []
    kept: list[int] = []
    for ranking, count in zip(rankings, counts, strict=True):
        order = _strict_prefix(ranking)
        if not order:
            invalid += count
            continue
        if len(order) != len(ranking):
            truncated += count
        orders.append(order)
        kept.append(count)
    if not orders:
        raise CountError("there are no valid ballots to count")
    return StrictBallots(profile.candidates, tuple(orders), tuple(kept), truncated, invalid)


def _strict_prefix(ranking: Order) -> Order:
    for k, group in enumerate(ranking):
        if len(group) != 1:
            return ranking[:k]
    return ranking
