"""A contest's outcome from its decrypted sums, by its manifest rule (docs/protocol.md 7.15).

The counting itself is :mod:`suffrage.rules`; this module feeds it the sums, applies the
turnout quorum and the majority requirement around it, and writes the outcome object the
``result`` event carries: the decision, who is elected (in order) or the seats per list,
the turnout figures, and the count sheet as data. A question put unit by unit (7.15.5) is
decided on the sums of its units and, for the double majority, unit by unit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from suffrage.errors import RulesError
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.protocol.manifest import Contest
from suffrage.protocol.outcome_rule import APPORTIONMENT, OutcomeRule
from suffrage.protocol.question import Question
from suffrage.rules import ApprovalBallot, ApprovalProfile, Tally, TiePolicy, get_method
from suffrage.rules.constitution.model import Plebiscite
from suffrage.rules.constitution.plebiscite import decide_plebiscite

__all__ = [
    "Turnout",
    "compute_outcome",
    "question_row",
    "quorum_met",
]


@dataclass(frozen=True, slots=True)
class Turnout:
    """Voting weight of the electorate of a contest, and of its counted ballots."""

    electorate: int
    cast: int


def compute_outcome(
    contest: Contest, rule: OutcomeRule, counts: list[int], turnout: Turnout
) -> JsonObject:
    """The outcome object of 7.15 for ``contest`` with these decrypted ``counts``."""
    votes = sum(counts)
    one_mark = contest.max == 1
    out: JsonObject = {
        "method": rule.method,
        "decision": "",
        "elected": [],
        "seats": None,
        "electorate": turnout.electorate,
        "cast": turnout.cast,
        "votes": votes,
        "blank": turnout.cast - votes if one_mark else None,
        "quorum_met": quorum_met(rule, turnout),
        "majority_met": None,
        "sheet": None,
    }
    if out["quorum_met"] is False:
        out["decision"] = "void"
        return out
    if votes == 0:
        out["decision"] = "no-votes"
        return out
    if rule.method == "referendum":
        return _referendum(contest, rule, counts, turnout, out)
    try:
        result = _count(contest, rule, counts, turnout)
    except RulesError as exc:  # e.g. no list reaches the threshold: nobody is elected
        out["decision"] = "not-elected"
        out["sheet"] = {"method": rule.method, "error": str(exc)}
        return out
    sheet: dict[str, Any] = result.to_json()
    sheet.pop("seats", None)
    out["sheet"] = sheet
    out["elected"] = list(result.elected)
    if result.seats is not None:
        out["seats"] = [result.seats.get(o.id, 0) for o in contest.options]
    majority = _majority_met(rule, counts, votes, turnout)
    out["majority_met"] = majority
    if majority is False:
        out["decision"], out["elected"] = "no-majority", []
    else:
        out["decision"] = "elected" if out["elected"] else "not-elected"
    return out


def quorum_met(rule: OutcomeRule, turnout: Turnout) -> bool | None:
    """``cast / electorate >= quorum`` (``>`` when strict); ``None`` without a quorum."""
    if rule.quorum is None:
        return None
    if turnout.electorate == 0:
        return False
    share = Fraction(turnout.cast, turnout.electorate)
    return share > rule.quorum if rule.quorum_strict else share >= rule.quorum


def _majority_met(
    rule: OutcomeRule, counts: list[int], votes: int, turnout: Turnout
) -> bool | None:
    """The leading option's votes against the rule's base; ``None`` without a majority rule."""
    if rule.majority == "none":
        return None
    base = {"valid": votes, "cast": turnout.cast, "electorate": turnout.electorate}
    total = base[rule.majority_base]
    leader = counts[0] if rule.method == "strike-out" else max(counts)
    if total == 0:
        return False
    if rule.majority == "absolute":
        return 2 * leader > total
    assert rule.majority_share is not None
    return Fraction(leader, total) >= rule.majority_share


def _count(contest: Contest, rule: OutcomeRule, counts: list[int], turnout: Turnout) -> Any:
    ids = tuple(o.id for o in contest.options)
    ties = TiePolicy(seed=bytes.fromhex(rule.tie_seed))
    method = get_method(rule.method).count
    if rule.method in APPORTIONMENT:
        return method(
            Tally(ids, tuple(counts)), seats=rule.seats, ties=ties, threshold=rule.threshold
        )
    if rule.method in ("plurality", "sntv"):
        return method(Tally(ids, tuple(counts)), seats=rule.seats, ties=ties)
    if rule.method == "block":
        return method(_marks_profile(ids, counts), seats=rule.seats, ties=ties)
    keep, strike = counts
    profile = _marks_profile(ids[:1], [keep], blank=strike)
    return method(profile, electorate=turnout.electorate, ties=ties)


def _marks_profile(ids: tuple[str, ...], counts: list[int], blank: int = 0) -> ApprovalProfile:
    """One single-mark ballot group per option with its sum (and one empty group).

    A block vote and a strike-out count depend only on the marks per name, so this profile
    counts exactly as the ballots themselves would.
    """
    groups = [ApprovalBallot(frozenset({j}), n) for j, n in enumerate(counts) if n > 0]
    if blank > 0:
        groups.append(ApprovalBallot(frozenset(), blank))
    return ApprovalProfile(ids, tuple(groups))


def _referendum(
    contest: Contest, rule: OutcomeRule, counts: list[int], turnout: Turnout, out: JsonObject
) -> JsonObject:
    assert rule.approve is not None and rule.approval_share is not None
    ids = tuple(o.id for o in contest.options)
    rules = Plebiscite(
        options=ids,
        approve=rule.approve,
        approval_share=rule.approval_share,
        approval_quorum=rule.approval_quorum,
    )
    votes = dict(zip(ids, counts, strict=True))
    decided = decide_plebiscite(rules, registered=turnout.electorate, votes=votes, by_unit={})
    approving = votes[rule.approve]
    out["majority_met"] = Fraction(approving, sum(counts)) > rule.approval_share
    out["decision"] = "approved" if decided.approved else "rejected"
    notes: list[Json] = list(decided.notes)
    out["sheet"] = {"method": "referendum", "approve": rule.approve, "notes": notes}
    return out


def question_row(
    question: Question,
    option_ids: Sequence[str],
    counts: Mapping[str, list[int]],
    turnouts: Mapping[str, Turnout],
) -> JsonObject:
    """The ``result`` row of a question (7.15.5): the sums of its units and its outcome.

    ``counts`` and ``turnouts`` are those of the question's unit contests, by contest id.
    """
    rule = question.outcome
    assert rule.approve is not None and rule.approval_share is not None
    by_unit = {c: dict(zip(option_ids, counts[c], strict=True)) for c in question.contests}
    totals = [sum(counts[c][j] for c in question.contests) for j in range(len(option_ids))]
    units: list[Json] = [_unit(c, by_unit[c], turnouts[c], rule) for c in question.contests]
    carrying = sum(1 for u in units if isinstance(u, dict) and u["carries"] is True)
    turnout = Turnout(
        sum(turnouts[c].electorate for c in question.contests),
        sum(turnouts[c].cast for c in question.contests),
    )
    votes = sum(totals)
    out: JsonObject = {
        "method": "referendum",
        "decision": "",
        "elected": [],
        "seats": None,
        "electorate": turnout.electorate,
        "cast": turnout.cast,
        "votes": votes,
        "blank": turnout.cast - votes,
        "quorum_met": quorum_met(rule, turnout),
        "majority_met": None,
        "double_majority_met": None,
        "units_carrying": carrying,
        "units": units,
        "sheet": None,
    }
    if out["quorum_met"] is False or votes == 0:
        out["decision"] = "void" if out["quorum_met"] is False else "no-votes"
    else:
        decided = decide_plebiscite(
            Plebiscite(
                options=tuple(option_ids),
                approve=rule.approve,
                approval_share=rule.approval_share,
                approval_quorum=rule.approval_quorum,
                double_majority=question.double_majority,
            ),
            registered=turnout.electorate,
            votes=dict(zip(option_ids, totals, strict=True)),
            by_unit=by_unit,
        )
        approving = totals[list(option_ids).index(rule.approve)]
        out["majority_met"] = Fraction(approving, votes) > rule.approval_share
        if question.double_majority:
            out["double_majority_met"] = 2 * carrying > len(question.contests)
        out["decision"] = "approved" if decided.approved else "rejected"
        notes: list[Json] = list(decided.notes)
        out["sheet"] = {"method": "referendum", "approve": rule.approve, "notes": notes}
    totals_json: list[Json] = list(totals)
    return {"question": question.id, "counts": totals_json, "outcome": out}


def _unit(contest: str, votes: dict[str, int], turnout: Turnout, rule: OutcomeRule) -> Json:
    """One unit's figures, and whether the ``approve`` option carries there (7.15.5 step 1)."""
    assert rule.approve is not None and rule.approval_share is not None
    total, approving = sum(votes.values()), votes[rule.approve]
    return {
        "contest": contest,
        "electorate": turnout.electorate,
        "cast": turnout.cast,
        "votes": total,
        "approving": approving,
        "carries": total > 0 and Fraction(approving, total) > rule.approval_share,
    }
