"""Step ``result.outcome``: recompute every contest's outcome (docs/protocol.md 7.15, 8).

The counting methods are those of :mod:`suffrage.rules` (plaintext counting, no protocol
code; why the verifier uses them is in docs/ARCHITECTURE.md). Everything around them, the
electorate, the turnout, the quorum, the majority and the decision, is recomputed here
from the specification and compared, field by field, with what the ``result`` publishes.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from suffrage.errors import RulesError
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.rules import ApprovalBallot, ApprovalProfile, Tally, TiePolicy, get_method
from suffrage.rules.constitution.model import Plebiscite
from suffrage.rules.constitution.plebiscite import decide_plebiscite
from suffrage.verify.model import Contest, Election
from suffrage.verify.outcome_rule import DIVISOR_AND_QUOTA, Rule
from suffrage.verify.report import FailureLog

__all__ = [
    "check_outcomes",
    "contest_turnout",
    "differences",
    "expected_outcome",
]


def check_outcomes(
    rows: list[JsonObject],
    election: Election,
    counted: list[str],
    proven: set[int],
    item: str,
    log: FailureLog,
) -> int:
    """Compare each row's ``outcome`` with the recomputed one; return how many were checked.

    ``counted`` lists the credentials whose last ballot is counted; ``proven`` the contest
    indices whose counts the decryption shares prove (the others fail ``result.counts``).
    """
    checked = 0
    for contest, row in zip(election.manifest.contests, rows, strict=True):
        if contest.kind == "rank":
            continue  # step result.ranked_outcome (7.16.4)
        where = f"{item} contest {contest.id}"
        published = row.get("outcome")
        if contest.rule is None:
            if published is not None:
                log.fail("result.outcome", where, "an outcome, but the manifest states no rule")
            continue
        if published is None:
            log.fail("result.outcome", where, "the manifest states a rule; no outcome published")
            continue
        if contest.index not in proven:
            continue
        counts = row["counts"]
        assert isinstance(counts, list)
        values = [int(str(n)) for n in counts]
        electorate, cast = contest_turnout(election, contest, counted)
        want = expected_outcome(contest, contest.rule, values, electorate, cast)
        checked += 1
        for problem in differences(published, want):
            log.fail("result.outcome", where, problem)
    return checked


def contest_turnout(election: Election, contest: Contest, counted: list[str]) -> tuple[int, int]:
    """7.15.2: voting weight of the voters whose style has the contest, and of the counted."""
    styles = {s for s, cs in election.manifest.styles.items() if contest in cs}
    voters = election.voters
    electorate = sum(v.weight for v in voters.values() if v.style in styles)
    cast = sum(voters[c].weight for c in counted if c in voters and voters[c].style in styles)
    return electorate, cast


def differences(published: Json, want: dict[str, Any]) -> list[str]:
    """Each field of ``published`` that differs from ``want`` (or is missing or unknown)."""
    if not isinstance(published, dict):
        return ["the outcome is not an object"]
    out = []
    for key in sorted(set(published) | set(want)):
        if key not in want:
            out.append(f"unknown field {key!r}")
        elif published.get(key, "<missing>") != want[key]:
            shown = published.get(key, "<missing>")
            out.append(f"{key} is {_short(shown)}, recomputed {_short(want[key])}")
    return out


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def expected_outcome(
    contest: Contest, rule: Rule, counts: list[int], electorate: int, cast: int
) -> dict[str, Any]:
    """The outcome object 7.15.2 prescribes for these counts."""
    votes = sum(counts)
    quorum: bool | None = None
    if rule.quorum is not None:
        share = Fraction(cast, electorate) if electorate else None
        quorum = share is not None and (
            share > rule.quorum if rule.quorum_strict else share >= rule.quorum
        )
    out: dict[str, Any] = {
        "method": rule.method,
        "electorate": electorate,
        "cast": cast,
        "votes": votes,
        "blank": cast - votes if contest.max == 1 else None,
        "quorum_met": quorum,
        "majority_met": None,
        "elected": [],
        "seats": None,
        "sheet": None,
    }
    if quorum is False:
        return {**out, "decision": "void"}
    if votes == 0:
        return {**out, "decision": "no-votes"}
    if rule.method == "referendum":
        return _referendum(contest, rule, counts, electorate, out)
    try:
        result = _count(contest, rule, counts, electorate)
    except RulesError as exc:  # 7.15.2 step 5: the method cannot count (no list qualifies)
        return {
            **out,
            "decision": "not-elected",
            "sheet": {"method": rule.method, "error": str(exc)},
        }
    sheet = result.to_json()
    sheet.pop("seats", None)
    out["sheet"] = sheet
    out["elected"] = list(result.elected)
    if result.seats is not None:
        out["seats"] = [result.seats.get(o, 0) for o in contest.option_ids]
    if rule.majority != "none":
        base = {"valid": votes, "cast": cast, "electorate": electorate}[rule.majority_base]
        top = counts[0] if rule.method == "strike-out" else max(counts)
        if base == 0:
            out["majority_met"] = False
        elif rule.majority == "absolute":
            out["majority_met"] = 2 * top > base
        else:
            assert rule.majority_share is not None
            out["majority_met"] = Fraction(top, base) >= rule.majority_share
    if out["majority_met"] is False:
        return {**out, "decision": "no-majority", "elected": []}
    return {**out, "decision": "elected" if out["elected"] else "not-elected"}


def _count(contest: Contest, rule: Rule, counts: list[int], electorate: int) -> Any:
    names = contest.option_ids
    policy = TiePolicy(seed=rule.seed)
    count = get_method(rule.method).count
    if rule.method in DIVISOR_AND_QUOTA:
        return count(
            Tally(names, tuple(counts)), seats=rule.seats, ties=policy, threshold=rule.threshold
        )
    if rule.method in ("plurality", "sntv"):
        return count(Tally(names, tuple(counts)), seats=rule.seats, ties=policy)
    if rule.method == "block":
        groups = tuple(ApprovalBallot(frozenset({j}), n) for j, n in enumerate(counts) if n)
        return count(ApprovalProfile(names, groups), seats=rule.seats, ties=policy)
    keep, strike = counts  # strike-out: the first option keeps the name, the second strikes it
    groups = tuple(
        g
        for g in (ApprovalBallot(frozenset({0}), keep), ApprovalBallot(frozenset(), strike))
        if g.count
    )
    return count(ApprovalProfile(names[:1], groups), electorate=electorate, ties=policy)


def _referendum(
    contest: Contest, rule: Rule, counts: list[int], electorate: int, out: dict[str, Any]
) -> dict[str, Any]:
    assert rule.approve is not None and rule.approval_share is not None
    votes = dict(zip(contest.option_ids, counts, strict=True))
    plebiscite = Plebiscite(
        options=contest.option_ids,
        approve=rule.approve,
        approval_share=rule.approval_share,
        approval_quorum=rule.approval_quorum,
    )
    decided = decide_plebiscite(plebiscite, registered=electorate, votes=votes, by_unit={})
    out["majority_met"] = Fraction(votes[rule.approve], sum(counts)) > rule.approval_share
    out["sheet"] = {"method": "referendum", "approve": rule.approve, "notes": list(decided.notes)}
    return {**out, "decision": "approved" if decided.approved else "rejected"}
