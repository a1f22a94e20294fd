"""Block, limited, SNTV and cumulative votes on hand-checked profiles."""

from __future__ import annotations

import pytest

from suffrage.errors import CountError
from suffrage.rules import (
    ApprovalBallot,
    ApprovalProfile,
    RankedProfile,
    ScoreBallot,
    ScoreProfile,
    Tally,
    TiePolicy,
    get_method,
)

NAMES = ("Ash", "Birch", "Cedar", "Daisy")


def approvals(*ballots: tuple[set[int], int]) -> ApprovalProfile:
    return ApprovalProfile(NAMES, tuple(ApprovalBallot(frozenset(a), n) for a, n in ballots))


def test_block_vote_elects_the_most_marked() -> None:
    p = approvals(({0, 1}, 5), ({2, 3}, 4), ({0, 2}, 2))
    r = get_method("block").count(p, seats=2)
    # Ash 7, Birch 5, Cedar 6, Daisy 4
    assert r.elected == ("Ash", "Cedar")
    assert r.rounds[0].values == {"Ash": 7, "Birch": 5, "Cedar": 6, "Daisy": 4}
    assert not r.ties


def test_block_vote_lets_a_majority_take_every_seat() -> None:
    p = approvals(({0, 1}, 6), ({2, 3}, 5))
    assert get_method("block").count(p, seats=2).elected == ("Ash", "Birch")


def test_limited_vote_lets_the_minority_in() -> None:
    # same voters with one vote each for two seats: 6 split 3/3, 5 vote Cedar
    p = approvals(({0}, 3), ({1}, 3), ({2}, 5))
    r = get_method("limited").count(p, seats=2, votes=1)
    assert r.elected[0] == "Cedar"
    assert r.ties and r.ties[0].tied == ("Ash", "Birch")
    assert r.ties[0].rule.startswith("lot")


def test_limited_vote_checks_the_number_of_marks() -> None:
    p = approvals(({0, 1, 2}, 1))
    with pytest.raises(CountError, match="at most 2"):
        get_method("limited").count(p, seats=3)
    with pytest.raises(CountError, match="fewer votes than seats"):
        get_method("limited").count(p, seats=3, votes=3)
    with pytest.raises(CountError, match="fewer votes than seats"):
        get_method("limited").count(p, seats=1, votes=2)
    with pytest.raises(CountError, match="at most 2"):
        get_method("block").count(p, seats=2)


def test_sntv() -> None:
    t = Tally(NAMES, (40, 25, 20, 15))
    r = get_method("sntv").count(t, seats=3)
    assert r.elected == ("Ash", "Birch", "Cedar")
    with pytest.raises(CountError, match="Tally"):
        get_method("sntv").count(approvals(({0}, 1)), seats=1)


def test_cumulative_vote_concentrates_a_minority() -> None:
    # 3 seats, 3 votes each: 6 voters spread 1-1-1 over Ash, Birch, Daisy; 3 voters
    # plump all 3 on Cedar: Cedar 9, Ash 6, Birch 6, Daisy 6 (a tie for 2 seats).
    p = ScoreProfile(
        NAMES,
        (ScoreBallot((1, 1, 0, 1), 6), ScoreBallot((0, 0, 3, 0), 3)),
        max_score=3,
    )
    r = get_method("cumulative").count(p, seats=3)
    assert r.elected[0] == "Cedar"
    assert r.rounds[0].values["Cedar"] == 9
    assert len(r.ties) == 2
    assert {t.chosen for t in r.ties} == set(r.elected[1:])


def test_cumulative_vote_budget() -> None:
    p = ScoreProfile(NAMES, (ScoreBallot((2, 1, 1, 0), 1),), max_score=3)
    with pytest.raises(CountError, match="gives 4 votes; each voter has 3"):
        get_method("cumulative").count(p, seats=3)
    assert get_method("cumulative").count(p, seats=3, budget=4).elected == (
        "Ash",
        "Birch",
        "Cedar",
    )


def test_lot_is_reproducible_and_depends_on_the_seed() -> None:
    t = Tally(NAMES, (10, 10, 10, 10))
    count = get_method("sntv").count
    first = count(t, seats=1, ties=TiePolicy(seed=b"one"))
    assert first.elected == count(t, seats=1, ties=TiePolicy(seed=b"one")).elected
    winners = {count(t, seats=1, ties=TiePolicy(seed=bytes([i]))).elected for i in range(12)}
    assert len(winners) > 1


@pytest.mark.parametrize("method", ["block", "limited", "sntv", "cumulative"])
def test_seat_and_option_errors(method: str) -> None:
    count = get_method(method).count
    with pytest.raises(CountError):
        count(RankedProfile.from_orders(NAMES, [((0,), 1)]), seats=1)
    with pytest.raises(CountError, match="does not take"):
        count(Tally(NAMES, (1, 1, 1, 1)), seats=1, nonsense=True)
