"""Scottish STV against pref_voting's ``stv_scottish`` on small random profiles.

Only profiles whose count needs no tie-break are compared (the outcome is then unique).
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from suffrage.rules import RankedProfile, get_method

NAMES = ("a", "b", "c", "d", "e")

profiles = st.lists(
    st.tuples(st.permutations(range(5)).map(tuple), st.integers(1, 5), st.integers(1, 9)),
    min_size=3,
    max_size=10,
)


@settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(profiles, st.integers(1, 3))
def test_scottish_stv_matches_pref_voting(
    data: list[tuple[tuple[int, ...], int, int]], seats: int
) -> None:
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_scottish

    p = RankedProfile.from_orders(NAMES, [(order[:length], n) for order, length, n in data])
    ours = get_method("stv-scottish").count(p, seats=seats)
    assume(not ours.ties)
    ranks = [{c: k + 1 for k, c in enumerate(b.order())} for b in p.ballots]
    theirs = stv_scottish(
        ProfileWithTies(ranks, rcounts=[b.count for b in p.ballots], candidates=list(range(5))),
        num_seats=seats,
    )
    assert set(ours.elected) == {NAMES[c] for c in theirs}
    # the inclusive Gregory rule in exact fractions agrees when no truncation matters
    wig = get_method("stv-wig").count(p, seats=seats)
    if not wig.ties and all("lost to rounding" not in e for r in ours.rounds for e in r.events):
        assert set(wig.elected) == set(ours.elected)
