"""Strict rankings for transferable-vote counts, checked.

STV counts read each ballot as a strict order of preference. A ballot that ranks two
candidates equal is read up to the preference before the equal ranking (later
preferences are uncertain); a ballot whose first preference is an equal ranking, or
that ranks nobody, is not a valid vote.

The orders are held flat (:class:`~suffrage.rules.compact.StrictRankings`): a profile
that already holds that form (the BLT reader builds one) is taken as it is, without
creating an object per ballot, which is what makes reading and counting a large
election cheap.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from suffrage.errors import CountError
from suffrage.rules.ballots import RankedProfile
from suffrage.rules.multi.seats import check_seats

__all__ = ["StrictBallots", "strict_ballots"]


@dataclass(frozen=True, slots=True)
class StrictBallots:
    """Strict orders with their counts; identical orders may appear more than once.

    Order ``i`` is ``prefs[offsets[i]:offsets[i + 1]]`` (never empty), with ``counts[i]``
    papers.
    """

    candidates: tuple[str, ...]
    prefs: array[int]
    offsets: array[int]
    counts: array[int] | list[int]
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
    flat = profile.strict
    if flat is not None and len(flat):  # rankings in the flat form are never empty
        return StrictBallots(profile.candidates, flat.prefs, flat.offsets, flat.counts, 0, 0)
    truncated = invalid = 0
    prefs: array[int] = array("i")
    offsets: array[int] = array("q", [0])
    kept: list[int] = []
    for ballot in profile.ballots:
        ranking, count = ballot.ranking, ballot.count
        order = _strict_prefix(ranking)
        if not order:
            invalid += count
            continue
        if len(order) != len(ranking):
            truncated += count
        prefs.extend(c for (c,) in order)
        offsets.append(len(prefs))
        kept.append(count)
    if not kept:
        raise CountError("there are no valid ballots to count")
    return StrictBallots(profile.candidates, prefs, offsets, kept, truncated, invalid)


def _strict_prefix(ranking: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, ...], ...]:
    for k, group in enumerate(ranking):
        if len(group) != 1:
            return ranking[:k]
    return ranking
