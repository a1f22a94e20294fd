"""Questions put unit by unit (docs/protocol.md 7.15.5): both readers of the manifest, the
double majority, and the protocol and the verifier agreeing on random counts."""

from __future__ import annotations

import copy
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.errors import InvalidEncoding, ManifestError
from suffrage.protocol.encoding import Json
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.outcome import Turnout, question_row
from suffrage.protocol.outcome_rule import OutcomeRule
from suffrage.verify.checks.questions import expected_question
from suffrage.verify.model import parse_manifest as verifier_manifest
from trustee_identity import keyed

UNITS = ("north", "south", "east")


def _rule(**changes: Any) -> dict[str, Json]:
    given: dict[str, Any] = {
        "quorum": Fraction(1, 2),
        "quorum_strict": True,
        "approve": "yes",
        "approval_share": Fraction(1, 2),
        "tie_seed": "00",
    }
    return OutcomeRule("referendum", **{**given, **changes}).to_json()


def _contest(cid: str) -> dict[str, Json]:
    options: list[Json] = [{"id": "yes", "title": "Yes"}, {"id": "no", "title": "No"}]
    return {
        "id": cid,
        "title": f"Strike? ({cid})",
        "kind": "choose",
        "min": 1,
        "max": 1,
        "value_max": 1,
        "options": options,
    }


def _manifest(double: bool = True, rule: dict[str, Json] | None = None) -> dict[str, Json]:
    question: dict[str, Json] = {
        "id": "strike",
        "title": "Call a strike?",
        "contests": list(UNITS),
        "double_majority": double,
        "outcome": rule or _rule(),
    }
    return keyed(
        {
            "protocol": "suffrage/1",
            "id": "units",
            "title": "Units",
            "contests": [_contest(u) for u in UNITS],
            "styles": [{"id": u, "title": u.title(), "contests": [u]} for u in UNITS],
            "trustees": [{"index": 1, "name": "T"}],
            "threshold": 1,
            "questions": [question],
        }
    )


def test_a_question_round_trips_and_is_hashed() -> None:
    m = parse_manifest(_manifest())
    assert m.questions[0].contests == UNITS and m.questions[0].double_majority is True
    assert m.to_json() == _manifest()
    plain = _manifest()
    del plain["questions"]
    assert (
        parse_manifest(plain).questions == () and "questions" not in parse_manifest(plain).to_json()
    )
    assert parse_manifest(plain).hash != m.hash
    assert verifier_manifest(_manifest()).hash == m.hash_hex


def _broken(change: str) -> dict[str, Json]:
    m: Any = copy.deepcopy(_manifest())
    q = m["questions"][0]
    if change == "one unit":
        q["contests"] = ["north"]
    elif change == "unknown unit":
        q["contests"][2] = "west"
    elif change == "twice":
        q["contests"][2] = "north"
    elif change == "other options":
        m["contests"][1]["options"][1]["id"] = "nay"
    elif change == "unit with a rule":
        m["contests"][2]["outcome"] = _rule()
    elif change == "two marks":
        m["contests"][1]["max"] = 2
        m["contests"][1]["min"] = 0
    elif change == "style with two units":
        m["styles"][0]["contests"] = ["north", "south"]
    elif change == "id of a contest":
        q["id"] = "north"
    elif change == "not a referendum":
        q["outcome"] = OutcomeRule("plurality", tie_seed="00").to_json()
    elif change == "approve not an option":
        q["outcome"]["approve"] = "maybe"
    elif change == "double not a boolean":
        q["double_majority"] = 1
    elif change == "unknown key":
        q["extra"] = 1
    elif change == "empty":
        m["questions"] = []
    elif change == "unit of two questions":
        m["questions"].append({**q, "id": "again"})
    return m  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "change",
    [
        "one unit",
        "unknown unit",
        "twice",
        "other options",
        "unit with a rule",
        "two marks",
        "style with two units",
        "id of a contest",
        "not a referendum",
        "approve not an option",
        "double not a boolean",
        "unknown key",
        "empty",
        "unit of two questions",
    ],
)
def test_both_readers_reject_a_bad_question(change: str) -> None:
    with pytest.raises(ManifestError, match=r"manifest\.questions"):
        parse_manifest(_broken(change))
    with pytest.raises(InvalidEncoding, match=r"manifest\.questions"):
        verifier_manifest(_broken(change))


