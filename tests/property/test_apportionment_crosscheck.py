"""Cross-check apportionment methods against votelib on random vote tallies.

votelib reports an exact tie for a seat as a ``Tie`` key; we settle it by more votes and
then a lot, so such tallies are skipped (as are tallies where we broke a tie); with
vote totals up to 50,000 exact ties are rare. votelib's Huntington-Hill divides by a
``Decimal`` square root and fails with a TypeError, so Huntington-Hill is checked against
the official US House apportionments instead (tests/integration/test_us_house.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from votelib.component.divisor import modified_first_coef
from votelib.component.divisor import sainte_lague as vl_sainte_lague
from votelib.evaluate.proportional import HighestAverages, LargestRemainder

from suffrage.rules import Tally
from suffrage.rules.apportionment import (
    dhondt,
    droop,
    hare,
    imperiali,
    modified_sainte_lague,
    sainte_lague,
)

PAIRS: list[tuple[Any, Any]] = [
    (dhondt, HighestAverages("d_hondt")),
    (sainte_lague, HighestAverages("sainte_lague")),
    (imperiali, HighestAverages("imperiali")),
    (modified_sainte_lague, HighestAverages(modified_first_coef(vl_sainte_lague, Decimal("1.4")))),
    (hare, LargestRemainder("hare")),
    (droop, LargestRemainder("droop")),
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=50_000), min_size=2, max_size=7),
    st.integers(min_value=1, max_value=40),
)
def test_seats_agree_with_votelib(votes: list[int], seats: int) -> None:
    assume(sum(votes) >= 100 * seats)  # real tallies; tiny ones leave Droop undefined
    names = tuple(f"P{i}" for i in range(len(votes)))
    tally = Tally(names, tuple(votes))
    for ours_method, theirs in PAIRS:
        ours = ours_method(tally, seats=seats)
        reference = theirs.evaluate(dict(zip(names, votes, strict=True)), seats)
        if ours.ties or any(not isinstance(k, str) for k in reference):
            continue
        assert ours.seats == {n: reference.get(n, 0) for n in names}, ours_method
