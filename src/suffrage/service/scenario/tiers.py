"""Forming the higher tiers: each lower council elects its delegates from its own members."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from suffrage.rules.constitution import Constitution, Council, delegation_seats
from suffrage.rules.constitution.seats import round_share
from suffrage.service.scenario.contests import SecretBox, run_contest, slug, spec_for
from suffrage.service.scenario.electorate import Leaning
from suffrage.service.scenario.model import Scenario
from suffrage.service.scenario.report import ConstituencyResult, Deputy, RunReport

__all__ = ["form_tiers"]


def form_tiers(
    constitution: Constitution,
    scenario: Scenario,
    councils: Mapping[str, Council],
    report: RunReport,
    secret_box: SecretBox | None,
    occasion: str,
) -> None:
    """(Re-)elect every tier above the direct one, bottom up, from the current deputies.

    A re-formation keeps the contest ids, so every draw that the change does not touch
    comes out as before; ``occasion`` (e.g. "after the recall of X") goes in the titles.
    """
    for tier in constitution.tiers[1:]:
        report.councils.pop(tier.id, None)
    report.delegations = list(delegation_seats(constitution, councils))
    units = {c.unit: c for c in report.constituencies}
    for tier in constitution.tiers[1:]:
        targets = report.councils.setdefault(tier.id, {})
        for delegation in (d for d in report.delegations if d.tier == tier.id):
            source_tier = councils[delegation.source].tier
            members = report.councils.get(source_tier, {}).get(delegation.source, [])
            if not members:
                continue
            seats = min(delegation.seats, len(members))
            names = [(m.name, m.party) for m in members]
            if delegation.seats > len(members):
                report.notes.append(
                    f"{delegation.source} has {len(members)} members for {delegation.seats} "
                    f"delegate seats in {delegation.target}{occasion}"
                )
            contest_id = slug(f"{tier.id}-{delegation.source}")
            title = f"{delegation.source} delegates to {delegation.target}{occasion}"
            spec = spec_for(contest_id, title, tier.ballot, seats, names, delegation.source)
            weight = tier.delegate_weight
            voters = [
                Leaning(m.name, {m.party or m.name: _ONE}, _ONE, _weight(weight, m, units))
                for m in members
            ]
            outcome = run_contest(spec, voters, seed=scenario.seed, secret_box=secret_box)
            report.contests.append(outcome)
            chosen = {m.name: m for m in members}
            seated = targets.setdefault(delegation.target, [])
            for name in outcome.elected:
                m = chosen[name]
                seated.append(Deputy(name, m.party, m.stratum, m.unit, delegation.target, tier.id))


_ONE = Fraction(1)


def _weight(mode: str, member: Deputy, units: Mapping[str, ConstituencyResult]) -> int:
    """A deputy's vote: once, or the electors (inhabitants) per seat of the unit behind it."""
    if mode == "equal" or member.unit not in units:
        return 1
    unit = units[member.unit]
    count = unit.voters if mode == "voters" else unit.inhabitants
    return max(1, round_share(Fraction(count, max(unit.seats, 1)), "half-up"))
