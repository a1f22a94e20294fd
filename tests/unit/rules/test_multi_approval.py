"""PAV, sequential PAV, sequential Phragmén and equal shares: hand counts and peers."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from suffrage.errors import CountError
from suffrage.rules import ApprovalBallot, ApprovalProfile, Tally, get_method
from suffrage.rules.multi import approval


def profile(names: str, *ballots: tuple[str, int]) -> ApprovalProfile:
    index = {n: i for i, n in enumerate(names)}
    return ApprovalProfile(
        tuple(names),
        tuple(ApprovalBallot(frozenset(index[c] for c in a), n) for a, n in ballots),
    )


# A classic: 6 voters approve {a, b, c}, 4 approve {d}; 3 seats. Approval voting would
# give a, b, c; proportional methods give d a seat (4/10 of the voters).
MAJORITY_MINORITY = profile("abcd", ("abc", 6), ("d", 4))


@pytest.mark.parametrize("method", ["pav", "seq-pav", "seq-phragmen", "equal-shares"])
def test_minority_gets_a_seat(method: str) -> None:
    r = get_method(method).count(MAJORITY_MINORITY, seats=3)
    assert "d" in r.elected
    assert len(r.elected) == 3


def test_pav_scores_committees_exactly() -> None:
    # 3 x {a,b}, 1 x {c}; 2 seats. {a,b}: 3 x 3/2 = 9/2; {a,c}: 3 + 1 = 4. PAV picks {a,b}.
    p = profile("abc", ("ab", 3), ("c", 1))
    r = get_method("pav").count(p, seats=2)
    assert set(r.elected) == {"a", "b"}
    assert "9/2" in r.rounds[0].events[0]


def test_pav_refuses_huge_searches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(approval, "MAX_COMMITTEES", 5)
    with pytest.raises(CountError, match="use seq-pav"):
        get_method("pav").count(MAJORITY_MINORITY, seats=2)


def test_seq_pav_rounds() -> None:
    r = get_method("seq-pav").count(MAJORITY_MINORITY, seats=3)
    # round 1: a, b, c have 6 each -> lot; round 2: the two others 3, d 4 -> d
    assert r.rounds[0].values["a"] == 6
    assert r.rounds[1].values["d"] == 4
    assert r.elected[1] == "d"
    assert r.rounds[2].values[r.elected[2]] == 3


def test_seq_phragmen_loads() -> None:
    r = get_method("seq-phragmen").count(MAJORITY_MINORITY, seats=3)
    # first seat: load 1/6 for a, b or c; d would give 1/4
    assert r.rounds[0].values["d"] == Fraction(1, 4)
    assert r.rounds[0].values["a"] == Fraction(1, 6)
    # second: d at 1/4 beats another of a/b/c at (1 + 6/6)/6 = 1/3
    assert r.elected[1] == "d"
    assert r.rounds[1].values["d"] == Fraction(1, 4)
    assert r.rounds[2].values[r.elected[2]] == Fraction(1, 3)


def test_seq_phragmen_fills_unsupported_seats_by_lot() -> None:
    p = profile("abc", ("a", 2))
    r = get_method("seq-phragmen").count(p, seats=2)
    assert r.elected[0] == "a"
    assert r.ties[-1].purpose == "seats without support"


def test_equal_shares_budget_and_completion() -> None:
    # 10 voters, 3 seats: each holds 3/10. {a,b,c}: 6 voters hold 18/10 -> two of a/b/c
    # at rho = 1/6; d's 4 voters hold 12/10 -> d at rho 1/4. After a, b/c and d the
    # budgets are spent: 6 x (3/10 - 2/6) < 0 ... so the third of a/b/c needs completion.
    r = get_method("equal-shares").count(MAJORITY_MINORITY, seats=3)
    assert r.elected.count("d") == 1
    assert r.rounds[0].values["d"] == Fraction(1, 4)
    assert r.rounds[0].values["a"] == Fraction(1, 6)


def test_equal_shares_add1_completion() -> None:
    # 1 voter approves {a, b}, 1 approves {c}; 3 seats, shares 3/2 each: a (1), c (1),
    # then b costs 1 with 1/2 left: raise the budget to 4 (2 each): a, b, c.
    p = profile("abc", ("ab", 1), ("c", 1))
    r = get_method("equal-shares").count(p, seats=3)
    assert set(r.elected) == {"a", "b", "c"}
    assert any("Add1 completion" in n for n in r.notes)


def test_equal_shares_utilitarian_completion() -> None:
    p = profile("abcd", ("a", 3))
    r = get_method("equal-shares").count(p, seats=2)
    assert r.elected[0] == "a"
    assert "remaining seats filled by approval count" in r.notes


@pytest.mark.parametrize("method", ["pav", "seq-pav", "seq-phragmen", "equal-shares"])
def test_errors(method: str) -> None:
    count = get_method(method).count
    with pytest.raises(CountError, match="approval ballots"):
        count(Tally(("a", "b"), (1, 2)), seats=1)
    with pytest.raises(CountError, match="cannot fill 5 seats"):
        count(MAJORITY_MINORITY, seats=5)
    with pytest.raises(CountError, match="does not take"):
        count(MAJORITY_MINORITY, seats=1, weights=2)


approval_sets = st.lists(
    st.tuples(st.frozensets(st.integers(0, 4), min_size=1, max_size=4), st.integers(1, 5)),
    min_size=1,
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(approval_sets, st.integers(2, 3))
def test_pav_and_seq_pav_match_votelib(data: list[tuple[frozenset[int], int]], seats: int) -> None:
    from votelib.evaluate.approval import ProportionalApproval, SequentialProportionalApproval

    names = ("a", "b", "c", "d", "e")
    p = ApprovalProfile(names, tuple(ApprovalBallot(a, n) for a, n in data))
    votes: dict[frozenset[str], int] = {}
    for a, n in data:
        key = frozenset(names[c] for c in a)
        votes[key] = votes.get(key, 0) + n
    pav = get_method("pav").count(p, seats=seats)
    if not pav.ties:
        assert set(pav.elected) == set(ProportionalApproval().evaluate(votes, seats))
    seq = get_method("seq-pav").count(p, seats=seats)
    assume(not seq.ties)
    assert list(seq.elected) == list(SequentialProportionalApproval().evaluate(votes, seats))
