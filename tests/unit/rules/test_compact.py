"""Profiles held as flat arrays of strict rankings: checks, lazy ballots, and the same
results as profiles of ballot objects."""

from __future__ import annotations

import pickle
from array import array
from dataclasses import FrozenInstanceError

import pytest

from suffrage.errors import CountError
from suffrage.rules.ballots import RankedBallot, RankedProfile
from suffrage.rules.compact import StrictRankings
from suffrage.rules.io import parse_blt
from suffrage.rules.registry import get_method

NAMES = ("A", "B", "C", "D")


def _flat(orders: list[tuple[int, ...]], counts: list[int]) -> StrictRankings:
    offsets = [0]
    for order in orders:
        offsets.append(offsets[-1] + len(order))
    prefs = array("i", [c for order in orders for c in order])
    return StrictRankings(prefs, array("q", offsets), array("q", counts))


ORDERS = [(0, 1, 2), (1, 0), (2,), (3, 2, 1, 0), (1, 2)]
COUNTS = [5, 4, 3, 2, 6]


def test_lazy_ballots_equal_the_ballot_objects() -> None:
    flat = RankedProfile.from_strict(NAMES, _flat(ORDERS, COUNTS))
    built = RankedProfile.from_orders(NAMES, list(zip(ORDERS, COUNTS, strict=True)))
    assert flat.strict is not None and built.strict is None
    assert flat.total == built.total == sum(COUNTS)
    assert flat == built and hash(flat) == hash(built)
    assert flat.ballots == built.ballots
    assert flat.ballots is flat.ballots  # built once
    assert flat.ballots[1] == RankedBallot(((1,), (0,)), 4)


def test_every_ranked_method_gives_the_same_result_on_both_forms() -> None:
    flat = RankedProfile.from_strict(NAMES, _flat(ORDERS, COUNTS))
    for method, seats in [("stv-scottish", 2), ("stv-meek", 2), ("stv-wig", 2), ("schulze", 1)]:
        count = get_method(method).count
        objects = RankedProfile.from_orders(NAMES, list(zip(ORDERS, COUNTS, strict=True)))
        assert count(RankedProfile.from_strict(NAMES, _flat(ORDERS, COUNTS)), seats=seats) == (
            count(objects, seats=seats)
        )
    assert flat.strict is not None


def test_pickle_and_immutability() -> None:
    flat = RankedProfile.from_strict(NAMES, _flat(ORDERS, COUNTS))
    again = pickle.loads(pickle.dumps(flat))
    assert again == flat and again.strict is not None
    with pytest.raises(FrozenInstanceError):
        flat.candidates = ("X",)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("orders", "counts", "problem"),
    [
        ([(0, 4)], [1], "out of range"),
        ([(0, 1, 0)], [1], "ranked twice"),
        ([(0,)], [0], "positive"),
        ([(0,), ()], [1, 1], "must rank a candidate"),
    ],
)
def test_flat_rankings_are_checked(
    orders: list[tuple[int, ...]], counts: list[int], problem: str
) -> None:
    with pytest.raises(CountError, match=problem):
        RankedProfile.from_strict(NAMES, _flat(orders, counts))


def test_blt_reads_plain_strict_rankings_into_the_flat_form() -> None:
    text = "3 1\n4 1 2 0\n2 2 3 0\n1 0\n3 1 2 0\n0\nA\nB\nC\n"
    profile = parse_blt(text).profile
    assert isinstance(profile, RankedProfile) and profile.strict is not None
    assert [(b.ranking, b.count) for b in profile.ballots] == [
        (((0,), (1,)), 7),
        (((1,), (2,)), 2),
    ]
    spaced = parse_blt(text.replace("4 1 2 0", "4 1  2 0")).profile  # the line reader
    assert isinstance(spaced, RankedProfile) and spaced.strict is None
    assert spaced == profile
