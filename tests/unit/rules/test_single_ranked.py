"""Ranked single-winner methods on published examples, with their explanations."""

from __future__ import annotations

import pytest

from suffrage.errors import CountError
from suffrage.rules import RankedBallot, RankedProfile, Tally, TiePolicy
from suffrage.rules.single import (
    borda,
    copeland,
    instant_runoff,
    minimax,
    plurality,
    ranked_pairs,
    schulze,
    two_round,
)
from suffrage.rules.single.pairwise import pairwise_matrix
from suffrage.rules.single.schulze import strongest_paths

A, B, C, D, E = range(5)

#: Schulze (2011), section 3.1, example 1 (45 voters); also the example of the
#: method's Wikipedia article. Winner E.
SCHULZE_EXAMPLE = RankedProfile.from_orders(
    tuple("ABCDE"),
    [
        ((A, C, B, E, D), 5),
        ((A, D, E, C, B), 5),
        ((B, E, D, A, C), 8),
        ((C, A, B, E, D), 3),
        ((C, A, E, B, D), 7),
        ((C, B, A, D, E), 2),
        ((D, C, E, B, A), 7),
        ((E, B, A, D, C), 8),
    ],
)

#: The "Tennessee capital" example (percent of voters): Memphis 42, Nashville 26,
#: Chattanooga 15, Knoxville 17. Nashville is the Condorcet winner.
M, N, CH, K = range(4)
TENNESSEE = RankedProfile.from_orders(
    ("Memphis", "Nashville", "Chattanooga", "Knoxville"),
    [((M, N, CH, K), 42), ((N, CH, K, M), 26), ((CH, K, N, M), 15), ((K, CH, N, M), 17)],
)


def test_schulze_paper_example() -> None:
    matrix = pairwise_matrix(SCHULZE_EXAMPLE)
    assert matrix[A] == [0, 20, 26, 30, 22]
    assert matrix[E] == [23, 27, 21, 31, 0]
    paths = [[s[0] for s in row] for row in strongest_paths(matrix)]
    assert paths[E] == [25, 28, 28, 31, 0]
    assert paths[A] == [0, 28, 28, 30, 24]
    result = schulze(SCHULZE_EXAMPLE)
    assert result.elected == ("E",)
    assert result.rounds[1].values["E > A"] == 25
    assert result.rounds[1].values["A > E"] == 24
    assert "potential winners: E" in result.rounds[1].events


@pytest.mark.parametrize("method", [schulze, ranked_pairs, minimax, copeland])
def test_tennessee_condorcet_methods_choose_nashville(method: object) -> None:
    result = method(TENNESSEE)  # type: ignore[operator]
    assert result.elected == ("Nashville",)


def test_tennessee_other_methods() -> None:
    assert plurality(TENNESSEE).elected == ("Memphis",)
    irv = instant_runoff(TENNESSEE)
    assert irv.elected == ("Knoxville",)
    assert [r.events[0].split(" is ")[0] for r in irv.rounds[:-1]] == ["Chattanooga", "Nashville"]
    assert borda(TENNESSEE).elected == ("Nashville",)
    assert borda(TENNESSEE).rounds[0].values == {
        "Memphis": 126, "Nashville": 194, "Chattanooga": 173, "Knoxville": 107,
    }  # fmt: skip
    two = two_round(TENNESSEE)
    assert two.elected == ("Nashville",)
    assert two.rounds[1].values == {"Memphis": 42, "Nashville": 58}


def test_ranked_pairs_lock_order_explains_the_count() -> None:
    result = ranked_pairs(TENNESSEE)
    events = result.rounds[1].events
    assert events[0] == "lock Chattanooga > Knoxville (margin 66)"
    assert all(e.startswith("lock") for e in events[:-1])  # no cycle in this profile
    assert events[-1] == "Nashville is not beaten by any locked majority"


def test_ranked_pairs_skips_the_weakest_majority_of_a_cycle() -> None:
    cycle = RankedProfile.from_orders(
        tuple("ABC"), [((A, B, C), 40), ((B, C, A), 35), ((C, A, B), 25)]
    )
    result = ranked_pairs(cycle)
    # B > C by 50, A > B by 30, C > A by 20: the last closes the cycle.
    assert result.rounds[1].events[:3] == (
        "lock B > C (margin 50)",
        "lock A > B (margin 30)",
        "skip C > A (margin 20): it would close a cycle",
    )
    assert result.elected == ("A",)
    assert schulze(cycle).elected == ("A",)
    assert minimax(cycle).elected == ("A",)