def _both(
    double: bool, counts: dict[str, list[int]], electorate: int = 10, **rule: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The question's row by the protocol and by the verifier for these unit counts."""
    m = parse_manifest(_manifest(double, _rule(**rule)))
    turnouts = {u: Turnout(electorate, sum(counts[u])) for u in UNITS}
    ours = question_row(m.questions[0], ["yes", "no"], counts, turnouts)
    question = verifier_manifest(_manifest(double, _rule(**rule))).questions[0]
    sums, outcome = expected_question(
        question, counts, {u: (t.electorate, t.cast) for u, t in turnouts.items()}
    )
    theirs = {"question": "strike", "counts": sums, "outcome": outcome}
    return ours, theirs


def test_a_majority_of_votes_without_a_majority_of_units_is_rejected() -> None:
    counts = {"north": [9, 0], "south": [4, 5], "east": [5, 5]}  # 18 of 28 say yes
    row, theirs = _both(True, counts)
    out = row["outcome"]
    assert row == theirs and row["counts"] == [18, 10]
    assert (out["decision"], out["majority_met"], out["double_majority_met"]) == (
        "rejected",
        True,
        False,
    )
    assert out["units_carrying"] == 1 and [u["carries"] for u in out["units"]] == [
        True,
        False,
        False,
    ]
    assert out["sheet"]["notes"] == ["'yes' carries 1 of 3 units, not a majority"]
    single, _ = _both(False, counts)  # without the double majority the votes decide
    assert single["outcome"]["decision"] == "approved"
    assert single["outcome"]["double_majority_met"] is None


def test_units_without_a_majority_of_votes_and_the_quorum() -> None:
    counts = {"north": [6, 4], "south": [6, 4], "east": [0, 10]}  # 2 units, 12 of 30 votes
    out = _both(True, counts)[0]["outcome"]
    assert (out["decision"], out["majority_met"], out["double_majority_met"]) == (
        "rejected",
        False,
        True,
    )
    assert out["sheet"]["notes"] == ["'yes' has 12 of 30 votes, not more than 1/2"]
    low = {"north": [3, 0], "south": [2, 0], "east": [0, 0]}  # 5 of 30 electors voted
    void = _both(True, low)[0]["outcome"]
    assert (void["decision"], void["quorum_met"], void["majority_met"]) == ("void", False, None)
    assert void["double_majority_met"] is None and void["units_carrying"] == 2
    quorum = _both(True, counts, approval_quorum=Fraction(1, 2))[0]["outcome"]
    assert quorum["sheet"]["notes"][0] == "approval 12/30 is not at least the quorum of 1/2"


@settings(max_examples=150, deadline=None)
@given(
    st.booleans(),
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=3, max_size=3),
    st.integers(0, 25),
    st.sampled_from([None, Fraction(1, 4), Fraction(1, 1)]),
    st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(0)]),
)
def test_protocol_and_verifier_compute_the_same_question_outcome(
    double: bool,
    pairs: list[tuple[int, int]],
    electorate: int,
    approval_quorum: Fraction | None,
    share: Fraction,
) -> None:
    counts = {u: list(p) for u, p in zip(UNITS, pairs, strict=True)}
    electorate = max(electorate, max(sum(p) for p in pairs))
    ours, theirs = _both(
        double, counts, electorate, approval_quorum=approval_quorum, approval_share=share
    )
    assert ours == theirs
