"""Ranked contests: what a decrypted ballot means and how the rankings are counted (7.16).

A ballot of a ``rank`` contest encrypts one rank per option (``1`` most preferred, ``0``
unranked). After mixing and decryption, :func:`ranking_of` reads a vector of ranks as a
ranking or rejects it as invalid (7.16.1), and :func:`ranked_outcome` counts the valid
rankings with the contest's ranked method of :mod:`suffrage.rules` into the outcome object
of 7.15.2 as 7.16.4 adapts it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from suffrage.errors import ProtocolError, RulesError
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.protocol.manifest import Contest, Manifest
from suffrage.protocol.outcome import Turnout, quorum_met
from suffrage.protocol.outcome_rule import OutcomeRule
from suffrage.protocol.voters import Voter
from suffrage.rules import RankedProfile, TiePolicy, get_method

__all__ = [
    "check_ranked_weights",
    "one_vote_styles",
    "ranked_outcome",
    "ranking_of",
    "ranking_values",
]


def ranking_of(values: Sequence[int]) -> tuple[int, ...] | None:
    """The option indices ranked ``1, 2, ..., k`` in that order, or ``None`` if invalid.

    Valid: the non-zero values are exactly ``1..k`` for some ``k >= 1``, each once.
    """
    ranked = sorted((v, j) for j, v in enumerate(values) if v != 0)
    if not ranked or [v for v, _ in ranked] != list(range(1, len(ranked) + 1)):
        return None
    return tuple(j for _, j in ranked)


def ranking_values(order: Sequence[int], options: int) -> list[int]:
    """The ballot values of a ranking (option indices, most preferred first): its ranks."""
    values = [0] * options
    for rank, j in enumerate(order, start=1):
        if not 0 <= j < options or values[j]:
            raise ProtocolError(f"ranking {list(order)}: option {j} is out of range or repeated")
        values[j] = rank
    return values


def one_vote_styles(manifest: Manifest) -> set[str]:
    """The styles listing a ranked contest: their voters have weight 1 (7.16.1)."""
    ranked = {c.id for c in manifest.contests if c.kind == "rank"}
    return {s.id for s in manifest.styles if ranked & set(s.contests)}


def check_ranked_weights(manifest: Manifest, voters: Iterable[Voter]) -> None:
    """Every voter whose style lists a ranked contest has weight 1 (7.16.1)."""
    styles = one_vote_styles(manifest)
    for v in voters:
        if v.style in styles and v.weight != 1:
            raise ProtocolError(
                f"voter of style {v.style!r} has weight {v.weight}: a ranked contest needs"
                " weight 1 (a weight would be published next to its ranking)"
            )


def ranked_outcome(
    contest: Contest, rule: OutcomeRule, orders: Sequence[tuple[int, ...]], turnout: Turnout
) -> JsonObject:
    """The outcome object of a ranked contest from its valid rankings (7.16.4)."""
    out: JsonObject = {
        "method": rule.method,
        "decision": "",
        "elected": [],
        "seats": None,
        "electorate": turnout.electorate,
        "cast": turnout.cast,
        "votes": len(orders),
        "blank": None,
        "quorum_met": quorum_met(rule, turnout),
        "majority_met": None,
        "sheet": None,
    }
    if out["quorum_met"] is False:
        out["decision"] = "void"
        return out
    if not orders:
        out["decision"] = "no-votes"
        return out
    ids = tuple(o.id for o in contest.options)
    profile = RankedProfile.from_orders(ids, [(order, 1) for order in orders])
    ties = TiePolicy(seed=bytes.fromhex(rule.tie_seed))
    try:
        result = get_method(rule.method).count(profile, seats=rule.seats, ties=ties)
    except RulesError as exc:
        out["decision"] = "not-elected"
        out["sheet"] = {"method": rule.method, "error": str(exc)}
        return out
    sheet: dict[str, Any] = result.to_json()
    sheet.pop("seats", None)
    out["sheet"] = sheet
    elected: list[Json] = list(result.elected)
    out["elected"] = elected
    out["decision"] = "elected" if elected else "not-elected"
    return out
