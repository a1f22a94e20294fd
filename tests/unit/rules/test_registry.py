"""Every registered method runs on a small profile of its ballot kind and explains itself."""

from __future__ import annotations

from typing import Any

import pytest

import suffrage.rules as rules_pkg
from suffrage.errors import UnknownMethod
from suffrage.rules import (
    ApprovalBallot,
    ApprovalProfile,
    MethodInfo,
    RankedProfile,
    Result,
    ScoreBallot,
    ScoreProfile,
    Tally,
    TiePolicy,
    all_methods,
    get_method,
)

NAMES = ("Ada", "Bea", "Cal", "Dee", "Eve")

RANKED = RankedProfile.from_orders(
    NAMES,
    [
        ((0, 1, 2, 3, 4), 9),
        ((1, 0, 3), 7),
        ((2, 1, 0, 4, 3), 6),
        ((3, 2), 5),
        ((4, 3, 0, 1, 2), 3),
        ((1, 2, 4), 2),
    ],
)
APPROVAL = ApprovalProfile(
    NAMES,
    (
        ApprovalBallot(frozenset({0, 1}), 8),
        ApprovalBallot(frozenset({1, 2}), 6),
        ApprovalBallot(frozenset({3}), 5),
        ApprovalBallot(frozenset({0, 3, 4}), 4),
        ApprovalBallot(frozenset({2, 4}), 3),
    ),
)
SCORE = ScoreProfile(
    NAMES,
    (
        ScoreBallot((5, 3, 0, 1, 2), 7),
        ScoreBallot((0, 5, 4, 1, 0), 6),
        ScoreBallot((2, 1, 5, 0, 3), 5),
        ScoreBallot((1, 0, 2, 5, 4), 3),
    ),
    max_score=5,
)
CHOOSE_ONE = Tally(NAMES, (41, 27, 18, 9, 5))
KEEP_STRIKE = ApprovalProfile(
    ("Ada",), (ApprovalBallot(frozenset({0}), 70), ApprovalBallot(frozenset(), 12))
)
PARTY_VOTES = Tally(("Red", "Blue", "Green", "Gold"), (43_000, 31_000, 17_000, 9_000))

#: Multi-winner approval and score methods (block, limited, cumulative voting) cap the
#: marks or votes a ballot may give; these profiles stay within the caps for 2 seats.
MULTI_APPROVAL = ApprovalProfile(
    NAMES,
    tuple(ApprovalBallot(frozenset({c}), n) for c, n in ((0, 9), (1, 7), (2, 6), (3, 4), (4, 2))),
)
MULTI_SCORE = ScoreProfile(
    NAMES,
    (
        ScoreBallot((2, 0, 0, 0, 0), 6),
        ScoreBallot((1, 1, 0, 0, 0), 5),
        ScoreBallot((0, 0, 2, 0, 0), 4),
        ScoreBallot((0, 0, 0, 1, 1), 3),
    ),
    max_score=2,
)
MULTI_PROFILES: dict[str, Any] = {"approval": MULTI_APPROVAL, "score": MULTI_SCORE}

PROFILES: dict[str, Any] = {
    "ranked": RANKED,
    "approval": APPROVAL,
    "score": SCORE,
    "choose-one": CHOOSE_ONE,
    "keep-strike": KEEP_STRIKE,
    "party-votes": PARTY_VOTES,
}
#: Options a method cannot count without.
REQUIRED_OPTIONS: dict[str, dict[str, Any]] = {"strike-out": {"electorate": 100}}


def _seats(info: MethodInfo) -> int:
    if info.family == "apportionment":
        return 10
    return 2 if info.multi_seat else 1


@pytest.mark.parametrize("info", all_methods(), ids=lambda m: m.id)
def test_every_method_counts_and_explains(info: MethodInfo) -> None:
    profile = PROFILES[info.ballot_kind]
    if info.multi_seat and info.ballot_kind in MULTI_PROFILES:
        profile = MULTI_PROFILES[info.ballot_kind]
    seats = _seats(info)
    result = info.count(
        profile, seats=seats, ties=TiePolicy(seed=b"registry"), **REQUIRED_OPTIONS.get(info.id, {})
    )
    assert isinstance(result, Result)
    assert result.method == info.id
    assert result.rounds, "a result must explain itself round by round"
    assert all(r.title for r in result.rounds)
    assert len(set(result.elected)) == len(result.elected)
    assert set(result.elected) <= set(profile.candidates)
    if info.family == "apportionment":
        assert result.seats is not None
        assert sum(result.seats.values()) == seats
        assert set(result.elected) == {p for p, n in result.seats.items() if n > 0}
    else:
        assert len(result.elected) == seats
    sheet = result.count_sheet()
    assert all(name in sheet for name in result.elected)
    assert result.to_json()["elected"] == list(result.elected)


def test_ids_are_unique_and_metadata_complete() -> None:
    methods = all_methods()
    ids = [m.id for m in methods]
    assert len(ids) == len(set(ids))
    for m in methods:
        assert m.name and m.citation and callable(m.count)
        assert m.ballot_kind in PROFILES
        assert get_method(m.id) is m


def test_single_and_apportionment_families_are_registered() -> None:
    ids = {m.id for m in all_methods()}
    expected = {
        "plurality", "two-round", "instant-runoff", "borda", "copeland", "schulze",
        "ranked-pairs", "minimax", "approval", "score", "star", "majority-judgment",
        "strike-out", "dhondt", "sainte-lague", "modified-sainte-lague", "hare",
        "droop", "huntington-hill", "adams", "imperiali",
    }  # fmt: skip
    assert expected <= ids


def test_unknown_method_lists_the_known_ones() -> None:
    with pytest.raises(UnknownMethod, match=r"no method 'nope'; known methods: .*schulze"):
        get_method("nope")


def test_public_surface_is_declared() -> None:
    import suffrage.rules.apportionment as apportionment
    import suffrage.rules.io as io
    import suffrage.rules.single as single

    for package in (rules_pkg, single, apportionment, io):
        assert package.__all__
        for name in package.__all__:
            assert hasattr(package, name), f"{package.__name__}.{name}"
