"""Plaintext ballot profiles: what counting methods take as input.

Candidates are referred to by their index into ``candidates``; identical ballots are
merged and carry a ``count``. Profiles are immutable and validated on construction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from suffrage.errors import CountError

if TYPE_CHECKING:
    import numpy.typing as npt

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
        """Build a profile of strict (possibly truncated) rankings, merging identical ones.

        ``orders`` holds ``(order, count)`` pairs, an order being candidate indices best
        first. Identical orders are merged in order of first appearance; each distinct
        order is checked once (indices in range, no candidate twice, positive count).
        """
        merged: dict[tuple[int, ...], int] = {}
        get = merged.get
        for order, count in orders:
            merged[order] = get(order, 0) + count
        return _strict_profile(candidates, list(merged), list(merged.values()))

    @classmethod
    def from_array(cls, candidates: tuple[str, ...], rows: npt.ArrayLike) -> RankedProfile:
        """Merge the rows of a 2-D integer array, one strict ballot per row.

        A row holds candidate indices in order of preference, then ``-1`` in every
        place left empty (a truncated ballot). Identical rows are merged with numpy
        (see :mod:`suffrage.rules.profile_arrays`); the distinct orders come in
        lexicographic order of their rows.
        """
        from suffrage.rules.profile_arrays import merge_rows  # numpy, loaded on use

        _check_candidates(candidates)
        orders, counts = merge_rows(rows, len(candidates))  # checks each distinct order
        return _strict_profile(candidates, orders, counts, checked=True)

    @classmethod
    def from_rankings(
        cls, candidates: tuple[str, ...], merged: Mapping[tuple[tuple[int, ...], ...], int]
    ) -> RankedProfile:
        """Build a profile from distinct rankings (groups of equals, best first) -> count.

        The same checks as the constructor, made once per ranking with set and range
        operations; readers that have merged identical ballots build their profile here.
        """
        return _checked_rankings(candidates, merged)


def _strict_profile(
    candidates: tuple[str, ...],
    orders: list[tuple[int, ...]],
    counts: list[int],
    checked: bool = False,
) -> RankedProfile:
    """The profile of distinct strict ``orders`` with their ``counts``.

    The checks are those of ``RankedProfile.__post_init__``, done per order with set and
    range operations instead of per candidate (``checked``: orders and counts were
    checked already, by :func:`~suffrage.rules.profile_arrays.merge_rows`): this and building
    the ballots are the whole cost of a profile built from merged input.
    """
    _check_candidates(candidates)
    n = len(candidates)
    if not checked:
        for order, count in zip(orders, counts, strict=True):
            _check_count(count)
            _check_flat(order, n, candidates)
    singletons: list[tuple[int, ...]] = [(c,) for c in range(n)]
    group = singletons.__getitem__
    rankings = [tuple(map(group, order)) for order in orders]
    return _build(candidates, rankings, counts)


def _checked_rankings(
    candidates: tuple[str, ...], merged: Mapping[tuple[tuple[int, ...], ...], int]
) -> RankedProfile:
    """The profile of distinct rankings ``merged`` (ranking -> count), checked per ranking."""
    _check_candidates(candidates)
    n = len(candidates)
    for ranking, count in merged.items():
        _check_count(count)
        if not all(ranking):
            raise CountError("a ranking has an empty preference level")
        _check_flat(tuple(chain.from_iterable(ranking)), n, candidates)
    return _build(candidates, list(merged), list(merged.values()))


def _check_flat(order: tuple[int, ...], n: int, candidates: tuple[str, ...]) -> None:
    if order and (min(order) < 0 or max(order) >= n):
        bad = min(order) if min(order) < 0 else max(order)
        raise CountError(f"candidate index {bad} out of range 0..{n - 1}")
    if len(set(order)) != len(order):
        twice = next(c for c in order if order.count(c) > 1)
        raise CountError(f"candidate {candidates[twice]!r} ranked twice")


def _build(
    candidates: tuple[str, ...], rankings: list[tuple[tuple[int, ...], ...]], counts: list[int]
) -> RankedProfile:
    """The profile of checked ``rankings``: objects built by setting their slots.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` and
    ``__post_init__`` would check every candidate again; both are skipped, the objects
    are the same.
    """
    new = object.__new__
    set_ranking = RankedBallot.__dict__["ranking"].__set__
    set_count = RankedBallot.__dict__["count"].__set__
    ballots: list[RankedBallot] = []
    append = ballots.append
    for ranking, count in zip(rankings, counts, strict=True):
        ballot = new(RankedBallot)
        set_ranking(ballot, ranking)
        set_count(ballot, count)
        append(ballot)
    profile = new(RankedProfile)
    object.__setattr__(profile, "candidates", candidates)
    object.__setattr__(profile, "ballots", tuple(ballots))
    return profile


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
