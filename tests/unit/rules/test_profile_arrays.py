"""Array input and the numpy pairwise matrix agree with the tuple paths they speed up."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.errors import CountError
from suffrage.rules import RankedBallot, RankedProfile, get_method
from suffrage.rules.profile_arrays import merge_rows, pairwise_counts
from suffrage.rules.single.pairwise import pairwise_matrix, pairwise_matrix_python

Order = tuple[int, ...]


def _names(n: int) -> tuple[str, ...]:
    return tuple(f"c{i}" for i in range(n))


def _padded(orders: list[Order], width: int) -> np.ndarray:
    return np.array([list(o) + [-1] * (width - len(o)) for o in orders], dtype=np.int64)


@st.composite
def strict_orders(draw: st.DrawFn, max_n: int = 7) -> tuple[int, list[Order]]:
    n = draw(st.integers(1, max_n))
    pool = draw(
        st.lists(st.permutations(range(n)).map(tuple), min_size=1, max_size=6)
    )  # few distinct rankings, many ballots: what merging is for
    cut = st.integers(1, n)
    ballots = draw(st.lists(st.tuples(st.sampled_from(pool), cut), min_size=1, max_size=60))
    return n, [order[:keep] for order, keep in ballots]


@settings(max_examples=60, deadline=None)
@given(strict_orders())
def test_array_merge_equals_tuple_merge(case: tuple[int, list[Order]]) -> None:
    n, orders = case
    rows = _padded(orders, n)
    merged, counts = merge_rows(rows, n)
    assert dict(zip(merged, counts, strict=True)) == dict(Counter(orders))
    assert merged == sorted(merged, key=lambda o: list(o) + [-1] * (n - len(o)))
    by_array = RankedProfile.from_array(_names(n), rows.astype(np.int8))
    by_tuples = RankedProfile.from_orders(_names(n), [(o, 1) for o in orders])
    assert Counter({b.ranking: b.count for b in by_array.ballots}) == Counter(
        {b.ranking: b.count for b in by_tuples.ballots}
    )
    for method in ("instant-runoff", "schulze", "copeland", "minimax", "ranked-pairs"):
        count = get_method(method).count
        assert count(by_array).elected == count(by_tuples).elected
        assert count(by_array).rounds == count(by_tuples).rounds


def test_wide_rows_fall_back_to_unique_rows() -> None:
    n = 40  # 6 bits x 40 places does not pack into 63 bits
    orders = [tuple(range(n)), tuple(reversed(range(n))), tuple(range(n))[:3]] * 3
    merged, counts = merge_rows(_padded(orders, n), n)
    assert dict(zip(merged, counts, strict=True)) == dict(Counter(orders))


def test_empty_and_blank_rows() -> None:
    assert merge_rows(np.zeros((0, 3), dtype=np.int64), 3) == ([], [])
    assert merge_rows(np.full((4, 3), -1), 3) == ([()], [4])


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([[0, 3]], "out of range"),
        ([[0, -2]], "out of range"),
        ([[-1, 0]], "-1 before a preference"),
        ([[1, 1]], "ranked twice"),
        ([0, 1], "2-D"),
        ([[0.0, 1.0]], "integers"),
    ],
)
def test_bad_rows(rows: list[object], problem: str) -> None:
    with pytest.raises(CountError, match=problem):
        RankedProfile.from_array(_names(3), rows)


@st.composite
def ranked_profiles(draw: st.DrawFn) -> RankedProfile:
    """Rankings with ties and truncation, as the constructor accepts them."""
    n = draw(st.integers(1, 6))
    ballots = []
    for _ in range(draw(st.integers(1, 12))):
        order = draw(st.permutations(range(n)))[: draw(st.integers(1, n))]
        cuts = sorted(set(draw(st.lists(st.integers(1, len(order)), max_size=3))))
        bounds = [0, *[c for c in cuts if c < len(order)], len(order)]
        ranking = tuple(tuple(order[a:b]) for a, b in pairwise(bounds))
        ballots.append((ranking, draw(st.integers(1, 1000))))
    return RankedProfile(_names(n), tuple(_ballot(r, k) for r, k in ballots))


def _ballot(ranking: tuple[tuple[int, ...], ...], count: int) -> RankedBallot:
    return RankedBallot(ranking, count)


@settings(max_examples=80, deadline=None)
@given(ranked_profiles())
def test_numpy_matrix_equals_python_matrix(profile: RankedProfile) -> None:
    assert pairwise_matrix(profile) == pairwise_matrix_python(profile)


def test_matrix_sums_are_python_integers() -> None:
    big = 2**40
    profile = RankedProfile.from_orders(_names(2), [((0, 1), big), ((1,), 3)])
    matrix = pairwise_counts([b.ranking for b in profile.ballots], [big, 3], 2)
    assert matrix == [[0, big], [3, 0]]
    assert all(type(v) is int for row in matrix for v in row)
    huge = RankedProfile.from_orders(_names(2), [((0, 1), 2**70), ((1,), 3)])
    assert pairwise_matrix(huge) == [[0, 2**70], [3, 0]]  # past int64: the Python path


def test_from_rankings_checks_like_the_constructor() -> None:
    names = _names(3)
    good = {((0,), (1, 2)): 2, ((2,),): 1}
    built = RankedProfile.from_rankings(names, good)
    assert built == RankedProfile(names, tuple(_ballot(r, k) for r, k in good.items()))
    for bad, problem in [
        ({((0,), (0,)): 1}, "twice"),
        ({((0,), (5,)): 1}, "out of range"),
        ({((0,), ()): 1}, "empty"),
        ({((0,),): 0}, "positive"),
    ]:
        with pytest.raises(CountError, match=problem):
            RankedProfile.from_rankings(names, bad)


def _checked(build: object) -> object:
    try:
        return build()  # type: ignore[operator]
    except CountError as exc:
        return CountError, str(exc).split(" ")[-1]  # the kind of problem, not its wording


candidate = st.one_of(st.integers(0, 3), st.integers(0, 3), st.sampled_from([-1, 4]))
ranking_groups = st.one_of(
    st.lists(candidate, min_size=1, max_size=3).map(tuple),
    st.lists(candidate, min_size=1, max_size=1).map(tuple),
    st.just(()),
)  # mostly valid groups, some out of range or empty


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(
        st.lists(ranking_groups, max_size=4).map(tuple),
        st.sampled_from([0, 1, 1, 2, 3]),
        max_size=4,
    ),
    st.booleans(),
)
def test_from_rankings_accepts_and_rejects_what_the_constructor_does(
    merged: dict[tuple[tuple[int, ...], ...], int], ties: bool
) -> None:
    # one problem at most per ranking, so that both name the same one first
    if not ties:
        merged = {tuple(g[:1] for g in r): k for r, k in merged.items()}
    names = _names(4)
    problems = [
        sum(
            [
                k < 1,
                () in r,
                any(not 0 <= c < 4 for g in r for c in g),
                len({c for g in r for c in g}) != sum(map(len, r)),
            ]
        )
        for r, k in merged.items()
    ]
    if any(p > 1 for p in problems):
        return
    fast = _checked(lambda: RankedProfile.from_rankings(names, merged))
    slow = _checked(lambda: RankedProfile(names, tuple(_ballot(r, k) for r, k in merged.items())))
    assert fast == slow
