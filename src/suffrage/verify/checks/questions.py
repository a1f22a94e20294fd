"""Step ``result.outcome`` for questions put unit by unit (docs/protocol.md 7.15.5, 8).

Each question's sums over its units, its units' figures, the double majority, the
decision and the notes are recomputed here from the specification alone (a referendum's
decision needs no counting method) and compared with the ``questions`` rows of the
``result``, field by field.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from suffrage.protocol.encoding import Json, JsonObject
from suffrage.verify.checks.outcome import contest_turnout, differences
from suffrage.verify.model import Election
from suffrage.verify.questions import Question
from suffrage.verify.report import FailureLog

__all__ = ["check_questions", "expected_question"]

_CHECK = "result.outcome"
_ROW_KEYS = {"question", "counts", "outcome"}


def check_questions(
    payload: JsonObject,
    rows: list[JsonObject],
    election: Election,
    counted: list[str],
    proven: set[int],
    item: str,
    log: FailureLog,
) -> int:
    """Compare the ``questions`` rows with the recomputed ones; return how many were checked.

    ``rows`` are the result's contest rows (their counts), ``proven`` the contest indices
    whose counts the decryption shares prove.
    """
    questions = election.manifest.questions
    published = payload.get("questions")
    if not questions:
        if "questions" in payload:
            log.fail(_CHECK, item, "questions, but the manifest puts no question unit by unit")
        return 0
    if not isinstance(published, list) or len(published) != len(questions):
        log.fail(_CHECK, item, f"questions: expected one row for each of {len(questions)}")
        return 0
    checked = 0
    for question, row in zip(questions, published, strict=True):
        where = f"{item} question {question.id}"
        if not isinstance(row, dict) or set(row) != _ROW_KEYS:
            log.fail(_CHECK, where, "a row has exactly the keys question, counts, outcome")
            continue
        if row["question"] != question.id:
            log.fail(_CHECK, where, f"the row names question {row['question']!r}")
            continue
        if any(u.index not in proven for u in question.units):
            continue  # result.counts has failed for a unit
        counts = {
            u.id: [int(str(n)) for n in _list(rows[u.index]["counts"])] for u in question.units
        }
        turnouts = {u.id: contest_turnout(election, u, counted) for u in question.units}
        sums, want = expected_question(question, counts, turnouts)
        checked += 1
        if row["counts"] != sums:
            log.fail(_CHECK, where, f"counts are {row['counts']}, the units' sums are {sums}")
        for problem in differences(row["outcome"], want):
            log.fail(_CHECK, where, problem)
    return checked


def _list(value: Json) -> list[Json]:
    return value if isinstance(value, list) else []


def expected_question(
    question: Question, counts: dict[str, list[int]], turnouts: dict[str, tuple[int, int]]
) -> tuple[list[int], dict[str, Any]]:
    """The question's sums ``N_j`` and the outcome object 7.15.5 prescribes."""
    rule = question.rule
    assert rule.approve is not None and rule.approval_share is not None
    share = rule.approval_share
    at = question.units[0].option_ids.index(rule.approve)
    sums = [
        sum(counts[u.id][j] for u in question.units)
        for j in range(len(counts[question.units[0].id]))
    ]
    units = []
    for u in question.units:
        electorate, cast = turnouts[u.id]
        votes, approving = sum(counts[u.id]), counts[u.id][at]
        carries = votes > 0 and Fraction(approving, votes) > share
        units.append(
            {
                "contest": u.id,
                "electorate": electorate,
                "cast": cast,
                "votes": votes,
                "approving": approving,
                "carries": carries,
            }
        )
    carrying = sum(1 for u in units if u["carries"])
    e = sum(turnouts[u.id][0] for u in question.units)
    c = sum(turnouts[u.id][1] for u in question.units)
    v, a = sum(sums), sums[at]
    quorum: bool | None = None
    if rule.quorum is not None:
        quorum = e > 0 and (
            Fraction(c, e) > rule.quorum if rule.quorum_strict else Fraction(c, e) >= rule.quorum
        )
    out: dict[str, Any] = {
        "method": "referendum",
        "elected": [],
        "seats": None,
        "electorate": e,
        "cast": c,
        "votes": v,
        "blank": c - v,
        "quorum_met": quorum,
        "majority_met": None,
        "double_majority_met": None,
        "units_carrying": carrying,
        "units": units,
        "sheet": None,
    }
    if quorum is False:
        return sums, {**out, "decision": "void"}
    if v == 0:
        return sums, {**out, "decision": "no-votes"}
    majority = Fraction(a, v) > share
    double = None if not question.double_majority else 2 * carrying > len(units)
    notes = []
    q = rule.approval_quorum
    if q is not None and not (e > 0 and Fraction(a, e) >= q):
        notes.append(f"approval {a}/{e} is not at least the quorum of {q}")
    if not majority:
        notes.append(f"'{rule.approve}' has {a} of {v} votes, not more than {share}")
    if double is False:
        notes.append(f"'{rule.approve}' carries {carrying} of {len(units)} units, not a majority")
    return sums, {
        **out,
        "majority_met": majority,
        "double_majority_met": double,
        "decision": "rejected" if notes else "approved",
        "sheet": {"method": "referendum", "approve": rule.approve, "notes": notes},
    }
