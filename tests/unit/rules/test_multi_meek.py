"""Meek STV: a hand count, an independent floating-point Meek on real wards, pref_voting."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from suffrage.rules import RankedProfile, get_method
from suffrage.rules.io import parse_blt
from suffrage.rules.multi.meek import count_meek

DATA = Path("/work/shared/data/scotland-2017")


def test_meek_hand_count() -> None:
    # 7 A>B, 2 B, 3 C: valid 12, 2 seats, quota 12/3 + 0.000000001. A keeps about 4/7 of
    # each of her votes and passes 3/7 to B, who reaches 5 and is elected.
    p = RankedProfile.from_orders(("A", "B", "C"), [((0, 1), 7), ((1,), 2), ((2,), 3)])
    r = count_meek(p, seats=2)
    assert r.elected == ("A", "B")
    assert r.rounds[0].quota == Decimal("4.000000001")
    last = r.rounds[-1]
    assert abs(last.values["B"] - 5) < Decimal("0.00001")  # type: ignore[operator]
    assert abs(last.values["A"] - last.quota) < Decimal("0.00001")  # type: ignore[operator]


def test_meek_transfers_through_elected_candidates_on_exclusion() -> None:
    # 8 A>C, 2 B>A>C, 4 C, 5 D: valid 19, 2 seats, quota ~6.33. A is elected; when B is
    # excluded, B's votes pass through A (who keeps only part of each) on to C; under
    # Meek, C gains from A's keep value falling as well.
    p = RankedProfile.from_orders(
        ("A", "B", "C", "D"), [((0, 2), 8), ((1, 0, 2), 2), ((2,), 4), ((3,), 5)]
    )
    r = count_meek(p, seats=2)
    assert r.elected[0] == "A"
    assert set(r.elected) == {"A", "C"}
    assert any("keep values: A" in e for x in r.rounds for e in x.events)


def reference_meek(profile: RankedProfile, seats: int) -> set[str]:
    """A plain floating-point Meek count, ballot by ballot, written from the description
    in Hill, Wichmann & Woodall (1987), to check the fixed-point one."""
    n = len(profile.candidates)
    orders = [(b.order(), b.count) for b in profile.ballots]
    valid = sum(c for _, c in orders)
    keep = [1.0] * n
    elected: list[int] = []
    hopeful = set(range(n))
    while len(elected) < seats:
        if len(elected) + len(hopeful) <= seats:
            return {profile.candidates[c] for c in elected + sorted(hopeful)}
        for _ in range(2000):
            totals = [0.0] * n
            exhausted = 0.0
            for order, count in orders:
                weight = 1.0
                for c in order:
                    share = weight * keep[c]
                    totals[c] += share * count
                    weight -= share
                    if weight <= 0:
                        break
                exhausted += weight * count
            quota = (valid - exhausted) / (seats + 1)
            reached = [c for c in hopeful if totals[c] >= quota]
            if reached:
                break
            surplus = sum(totals[c] - quota for c in elected)
            if surplus < 1e-7:
                break
            for c in elected:
                keep[c] *= quota / totals[c]
        if reached:
            for c in sorted(reached, key=lambda c: -totals[c])[: seats - len(elected)]:
                elected.append(c)
                hopeful.discard(c)
            continue
        low = min(hopeful, key=lambda c: totals[c])
        hopeful.discard(low)
        keep[low] = 0.0
    return {profile.candidates[c] for c in elected}


# A small ward, and wards where Meek and the Scottish rules elect different sets.
WARDS = [
    "blt/shetland-islands/ward-04-shetland-central.blt",
    "blt/shetland-islands/ward-07-lerwick-south.blt",
    "blt/highland/ward-02-thurso-and-northwest-caithness.blt",
    "blt/highland/ward-03-wick-and-east-caithness.blt",
    "blt/the-scottish-borders/ward-05-leaderdale-and-melrose.blt",
    "blt/fife/ward-18-st-andrews.blt",
]


@pytest.mark.skipif(not DATA.exists(), reason="Scotland 2017 data set not present")
@pytest.mark.parametrize("ward", WARDS)
def test_meek_agrees_with_an_independent_float_meek(ward: str) -> None:
    ballots = parse_blt((DATA / ward).read_bytes(), source=ward)
    assert ballots.seats is not None
    assert isinstance(ballots.profile, RankedProfile)
    ours = count_meek(ballots.profile, seats=ballots.seats)
    assert not ours.ties
    assert set(ours.elected) == reference_meek(ballots.profile, ballots.seats)


@pytest.mark.skipif(not DATA.exists(), reason="Scotland 2017 data set not present")
def test_meek_can_differ_from_the_scottish_rules() -> None:
    ward = "blt/shetland-islands/ward-07-lerwick-south.blt"
    official = json.loads((DATA / "official-results.json").read_text(encoding="utf-8"))
    declared = next(w for w in official if w["ward_file"] == ward)
    ballots = parse_blt((DATA / ward).read_bytes(), source=ward)
    assert ballots.seats is not None
    meek = count_meek(ballots.profile, seats=ballots.seats)
    assert set(meek.elected) != set(declared["elected"])
    assert len(set(meek.elected) & set(declared["elected"])) == ballots.seats - 1


orders = st.lists(
    st.tuples(st.permutations(range(4)).map(tuple), st.integers(1, 4), st.integers(1, 3)),
    min_size=3,
    max_size=7,
)


@settings(
    max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(orders, st.integers(1, 2))
def test_meek_matches_pref_voting_on_small_profiles(
    data: list[tuple[tuple[int, ...], int, int]], seats: int
) -> None:
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_meek

    names = ("a", "b", "c", "d")
    p = RankedProfile.from_orders(names, [(order[:length], n) for order, length, n in data])
    ours = get_method("stv-meek").count(p, seats=seats)
    assume(not ours.ties)
    ranks = [{c: k + 1 for k, c in enumerate(b.order())} for b in p.ballots]
    theirs = stv_meek(
        ProfileWithTies(ranks, rcounts=[b.count for b in p.ballots], candidates=[0, 1, 2, 3]),
        num_seats=seats,
    )
    assume(len(theirs) == seats)
    assert set(ours.elected) == {names[c] for c in theirs}
