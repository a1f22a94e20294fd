"""Strict rankings for transferable-vote counts, merged and checked.

STV counts read each ballot as a strict order of preference. A ballot that ranks two
candidates equal is read up to the preference before the equal ranking (later
preferences are uncertain); a ballot whose first preference is an equal ranking, or
that ranks nobody, is not a valid vote. Identical orders are merged.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from operator import eq

from suffrage.errors import CountError
from suffrage.rules.ballots import RankedProfile
from suffrage.rules.multi.seats import check_seats

__all__ = ["StrictBallots", "strict_ballots"]


@dataclass(frozen=True, slots=True)
class StrictBallots:
    """Distinct strict orders (candidate indices, best first) with their counts."""

    candidates: tuple[str, ...]
    orders: tuple[tuple[int, ...], ...]
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
    """Check ``seats`` and turn ``profile`` into merged strict orders."""
    if not isinstance(profile, RankedProfile):
        raise CountError(f"STV counts ranked ballots, got {type(profile).__name__}")
    check_seats(seats, len(profile.candidates))
    rankings = [ballot.ranking for ballot in profile.ballots]
    counts = [ballot.count for ballot in profile.ballots]
    orders = list(map(tuple, map(chain.from_iterable, rankings)))
    if orders and all(map(eq, map(len, orders), map(len, rankings))) and all(orders):
        # the common case, all strict and non-empty: bulk work only
        if len(set(orders)) == len(orders):
            return StrictBallots(profile.candidates, tuple(orders), tuple(counts), 0, 0)
        return _merged(profile.candidates, orders, counts, 0, 0)
    truncated = invalid = 0
    for k, ranking in enumerate(rankings):
        if len(orders[k]) != len(ranking):
            orders[k] = _strict_prefix(ranking)
            truncated += counts[k] if orders[k] else 0
        if not orders[k]:
            invalid += counts[k]
    kept = [k for k, order in enumerate(orders) if order]
    if not kept:
        raise CountError("there are no valid ballots to count")
    return _merged(
        profile.candidates,
        [orders[k] for k in kept],
        [counts[k] for k in kept],
        truncated,
        invalid,
    )


def _merged(
    candidates: tuple[str, ...],
    orders: list[tuple[int, ...]],
    counts: list[int],
    truncated: int,
    invalid: int,
) -> StrictBallots:
    merged: dict[tuple[int, ...], int] = {}
    for order, count in zip(orders, counts, strict=True):
        merged[order] = merged.get(order, 0) + count
    return StrictBallots(candidates, tuple(merged), tuple(merged.values()), truncated, invalid)


def _strict_prefix(ranking: tuple[tuple[int, ...], ...]) -> tuple[int, ...]:
    out: list[int] = []
    for group in ranking:
        if len(group) != 1:
            break
        out.append(group[0])
    return tuple(out)
