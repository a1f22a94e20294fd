"""Tiers: how many delegates each lower council sends to each higher one.

Councils form a tree (each names its ``parent``). A council of a higher tier receives
delegates from the councils of its source tiers below it: by a ratio rule per lower
council (``delegations``, e.g. one delegate per 25,000 voters of a city soviet), or by
apportioning a fixed number of seats among them with a registered apportionment method.
Voters and inhabitants of a council are those of the constituencies beneath it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from suffrage.errors import ConstitutionError
from suffrage.rules.ballots import Tally
from suffrage.rules.constitution.model import Constitution, Tier
from suffrage.rules.constitution.seats import compute_seats
from suffrage.rules.registry import get_method

__all__ = ["Council", "DelegationSeats", "ancestor_at", "delegation_seats", "with_totals"]


@dataclass(frozen=True, slots=True)
class Council:
    id: str
    tier: str
    council_class: str
    parent: str | None = None
    voters: int = 0
    inhabitants: int = 0
    members: int = 0  # deputies of a council of the direct tier (1918 Art. 53(d))


@dataclass(frozen=True, slots=True)
class DelegationSeats:
    """``source`` council sends ``seats`` delegates to ``target``; ``how`` explains why."""

    source: str
    target: str
    tier: str
    seats: int
    how: str


def ancestor_at(councils: Mapping[str, Council], council_id: str, tier_id: str) -> str | None:
    """The council of tier ``tier_id`` above ``council_id`` (walking parents), if any."""
    seen: set[str] = set()
    current = councils[council_id].parent
    while current is not None:
        if current in seen or current not in councils:
            raise ConstitutionError(f"council {council_id!r}: broken parent chain at {current!r}")
        seen.add(current)
        if councils[current].tier == tier_id:
            return current
        current = councils[current].parent
    return None


def with_totals(
    councils: Mapping[str, Council], direct_totals: Mapping[str, tuple[int, ...]]
) -> dict[str, Council]:
    """Councils with voters and inhabitants summed from the direct councils beneath them.

    ``direct_totals`` maps a direct council to ``(voters, inhabitants)`` or ``(voters,
    inhabitants, members)``; members are the council's own, never summed upwards.
    """
    sums = {cid: [0, 0] for cid in councils}
    members = {cid: t[2] for cid, t in direct_totals.items() if len(t) > 2}
    for cid, (voters, inhabitants, *_) in direct_totals.items():
        chain = [cid]
        current = councils[cid].parent
        while current is not None and current not in chain:
            chain.append(current)
            current = councils[current].parent
        for member in chain:
            sums[member][0] += voters
            sums[member][1] += inhabitants
    return {
        cid: replace(
            c, voters=sums[cid][0], inhabitants=sums[cid][1], members=members.get(cid, c.members)
        )
        for cid, c in councils.items()
    }


def delegation_seats(
    constitution: Constitution, councils: Mapping[str, Council]
) -> tuple[DelegationSeats, ...]:
    """Every (lower council -> higher council) delegation with its number of seats."""
    out: list[DelegationSeats] = []
    for tier in constitution.tiers:
        if tier.direct:
            continue
        if tier.seats is not None:
            out.extend(_apportioned(tier, councils))
        else:
            out.extend(_capped(tier, _by_ratio(tier, councils)))
    return tuple(out)


def _capped(tier: Tier, seats: list[DelegationSeats]) -> list[DelegationSeats]:
    """At most ``tier.maximum`` delegates per target council (1918 Art. 53).

    The text gives the cap but not how to reach it; when the ratios give more, the cap
    is shared among the delegations in proportion to their ratio seats by largest
    remainders (Hamilton), earlier delegations first on equal remainders.
    """
    if tier.maximum is None:
        return seats
    out: list[DelegationSeats] = []
    for target in dict.fromkeys(d.target for d in seats):
        group = [d for d in seats if d.target == target]
        total = sum(d.seats for d in group)
        if total <= tier.maximum:
            out.extend(group)
            continue
        shares = _largest_remainder([d.seats for d in group], tier.maximum)
        for d, share in zip(group, shares, strict=True):
            how = f"{d.how}; {total} in all, capped at {tier.maximum} -> {share}"
            if share:
                out.append(replace(d, seats=share, how=how))
    return out


def _largest_remainder(weights: list[int], seats: int) -> list[int]:
    total = sum(weights)
    quotas = [Fraction(w * seats, total) for w in weights]
    floors = [math.floor(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[: seats - sum(floors)]:
        floors[i] += 1
    return floors


def _by_ratio(tier: Tier, councils: Mapping[str, Council]) -> list[DelegationSeats]:
    out = []
    for delegation in tier.delegations:
        for council in councils.values():
            if council.tier != delegation.source:
                continue
            if delegation.council_class not in (None, council.council_class):
                continue
            target = ancestor_at(councils, council.id, tier.id)
            if target is None:
                continue
            computed = compute_seats(
                delegation.rule,
                voters=council.voters,
                inhabitants=council.inhabitants,
                members=council.members,
            )
            if computed.seats:
                out.append(
                    DelegationSeats(council.id, target, tier.id, computed.seats, computed.explain())
                )
    return out


def _apportioned(tier: Tier, councils: Mapping[str, Council]) -> list[DelegationSeats]:
    assert tier.apportionment is not None and tier.seats is not None
    method = get_method(tier.apportionment)
    out = []
    for target in (c for c in councils.values() if c.tier == tier.id):
        members = [
            c
            for c in councils.values()
            if c.tier in tier.sources and ancestor_at(councils, c.id, tier.id) == target.id
        ]
        if not members:
            continue
        weights = [c.voters if tier.apportion_by == "voters" else c.inhabitants for c in members]
        result = method.count(Tally(tuple(c.id for c in members), tuple(weights)), seats=tier.seats)
        seats = dict(result.seats or {})
        for council, weight in zip(members, weights, strict=True):
            if seats.get(council.id, 0):
                how = f"{tier.apportionment} share of {tier.seats} by {weight} {tier.apportion_by}"
                out.append(DelegationSeats(council.id, target.id, tier.id, seats[council.id], how))
    return out
