"""Plaintext ballot profiles: what counting methods take as input.

Candidates are referred to by their index into ``candidates``; identical ballots are
merged and carry a ``count``. Profiles are immutable and validated on construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from suffrage.errors import CountError

__all__ = [
    "ApprovalBallot",
    "ApprovalProfile",
    "RankedBallot",
    "RankedProfile",
    "ScoreBallot",
    "ScoreProfile",
    "Tally",
]


@dataclass(frozen=True, slots=True)
class RankedBallot:
    """A ranking in order of preference: each group holds candidates ranked equal.

    Strict ballots have one candidate per group. Unranked candidates are ranked below
    every ranked one and equal among themselves.
    """

    ranking: tuple[tuple[int, ...], ...]
    count: int = 1

    @property
    def is_strict(self) -> bool:
        return all(len(group) == 1 for group in self.ranking)

    def order(self) -> tuple[int, ...]:
        """The ranked candidates in preference order (flattening equal groups)."""
        return tuple(c for group in self.ranking for c in group)


@dataclass(frozen=True, slots=True)
class RankedProfile:
    candidates: tuple[str, ...]
    ballots: tuple[RankedBallot, ...]

    def __post_init__(self) -> None:
        _check_candidates(self.candidates)
        n = len(self.candidates)
        for b in self.ballots:
            _check_count(b.count)
            seen: set[int] = set()
            for group in b.ranking:
                if not group:
                    raise CountError("a ranking has an empty preference level")
                for c in group:
                    if not 0 <= c < n:
                        raise CountError(f"candidate index {c} out of range 0..{n - 1}")
                    if c in seen:
                        raise CountError(f"candidate {self.candidates[c]!r} ranked twice")
                    seen.add(c)

    @property
    def total(self) -> int:
        return sum(b.count for b in self.ballots)

    @classmethod
    def from_orders(
        cls, candidates: tuple[str, ...], orders: list[tuple[tuple[int, ...], int]]
    ) -> RankedProfile:
        """Build a profile of strict (possibly truncated) rankings, merging identical ones."""
        merged: dict[tuple[int, ...], int] = {}
        for order, count in orders:
            merged[order] = merged.get(order, 0) + count
        ballots = tuple(
            RankedBallot(tuple((c,) for c in order), count) for order, count in merged.items()
        )
        return cls(candidates, ballots)


@dataclass(frozen=True, slots=True)
class ApprovalBallot:
    approved: frozenset[int]
    count: int = 1


@dataclass(frozen=True, slots=True)
class ApprovalProfile:
    candidates: tuple[str, ...]
    ballots: tuple[ApprovalBallot, ...]

    def __post_init__(self) -> None:
        _check_candidates(self.candidates)
        n = len(self.candidates)
        for b in self.ballots:
            _check_count(b.count)
            for c in b.approved:
                if not 0 <= c < n:
                    raise CountError(f"candidate index {c} out of range 0..{n - 1}")

    @property
    def total(self) -> int:
        return sum(b.count for b in self.ballots)


@dataclass(frozen=True, slots=True)
class ScoreBallot:
    """Scores (or grades, 0 = worst) per candidate, in candidate order."""

    scores: tuple[int, ...]
    count: int = 1


@dataclass(frozen=True, slots=True)
class ScoreProfile:
    candidates: tuple[str, ...]
    ballots: tuple[ScoreBallot, ...]
    max_score: int

    def __post_init__(self) -> None:
        _check_candidates(self.candidates)
        if self.max_score < 1:
            raise CountError("max_score must be at least 1")
        for b in self.ballots:
            _check_count(b.count)
            if len(b.scores) != len(self.candidates):
                raise CountError("a score ballot must score every candidate")
            if any(not 0 <= s <= self.max_score for s in b.scores):
                raise CountError(f"scores must lie in 0..{self.max_score}")

    @property
    def total(self) -> int:
        return sum(b.count for b in self.ballots)


@dataclass(frozen=True, slots=True)
class Tally:
    """Votes per candidate or party (choose-one ballots, list votes for apportionment)."""

    candidates: tuple[str, ...]
    votes: tuple[int, ...]

    def __post_init__(self) -> None:
        _check_candidates(self.candidates)
        if len(self.votes) != len(self.candidates):
            raise CountError("a tally needs one vote count per candidate")
        if any(v < 0 for v in self.votes):
            raise CountError("vote counts cannot be negative")

    @property
    def total(self) -> int:
        return sum(self.votes)


def _check_candidates(candidates: tuple[str, ...]) -> None:
    if not candidates:
        raise CountError("there are no candidates")
    if len(set(candidates)) != len(candidates):
        raise CountError("candidate names must be distinct")


def _check_count(count: int) -> None:
    if count < 1:
        raise CountError(f"a ballot count must be a positive integer, got {count}")
