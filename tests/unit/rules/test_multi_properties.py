"""Invariants of every STV count on random profiles: votes are conserved, seats filled."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.rules import ApprovalBallot, ApprovalProfile, RankedProfile, get_method

NAMES = ("a", "b", "c", "d", "e", "f")

ranked = st.lists(
    st.tuples(st.permutations(range(6)).map(tuple), st.integers(1, 6), st.integers(1, 20)),
    min_size=1,
    max_size=12,
)


def build(data: list[tuple[tuple[int, ...], int, int]]) -> RankedProfile:
    return RankedProfile.from_orders(NAMES, [(order[:length], n) for order, length, n in data])


@settings(max_examples=40, deadline=None)
@given(ranked, st.integers(1, 4))
def test_exact_counts_conserve_votes(
    data: list[tuple[tuple[int, ...], int, int]], seats: int
) -> None:
    p = build(data)
    for method in ("stv-wig", "stv-gregory", "stv-meek"):
        r = get_method(method).count(p, seats=seats)
        assert len(r.elected) == len(set(r.elected)) == seats
        for stage in r.rounds:
            assert stage.exhausted is not None
            assert sum(stage.values.values()) + stage.exhausted == p.total, (method, stage)


@settings(max_examples=40, deadline=None)
@given(ranked, st.integers(1, 4))
def test_scottish_count_loses_only_truncation(
    data: list[tuple[tuple[int, ...], int, int]], seats: int
) -> None:
    p = build(data)
    r = get_method("stv-scottish").count(p, seats=seats)
    assert len(r.elected) == len(set(r.elected)) == seats
    lost = Decimal(0)
    for stage in r.rounds:
        for event in stage.events:
            if event.startswith("lost to rounding: "):
                lost += Decimal(event.removeprefix("lost to rounding: "))
        assert stage.exhausted is not None
        assert sum(stage.values.values()) + stage.exhausted + lost == p.total
        # truncation loses less than 0.00001 per paper per transfer
        assert lost <= Decimal("0.00001") * p.total * stage.number
    quota = r.rounds[0].quota
    assert quota == p.total // (seats + 1) + 1
    for stage in r.rounds:
        for event in stage.events:
            if event.endswith("(quota reached)"):
                name = event.split(" elected with ")[0]
                assert stage.values[name] >= quota  # type: ignore[operator]


approvals = st.lists(
    st.tuples(st.frozensets(st.integers(0, 5), max_size=4), st.integers(1, 9)),
    min_size=1,
    max_size=10,
)


@settings(max_examples=40, deadline=None)
@given(approvals, st.integers(1, 4))
def test_approval_methods_fill_every_seat(
    data: list[tuple[frozenset[int], int]], seats: int
) -> None:
    p = ApprovalProfile(NAMES, tuple(ApprovalBallot(a, n) for a, n in data))
    for method in ("pav", "seq-pav", "seq-phragmen", "equal-shares"):
        r = get_method(method).count(p, seats=seats)
        assert len(r.elected) == len(set(r.elected)) == seats, method
