"""Outcome rules (docs/protocol.md 7.15): validation in the protocol and in the verifier,
the decisions of 7.15.2, and the two implementations agreeing on random counts."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.errors import InvalidEncoding, ManifestError
from suffrage.protocol.encoding import Json
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.outcome import Turnout, compute_outcome
from suffrage.protocol.outcome_rule import OutcomeRule
from suffrage.verify.checks.outcome import expected_outcome
from suffrage.verify.model import parse_manifest as verifier_manifest
from trustee_identity import keyed

SEED = "ab" * 16


def _manifest(rule: dict[str, Json], *, options: int = 4, max_marks: int = 1) -> dict[str, Json]:
    opts: list[Json] = [{"id": f"o{j}", "title": f"Option {j}"} for j in range(options)]
    return keyed(
        {
            "protocol": "suffrage/1",
            "id": "rules",
            "title": "Rules",
            "contests": [
                {
                    "id": "main",
                    "title": "Main",
                    "kind": "choose",
                    "min": 0,
                    "max": max_marks,
                    "value_max": 1,
                    "options": opts,
                    "outcome": rule,
                }
            ],
            "styles": [{"id": "all", "title": "All", "contests": ["main"]}],
            "trustees": [{"index": 1, "name": "T"}],
            "threshold": 1,
        }
    )


def _rule(**changes: Json) -> dict[str, Json]:
    base = OutcomeRule("dhondt", 5, threshold=Fraction(1, 20), tie_seed=SEED).to_json()
    return {**base, **changes}


def test_a_rule_round_trips_and_changes_the_manifest_hash() -> None:
    m = parse_manifest(_manifest(_rule()))
    rule = m.contests[0].outcome
    assert rule is not None and rule.threshold == Fraction(1, 20) and rule.seats == 5
    assert m.to_json() == _manifest(_rule())
    without = _manifest(_rule())
    del without["contests"][0]["outcome"]  # type: ignore[index, union-attr]
    assert parse_manifest(without).contests[0].outcome is None
    assert parse_manifest(without).hash != m.hash
    assert verifier_manifest(_manifest(_rule())).hash == m.hash_hex


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"method": "borda"}, "method"),
        ({"threshold": "5/100"}, "threshold"),
        ({"threshold": "1/1"}, "threshold"),
        ({"threshold": 0.05}, "threshold"),
        ({"method": "plurality", "seats": 1}, "threshold"),
        ({"method": "plurality", "threshold": None, "seats": 2}, "seats"),
        ({"seats": 0}, "seats"),
        ({"tie_seed": "AB"}, "tie_seed"),
        ({"tie_seed": ""}, "tie_seed"),
        ({"majority": "absolute"}, "majority"),
        (
            {"method": "plurality", "threshold": None, "seats": 1, "majority": "qualified"},
            "majority_share",
        ),
        ({"method": "referendum", "threshold": None, "seats": 1}, "approve"),
        ({"approve": "o1"}, "approve"),
        ({"method": "strike-out", "threshold": None, "seats": 1}, "method"),
    ],
)
def test_both_readers_reject_a_bad_rule(changes: dict[str, Json], field: str) -> None:
    bad = _manifest(_rule(**changes))
    with pytest.raises(ManifestError, match=r"manifest\.contests\[0\]\.outcome"):
        parse_manifest(bad)
    with pytest.raises(InvalidEncoding, match=r"manifest\.contests\[0\]\.outcome"):
        verifier_manifest(bad)
    with pytest.raises(ManifestError, match=field):
        parse_manifest(bad)


def test_missing_and_unknown_keys_are_rejected() -> None:
    rule = _rule()
    del rule["quorum"]
    with pytest.raises(ManifestError, match="quorum"):
        parse_manifest(_manifest(rule))
    with pytest.raises(ManifestError, match="extra"):
        parse_manifest(_manifest(_rule(extra=1)))


def _outcome(rule: OutcomeRule, counts: list[int], electorate: int, cast: int) -> dict[str, Any]:
    m = parse_manifest(_manifest(rule.to_json(), options=len(counts)))
    return compute_outcome(m.contests[0], rule, counts, Turnout(electorate, cast))


def test_quorum_majority_and_decisions() -> None:
    plural = OutcomeRule("plurality", quorum=Fraction(1, 2), majority="absolute", tie_seed=SEED)
    assert _outcome(plural, [3, 1, 0], 10, 4)["decision"] == "void"  # 4/10 < 1/2
    got = _outcome(plural, [3, 2, 0], 10, 5)  # quorum met, 3 of 5 is a majority
    assert (got["decision"], got["elected"], got["quorum_met"]) == ("elected", ["o0"], True)
    got = _outcome(plural, [2, 2, 1], 10, 6)
    assert (got["decision"], got["elected"], got["blank"]) == ("no-majority", [], 1)
    strict = OutcomeRule("plurality", quorum=Fraction(1, 2), quorum_strict=True, tie_seed=SEED)
    assert _outcome(strict, [5, 0], 10, 5)["decision"] == "void"
    assert _outcome(plural, [0, 0], 10, 6)["decision"] == "no-votes"
    keep = OutcomeRule("strike-out", quorum=Fraction(1, 2), majority="absolute", tie_seed=SEED)
    assert _outcome(keep, [2, 3], 8, 5)["decision"] == "no-majority"  # struck by 3 of 5
    assert _outcome(keep, [3, 2], 8, 5)["elected"] == ["o0"]
    vote = OutcomeRule(
        "referendum",
        approve="o0",
        approval_share=Fraction(1, 2),
        approval_quorum=Fraction(1, 4),
        tie_seed=SEED,
    )
    assert _outcome(vote, [3, 3], 10, 6)["decision"] == "rejected"  # not more than half
    assert _outcome(vote, [4, 3], 20, 7)["decision"] == "rejected"  # 4/20 < 1/4
    assert _outcome(vote, [5, 3], 20, 8)["decision"] == "approved"
    spread = OutcomeRule("dhondt", 3, threshold=Fraction(1, 2), tie_seed=SEED)
    got = _outcome(spread, [4, 3, 3], 10, 10)  # no list has half of the votes
    assert (got["decision"], got["elected"], got["seats"]) == ("not-elected", [], None)
    assert "threshold" in got["sheet"]["error"]


_RULES = [
    OutcomeRule("dhondt", 7, threshold=Fraction(1, 20), tie_seed=SEED),
    OutcomeRule("dhondt", 3, threshold=Fraction(2, 5), tie_seed=SEED),
    OutcomeRule("sainte-lague", 5, tie_seed=SEED),
    OutcomeRule("droop", 6, threshold=Fraction(1, 10), tie_seed=SEED),
    OutcomeRule("hare", 4, tie_seed=SEED),
    OutcomeRule("plurality", majority="qualified", majority_share=Fraction(2, 3), tie_seed=SEED),
    OutcomeRule("sntv", 2, quorum=Fraction(1, 3), tie_seed=SEED),
    OutcomeRule("block", 2, majority="absolute", majority_base="cast", tie_seed=SEED),
    OutcomeRule("strike-out", quorum=Fraction(1, 2), majority="absolute", tie_seed=SEED),
    OutcomeRule("referendum", approve="o0", approval_share=Fraction(1, 2), tie_seed=SEED),
]


@settings(max_examples=60, deadline=None)
@given(
    k=st.integers(0, len(_RULES) - 1),
    counts=st.lists(st.integers(0, 30), min_size=4, max_size=4),
    abstain=st.integers(0, 20),
)
def test_protocol_and_verifier_compute_the_same_outcome(
    k: int, counts: list[int], abstain: int
) -> None:
    rule = _RULES[k]
    two = rule.method in ("strike-out", "referendum")
    counts = counts[:2] if two else counts
    marks = 2 if rule.method == "block" else 1
    value = _manifest(rule.to_json(), options=len(counts), max_marks=marks)
    contest = parse_manifest(value).contests[0]
    mine = verifier_manifest(value).contests[0]
    assert mine.rule is not None
    cast = sum(counts) if marks == 1 else max(counts)
    electorate = cast + abstain
    ours = compute_outcome(contest, rule, counts, Turnout(electorate, cast))
    theirs = expected_outcome(mine, mine.rule, counts, electorate, cast)
    assert ours == theirs