def test_irv_is_not_monotonic_on_a_known_profile() -> None:
    before = RankedProfile.from_orders(
        tuple("ABC"), [((A, B, C), 39), ((B, C, A), 35), ((C, A, B), 26)]
    )
    assert instant_runoff(before).elected == ("A",)
    # Ten B>C>A voters move A to the top: A now loses.
    after = RankedProfile.from_orders(
        tuple("ABC"), [((A, B, C), 49), ((B, C, A), 25), ((C, A, B), 26)]
    )
    assert instant_runoff(after).elected == ("C",)


def test_irv_exhaustion_and_tied_preferences() -> None:
    profile = RankedProfile(
        tuple("ABC"),
        (
            RankedBallot(((A,),), 4),
            RankedBallot(((B,), (A,)), 3),
            RankedBallot(((C,), (A, B)), 2),  # tie between continuing A and B: exhausted
            RankedBallot(((C,), (B,)), 1),
        ),
    )
    result = instant_runoff(profile)
    assert result.rounds[0].values == {"A": 4, "B": 3, "C": 3}
    assert result.rounds[1].values == {"A": 4, "B": 4}
    assert result.rounds[1].exhausted == 2
    # A and B tie at 4 in round 2; the policy breaks it by lot (no earlier difference).
    assert len(result.ties) == 2
    assert result.ties[0].purpose == "exclusion" and result.ties[0].tied == ("B", "C")
    assert result.ties[0].rule == "lot (seed " + TiePolicy().seed.hex() + ")"


def test_irv_exclusion_tie_uses_earlier_round() -> None:
    profile = RankedProfile.from_orders(
        tuple("ABCD"),
        [((A,), 10), ((B,), 6), ((C,), 5), ((D, C), 1), ((D, B), 1), ((D, C), 1)],
    )
    # Round 1: D 3 excluded -> B 7, C 7: tie broken by round 1 (C had fewer).
    result = instant_runoff(profile)
    assert result.rounds[1].values == {"A": 10, "B": 7, "C": 7}
    assert result.ties[0].chosen == "C"
    assert result.ties[0].rule == "earlier round 1"


def test_borda_truncated_ballots_average_the_unranked() -> None:
    profile = RankedProfile.from_orders(tuple("ABC"), [((A,), 2), ((B, C, A), 1)])
    # A ranked alone: A 2 points, B and C share 1 point -> 1/2 each, per ballot.
    assert borda(profile).rounds[0].values == {"A": 4, "B": 3, "C": 2}


def test_copeland_and_minimax_scores() -> None:
    cycle = RankedProfile.from_orders(
        tuple("ABC"), [((A, B, C), 1), ((B, C, A), 1), ((C, A, B), 1)]
    )
    result = copeland(cycle)
    assert result.rounds[1].values == {"A": 1, "B": 1, "C": 1}
    assert result.ties and result.ties[0].tied == ("A", "B", "C")
    assert minimax(TENNESSEE).rounds[1].values["Nashville"] == -16


def test_plurality_from_a_tally_and_voids() -> None:
    assert plurality(Tally(("X", "Y"), (3, 5))).elected == ("Y",)
    profile = RankedProfile(tuple("AB"), (RankedBallot(((A, B),), 3), RankedBallot(((A,),), 1)))
    result = plurality(profile)
    assert result.elected == ("A",)
    assert "3 ballots with a tied first place are void" in result.rounds[0].events


def test_two_round_first_round_majority() -> None:
    profile = RankedProfile.from_orders(tuple("ABC"), [((A,), 6), ((B,), 3), ((C, B), 2)])
    result = two_round(profile)
    assert result.elected == ("A",)
    assert len(result.rounds) == 1


@pytest.mark.parametrize(
    "method", [schulze, ranked_pairs, minimax, copeland, borda, instant_runoff, two_round]
)
def test_wrong_input_and_seats_are_count_errors(method: object) -> None:
    with pytest.raises(CountError, match="ranked ballots"):
        method(Tally(("A",), (1,)))  # type: ignore[operator]
    with pytest.raises(CountError, match="exactly one seat"):
        method(TENNESSEE, seats=2)  # type: ignore[operator]
    with pytest.raises(CountError, match="no ballots"):
        method(RankedProfile(("A", "B"), ()))  # type: ignore[operator]
