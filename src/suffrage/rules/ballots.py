"""Plaintext ballot profiles: what counting methods take as input.

Candidates are referred to by their index into ``candidates``; identical ballots are
merged and carry a ``count``. Profiles are immutable and validated on construction.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import FrozenInstanceError, dataclass
from itertools import chain, repeat
from operator import eq
from typing import TYPE_CHECKING

from suffrage.errors import CountError
from suffrage.rules.compact import StrictRankings

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


class RankedProfile:
    """Ranked ballots over ``candidates``, identical ballots merged.

    A profile holds its ballots either as :class:`RankedBallot` objects or, when it was
    built from strict rankings in flat arrays (:meth:`from_strict`; the BLT reader does
    this), as a :class:`~suffrage.rules.compact.StrictRankings`; the ballot objects are
    then built the first time ``ballots`` is read. Counts that can use the flat form
    (Scottish STV) read ``strict`` and create no object per ranking. Immutable: equality,
    hashing and pickling are those of the ballots.
    """

    __slots__ = ("_ballots", "_strict", "candidates")
    __match_args__ = ("candidates", "ballots")

    candidates: tuple[str, ...]
    _ballots: tuple[RankedBallot, ...] | None
    _strict: StrictRankings | None

    def __init__(self, candidates: tuple[str, ...], ballots: tuple[RankedBallot, ...]) -> None:
        _check_candidates(candidates)
        n = len(candidates)
        for b in ballots:
            _check_count(b.count)
            seen: set[int] = set()
            for group in b.ranking:
                if not group:
                    raise CountError("a ranking has an empty preference level")
                for c in group:
                    if not 0 <= c < n:
                        raise CountError(f"candidate index {c} out of range 0..{n - 1}")
                    if c in seen:
                        raise CountError(f"candidate {candidates[c]!r} ranked twice")
                    seen.add(c)
        _set(self, candidates, ballots, None)

    @classmethod
    def from_strict(
        cls, candidates: tuple[str, ...], rankings: StrictRankings, *, checked: bool = False
    ) -> RankedProfile:
        """The profile of distinct strict ``rankings`` held in flat arrays.

        ``checked``: the caller has made every check of
        :meth:`~suffrage.rules.compact.StrictRankings.check` (a reader that validated
        each line as it parsed it); otherwise they are made here.
        """
        _check_candidates(candidates)
        if not checked:
            rankings.check(len(candidates), candidates)
        profile = object.__new__(cls)
        _set(profile, candidates, None, rankings)
        return profile

    @property
    def ballots(self) -> tuple[RankedBallot, ...]:
        """The ballots, built from the flat arrays on first use when the profile has them."""
        ballots = self._ballots
        if ballots is None:
            strict = self._strict
            assert strict is not None
            n = len(self.candidates)
            singletons: list[tuple[int, ...]] = [(c,) for c in range(n)]
            group = singletons.__getitem__
            rankings: list[tuple[tuple[int, ...], ...]] = [
                tuple(map(group, order)) for order in strict.orders()
            ]
            ballots = _ballot_objects(rankings, strict.counts.tolist())
            object.__setattr__(self, "_ballots", ballots)
        return ballots

    @property
    def strict(self) -> StrictRankings | None:
        """The flat-array form of the ballots, if the profile was built from one."""
        return self._strict

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RankedProfile):
            return NotImplemented
        return self.candidates == other.candidates and self.ballots == other.ballots

    def __hash__(self) -> int:
        return hash((self.candidates, self.ballots))

    def __repr__(self) -> str:
        return f"RankedProfile(candidates={self.candidates!r}, ballots={self.ballots!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (_restore, (self.candidates, self._ballots, self._strict))

    @property
    def total(self) -> int:
        if self._strict is not None:
            return sum(self._strict.counts)
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

    The checks are those of the ``RankedProfile`` constructor, done per order with set and
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
    rankings, counts = list(merged), list(merged.values())
    if not _all_valid(rankings, counts, n):
        for ranking, count in merged.items():  # the first problem, named
            _check_count(count)
            if not all(ranking):
                raise CountError("a ranking has an empty preference level")
            _check_flat(tuple(chain.from_iterable(ranking)), n, candidates)
    return _build(candidates, rankings, counts)


def _all_valid(rankings: list[tuple[tuple[int, ...], ...]], counts: list[int], n: int) -> bool:
    """Whether every ranking passes the checks of :func:`_checked_rankings`, found with
    operations on all of them at once: the few distinct groups are checked for emptiness
    and range, and when they are all single candidates, a candidate named twice in a
    ranking is a group named twice in it."""
    if counts and min(counts) < 1:
        return False
    groups = set(chain.from_iterable(rankings))
    members = set(chain.from_iterable(groups))
    if () in groups or (members and (min(members) < 0 or max(members) >= n)):
        return False
    if all(len(group) == 1 for group in groups):
        return _no_repeats(rankings)
    return _no_repeats(list(map(tuple, map(chain.from_iterable, rankings))))


def _no_repeats(rows: Sequence[tuple[Hashable, ...]]) -> bool:
    return all(map(eq, map(len, map(set, rows)), map(len, rows)))


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
    """The profile of checked ``rankings``, without checking every candidate again."""
    profile = object.__new__(RankedProfile)
    _set(profile, candidates, _ballot_objects(rankings, counts), None)
    return profile


def _ballot_objects(
    rankings: list[tuple[tuple[int, ...], ...]], counts: list[int]
) -> tuple[RankedBallot, ...]:
    """Ballots of checked ``rankings``: objects built by setting their slots.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` and
    ``__post_init__`` would check every candidate again; both are skipped, the objects
    are the same.
    """
    ballots = list(map(object.__new__, repeat(RankedBallot, len(rankings))))
    deque(map(RankedBallot.__dict__["ranking"].__set__, ballots, rankings), maxlen=0)
    deque(map(RankedBallot.__dict__["count"].__set__, ballots, counts), maxlen=0)
    return tuple(ballots)


def _set(
    profile: RankedProfile,
    candidates: tuple[str, ...],
    ballots: tuple[RankedBallot, ...] | None,
    strict: StrictRankings | None,
) -> None:
    object.__setattr__(profile, "candidates", candidates)
    object.__setattr__(profile, "_ballots", ballots)
    object.__setattr__(profile, "_strict", strict)


def _restore(
    candidates: tuple[str, ...],
    ballots: tuple[RankedBallot, ...] | None,
    strict: StrictRankings | None,
) -> RankedProfile:
    """Unpickle a profile (its ballots were checked when it was built)."""
    profile = object.__new__(RankedProfile)
    _set(profile, candidates, ballots, strict)
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
