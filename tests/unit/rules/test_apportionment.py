"""Apportionment methods on worked examples, thresholds, minimums and errors."""

from __future__ import annotations

from fractions import Fraction

import pytest

from suffrage.errors import CountError
from suffrage.rules import Tally, TiePolicy
from suffrage.rules.apportionment import (
    adams,
    dhondt,
    droop,
    hare,
    huntington_hill,
    imperiali,
    modified_sainte_lague,
    sainte_lague,
)

#: The textbook example: four parties, 8 seats.
VOTES = Tally(("A", "B", "C", "D"), (100_000, 80_000, 30_000, 20_000))


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (dhondt, (4, 3, 1, 0)),
        (sainte_lague, (3, 3, 1, 1)),
        (modified_sainte_lague, (4, 3, 1, 0)),
        (imperiali, (5, 3, 0, 0)),
        (adams, (3, 3, 1, 1)),
        (huntington_hill, (3, 3, 1, 1)),
        (hare, (3, 3, 1, 1)),
        (droop, (4, 3, 1, 0)),
    ],
)
def test_textbook_example(method: object, expected: tuple[int, ...]) -> None:
    result = method(VOTES, seats=8)  # type: ignore[operator]
    assert result.seats == dict(zip(VOTES.candidates, expected, strict=True))
    assert result.elected == tuple(p for p, n in zip("ABCD", expected, strict=True) if n)


def test_dhondt_explains_each_seat_with_its_quotient() -> None:
    result = dhondt(VOTES, seats=8)
    events = result.rounds[1].events
    assert events[:3] == ("seat 1: A (100000)", "seat 2: B (80000)", "seat 3: A (50000)")
    assert events[5] == "seat 6: C (30000)"
    assert events[-1] == "seat 8: A (25000)"
    assert result.rounds[1].values["A at 2 seats"] == Fraction(100_000, 3)


def test_modified_sainte_lague_exact_tie_goes_to_more_votes() -> None:
    # A's 4th quotient 100000/7 equals D's first 20000/1.4 exactly: floats would guess.
    result = modified_sainte_lague(VOTES, seats=8)
    assert len(result.ties) == 1
    tie = result.ties[0]
    assert tie.tied == ("A", "D") and tie.chosen == "A" and tie.rule == "more votes"


def test_equal_votes_and_quotients_go_to_the_lot() -> None:
    tally = Tally(("X", "Y", "Z"), (300, 300, 100))
    first = dhondt(tally, seats=3, ties=TiePolicy(seed=b"a"))
    assert first.ties[0].rule.startswith("lot (seed ")
    assert first.seats is not None and sorted(first.seats.values()) == [0, 1, 2]
    chosen = {
        dhondt(tally, seats=3, ties=TiePolicy(seed=s)).ties[0].chosen
        for s in (b"a", b"b", b"c", b"d", b"e", b"f")
    }
    assert chosen == {"X", "Y"}


def test_largest_remainder_explains_quotas_and_remainders() -> None:
    result = hare(VOTES, seats=8)
    assert result.rounds[1].quota == Fraction(230_000, 8)
    assert result.rounds[1].values["D: remainder"] == Fraction(20_000 * 8, 230_000)
    assert result.rounds[1].events[0] == "6 seats on full quotas; 2 by largest remainder"
    assert droop(VOTES, seats=8).rounds[1].quota == 230_000 // 9 + 1


def test_hare_alabama_paradox() -> None:
    # Hamilton's method can take a seat away when the house grows (the Alabama paradox).
    tally = Tally(("P", "Q", "R"), (6, 6, 2))
    assert hare(tally, seats=10).seats == {"P": 4, "Q": 4, "R": 2}
    assert hare(tally, seats=11).seats == {"P": 5, "Q": 5, "R": 1}
    for seats in (10, 11):  # divisor methods are house-monotone
        assert dhondt(tally, seats=seats).seats["R"] >= dhondt(tally, seats=10).seats["R"]  # type: ignore[index]


def test_threshold_and_constituency_alternative() -> None:
    result = dhondt(VOTES, seats=8, threshold=Fraction(10, 100))
    assert result.seats == {"A": 4, "B": 3, "C": 1, "D": 0}
    assert "D is below the threshold (2/23 of the votes)" in result.rounds[0].events
    strict = sainte_lague(VOTES, seats=8, threshold=Fraction(15, 100))
    assert strict.seats == {"A": 4, "B": 4, "C": 0, "D": 0}
    rescued = sainte_lague(
        VOTES, seats=8, threshold=Fraction(15, 100), wins={"C": 3}, wins_needed=3
    )
    assert rescued.seats == {"A": 4, "B": 3, "C": 1, "D": 0}
    assert "C qualifies with 3 constituency wins" in rescued.rounds[0].events


def test_minimum_seats_per_unit() -> None:
    tally = Tally(("Big", "Small"), (1_000_000, 1))
    assert dhondt(tally, seats=5).seats == {"Big": 5, "Small": 0}
    result = huntington_hill(tally, seats=5, minimum=1)
    assert result.seats == {"Big": 4, "Small": 1}
    assert result.rounds[1].events[0] == "each of 2 units first gets 1 seat(s)"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seats": 0}, "must be positive"),
        ({"seats": 3, "minimum": 1}, "cannot each get 1 of 3 seats"),
        ({"seats": 3, "threshold": Fraction(1)}, "threshold must be a share"),
        ({"seats": 3, "threshold": Fraction(9, 10)}, "no party passes the threshold"),
        ({"seats": 3, "wins": {"Nobody": 1}}, "unknown parties"),
    ],
)
def test_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(CountError, match=message):
        dhondt(VOTES, **kwargs)  # type: ignore[arg-type]


def test_remainder_methods_refuse_a_minimum_and_bad_input() -> None:
    with pytest.raises(CountError, match="divisor methods only"):
        hare(VOTES, seats=8, minimum=1)
    with pytest.raises(CountError, match="party vote totals"):
        droop("A 1", seats=1)  # type: ignore[arg-type]
    with pytest.raises(CountError, match="no party has any votes"):
        dhondt(Tally(("A",), (0,)), seats=1)
