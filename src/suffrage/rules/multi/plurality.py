"""Multi-seat plurality family: block vote, limited vote, SNTV and the cumulative vote.

Each elects the candidates with the most votes; they differ in how many votes a voter
has and how she may spread them. Ties for the last seats are broken by lot.
"""

from __future__ import annotations

from typing import Any

from suffrage.errors import CountError
from suffrage.rules.ballots import ApprovalProfile, ScoreProfile, Tally
from suffrage.rules.multi.seats import DEFAULT_TIES, check_seats, top_k
from suffrage.rules.result import Result, Round
from suffrage.rules.ties import TiePolicy

__all__ = ["count_block", "count_cumulative", "count_limited", "count_sntv"]


def count_block(
    profile: ApprovalProfile, *, seats: int, ties: TiePolicy = DEFAULT_TIES, **options: Any
) -> Result:
    """Block vote: each voter marks up to ``seats`` candidates; the most-marked win."""
    _no_options("block", options)
    _expect(profile, ApprovalProfile, "block")
    check_seats(seats, len(profile.candidates))
    return _approval_count("block", profile, seats, seats, ties)


def count_limited(
    profile: ApprovalProfile,
    *,
    seats: int,
    ties: TiePolicy = DEFAULT_TIES,
    votes: int | None = None,
    **options: Any,
) -> Result:
    """Limited vote: each voter marks up to ``votes`` candidates (fewer than the seats).

    ``votes`` defaults to ``seats - 1`` (one vote when a single seat is filled).
    """
    _no_options("limited", options)
    _expect(profile, ApprovalProfile, "limited")
    check_seats(seats, len(profile.candidates))
    limit = max(seats - 1, 1) if votes is None else votes
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise CountError(f"votes per voter must be a positive integer, got {votes!r}")
    if limit >= max(seats, 2):
        raise CountError(
            f"a limited vote gives fewer votes than seats; got {limit} votes for {seats} seats"
        )
    return _approval_count("limited", profile, seats, limit, ties)


def count_sntv(
    profile: Tally, *, seats: int, ties: TiePolicy = DEFAULT_TIES, **options: Any
) -> Result:
    """Single non-transferable vote: one vote each; the ``seats`` highest win."""
    _no_options("sntv", options)
    _expect(profile, Tally, "sntv")
    check_seats(seats, len(profile.candidates))
    totals = dict(zip(profile.candidates, profile.votes, strict=True))
    return _result("sntv", profile.candidates, totals, seats, ties, "Votes")


def count_cumulative(
    profile: ScoreProfile,
    *,
    seats: int,
    ties: TiePolicy = DEFAULT_TIES,
    budget: int | None = None,
    **options: Any,
) -> Result:
    """Cumulative vote: each voter spreads up to ``budget`` votes (default: the seats),
    giving any candidate several; the candidates with the most votes win.

    A ballot's scores are the votes it gives each candidate.
    """
    _no_options("cumulative", options)
    _expect(profile, ScoreProfile, "cumulative")
    check_seats(seats, len(profile.candidates))
    limit = seats if budget is None else budget
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise CountError(f"the vote budget must be a positive integer, got {budget!r}")
    totals = dict.fromkeys(profile.candidates, 0)
    for number, ballot in enumerate(profile.ballots, 1):
        spent = sum(ballot.scores)
        if spent > limit:
            raise CountError(f"ballot {number} gives {spent} votes; each voter has {limit}")
        for name, score in zip(profile.candidates, ballot.scores, strict=True):
            totals[name] += score * ballot.count
    return _result("cumulative", profile.candidates, totals, seats, ties, "Votes")


def _approval_count(
    method: str, profile: ApprovalProfile, seats: int, limit: int, ties: TiePolicy
) -> Result:
    totals = dict.fromkeys(profile.candidates, 0)
    for number, ballot in enumerate(profile.ballots, 1):
        if len(ballot.approved) > limit:
            raise CountError(
                f"ballot {number} marks {len(ballot.approved)} candidates; "
                f"each voter may mark at most {limit}"
            )
        for c in ballot.approved:
            totals[profile.candidates[c]] += ballot.count
    return _result(method, profile.candidates, totals, seats, ties, "Votes")


def _result(
    method: str,
    candidates: tuple[str, ...],
    totals: dict[str, int],
    seats: int,
    ties: TiePolicy,
    title: str,
) -> Result:
    elected, breaks = top_k(candidates, totals, seats, ties, "last seats")
    events = tuple(f"{name} elected with {totals[name]}" for name in elected)
    return Result(
        method=method,
        candidates=candidates,
        elected=elected,
        rounds=(Round(1, title, values=dict(totals), events=events),),
        ties=breaks,
    )


def _no_options(method: str, options: dict[str, Any]) -> None:
    if options:
        raise CountError(f"{method} does not take {', '.join(sorted(options))}")


def _expect(profile: object, kind: type, method: str) -> None:
    if not isinstance(profile, kind):
        raise CountError(f"{method} counts {kind.__name__}, got {type(profile).__name__}")
