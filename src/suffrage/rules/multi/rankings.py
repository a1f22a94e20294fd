"""Strict rankings for transferable-vote counts, merged and checked.

STV counts read each ballot as a strict order of preference. A ballot that ranks two
candidates equal is read up to the preference before the equal ranking (later
preferences are uncertain); a ballot whose first preference is an equal ranking, or
that ranks nobody, is not a valid vote. Identical orders are merged.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

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
    merged: dict[tuple[int, ...], int] = {}
    truncated = invalid = 0
    flatten = chain.from_iterable
    for ballot in profile.ballots:
        ranking = ballot.ranking
        order = tuple(flatten(ranking))
        if len(order) != len(ranking):
            order = _strict_prefix(ranking)
            truncated += ballot.count if order else 0
        if not order:
            invalid += ballot.count
            continue
        if order in merged:
            merged[order] += ballot.count
        else:
            merged[order] = ballot.count
    if not merged:
        raise CountError("there are no valid ballots to count")
    return StrictBallots(
        profile.candidates,
        tuple(merged),
        tuple(merged.values()),
        truncated,
        invalid,
    )


def _strict_prefix(ranking: tuple[tuple[int, ...], ...]) -> tuple[int, ...]:
    out: list[int] = []
    for group in ranking:
        if len(group) != 1:
            break
        out.append(group[0])
    return tuple(out)
