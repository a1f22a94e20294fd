"""STV counts (Scottish, inclusive and last-parcel Gregory) on hand-checked profiles."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from suffrage.errors import CountError
from suffrage.rules import (
    ApprovalProfile,
    RankedBallot,
    RankedProfile,
    TieBreak,
    TiePolicy,
    get_method,
)
from suffrage.rules.multi.rankings import strict_ballots
from suffrage.rules.multi.stv import SCOTTISH, count_gregory, count_scottish, count_wig
from suffrage.rules.multi.transfers import run_count

ABCD = ("A", "B", "C", "D")


def profile(
    orders: list[tuple[tuple[int, ...], int]], names: tuple[str, ...] = ABCD
) -> RankedProfile:
    return RankedProfile.from_orders(names, orders)


def test_scottish_hand_count() -> None:
    # 60 A>B, 15 B, 10 C>D, 20 D, 20 A>C: valid 125... quota floor(125/3)+1 = 42
    p = profile([((0, 1), 40), ((0, 2), 20), ((1,), 15), ((2, 3), 10), ((3,), 20), ((2,), 20)])
    r = count_scottish(p, seats=2)
    first = r.rounds[0]
    assert first.quota == 42
    assert first.values == {"A": 60, "B": 15, "C": 30, "D": 20}
    assert r.rounds[0].events == ("A elected with 60.00000 (quota reached)",)
    # A's surplus 18 over 60 papers: transfer value 0.3 exactly; 40 papers to B, 20 to C
    second = r.rounds[1]
    assert second.title == "Surplus of A"
    assert second.values == {"A": 42, "B": 27, "C": 36, "D": 20}
    # D lowest (20) excluded: no further preference, 20 exhausted; C then B: last vacancy
    third = r.rounds[2]
    assert third.title == "Exclusion of D"
    assert third.exhausted == 20
    assert r.elected == ("A", "C")
    assert r.rounds[-1].title == "Last vacancies filled"


def test_truncation_to_five_decimals_decides_the_seat() -> None:
    # valid 17, 2 seats: quota 6. A has 7 papers A>B: surplus 1, transfer value 1/7 =
    # 0.142857..., truncated to 0.14285 (rounding would give 0.14286). B gets
    # 7 x 0.14285 = 0.99995 and stands at 4.99995 against D's 5; C (1) is excluded,
    # then B, so D fills the last vacancy. With rounding B would have 5.00002 and win.
    p = profile([((0, 1), 7), ((1,), 4), ((2,), 1), ((3,), 5)])
    r = count_scottish(p, seats=2)
    assert r.rounds[1].values["B"] == Decimal("4.99995")
    assert any("lost to rounding: 0.00005" in e for e in r.rounds[1].events)
    assert r.elected == ("A", "D")
    assert not r.ties

    rounding = replace(SCOTTISH, transfer=lambda s, v, t: (2 * s * v + t) // (2 * t))
    rounded = run_count(strict_ballots(p, 2), 2, rounding, TiePolicy())
    assert set(rounded.elected) == {"A", "B"}


def test_transfer_value_uses_value_when_received() -> None:
    # A elected on first preferences; her surplus reaches B at 0.5, lifting B over the
    # quota; B's papers then move at surplus x value / total, the received ones at half.
    # 10 A>B>C, 4 B>C, 2 C, 2 D: valid 18, 2 seats, quota 7.
    p = profile([((0, 1, 2), 10), ((1, 2), 4), ((2,), 2), ((3,), 2)])
    r = count_scottish(p, seats=2)
    assert r.rounds[0].quota == 7
    # A: surplus 3 of 10 -> value 0.3; B gets 3 -> 7: elected exactly at quota, no surplus
    assert r.rounds[1].values["B"] == 7
    assert r.elected == ("A", "B")


def test_exhausted_ballots_are_reported() -> None:
    p = profile([((0,), 5), ((1,), 4), ((2, 0), 3), ((3,), 3)])
    # valid 15, 2 seats, quota 6; no one elected; C and D tie at 3 at every stage: lot
    r = count_scottish(p, seats=2)
    assert r.rounds[0].exhausted == 0
    excluded = r.rounds[1].title.removeprefix("Exclusion of ")
    assert r.ties and r.ties[0].purpose == "exclusion" and r.ties[0].rule.startswith("lot")
    assert r.ties[0].chosen == excluded
    if excluded == "D":
        assert r.rounds[1].exhausted == 3
    else:
        assert r.rounds[1].values["A"] == 8


@pytest.mark.parametrize("count", [count_scottish, count_wig])
def test_exclusion_tie_broken_by_the_most_recent_stage_where_totals_differ(count) -> None:  # type: ignore[no-untyped-def]
    # 10 A>B, 2 B, 4 C, 7 D: valid 23, 2 seats, quota 8. A's surplus 2 of 10 moves at
    # 0.2: B = 2 + 2 = 4 = C. At stage 1 B had 2 and C 4, so B is excluded.
    p = profile([((0, 1), 10), ((1,), 2), ((2,), 4), ((3,), 7)])
    r = count(p, seats=2)
    assert r.rounds[1].values["B"] == r.rounds[1].values["C"] == 4
    assert r.rounds[2].title == "Exclusion of B"
    assert r.ties[0] == TieBreak("exclusion", ("B", "C"), "B", "earlier round 1")
    assert r.elected == ("A", "D")


def test_last_vacancy_rule_elects_below_quota() -> None:
    p = profile([((0,), 10), ((1,), 6), ((2,), 5), ((3,), 1)])
    # valid 22, 2 seats: quota 8. A elected with surplus 2 that exhausts; D out; C out;
    r = count_scottish(p, seats=2)
    assert r.elected == ("A", "B")
    last = r.rounds[-1]
    assert last.title == "Last vacancies filled"
    assert last.values["B"] < last.quota  # type: ignore[operator]
    assert "continuing candidates equal the vacancies left" in last.events[0]


def test_all_candidates_elected_when_seats_equal_candidates() -> None:
    p = profile([((0, 1), 3), ((2,), 1), ((3,), 1)])
    r = count_scottish(p, seats=4)
    assert set(r.elected) == set(ABCD)


def test_wig_exact_and_scottish_agree_when_values_are_exact() -> None:
    p = profile([((0, 1), 40), ((0, 2), 20), ((1,), 15), ((2, 3), 10), ((3,), 20), ((2,), 20)])
    wig = count_wig(p, seats=2)
    assert wig.rounds[1].values == {"A": 42, "B": 27, "C": 36, "D": 20}
    assert wig.elected == count_scottish(p, seats=2).elected
    # 1/7 stays exact in fractions: B = 4 + 1 = 5 ties D; both level at stage 1... no: B 4 < D 5
    q = profile([((0, 1), 7), ((1,), 4), ((2,), 1), ((3,), 5)])
    exact = count_wig(q, seats=2)
    assert exact.rounds[1].values["B"] == Fraction(5)


def test_gregory_moves_only_the_last_parcel_and_wig_moves_all() -> None:
    # 12 A>B>C, 6 B>D, 4 C, 5 D, 3 E: valid 30, 3 seats, quota 8. A (12) is elected and
    # her 12 papers move at 4/12 = 1/3: B reaches 10 and is elected with surplus 2.
    # Last-parcel Gregory moves only the parcel from A (value 4) at 2/4 of its value:
    # 12 x 1/6 = 2 to C (6), D stays at 5, so D is excluded after E and C wins.
    # Inclusive Gregory moves all of B's papers at 2/10 of their value: C gets
    # 12 x 1/15 = 4/5 (4 4/5), D gets 6 x 1/5 = 6/5 (6 1/5), so C is excluded and D wins.
    names = ("A", "B", "C", "D", "E")
    p = profile([((0, 1, 2), 12), ((1, 3), 6), ((2,), 4), ((3,), 5), ((4,), 3)], names=names)
    gregory = count_gregory(p, seats=3)
    assert gregory.rounds[1].values["B"] == 10
    surplus_b = gregory.rounds[2]
    assert surplus_b.title == "Surplus of B"
    assert "from the last parcel received" in surplus_b.events[0]
    assert (surplus_b.values["C"], surplus_b.values["D"]) == (6, 5)
    assert set(gregory.elected) == {"A", "B", "C"}

    wig = count_wig(p, seats=3)
    assert (wig.rounds[2].values["C"], wig.rounds[2].values["D"]) == (
        Fraction(24, 5),
        Fraction(31, 5),
    )
    assert set(wig.elected) == {"A", "B", "D"}


def test_equal_rankings_are_truncated_and_reported() -> None:
    p = RankedProfile(
        ABCD,
        (
            RankedBallot(((0,), (1, 2)), 4),
            RankedBallot(((1, 2), (0,)), 1),
            RankedBallot(((3,),), 3),
            RankedBallot(((2,),), 2),
        ),
    )
    r = count_scottish(p, seats=1)
    assert any("read up to an equal ranking" in n for n in r.notes)
    assert any("no single first preference" in n for n in r.notes)
    assert r.rounds[0].quota == 5  # valid 9 (the equal-first ballot is invalid)


@pytest.mark.parametrize("method", ["stv-scottish", "stv-wig", "stv-gregory", "stv-meek"])
def test_bad_input_raises_count_error(method: str) -> None:
    count = get_method(method).count
    p = profile([((0, 1), 3)])
    with pytest.raises(CountError, match="seats"):
        count(p, seats=0)
    with pytest.raises(CountError, match="cannot fill 5 seats"):
        count(p, seats=5)
    with pytest.raises(CountError, match="ranked ballots"):
        count(ApprovalProfile(ABCD, ()), seats=1)
    with pytest.raises(CountError, match="no options"):
        count(p, seats=1, bogus=1)
    with pytest.raises(CountError, match="no valid ballots"):
        count(RankedProfile(ABCD, ()), seats=1)
