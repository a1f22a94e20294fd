"""Nomination checks: who may nominate, commission vetting, candidates per seat.

``"*"`` among the organization kinds lets any organization nominate.

Rejected nominations are kept with their reason, in the order they were filed. When the
franchise governs the right to be elected too (``candidates_must_be_electors``), a
nominee whose person the franchise excludes is refused with the franchise's reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from suffrage.rules.constitution.franchise import Person, evaluate_franchise
from suffrage.rules.constitution.model import Franchise, Nomination

__all__ = ["NominationCheck", "Nominee", "check_nominations"]


@dataclass(frozen=True, slots=True)
class Nominee:
    """A nomination as filed: by an organization of some kind, or by electors' signatures."""

    name: str
    party: str | None = None
    organization: str | None = None
    organization_kind: str | None = None
    electors: int = 0
    vetted: bool = True
    person: Person | None = None  # who stands, for the right to be elected


@dataclass(frozen=True, slots=True)
class NominationCheck:
    accepted: tuple[Nominee, ...]
    rejected: tuple[tuple[Nominee, str], ...]


def check_nominations(
    rules: Nomination,
    nominees: Sequence[Nominee],
    *,
    seats: int,
    franchise: Franchise | None = None,
) -> NominationCheck:
    """Accept or reject each nomination; the limit per seat keeps the earliest filed."""
    accepted: list[Nominee] = []
    rejected: list[tuple[Nominee, str]] = []
    limit = None if rules.max_candidates_per_seat is None else rules.max_candidates_per_seat * seats
    for nominee in nominees:
        reason = _refusal(rules, nominee) or _ineligible(rules, franchise, nominee)
        if reason is None and limit is not None and len(accepted) >= limit:
            reason = f"over the limit of {rules.max_candidates_per_seat} candidate(s) per seat"
        if reason is None:
            accepted.append(nominee)
        else:
            rejected.append((nominee, reason))
    return NominationCheck(tuple(accepted), tuple(rejected))


def _refusal(rules: Nomination, nominee: Nominee) -> str | None:
    kind = nominee.organization_kind
    by_organization = kind is not None and (
        kind in rules.organizations or "*" in rules.organizations
    )
    by_electors = (
        rules.electors_required is not None and nominee.electors >= rules.electors_required
    )
    if not (by_organization or by_electors):
        return _who_may(rules, nominee)
    if rules.commission_vetting and not nominee.vetted:
        return "not registered by the electoral commission"
    return None


def _ineligible(rules: Nomination, franchise: Franchise | None, nominee: Nominee) -> str | None:
    if not rules.candidates_must_be_electors or franchise is None or nominee.person is None:
        return None
    eligibility = evaluate_franchise(franchise, nominee.person)
    if eligibility.eligible:
        return None
    return "may not be elected: " + "; ".join(eligibility.reasons)


def _who_may(rules: Nomination, nominee: Nominee) -> str:
    ways = []
    if "*" in rules.organizations:
        ways.append("an organization")
    elif rules.organizations:
        ways.append("an organization of kind " + ", ".join(rules.organizations))
    if rules.electors_required is not None:
        ways.append(f"{rules.electors_required} electors")
    filed = (
        f"by {nominee.organization} ({nominee.organization_kind})"
        if nominee.organization_kind
        else f"by {nominee.electors} electors"
    )
    return f"nominated {filed}; only " + " or ".join(ways) + " may nominate"
