"""Approval, score, STAR, majority judgment and the 1937 strike-out ballot."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.errors import CountError
from suffrage.rules import ApprovalBallot, ApprovalProfile, ScoreBallot, ScoreProfile
from suffrage.rules.single import approval, majority_judgment, score, star, strike_out
from suffrage.rules.single.majority_judgment import compare_majority_values


def _scores(rows: list[tuple[tuple[int, ...], int]], max_score: int = 5) -> ScoreProfile:
    n = len(rows[0][0])
    names = tuple("ABCDEFG"[:n])
    return ScoreProfile(names, tuple(ScoreBallot(s, c) for s, c in rows), max_score)


def test_approval() -> None:
    profile = ApprovalProfile(
        ("A", "B", "C"),
        (ApprovalBallot(frozenset({0, 1}), 3), ApprovalBallot(frozenset({1}), 2)),
    )
    result = approval(profile)
    assert result.elected == ("B",)
    assert result.rounds[0].values == {"A": 3, "B": 5, "C": 0}


def test_score_and_star_can_differ() -> None:
    # A has the highest total thanks to lukewarm support; STAR's runoff asks who is
    # preferred by more voters among the two finalists.
    profile = _scores([((5, 4, 0), 2), ((3, 4, 0), 1), ((2, 5, 0), 1), ((4, 0, 5), 1)])
    assert score(profile).rounds[0].values == {"A": 19, "B": 17, "C": 5}
    assert score(profile).elected == ("A",)
    result = star(profile)
    assert result.rounds[1].values == {"A": 3, "B": 2}
    assert result.elected == ("A",)
    flipped = _scores([((5, 4, 0), 1), ((3, 4, 0), 2), ((2, 5, 0), 1), ((5, 0, 5), 1)])
    assert score(flipped).elected == ("A",)  # A 18, B 17
    assert star(flipped).elected == ("B",)  # but 3 of 5 voters prefer B to A


def test_star_runoff_tie_goes_to_the_higher_total() -> None:
    profile = _scores([((5, 0), 1), ((0, 1), 1)])
    result = star(profile)
    assert result.rounds[1].values == {"A": 1, "B": 1}
    assert result.elected == ("A",)
    assert result.ties[-1].rule == "earlier round 1"


def test_majority_judgment_majority_grade_and_tie_break() -> None:
    # Grades 0..5. Medians: A 3, B 3, C 2. A and B tie on the majority grade; their
    # majority values are A 3,3,3,1,5 and B 3,3,4,2,5: B wins at the third grade.
    profile = _scores(
        [((3, 3, 2), 1), ((3, 4, 2), 1), ((3, 3, 2), 1), ((1, 2, 5), 1), ((5, 5, 0), 1)]
    )
    result = majority_judgment(profile)
    assert result.rounds[1].values == {"A": 3, "B": 3, "C": 2}
    assert result.elected == ("B",)
    assert any("compared by majority value" in e for e in result.rounds[1].events)


def _majority_value(histogram: list[int]) -> list[int]:
    grades = sorted(g for g, n in enumerate(histogram) for _ in range(n))
    out = []
    while grades:
        out.append(grades.pop((len(grades) - 1) // 2))
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=12).flatmap(
        lambda total: st.tuples(
            *(
                st.lists(st.integers(0, 3), min_size=total, max_size=total).map(
                    lambda gs: [gs.count(g) for g in range(4)]
                )
                for _ in range(2)
            )
        )
    )
)
def test_majority_value_comparison_matches_brute_force(pair: tuple[list[int], list[int]]) -> None:
    a, b = pair
    va, vb = _majority_value(a), _majority_value(b)
    expected = (va > vb) - (va < vb)
    assert compare_majority_values(a, b) == expected


def test_strike_out_elected_with_majority_and_turnout() -> None:
    keep = ApprovalBallot(frozenset({0}), 60)
    strike = ApprovalBallot(frozenset(), 30)
    profile = ApprovalProfile(("Ivanov",), (keep, strike))
    result = strike_out(profile, electorate=100, invalid=5)
    assert result.elected == ("Ivanov",)
    assert result.rounds[0].values == {"Ivanov": 60, "all names struck": 30, "invalid ballots": 5}


def test_strike_out_fails_on_majority_or_turnout() -> None:
    half = ApprovalProfile(
        ("Ivanov",), (ApprovalBallot(frozenset({0}), 45), ApprovalBallot(frozenset(), 45))
    )
    result = strike_out(half, electorate=100)
    assert result.elected == ()
    assert "no candidate is kept on more than half" in result.notes[0]
    low = ApprovalProfile(("Ivanov",), (ApprovalBallot(frozenset({0}), 49),))
    assert strike_out(low, electorate=100).elected == ()
    assert "new election" in strike_out(low, electorate=100).notes[0]
    assert strike_out(low, electorate=98).elected == ("Ivanov",)  # exactly half took part


def test_strike_out_two_names_left_is_invalid() -> None:
    profile = ApprovalProfile(
        ("P", "Q"),
        (ApprovalBallot(frozenset({0, 1}), 10), ApprovalBallot(frozenset({0}), 6)),
    )
    result = strike_out(profile, electorate=20)
    assert result.rounds[0].values["invalid ballots"] == 10
    assert result.elected == ("P",)  # 6 of 6 valid ballots


def test_strike_out_needs_electorate_and_sane_numbers() -> None:
    profile = ApprovalProfile(("P",), (ApprovalBallot(frozenset({0}), 10),))
    with pytest.raises(CountError, match="needs the electorate"):
        strike_out(profile)
    with pytest.raises(CountError, match="more ballots cast"):
        strike_out(profile, electorate=5)


def test_cardinal_methods_reject_other_ballots() -> None:
    approvals = ApprovalProfile(("A",), ())
    for method in (score, star, majority_judgment):
        with pytest.raises(CountError, match="score ballots"):
            method(approvals)  # type: ignore[arg-type]
    with pytest.raises(CountError, match="approval ballots"):
        approval(_scores([((1,), 1)]))  # type: ignore[arg-type]
