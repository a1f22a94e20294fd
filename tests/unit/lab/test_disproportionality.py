"""Gallagher, Loosemore-Hanby and the effective number of parties on known figures."""

from __future__ import annotations

import math
from fractions import Fraction

from suffrage.rules.disproportionality import effective_number, gallagher, loosemore_hanby


def test_known_values() -> None:
    votes = {"a": 50, "b": 30, "c": 20}
    seats = {"a": 6, "b": 3, "c": 1}
    # gaps in points: -10, 0, 10 -> LH = 10, Gallagher = sqrt((100 + 100) / 2) = 10
    assert loosemore_hanby(votes, seats) == 10
    g = gallagher(votes, seats)
    assert g is not None and math.isclose(g, 10.0)
    assert effective_number(votes) == 1 / Fraction(38, 100)  # .25 + .09 + .04
    assert effective_number(seats) == 1 / Fraction(46, 100)


def test_parties_on_one_side_only_and_empty() -> None:
    # a party with votes and no seat, and one with a seat and no votes (an independent)
    assert loosemore_hanby({"a": 1, "b": 1}, {"a": 1, "x": 1}) == 50
    assert gallagher({"a": 1}, {}) is None and effective_number({}) is None
    assert gallagher({"a": 3}, {"a": 7}) == 0.0
