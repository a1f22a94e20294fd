"""Steps ``result.rankings`` and ``result.ranked_outcome`` (docs/protocol.md 7.16, 8).

Each mixed row of a ranked contest is decrypted from the ``t`` lowest trustees' shares,
read as a ranking or an invalid vector (7.16.1) and compared with the ``rankings`` and
``invalid`` the ``result`` publishes; the outcome is then recomputed from the valid
rankings with the ranked method of :mod:`suffrage.rules` (7.16.4).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from suffrage.crypto import Element, Scalar
from suffrage.errors import RulesError
from suffrage.protocol.encoding import JsonObject
from suffrage.rules import RankedProfile, TiePolicy, get_method
from suffrage.verify.checks.mixing import Chain, Mixing
from suffrage.verify.checks.outcome import contest_turnout
from suffrage.verify.checks.tally import lagrange_at_zero
from suffrage.verify.model import Contest, Election
from suffrage.verify.report import FailureLog

__all__ = ["check_rankings", "decrypt_chain", "expected_ranked_outcome", "read_ranking"]

_RANKINGS, _OUTCOME = "result.rankings", "result.ranked_outcome"


def read_ranking(values: list[int]) -> list[int] | None:
    """Option indices ranked ``1..k`` in order, or ``None`` when not a valid ranking."""
    ranked = sorted((v, j) for j, v in enumerate(values) if v)
    if not ranked or [v for v, _ in ranked] != list(range(1, len(ranked) + 1)):
        return None
    return [j for _, j in ranked]


def check_rankings(
    rows: list[JsonObject],
    mixing: Mixing,
    counted: list[str],
    item: str,
    log: FailureLog,
) -> int:
    """Check every result row's rankings and ranked outcome; return outcomes recomputed."""
    election = mixing.election
    checked = 0
    for contest, row in zip(election.manifest.contests, rows, strict=True):
        where = f"{item} contest {contest.id}"
        chain = mixing.chains.get(contest.id)
        if chain is None:
            if "rankings" in row or "invalid" in row:
                log.fail(_RANKINGS, where, "rankings of a contest that is not ranked")
            continue
        orders = _check_rows(contest, chain, row, election, where, log)
        if orders is None or contest.rule is None:
            continue
        electorate, cast = contest_turnout(election, contest, counted)
        want = expected_ranked_outcome(contest, orders, electorate, cast)
        checked += 1
        published = row.get("outcome")
        if not isinstance(published, dict):
            log.fail(_OUTCOME, where, "the manifest states a rule; no outcome object published")
            continue
        for key in sorted(set(published) | set(want)):
            if published.get(key, "<missing>") != want.get(key, "<absent>"):
                got, exp = published.get(key, "<missing>"), want.get(key, "<absent>")
                log.fail(_OUTCOME, where, f"{key} is {_short(got)}, recomputed {_short(exp)}")
    return checked


def _check_rows(
    contest: Contest,
    chain: Chain,
    row: JsonObject,
    election: Election,
    where: str,
    log: FailureLog,
) -> list[list[int]] | None:
    """The valid rankings (option indices) when the published rows are right, else None."""
    if "rankings" not in row or "invalid" not in row:
        log.fail(_RANKINGS, where, "a ranked contest's row needs rankings and invalid")
        return None
    if contest.rule is None and "outcome" in row:
        log.fail(_OUTCOME, where, "an outcome, but the manifest states no rule")
    values = [] if chain.empty else decrypt_chain(chain, election, where, log)
    if values is None:
        return None
    ids = contest.option_ids
    orders = [read_ranking(v) for v in values]
    rankings = [[ids[j] for j in o] for o in orders if o is not None]
    invalid = [v for v, o in zip(values, orders, strict=True) if o is None]
    ok = True
    if row["rankings"] != rankings:
        log.fail(
            _RANKINGS,
            where,
            f"rankings differ from the decrypted rows {_first(row['rankings'], rankings)}",
        )
        ok = False
    if row["invalid"] != invalid:
        log.fail(
            _RANKINGS,
            where,
            f"invalid differs from the decrypted rows {_first(row['invalid'], invalid)}",
        )
        ok = False
    sums = [sum(v[j] for v in values) for j in range(contest.options)]
    if row.get("counts") != sums:
        log.fail(_RANKINGS, where, f"counts are not the column sums {sums} of the rows")
        ok = False
    return [o for o in orders if o is not None] if ok else None


def _first(published: object, want: list[Any]) -> str:
    if not isinstance(published, list):
        return "(not a list)"
    if len(published) != len(want):
        return f"({len(published)} published, {len(want)} decrypted)"
    k = next(k for k, (a, b) in enumerate(zip(published, want, strict=True)) if a != b)
    return f"(first at {k}: {_short(published[k])}, decrypted {_short(want[k])})"


def decrypt_chain(
    chain: Chain, election: Election, where: str, log: FailureLog
) -> list[list[int]] | None:
    """Each mixed row's values from the ``t`` lowest trustees' shares (7.16.3), or None."""
    t = election.manifest.threshold
    sharers = sorted(chain.shares)
    if len(sharers) < t:
        log.fail(_RANKINGS, where, f"shares of trustees {sharers}, fewer than t = {t}")
        return None
    lowest = sharers[:t]
    lam = lagrange_at_zero(lowest)
    m = chain.contest.options
    table = {Element.base_times(Scalar.from_int(v)).to_bytes(): v for v in range(m + 1)}
    out = []
    for r, cts in enumerate(chain.rows):
        values = []
        for k, ct in enumerate(cts):
            combined = Element.identity()
            for i in lowest:
                combined = combined + chain.shares[i][r][k] * lam[i]
            v = table.get((ct.beta - combined).to_bytes())
            if v is None:
                log.fail(_RANKINGS, f"{where} row {r} column {k}", f"does not decrypt to 0..{m}")
                return None
            values.append(v)
        out.append(values)
    return out


def expected_ranked_outcome(
    contest: Contest, orders: list[list[int]], electorate: int, cast: int
) -> dict[str, Any]:
    """The outcome object 7.16.4 prescribes for these valid rankings."""
    rule = contest.rule
    assert rule is not None
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
        "votes": len(orders),
        "blank": None,
        "quorum_met": quorum,
        "majority_met": None,
        "elected": [],
        "seats": None,
        "sheet": None,
    }
    if quorum is False:
        return {**out, "decision": "void"}
    if not orders:
        return {**out, "decision": "no-votes"}
    profile = RankedProfile.from_orders(contest.option_ids, [(tuple(o), 1) for o in orders])
    try:
        result = get_method(rule.method).count(
            profile, seats=rule.seats, ties=TiePolicy(seed=rule.seed)
        )
    except RulesError as exc:
        return {
            **out,
            "decision": "not-elected",
            "sheet": {"method": rule.method, "error": str(exc)},
        }
    sheet = result.to_json()
    sheet.pop("seats", None)
    elected = list(result.elected)
    return {**out, "sheet": sheet, "elected": elected,
            "decision": "elected" if elected else "not-elected"}  # fmt: skip


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."
